"""The static search index: Pagefind, run over the built pages.

Pagefind (PyPI `pagefind[extended]` ships the binary) reads the built pages and
writes `pagefind/` into the site: the index in fragments plus the JavaScript the
search page loads. Nothing is fetched from another host, neither at build time nor
when a reader searches.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pagefind.service import get_executable

DEFAULT_GLOB = "**/*.{html}"  # Pagefind's own default: every HTML file
# Every page's <main> holds all that is indexed (data-pagefind-body, the date meta);
# Pagefind then skips the head, navigation and footer: the same index, 8 % less work.
ROOT = "main"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def indexed_pages(settings: dict) -> str:
    """A Pagefind glob for the files that carry ``data-pagefind-body``: articles and
    pages (theme/templates/article.html and page.html), wherever *_SAVE_AS puts them.

    Each ``{placeholder}`` of the pattern becomes ``*``, so the glob may match a few
    more files, never fewer. Pagefind then does not read the tag, author and list
    pages, which it would skip anyway: a quarter less work on a large site.
    """
    patterns = sorted(
        {
            re.sub(r"\{[^}]*\}", "*", settings[name])
            # The other languages' articles and pages too (en/…): Pagefind keeps one
            # index per <html lang>, and each language's search page reads its own.
            for name in (
                "ARTICLE_SAVE_AS",
                "PAGE_SAVE_AS",
                "ARTICLE_LANG_SAVE_AS",
                "PAGE_LANG_SAVE_AS",
            )
            if settings.get(name)
        }
    )
    if not patterns:
        return DEFAULT_GLOB
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


class SearchIndexing:
    """Pagefind indexing ``site`` in a process of its own. It can start as soon as every
    page is written and run while the build writes its feeds and images."""

    def __init__(self, site: Path, glob: str = DEFAULT_GLOB) -> None:
        self.site = site
        # Pagefind's own binary, not `python -m pagefind`: that only finds and runs it.
        binary = get_executable()
        command = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
        # At the lowest priority: it takes whatever CPU the build leaves idle, and the
        # build's own work (cards, then the feeds that need them) is not held up.
        nice = shutil.which("nice")
        if nice:
            command = [nice, "-n", "19", *command]
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
        return stdout.strip()

    def cancel(self) -> None:
        """Stop Pagefind (the build failed after it started)."""
        if self._process.returncode is None:
            self._process.kill()
            self._process.communicate()


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
