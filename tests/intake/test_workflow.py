"""The comments workflow: linted, on its schedule, and publishing without a race."""

import re

import yaml

from conftest import ROOT
from intake.ci_trigger import EVENT_TYPE
from tests.publishing.test_workflows import actionlint

WORKFLOWS = ROOT / ".github" / "workflows"


def test_the_comments_workflow_passes_actionlint():
    assert actionlint(WORKFLOWS / "comments.yml", WORKFLOWS / "publish.yml") == []


def test_the_intakes_call_starts_it_a_daily_run_is_the_fallback_and_it_publishes():
    text = (WORKFLOWS / "comments.yml").read_text()
    on = yaml.safe_load(text)[True]  # YAML 1.1 reads the key "on" as True
    assert on["repository_dispatch"] == {"types": [EVENT_TYPE]}
    assert on["schedule"] == [{"cron": "47 3 * * *"}] and "workflow_dispatch" in on
    assert ".venv/bin/invoke comments.sync --from" in text and "--commit" in text
    assert "git push origin HEAD:main" in text
    assert "uses: ./.github/workflows/publish.yml" in text and "secrets: inherit" in text
    assert "COMMENTS_SYNC_TOKEN: ${{ secrets.COMMENTS_SYNC_TOKEN }}" in text
    publish = (WORKFLOWS / "publish.yml").read_text()
    assert "workflow_call:" in publish
    # One group for every publish, held by the job (it holds when called, too).
    groups = re.findall(r"concurrency:\n\s+group: (\S+)", publish)
    assert groups == ["publish"]
    job = publish.split("jobs:", 1)[1]
    assert "group: publish" in job
