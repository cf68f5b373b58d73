"""The static search index: Pagefind, run over a finished build.

Pagefind (PyPI `pagefind[extended]` ships the binary) reads the built pages and
writes `pagefind/` into the site: the index in fragments plus the JavaScript the
search page loads. Nothing is fetched from another host, neither at build time nor
when a reader searches.
"""

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def build_search_index(site: Path) -> str:
    """Index ``site`` in place; returns Pagefind's summary line(s)."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        raise SearchIndexError(
            f"Pagefind could not index {site}: {(result.stderr or result.stdout).strip()}"
        )
    return result.stdout.strip()
