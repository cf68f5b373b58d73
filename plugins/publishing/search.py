"""The static search index: Pagefind, run over the built pages.

Pagefind (PyPI `pagefind[extended]` ships the binary) reads the built pages and
writes `pagefind/` into the site: the index in fragments plus the JavaScript the
search page loads. Nothing is fetched from another host, neither at build time nor
when a reader searches.
"""

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from pagefind.service import get_executable

from newsroom.files import write_atomically

DEFAULT_GLOB = "**/*.{html}"  # Pagefind's own default: every HTML file
# Every page's <main> holds all that is indexed (data-pagefind-body, the date meta);
# Pagefind then skips the head, navigation and footer: the same index, 8 % less work.
ROOT = "main"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def indexed_pages(settings: dict) -> str:
    """A Pagefind glob for the files that carry ``data-pagefind-body``: articles and
    pages (theme/templates/article.html and page.html), wherever *_SAVE_AS puts them.

    Each ``{placeholder}`` of the pattern becomes ``*`` (a date's year, month and day
    digits), so the glob may match a few more files, never fewer. Pagefind then does not
    read the tag, author and list pages, which it would skip anyway: a quarter less work
    on a large site.
    """
    templates = [
        settings[name] for name in ("ARTICLE_SAVE_AS", "PAGE_SAVE_AS") if settings.get(name)
    ]
    # The other languages' articles and pages too (en/…): Pagefind keeps one index per
    # <html lang>, and each language's search page reads its own. Their folder is named,
    # not a *: "*/*/index.html" would take in every tag page of the site's own language.
    default = settings.get("DEFAULT_LANG", "")
    for code in settings.get("NEWSROOM_LANGUAGES", ()):
        if code != default:
            templates += [
                settings[name].replace("{lang}", code)
                for name in ("ARTICLE_LANG_SAVE_AS", "PAGE_LANG_SAVE_AS")
                if settings.get(name)
            ]
    patterns = sorted({_glob_of(template) for template in templates})
    if not patterns:
        return DEFAULT_GLOB
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


# A date's parts in a *_SAVE_AS as digits: "*/*/*/index.html" would also take in the
# English topic pages (en/topic/<slug>/), whose changes would then run Pagefind again.
_DATE_PARTS = {"%Y": "[0-9]" * 4, "%m": "[0-9]" * 2, "%d": "[0-9]" * 2}


def _glob_of(template: str) -> str:
    """The Pagefind (and Python) glob of a *_SAVE_AS: its placeholders as wildcards."""

    def wildcard(match: re.Match[str]) -> str:
        return _DATE_PARTS.get(match["format"] or "", "*")

    return re.sub(r"\{[^}:]*(?::(?P<format>[^}]*))?\}", wildcard, template)


class SearchIndexing:
    """Pagefind indexing ``site`` in a process of its own. It can start as soon as every
    page is written and run while the build writes its feeds and images."""

    def __init__(self, site: Path, glob: str = DEFAULT_GLOB) -> None:
        self.site = site
        # Pagefind's own binary, not `python -m pagefind`: that only finds and runs it.
        binary = get_executable()
        command = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
        # At the build's own priority: the build waits for it at its end, and on a busy
        # machine a lower priority starved it (most of a loaded build's time was spent
        # waiting for it).
        self._process = subprocess.Popen(
            [*command, "--site", str(site), "--glob", glob, "--root-selector", ROOT, "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self) -> str:
        """Pagefind's summary once it is done; SearchIndexError if it failed."""
        stdout, stderr = self._process.communicate()
        if self._process.returncode != 0 or not (self.site / "pagefind" / "pagefind.js").is_file():
            raise SearchIndexError(
                f"Pagefind could not index {self.site}: {(stderr or stdout).strip()}"
            )
        sort_languages(self.site / "pagefind" / "pagefind-entry.json")
        return stdout.strip()

    def cancel(self) -> None:
        """Stop Pagefind (the build failed after it started)."""
        if self._process.returncode is None:
            self._process.kill()
            self._process.communicate()


def sort_languages(entry: Path) -> None:
    """Pagefind's entry file with its languages in a fixed order. Pagefind lists the
    indexes of a site in several languages in the order of a hash map, which differs
    from run to run: the same pages gave another file (and another snapshot, another
    upload)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    languages = data.get("languages")
    if not isinstance(languages, dict) or len(languages) < 2:
        return
    data["languages"] = dict(sorted(languages.items()))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # A new file, never a write into this one: the snapshot may hold it as a hard link.
    write_atomically(entry, text.encode("utf-8"))


class KeptIndex:
    """The index of the last build, linked in because the pages it read are unchanged."""

    def wait(self) -> str:
        return ""

    def cancel(self) -> None:
        pass


def index_key(
    site: Path, glob: str = DEFAULT_GLOB, known: Mapping[str, str] | None = None
) -> tuple[str, dict[str, str]]:
    """A key of what Pagefind would index in ``site``: the bytes of every page ``glob``
    matches, Pagefind's version and our options (the same key, the same index), and the
    digest of each page. ``known`` gives the digests of pages known to be unchanged (taken
    from the last build), which are then not read.

    Pagefind has no incremental mode (a new word shifts every chunk of its index), and
    feeding it the pages through its Python API was far slower than its command (0.1 s
    per page: the API polls for each answer; docs/development.md, "Speed"), so a build
    whose indexed pages are unchanged takes the last index, and any other runs Pagefind.
    """
    known = known or {}
    key = hashlib.sha256()
    versions = [_version(name) for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin")]
    key.update(repr((versions, str(get_executable()), glob, ROOT)).encode())
    digests: dict[str, str] = {}
    for page in sorted(matching(site, glob)):
        relative = page.relative_to(site).as_posix()
        digest = known.get(relative) or hashlib.blake2b(page.read_bytes()).hexdigest()
        digests[relative] = digest
        key.update(f"{relative}\0{digest}\0".encode())
    return key.hexdigest(), digests


def matching(site: Path, glob: str) -> set[Path]:
    """The files of ``site`` that Pagefind's ``glob`` names (a ``{a,b}`` of patterns
    whose ``*`` stays within a folder, as in Python's glob)."""
    found: set[Path] = set()
    for pattern in _braces(glob):
        found.update(path for path in site.glob(pattern) if path.is_file())
    return found


def _braces(glob: str) -> list[str]:
    """``**/*.{html}`` -> ``**/*.html``: one level of braces, expanded."""
    match = re.search(r"\{([^{}]*)\}", glob)
    if match is None:
        return [glob]
    return [
        expanded
        for part in match[1].split(",")
        for expanded in _braces(glob[: match.start()] + part + glob[match.end() :])
    ]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def build_search_index(site: Path, glob: str = DEFAULT_GLOB) -> str:
    """Index ``site`` in place; returns Pagefind's summary line(s)."""
    return SearchIndexing(site, glob).wait()


def summary(site: Path) -> str:
    """ "Search index: 42 pages" from the index Pagefind wrote into ``site``."""
    try:
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
        pages = sum(language.get("page_count", 0) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, AttributeError):
        return "Search index"
    return f"Search index: {pages} page{'' if pages == 1 else 's'}"
