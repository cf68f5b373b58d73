"""How the tasks refuse: one line naming what was wrong, exit code 1 or 2, no traceback;
and how they exit.

Exit codes follow Pelican and the Unix habit: 1 when the content, the build or the
machine is at fault (a broken article, a failed upload, a port in use), 2 when the
command or the settings are (an unknown target, a missing settings file, a number
that is none). A traceback is for the developer of a plugin: the task's ``--debug``
or ``INVOKE_DEBUG=1`` shows it.
"""

import atexit
import functools
import gc
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from invoke import Exit

from newsroom.config import SettingsError
from publishing.project import Refused

DEBUG_HINT = "INVOKE_DEBUG=1 shows the traceback"


def refusal(error: BaseException) -> tuple[str, int] | None:
    """The one line and the exit code for an error the user can act on; None for a
    bug (which still gets one line, but with where it happened)."""
    if isinstance(error, Refused):
        return str(error), error.code
    if isinstance(error, SettingsError):
        return str(error), 2
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}", 1
    return None


def refusing(function: Callable[..., Any]) -> Callable[..., Any]:
    """A task that refuses with one line (invoke's ``Exit``) instead of a traceback."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            known = refusal(error)
            if known is None or kwargs.get("debug") or os.environ.get("INVOKE_DEBUG"):
                raise
            message, code = known
            raise Exit(message, code=code) from None

    return run


def number(value: Any, option: str, low: int = 0, high: int | None = None) -> int:
    """``value`` of ``option`` as a whole number from ``low`` to ``high``, or a refusal."""
    try:
        result = int(value)
    except (TypeError, ValueError):
        result = None
    if result is None or result < low or (high is not None and result > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise Refused(f"{option} is {value!r}; expected a whole number {span}", 2)
    return result


def one_line(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """``sys.excepthook`` of the tasks: what escapes invoke (its own parse errors of a
    typed option, a bug in a task) is one line on stderr; Python exits with 1."""
    if os.environ.get("INVOKE_DEBUG") or not isinstance(error, Exception):
        sys.__excepthook__(kind, error, trace)
        return
    known = refusal(error)
    if known is not None:
        message = known[0]
    elif (option := _parsed_option(trace)) is not None:
        name, value = option
        message = f"--{name} is {value!r}; expected a whole number (see --help)"
    else:
        frames = traceback.extract_tb(trace)[-1:] if trace is not None else []
        place = f" (in {Path(frames[0].filename).name}:{frames[0].lineno})" if frames else ""
        message = f"Failed: {kind.__name__}: {error}{place}; {DEBUG_HINT}"
    sys.stderr.write(message + "\n")


def _parsed_option(trace: TracebackType | None) -> tuple[str, Any] | None:
    """The option and value invoke failed to convert (``--port abc``): invoke casts a
    typed option's value in ``Argument.set_value`` and lets the ValueError through."""
    while trace is not None:
        frame = trace.tb_frame
        argument = frame.f_locals.get("self")
        if frame.f_code.co_name == "set_value" and hasattr(argument, "attr_name"):
            return argument.name.replace("_", "-"), frame.f_locals.get("value")
        trace = trace.tb_next
    return None


def install() -> None:
    """Every task refuses in one line (see ``one_line``); the process exits quickly."""
    sys.excepthook = one_line
    # A build leaves its objects behind (about 100,000 that the cycle collector tracks
    # after a one-edit build of 1,000 articles), and Python's exit searched them all for
    # reference cycles before freeing them: about a tenth of a second. Frozen, they are
    # freed without that search.
    atexit.register(gc.freeze)
