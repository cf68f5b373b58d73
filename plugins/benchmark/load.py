"""Busy processes beside the measured builds: `invoke bench --load N`.

A shared CI runner or a laptop that compiles something else is the usual place of a
build. Work the build hands to processes of a lower priority starves there while the
build waits for it; a quiet machine never shows that. ``--load 2`` keeps two processes
spinning at the bench's own priority for the whole run, so that plain Pelican and our
builds are timed under the same load and their ratio says how each copes.
"""

import subprocess
import sys
from types import TracebackType

SPIN = "while True:\n    pass\n"


class BusyLoad:
    """A context manager: ``processes`` CPU-bound processes run while it is open."""

    def __init__(self, processes: int) -> None:
        self.processes = max(0, processes)
        self._running: list[subprocess.Popen] = []

    def __enter__(self) -> "BusyLoad":
        for _ in range(self.processes):
            self._running.append(
                subprocess.Popen(
                    [sys.executable, "-c", SPIN],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for process in self._running:
            process.terminate()
        for process in self._running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._running.clear()

    @property
    def running(self) -> int:
        return sum(process.poll() is None for process in self._running)
