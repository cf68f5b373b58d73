"""The comments workflow: linted, on its schedule, and publishing without a race."""

import re

from conftest import ROOT
from tests.publishing.test_workflows import actionlint

WORKFLOWS = ROOT / ".github" / "workflows"


def test_the_comments_workflow_passes_actionlint():
    assert actionlint(WORKFLOWS / "comments.yml", WORKFLOWS / "publish.yml") == []


def test_it_syncs_every_15_minutes_commits_pushes_and_calls_the_publish_workflow():
    text = (WORKFLOWS / "comments.yml").read_text()
    assert 'cron: "*/15 * * * *"' in text and "workflow_dispatch:" in text
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
