"""What the build writes for the redirect table: HTML pages, an nginx map, .htaccess rules.

Pure functions of the table and the site address, so every rule is tested without a build.
"""

from collections.abc import Iterable
from html import escape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from redirects.table import Redirect, decoded_path

TEXTS = {
    "de": ("Diese Seite ist umgezogen", "Die Seite ist jetzt hier:"),
    "en": ("This page has moved", "The page is now here:"),
}


def page_path(old: str) -> str | None:
    """Where the HTML page for ``old`` lives in the site (``alt/pfad/index.html``), or None
    for an address a file cannot answer (one with a query, or the home page)."""
    if "?" in old:
        return None
    path = unquote(old).lstrip("/")
    if not path or ".." in PurePosixPath(path).parts:
        return None
    if path.endswith("/") or not PurePosixPath(path).suffix:
        return f"{path.rstrip('/')}/index.html"
    if PurePosixPath(path).suffix in (".html", ".htm"):
        return path
    return None  # e.g. /feed.php: only the server rules can answer it


def page(new: str, siteurl: str, lang: str = "de") -> str:
    """A small page that sends browsers and search engines to ``new``."""
    target = escape(f"{siteurl.rstrip('/')}{new}" if siteurl else new)
    title, lead = TEXTS.get(lang, TEXTS["de"])
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'</head>\n<body>\n<p>{lead} <a href="{target}">{target}</a></p>\n</body>\n</html>\n'
    )


def _map_keys(old: str) -> list[str]:
    """The keys of ``old`` in deploy/nginx.conf's maps: a path as ``$uri`` holds it
    (decoded, slashes merged), with and without its trailing slash; an address with a
    query as ``$uri?$args`` holds it (the query as the browser sent it)."""
    path = decoded_path(old)
    if "?" in old:
        return [f"{path}?{old.partition('?')[2]}"]
    if len(path) > 1:
        return [path, path.rstrip("/") if path.endswith("/") else path + "/"]
    return [path]


def nginx_map(redirects: Iterable[Redirect]) -> str:
    """The entries of ``redirects.map``, which deploy/nginx.conf includes in two maps
    (on ``$uri`` and on ``$uri?$args``): one line per spelling, each key once."""
    lines = [
        "# Old addresses and where they went (content/redirects.csv), written by the build.",
        "# deploy/nginx.conf includes this file inside two map blocks (paths, and addresses",
        "# with a query); nginx compares keys without regard to case.",
    ]
    seen = set()
    for redirect in redirects:
        for key in _map_keys(redirect.old):
            if key.lower() not in seen:
                seen.add(key.lower())
                lines.append(f'"{_nginx(key)}" "{_nginx(redirect.new)}";')
    return "\n".join(lines) + "\n"


def _nginx(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")


def htaccess(redirects: Iterable[Redirect]) -> str:
    """Apache rules: mod_rewrite for addresses with a query, a 301 for the others."""
    lines = ["# Old addresses and where they went (content/redirects.csv).", "RewriteEngine On"]
    for redirect in redirects:
        parts = urlsplit(redirect.old)
        path = unquote(parts.path).lstrip("/")
        pattern = "^" + _regex(path) + ("/?$" if path.endswith("/") or not path else "$")
        pattern = pattern.replace("//?$", "/?$")
        if parts.query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_regex(parts.query)}$")
            lines.append(f"RewriteRule {pattern} {redirect.new}? [R=301,L]")
        else:
            lines.append(f"RewriteRule {pattern} {redirect.new} [R=301,L]")
    return "\n".join(lines) + "\n"


def _regex(text: str) -> str:
    special = set(".^$*+?()[]{}|\\ ")
    return "".join(f"\\{c}" if c in special else c for c in text)
