"""CI for object storage: pull request previews, their removal, and warm builds from
caches that can never hand out a stale site."""

import shutil

import pytest
import yaml

from conftest import ROOT, copy_fixture
from publishing.preview import build_into_place
from site_project import site_project

WORKFLOWS = ROOT / ".github" / "workflows"
ARTICLE = "2025/03/lokalredaktionen-lesen-anders/index.html"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_pull_requests_get_a_preview_that_goes_when_they_close():
    pull = workflow("pull-request.yml")
    assert "closed" in pull[True]["pull_request"]["types"]  # YAML reads the key `on` as True
    jobs = pull["jobs"]
    assert jobs["preview"]["if"] == "github.event.action != 'closed'"
    assert '.venv/bin/invoke publish --target s3 --preview "$PR_NUMBER"' in runs(jobs["preview"])
    assert jobs["remove-preview"]["if"] == "github.event.action == 'closed'"
    assert '.venv/bin/invoke remove-preview "$PR_NUMBER"' in runs(jobs["remove-preview"])
    for name in ("preview", "remove-preview"):
        env = jobs[name]["env"]
        assert env["PUBLISHING_S3_BUCKET"] == "${{ secrets.PUBLISHING_S3_BUCKET }}"
        # The key is the fallback of OpenID Connect, handed on by a step of its own
        # (test_workflows.py); in the job's env it would outrank the role's credentials.
        keys = next(s for s in jobs[name]["steps"] if "KEY_SECRET" in s.get("env", {}))
        assert keys["env"]["KEY_SECRET"] == "${{ secrets.AWS_SECRET_ACCESS_KEY }}"
        # Without the secrets (a fork's pull request) nothing runs but the note.
        guarded = [
            s for s in jobs[name]["steps"] if s.get("if") != "env.PUBLISHING_S3_BUCKET == ''"
        ]
        # (the credential steps add which kind of credentials they set)
        assert all(s.get("if", "").startswith("env.PUBLISHING_S3_BUCKET != ''") for s in guarded)
    for name in ("test", "check"):
        assert jobs[name]["if"] == "github.event.action != 'closed'"


@pytest.mark.parametrize(
    ("name", "job", "build"),
    [
        ("pull-request.yml", "check", ".venv/bin/invoke preview"),
        (
            "pull-request.yml",
            "preview",
            '.venv/bin/invoke publish --target s3 --preview "$PR_NUMBER"',
        ),
        ("publish.yml", "publish", ".venv/bin/invoke publish"),
    ],
)
def test_builds_start_from_the_caches_of_earlier_runs(name, job, build):
    steps = workflow(name)["jobs"][job]["steps"]
    cache = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    assert cache < runs({"steps": steps}).index(build)
    settings = steps[cache]["with"]
    assert settings["path"] == "cache/"
    # A new key each run (a cache is never updated in place); the closest earlier cache of
    # the same Python and packages is restored. Correctness never rests on the key.
    key = settings["key"]
    assert "steps.python.outputs.python-version" in key and "hashFiles('requirements.txt')" in key
    assert key.endswith("${{ github.run_id }}")
    assert all(key.startswith(prefix) for prefix in settings["restore-keys"].splitlines())


@pytest.mark.slow
def test_a_cache_from_another_commit_is_not_taken_for_the_site(tmp_path, monkeypatch, capsys):
    checkout = tmp_path / "checkout"
    blog = site_project(checkout)
    saved = tmp_path / "actions-cache"

    def ci_run(title: str) -> str:
        """A fresh checkout (new files, new mtimes), the cache restored, `invoke preview`."""
        shutil.rmtree(checkout, ignore_errors=True)
        copy_fixture("interviews", checkout)
        article = checkout / "content" / "2025" / "gast.md"
        article.write_text(
            article.read_text()
            .replace("Title: Lokalredaktionen lesen anders", f"Title: {title}")
            .replace("Date:", "Slug: lokalredaktionen-lesen-anders\nDate:")
        )
        if saved.exists():
            shutil.copytree(saved, checkout / "cache")  # keeps the cached files' mtimes
        capsys.readouterr()
        assert build_into_place(blog, blog.settings_publish, checkout / "output")
        shutil.rmtree(saved, ignore_errors=True)
        shutil.copytree(checkout / "cache", saved)  # the post-job save
        return capsys.readouterr().out

    ci_run("Lokalredaktionen lesen anders")
    assert (saved / "snapshot").is_dir()
    out = ci_run("Lokale Leser lesen anders")  # the next commit
    assert "Nothing the build reads has changed" not in out
    assert "Lokale Leser lesen anders" in (checkout / "output" / ARTICLE).read_text()
    assert "Lokale Leser lesen anders" in (checkout / "output" / "index.html").read_text()
    out = ci_run("Lokale Leser lesen anders")  # the same commit once more: the warm path
    assert "Nothing the build reads has changed" in out
    assert "Lokale Leser lesen anders" in (checkout / "output" / "index.html").read_text()
