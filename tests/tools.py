"""The tools a test runs beyond pip, checked where the test needs them.

`invoke test` installs them all before the suite runs (CI); a tool missing then is a
failure naming it. `invoke test --fast` installs nothing that needs root: a missing
Debian tool skips the test and names the package, and the npm tools are installed
with `npm ci` by the first test that needs them (one worker at a time).
"""

import fcntl
import os
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from conftest import ROOT
from publishing.toolchain import FAST_TESTS, TOOLS, install_hint, missing_tools


def require(*names: str) -> None:
    """Go on when every tool of ``names`` (keys of ``toolchain.TOOLS``) is here."""
    missing = missing_tools(ROOT, names)
    if any(tool.npm_file for tool in missing) and shutil.which("npm"):
        _npm_ci()
        missing = missing_tools(ROOT, names)
    if not missing:
        return
    needs = "; ".join(f"{tool.name} ({install_hint(tool)})" for tool in missing)
    if os.environ.get(FAST_TESTS):
        pytest.skip(f"needs {needs}")
    pytest.fail(f"missing: {needs}; `invoke test-tools` installs everything", pytrace=False)


def _npm_ci() -> None:
    """`npm ci` once, even with several test workers asking at the same time."""
    # Outside the checkout, and never deleted: a worker waiting on a deleted lock file
    # would hold a lock nobody else sees.
    lock = Path(tempfile.gettempdir()) / f"hafenlicht-npm-{zlib.crc32(bytes(ROOT))}.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            if missing_tools(ROOT, tuple(n for n in TOOLS if TOOLS[n].npm_file)):
                subprocess.run(
                    ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
