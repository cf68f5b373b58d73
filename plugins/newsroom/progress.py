"""Progress of long work: a bar with time left on a terminal, plain lines in a log.

One home for every long task (the WordPress import, the bench, the S3 upload, builds of
many articles). On a terminal it draws a rich bar with the count, the rate and the time
left; the bar is transient, because the task ends with its own one-line summary. When the
stream is no terminal (a CI log, a pipe), it writes a plain line at most every
``LINE_INTERVAL_SECONDS`` and none when the work was quick: logs get no colour codes, no
carriage returns and no wrapped lines. ``NEWSROOM_PROGRESS`` (``bar``, ``lines`` or ``off``)
overrides the choice, e.g. ``off`` for scripts that read the output.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

LINE_INTERVAL_SECONDS = 10.0
MODES = ("bar", "lines", "off")


def choose_mode(stream: TextIO, environ: dict[str, str] | None = None) -> str:
    """``bar`` on a terminal, ``lines`` otherwise, unless NEWSROOM_PROGRESS says."""
    chosen = (environ if environ is not None else os.environ).get("NEWSROOM_PROGRESS", "")
    if chosen in MODES:
        return chosen
    isatty = getattr(stream, "isatty", None)
    return "bar" if isatty is not None and isatty() else "lines"


def format_seconds(seconds: float) -> str:
    """``45 s``, ``3 min 05 s``, ``1 h 02 min``: short enough for a log line."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """A context manager that shows how far ``description`` has come.

    ``total`` may be None when the amount is unknown (a stream being read): the bar then
    pulses and lines give the count only. ``unit`` names what is counted ("posts").
    """

    def __init__(
        self,
        description: str,
        total: int | None = None,
        *,
        unit: str = "",
        stream: TextIO | None = None,
        mode: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.description = description
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.mode = mode or choose_mode(self.stream)
        self.completed = 0
        self._clock = clock
        self._started = 0.0
        self._last_line = 0.0
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        self._started = self._last_line = self._clock()
        if self.mode == "bar":
            self._start_bar()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units as done."""
        self.update(self.completed + count)

    def update(self, completed: int, total: int | None = None) -> None:
        """Set the count (and, once it is known, the total)."""
        self.completed = completed
        if total is not None:
            self.total = total
        if self._bar is not None:
            self._bar.update(self._task, completed=completed, total=self.total)
        elif self.mode == "lines":
            now = self._clock()
            if now - self._last_line >= LINE_INTERVAL_SECONDS:
                self._last_line = now
                print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """The plain progress line: ``Importing: 1,200 of 5,000 posts (24 %), 35 s left``."""
        now = self._clock() if now is None else now
        unit = f" {self.unit}" if self.unit else ""
        if not self.total:
            return f"{self.description}: {self.completed:,}{unit}"
        share = self.completed / self.total
        text = (
            f"{self.description}: {self.completed:,} of {self.total:,}{unit} ({share * 100:.0f} %)"
        )
        elapsed = now - self._started
        if 0 < self.completed < self.total and elapsed > 0:
            left = elapsed / self.completed * (self.total - self.completed)
            text += f", {format_seconds(left)} left"
        return text

    def _start_bar(self) -> None:
        # rich comes with Pelican; imported here so that log-only runs never pay for it.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        console = Console(file=self.stream, force_terminal=True)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(self.unit),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=self.total)
