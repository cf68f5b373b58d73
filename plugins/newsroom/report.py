"""The build report: every warning and error of one build, summarised at its end.

Pelican prints messages as they happen, scattered between progress lines; editors
want the list at the end, and CI wants a non-zero exit when there was an error.
``pelican --fatal errors`` stops at the first error; the report lets a build show
all content errors at once and then stop before anything is written.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from newsroom.schema import Problem, Severity

_LINE_PREFIX = re.compile(r"^:(?P<line>\d+):\s*")


class BuildStopped(RuntimeError):
    """Raised to stop a build that logged errors; its message is the report."""


@dataclass(frozen=True)
class Entry:
    level: int
    path: str  # the content file it is about, or "" when it is about the build
    message: str


class FollowOns(logging.Filter):
    """Errors about paths that only follow from an error reported already (the comment
    folder of an article that failed): left out by every handler of the build (the
    console, the report, `invoke check`), so each cause is named once."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: set[str] = set()

    def add(self, path: str) -> None:
        self.paths.add(path)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        return getattr(record, "content_path", "") not in self.paths

    def install(self) -> None:
        """On every handler of the root logger, instead of an earlier build's."""
        for handler in logging.getLogger().handlers:
            for old in [f for f in handler.filters if isinstance(f, FollowOns)]:
                handler.removeFilter(old)
            handler.addFilter(self)


class BuildReport(logging.Handler):
    """A logging handler that keeps the warnings and errors of one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.entries: list[Entry] = []
        self._background: list[Callable[[], None]] = []
        self.follow_ons = FollowOns()
        # The Translation keys of files the build skipped for their errors: the other
        # version's "no other article has it" would follow from that error, not be a second.
        self.skipped_translations: set[str] = set()
        self.steps: list[str] = []  # one line per long step ("Social cards: 3 rendered, …")

    def add_background(self, stop: Callable[[], None]) -> None:
        """Work this build started beside itself (e.g. drawing processes); ``stop`` ends
        it when the build stops early, so it neither runs on nor holds up the exit."""
        self._background.append(stop)

    def stop_background(self) -> None:
        while self._background:
            self._background.pop()()

    def emit(self, record: logging.LogRecord) -> None:
        path = getattr(record, "content_path", "")
        self.entries.append(Entry(record.levelno, path, record.getMessage()))

    @property
    def errors(self) -> list[Entry]:
        return [e for e in self.entries if e.level >= logging.ERROR]

    @property
    def warnings(self) -> list[Entry]:
        return [e for e in self.entries if logging.WARNING <= e.level < logging.ERROR]

    def summary(self) -> str:
        """Errors first, then warnings, each grouped by the file they are about."""
        if not self.entries:
            return "No warnings, no errors."
        parts = []
        for title, entries in (("error", self.errors), ("warning", self.warnings)):
            if not entries:
                continue
            parts.append(f"{count_noun(len(entries), title)}:")
            by_path: dict[str, list[str]] = defaultdict(list)
            for entry in entries:
                by_path[entry.path].append(entry.message)
            for path in sorted(by_path, key=lambda p: (p == "", p)):
                parts.append(f"  {path or 'build'}:")
                parts.extend(f"    - {_without_path(m, path)}" for m in by_path[path])
        return "\n".join(parts)


class LogRecorder(logging.Handler):
    """Keeps every warning and error logged while it is attached: one build's, or a
    reading worker's (``picklable``: sent back to the build process)."""

    def __init__(self, picklable: bool = False) -> None:
        super().__init__(level=logging.WARNING)
        self.picklable = picklable
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.picklable:
            record.msg, record.args = record.getMessage(), None
            record.exc_info = None
        self.records.append(record)


def log_problem(logger: logging.Logger, problem: Problem) -> None:
    """Log a content problem at its severity, grouped under its file in the report."""
    level = logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING
    logger.log(level, "%s", problem, extra={"content_path": problem.path})


def count_noun(number: int, noun: str) -> str:
    """ "1 error", "3 errors": an English noun with its number."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _without_path(message: str, path: str) -> str:
    """Drop the file name from a message grouped under that file; keep its line."""
    if not (path and message.startswith(path)):
        return message
    rest = message[len(path) :]
    line = _LINE_PREFIX.match(rest)
    if line:
        return f"line {line['line']}: {rest[line.end() :]}"
    return rest.lstrip(": ")
