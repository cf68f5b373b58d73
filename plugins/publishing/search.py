"""The static search index: Pagefind, run over a finished build.

Pagefind (PyPI `pagefind[extended]` ships the binary) reads the built pages and
writes `pagefind/` into the site: the index in fragments plus the JavaScript the
search page loads. Nothing is fetched from another host, neither at build time nor
when a reader searches.
"""

import subprocess
import sys
from pathlib import Path

from pagefind.service import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


class SearchIndexing:
    """Pagefind indexing ``site`` in a process of its own. It can start as soon as every
    page is written and run while the build writes its feeds and images."""

    def __init__(self, site: Path) -> None:
        self.site = site
        # Pagefind's own binary, not `python -m pagefind`: that only finds and runs it.
        binary = get_executable()
        command = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
        self._process = subprocess.Popen(
            [*command, "--site", str(site), "--quiet"],
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


def build_search_index(site: Path) -> str:
    """Index ``site`` in place; returns Pagefind's summary line(s)."""
    return SearchIndexing(site).wait()
