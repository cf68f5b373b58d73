"""Findings of `invoke check`, grouped by file for editors and as JSON for machines."""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from newsroom.report import count_noun


@dataclass(frozen=True)
class Finding:
    path: str  # file the editor has to open, relative to the project root
    line: int | None
    severity: str  # "error" or "warning"
    message: str


@dataclass(frozen=True)
class Scheduled:
    path: str
    title: str
    date: str  # ISO 8601


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    scheduled: tuple[Scheduled, ...] = ()
    drafts: tuple[str, ...] = ()
    build_checked: bool = True  # False when the build failed and links could not be checked
    redirects_to_add: tuple[tuple[str, str], ...] = ()  # (old, new) rows `check --fix` writes

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def merge(results: Iterable[CheckResult]) -> CheckResult:
    results = list(results)
    return CheckResult(
        findings=tuple(f for r in results for f in r.findings),
        scheduled=tuple(s for r in results for s in r.scheduled),
        drafts=tuple(d for r in results for d in r.drafts),
        build_checked=all(r.build_checked for r in results),
        redirects_to_add=tuple(row for r in results for row in r.redirects_to_add),
    )


def as_text(result: CheckResult) -> str:
    """Findings grouped by file (errors first within a file, then by line)."""
    lines: list[str] = []
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[finding.path].append(finding)
    for path in sorted(by_path):
        lines.append(path)
        for finding in sorted(
            by_path[path], key=lambda f: (f.severity != "error", f.line or 0, f.message)
        ):
            where = f"{finding.line}:" if finding.line else "-:"
            lines.append(f"  {where:>5} {finding.severity:<7} {finding.message}")
    if result.scheduled:
        lines.append("Scheduled (published by the first build on or after their date):")
        lines += [f"  {s.date}  {s.path}  {s.title}" for s in result.scheduled]
    if result.drafts:
        lines.append(f"Drafts (never published): {len(result.drafts)}")
        lines += [f"  {path}" for path in result.drafts]
    if not result.build_checked:
        lines.append("Links were not checked, because the production build failed.")
    files = len(by_path)
    lines.append(
        f"{count_noun(len(result.errors), 'error')}, {count_noun(len(result.warnings), 'warning')}"
        f" in {count_noun(files, 'file')}; {len(result.scheduled)} scheduled, "
        f"{len(result.drafts)} drafts."
    )
    return "\n".join(lines)


def as_json(result: CheckResult) -> str:
    return json.dumps(
        {
            "ok": result.ok,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "findings": [asdict(f) for f in result.findings],
            "scheduled": [asdict(s) for s in result.scheduled],
            "drafts": list(result.drafts),
            "links_checked": result.build_checked,
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )
