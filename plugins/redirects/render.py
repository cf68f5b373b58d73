"""What the build writes for the redirect table: HTML pages, an nginx map, .htaccess rules.

Pure functions of the table and the site address, so every rule is tested without a build.
"""

from collections.abc import Iterable
from html import escape
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from redirects.table import Redirect

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


def _variants(old: str) -> list[str]:
    """The spellings of ``old`` a browser may send: as written, percent-encoded the way
    browsers encode, and without or with the trailing slash."""
    parts = urlsplit(old)
    encoded = quote(unquote(parts.path), safe="/-._~!$&'()*+,;=:@")
    spellings = [old, encoded + (f"?{parts.query}" if parts.query else "")]
    if not parts.query and len(parts.path) > 1:
        spellings += [s.rstrip("/") if s.endswith("/") else s + "/" for s in list(spellings)]
    return list(dict.fromkeys(spellings))


def nginx_map(redirects: Iterable[Redirect]) -> str:
    """``map $request_uri $redirect_target { … }`` for nginx, with the line that uses it."""
    lines = [
        "# Old addresses and where they went (content/redirects.csv). In the server block:",
        "#   if ($redirect_target) { return 301 $redirect_target; }",
        "map $request_uri $redirect_target {",
        '    default "";',
    ]
    seen = set()
    for redirect in redirects:
        for old in _variants(redirect.old):
            if old not in seen:
                seen.add(old)
                lines.append(f'    "{_nginx(old)}" "{_nginx(redirect.new)}";')
    lines.append("}")
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
