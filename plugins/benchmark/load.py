"""Busy processes beside the measured builds: `invoke bench --load N`.

A shared CI runner or a laptop that compiles something else is the usual place of a
build. Work the build hands to processes of a lower priority starves there while the
build waits for it; a quiet machine never shows that. ``--load 2`` keeps two processes
spinning at the bench's own priority for the whole run, so that plain Pelican and our
builds are timed under the same load and their ratio says how each copes.
"""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

SPIN = "while True:\n    pass\n"


@contextmanager
def busy_load(processes: int) -> Iterator[list[subprocess.Popen]]:
    """``processes`` CPU-bound processes run while the block runs (the list of them)."""
    running = [
        subprocess.Popen(
            [sys.executable, "-c", SPIN],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(max(0, processes))
    ]
    try:
        yield running
    finally:
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
