"""The tasks' messages on the console: each once, and plain lines where no one watches.

On a terminal, messages go through rich (Pelican's console), in colour. In a CI log or a
pipe they are plain ``LEVEL: message`` lines on stderr, never wrapped and without colour
codes, and Pelican's own lines ("Done: Processed …") are not wrapped either. While a
build runs, its warnings and errors are not shown as they happen: the build report lists
them, grouped by file, at its end (contract/hooks.py), so each is read once.
"""

import logging
import sys

CONSOLE = "hafenlicht-console"  # the name of our handler on the root logger
PLAIN_FORMAT = "%(levelname)s: %(message)s"


class ListedAtTheEnd(logging.Filter):
    """Leaves out the warnings and errors of a running build: its report lists them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        from contract.hooks import current_report

        return current_report() is None


def console_handler(during_builds: bool = True) -> logging.Handler:
    """A new handler writing to the console as described above; ``during_builds``
    adds the filter that leaves a running build's problems to its report."""
    from pelican.log import console

    handler: logging.Handler
    if console.is_terminal:
        from rich.logging import RichHandler

        handler = RichHandler(console=console, show_path=False)
    else:
        console.soft_wrap = True  # Pelican's own lines: one line each in a log
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    if during_builds:
        handler.addFilter(ListedAtTheEnd())
    return handler


def setup_console() -> None:
    """Exactly one console handler on the root logger (idempotent: livereload builds
    many times in one process). A plain handler someone else put there (``basicConfig``,
    Pelican's ``log.init``) is replaced, or every message would print twice."""
    from rich.logging import RichHandler

    root = logging.getLogger()
    ours = [handler for handler in root.handlers if handler.get_name() == CONSOLE]
    for handler in list(root.handlers):
        plain = type(handler) is logging.StreamHandler and handler.stream in (
            sys.stdout,
            sys.stderr,
        )
        if handler not in ours and (plain or isinstance(handler, RichHandler)):
            root.removeHandler(handler)
    if not ours:
        handler = console_handler()
        handler.set_name(CONSOLE)
        root.addHandler(handler)


def own_handler_for(*names: str) -> None:
    """The loggers ``names`` (a server's, e.g. tornado's) print through a console handler
    of their own, not through the root logger: once, and never into a build's report
    (a 404 served while a build runs is no warning of that build)."""
    handler = console_handler(during_builds=False)
    for name in names:
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
