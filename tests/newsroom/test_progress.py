"""Progress of long work: plain lines for logs, a bar for terminals (newsroom/progress.py)."""

import io

import pytest

from newsroom.progress import LINE_INTERVAL_SECONDS, Progress, choose_mode, format_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "environ", "mode"),
    [
        (io.StringIO(), {}, "lines"),
        (Terminal(), {}, "bar"),
        (Terminal(), {"NEWSROOM_PROGRESS": "lines"}, "lines"),
        (io.StringIO(), {"NEWSROOM_PROGRESS": "off"}, "off"),
        (io.StringIO(), {"NEWSROOM_PROGRESS": "fancy"}, "lines"),
    ],
)
def test_mode_follows_the_stream_unless_the_environment_says(stream, environ, mode):
    assert choose_mode(stream, environ) == mode


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(4.4, "4 s"), (59.6, "1 min 00 s"), (185, "3 min 05 s"), (3720, "1 h 02 min")],
)
def test_time_left_reads_short(seconds, text):
    assert format_seconds(seconds) == text


def test_a_log_gets_a_line_every_interval_with_the_time_left():
    log, clock = io.StringIO(), Clock()
    with Progress("Importing", 5000, unit="posts", stream=log, mode="lines", clock=clock) as bar:
        clock.now = 1.0
        bar.advance(100)  # too soon: no line
        clock.now = LINE_INTERVAL_SECONDS
        bar.advance(900)
        clock.now = LINE_INTERVAL_SECONDS + 1
        bar.advance(1000)  # within the next interval: no line
    assert log.getvalue().splitlines() == ["Importing: 1,000 of 5,000 posts (20 %), 40 s left"]


def test_quick_work_writes_nothing_and_no_escape_codes_reach_a_log():
    log = io.StringIO()
    with Progress("Uploading", 3, stream=log, mode="lines") as bar:
        bar.advance(3)
    assert log.getvalue() == ""


def test_an_unknown_total_counts_only():
    clock = Clock()
    progress = Progress("Reading", None, unit="items", stream=io.StringIO(), clock=clock)
    with progress as bar:
        bar.advance(1234)
        assert bar.line() == "Reading: 1,234 items"


def test_a_terminal_gets_a_bar_that_leaves_no_trace():
    screen = Terminal()
    with Progress("Drawing", 10, unit="cards", stream=screen, mode="bar") as bar:
        bar.advance(10)
    drawn = screen.getvalue()
    assert "Drawing" in drawn and "10/10" in drawn
    # The cursor is shown again and the bar's line erased: the task's summary comes next.
    assert drawn.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")
