import logging

from newsroom.report import BuildReport


def record(level: int, message: str, path: str = "") -> logging.LogRecord:
    item = logging.LogRecord("test", level, __file__, 1, message, (), None)
    if path:
        item.content_path = path
    return item


def test_summary_groups_errors_then_warnings_by_file():
    report = BuildReport()
    report.handle(record(logging.WARNING, 'content/b.md: "Summary" is missing', "content/b.md"))
    report.handle(record(logging.ERROR, 'content/a.md:2: "Date" is "x"', "content/a.md"))
    report.handle(record(logging.WARNING, "Some template warning"))
    report.handle(record(logging.INFO, "ignored"))
    assert report.summary().splitlines() == [
        "1 error:",
        "  content/a.md:",
        '    - line 2: "Date" is "x"',
        "2 warnings:",
        "  content/b.md:",
        '    - "Summary" is missing',
        "  build:",
        "    - Some template warning",
    ]


def test_empty_report():
    assert BuildReport().summary() == "No warnings, no errors."
