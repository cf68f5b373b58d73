"""Broken internal links and anchors in a built site.

Every ``href``/``src``/``srcset`` of every HTML page that stays on the site must
name a file of the output (a folder URL means its index.html), and a ``#fragment``
must name an ``id`` on the target page. Parsed with the standard library's HTML
parser; each page is read once.
"""

from collections import defaultdict
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from newsroom.findings import CheckResult, Finding
from newsroom.paths import shown_path

# The attributes of each tag that load or lead to an address. A video's poster among
# them: a poster whose {static} link did not resolve (Pelican alone resolves only the
# last link of a tag) stayed "{static}/…" while the check said nothing.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "form": ("action",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "sms:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # line, tag, url

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if (
            tag == "link"
            and "alternate" in (values.get("rel") or "").split()
            and values.get("hreflang")
        ):
            return  # translations may live elsewhere
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            if values.get(attribute):
                self.links.append((self.getpos()[0], tag, values[attribute]))
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append((self.getpos()[0], tag, candidate.split()[0]))


def check_links(
    output: Path,
    siteurl: str,
    sources: Mapping[str, str] | None = None,
    project_root: Path | None = None,
    services: tuple[str, ...] = (),
) -> CheckResult:
    """Check the built site in ``output`` whose public address is ``siteurl``.

    ``sources`` maps output files (``2024/05/x/index.html``) to the content file an
    editor has to fix; other pages are named by their output path. ``services`` are
    URL paths that a program answers instead of a file (the comment intake), with
    every path below them.
    """
    sources = sources or {}
    site = urlsplit(siteurl if siteurl.endswith("/") else siteurl + "/")
    pages: dict[str, _Page] = {}
    for file in sorted(output.rglob("*.html")):
        page = _Page()
        page.feed(file.read_text(encoding="utf-8"))
        pages[file.relative_to(output).as_posix()] = page

    findings = []
    missing_reported: dict[tuple[str, str], int] = defaultdict(int)
    for name, page in pages.items():
        base = f"{site.scheme}://{site.netloc}{site.path}{name}"
        for line, tag, url in page.links:
            # The comment form, the mention endpoints (<link rel="webmention">) and the
            # readers' forms and links ("Kommentar melden": a path below the service's).
            path = urlsplit(urljoin(base, url)).path
            if path in services or path.startswith(tuple(f"{s}/" for s in services)):
                continue
            problem = _link_problem(url, base, site, output, pages, name)
            if problem is None:
                continue
            where = sources.get(name)
            shown = where or shown_path(output / name, project_root)
            key = (shown, url)
            missing_reported[key] += 1
            if missing_reported[key] > 1:
                continue  # one message per file and target, not one per occurrence
            if where and project_root is not None:
                line = _line_in_source(project_root / where, url)
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    f"<{tag}> {problem}" + (f" (in {name})" if where else ""),
                )
            )
    return CheckResult(tuple(findings))


def _link_problem(url, base, site, output: Path, pages, current: str) -> str | None:
    url = url.strip()
    if url.lower().startswith("javascript:"):
        return f"uses a javascript: URL ({url[:40]})"
    if url.lower().startswith(IGNORED_SCHEMES):
        return None
    absolute = urlsplit(urljoin(base, url))
    if absolute.netloc != site.netloc or absolute.scheme not in ("http", "https"):
        return None  # another site: linking out loads nothing, and is not ours to check
    if not absolute.path.startswith(site.path):
        return f"links to {url}, outside the site"
    relative = unquote(absolute.path[len(site.path) :])
    target = relative + "index.html" if relative.endswith("/") or relative == "" else relative
    if not (output / target).is_file():
        if (output / target / "index.html").is_file():
            target = f"{target}/index.html"
        else:
            return f"links to {url}, which does not exist"
    fragment = unquote(absolute.fragment)
    if fragment and fragment != "top" and target.endswith(".html"):
        ids = pages[target].ids if target in pages else set()
        if fragment not in ids:
            return f'links to {url}, but the page has no element with id "{fragment}"'
    return None


def _line_in_source(source: Path, url: str) -> int | None:
    """The line of the Markdown source that most likely holds ``url``: the one naming
    its fragment, else its last path segment."""
    parts = urlsplit(url)
    needles = [n for n in (parts.fragment, parts.path.rstrip("/").rsplit("/", 1)[-1]) if n]
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for needle in needles:
        for number, text in enumerate(lines, start=1):
            if needle in text:
                return number
    return None
