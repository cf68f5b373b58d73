import json

from newsroom.findings import CheckResult, Finding, Scheduled, as_json, as_text

RESULT = CheckResult(
    findings=(
        Finding("content/b.md", 7, "warning", '"Title" has 104 characters'),
        Finding("content/b.md", 2, "error", '"Date" is "morgen"'),
        Finding("content/a.md", None, "error", "has the same URL /x/ as content/c.md"),
    ),
    scheduled=(Scheduled("content/s.md", "Bald", "2026-12-01T08:00:00+01:00"),),
    drafts=("content/d.md",),
)


def test_text_groups_by_file_errors_first_with_lines():
    assert as_text(RESULT).splitlines() == [
        "content/a.md",
        "     -: error   has the same URL /x/ as content/c.md",
        "content/b.md",
        '     2: error   "Date" is "morgen"',
        '     7: warning "Title" has 104 characters',
        "Scheduled (published by the first build on or after their date):",
        "  2026-12-01T08:00:00+01:00  content/s.md  Bald",
        "Drafts (never published): 1",
        "  content/d.md",
        "2 errors, 1 warning in 2 files; 1 scheduled, 1 drafts.",
    ]


def test_json_for_machines():
    data = json.loads(as_json(RESULT))
    assert data["ok"] is False
    assert (data["errors"], data["warnings"]) == (2, 1)
    assert data["findings"][1] == {
        "path": "content/b.md",
        "line": 2,
        "severity": "error",
        "message": '"Date" is "morgen"',
    }
    assert data["scheduled"][0]["title"] == "Bald"
    assert data["drafts"] == ["content/d.md"]
