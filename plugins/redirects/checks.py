"""`invoke check`'s rule for redirects: every target exists in the built site."""

from pathlib import Path
from urllib.parse import unquote

from newsroom.findings import CheckResult, Finding
from redirects.table import read_redirects


def target_exists(site: Path, new: str) -> bool:
    """Whether the built ``site`` answers the site path ``new`` with a file."""
    path = site / unquote(new.split("#", 1)[0]).lstrip("/")
    return (path / "index.html").is_file() if new.endswith("/") else path.is_file()


def check_redirects(site: Path, table: Path, project_root: Path) -> CheckResult:
    """An error for each redirect whose target the build did not write, and for a bad table."""
    shown = (
        str(table.relative_to(project_root)) if table.is_relative_to(project_root) else str(table)
    )
    try:
        redirects = read_redirects(table)
    except ValueError as error:
        return CheckResult((Finding(shown, None, "error", str(error)),))
    lines = _line_numbers(table)
    findings = tuple(
        Finding(
            shown,
            lines.get(redirect.old),
            "error",
            f"{redirect.old} redirects to {redirect.new}, which is no page of the site",
        )
        for redirect in redirects
        if not target_exists(site, redirect.new)
    )
    return CheckResult(findings)


def _line_numbers(table: Path) -> dict[str, int]:
    lines = {}
    if table.is_file():
        for number, line in enumerate(table.read_text(encoding="utf-8-sig").splitlines(), 1):
            lines.setdefault(line.split(",", 1)[0].strip('"'), number)
    return lines
