"""`invoke publish` and `invoke remove_preview`: check, index and deploy the production
site to the configured target; nothing is deployed on any failure."""

import os
import tempfile
from datetime import datetime, timedelta
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newsroom.findings import as_text
from publishing import deploy
from publishing.checks import run_checks
from publishing.deploy import DeployError
from publishing.project import Project, Refused
from publishing.publish_state import save_state
from publishing.settings import TARGETS, PublishingSettings, from_pelican


def publish_site(
    project: Project, target: str = "", allow_dirty: bool = False, preview: int = 0
) -> None:
    """Build, check, index and deploy; raise ``Refused`` and deploy nothing on failure."""
    if target and target not in TARGETS:
        raise Refused(f"--target {target}: expected one of {', '.join(TARGETS)}", 2)
    settings = project.read_settings(project.settings_publish)
    publishing = from_pelican({**settings, **({"PUBLISHING_TARGET": target} if target else {})})
    if not allow_dirty:
        refuse_uncommitted(project, settings)
    overrides = preview_overrides(publishing, preview) if preview else {}
    _refuse_unset_target(publishing)  # before the build, not after minutes of it
    redirects = _redirects(project, overrides) if publishing.target == "s3" else []
    with tempfile.TemporaryDirectory(prefix="publish-") as scratch:
        site = Path(scratch) / "site"
        result = run_checks(project, site, target=publishing.target, preview=preview, **overrides)
        print(as_text(result))
        if not result.ok:
            raise Refused("Nothing was deployed: fix the errors above first.")
        # A pull request's preview is not the site: it notifies nobody, carries nothing.
        previous = None if preview else _previous_state(project, publishing, settings)
        state = _keep_state(project, site, overrides, previous)
        if publishing.target == "s3":
            _publish_s3(project, site, publishing, preview, redirects, overrides)
        else:
            try:
                _deploy_files(project, site, publishing)
            except DeployError as error:  # like the s3 target: the message, exit 1
                raise Refused(f"The deploy failed: {error}") from error
        # Live now: tell the sites our articles link to (never fails the deploy); the
        # record of what was sent goes to the target with the publish state.
        if not preview:
            import_module("mentions.after_publish").send_after_publish(
                site,
                settings,
                state,
                lambda kept: save_state(publishing, project.checkout, kept),
            )


def _previous_state(project: Project, publishing: PublishingSettings, settings: dict):
    """What the last publish left at the target (None: nothing yet). A deploy overwrites
    it, so while sending is on, a state that cannot be read stops the publish: the record
    of sent mentions in it would be lost, and every site notified again."""
    from publishing.publish_state import StateUnavailable, read_state

    try:
        return read_state(publishing, project.checkout)
    except StateUnavailable as error:
        if not import_module("mentions.after_publish").mention_settings(settings).send:
            return None
        raise Refused(
            f"Nothing was deployed: the publish state at the target could not be read "
            f"({error}). It holds the record of sent mentions, which this deploy would "
            "replace; fix the access and publish again (or with MENTIONS_SEND=0)."
        ) from None


def _keep_state(project: Project, site: Path, overrides: dict, previous=None):
    """The publish's own state goes out with the site (publish_state.py): its pages, each
    with its content file, for the next check's vanished-URL rule, and what the last
    publish recorded besides (the sent mentions)."""
    from publishing.checks import content_layout
    from publishing.publish_state import PublishState, site_pages, write_state
    from publishing.sources import url_map

    settings = project.read_settings(project.settings_publish, **overrides)
    pages = site_pages(site, url_map(content_layout(settings)))
    state = previous.carried(pages) if previous is not None else PublishState(pages)
    write_state(site, state)
    return state


def _deploy_files(project: Project, site: Path, publishing: PublishingSettings) -> None:
    """The targets that receive a folder of files: dir, rsync, ghpages."""
    if publishing.target == "dir":
        release = deploy.deploy_dir(site, Path(publishing.dir), publishing.keep_releases)
        print(f"Published to {publishing.dir} (release {release.name}).")
    elif publishing.target == "rsync":
        deploy.deploy_rsync(site, publishing.rsync_destination, publishing.rsync_port)
        print(f"Published to {publishing.rsync_destination} with rsync.")
    else:
        commit = deploy.deploy_ghpages(
            site,
            publishing.ghpages_remote,
            publishing.ghpages_branch,
            f"Publish site ({datetime.now(ZoneInfo(project.timezone)):%Y-%m-%d %H:%M})",
            repository=project.checkout,
        )
        if commit.changed:
            print(f"Published commit {commit.id[:10]} to {publishing.ghpages_branch}.")
        else:
            print(
                f"Nothing changed: {publishing.ghpages_branch} stays at {commit.id[:10]} "
                "(no empty commit)."
            )


def _refuse_unset_target(publishing: PublishingSettings) -> None:
    """The settings a target cannot do without, named before anything is built."""
    if publishing.target == "dir" and not publishing.dir:
        raise Refused("Set PUBLISHING_DIR (the document root) to publish to a folder.", 2)
    if publishing.target == "rsync" and not publishing.rsync_destination:
        raise Refused("Set PUBLISHING_RSYNC_DESTINATION (user@host:/path) for rsync.", 2)


def refuse_uncommitted(project: Project, settings: dict) -> None:
    """Only committed files go live (CI publishes a clean checkout)."""
    from publishing.worktree import NotACheckout, uncommitted

    inputs = [
        Path(settings["THEME"]),
        *(Path(p) for p in settings["PLUGIN_PATHS"]),
        project.settings_base,
        project.settings_publish,
    ]
    try:
        dirty = uncommitted(Path(settings["PATH"]), inputs)
    except NotACheckout:
        print("The content folder is not in a git checkout: nothing to compare with git.")
        return
    if dirty:
        listed = "\n".join(f"  {name}" for name in dirty[:50])
        more = f"\n  … and {len(dirty) - 50} more" if len(dirty) > 50 else ""
        raise Refused(
            f"Nothing was deployed: {len(dirty)} file(s) are not committed:\n{listed}{more}\n"
            "Commit them (or remove them), or publish anyway with --allow-dirty."
        )


def preview_overrides(publishing: PublishingSettings, number: int) -> dict:
    """The settings a pull request's preview is built with: its own address, noindex,
    no comment form."""
    if publishing.target != "s3":
        raise Refused("--preview publishes to object storage: use it with --target s3.", 2)
    url = publishing.preview_url or f"{publishing.preview_base_url.rstrip('/')}/pr-{number}/"
    if not url.startswith(("https://", "http://")):
        raise Refused(
            f"Set PUBLISHING_PREVIEW_BASE_URL to the previews' address, e.g. "
            f"https://preview.blog.example (the preview would be at {url!r}).",
            2,
        )
    url = url.rstrip("/")
    return {"SITEURL": url, "COMMENTS_SITE_URL": url, "PUBLISHING_PREVIEW": True}


def _redirects(project: Project, overrides: dict) -> list:
    """content/redirects.csv (docs/writing.md, "Content conventions"), read before anything
    is built."""
    from redirects.table import read_redirects

    settings = project.read_settings(project.settings_publish, **overrides)
    try:
        return read_redirects(Path(settings["PATH"]) / "redirects.csv")
    except ValueError as error:
        raise Refused(f"Nothing was deployed: {error}") from error


def s3_target(publishing: PublishingSettings, preview: int = 0):
    """Where `publish --target s3` (or a preview, or its removal) writes."""
    from publishing.s3 import Target, prefix_of

    if not publishing.s3_bucket:
        raise Refused("Set PUBLISHING_S3_BUCKET (and the AWS_* credentials) for the s3 target.", 2)
    prefix = prefix_of(publishing.s3_prefix)
    bucket = publishing.s3_bucket
    if preview:
        prefix = prefix_of(publishing.s3_preview_prefix) + f"pr-{preview}/"
        bucket = publishing.s3_preview_bucket or bucket
    return Target(
        bucket=bucket,
        prefix=prefix,
        endpoint_url=publishing.s3_endpoint_url,
        region=publishing.s3_region,
        workers=publishing.s3_workers,
        grace=timedelta(hours=publishing.s3_grace_hours),
        website=publishing.s3_website and not preview,  # the bucket's settings are the site's
        redirect_objects=publishing.s3_redirect_objects,
    )


def _publish_s3(
    project: Project,
    site: Path,
    publishing: PublishingSettings,
    preview: int,
    redirects: list,
    overrides: dict,
) -> None:
    from interviews.settings import from_pelican as interviews_settings
    from publishing import s3
    from publishing.s3_invalidate import invalidate
    from publishing.s3_plan import Layout, list_patterns

    settings = project.read_settings(project.settings_publish, **overrides)
    # The interviews plugin's two lists (all interviews; the guest and sponsored pieces).
    interviews = interviews_settings(settings)
    lists = (*list_patterns(settings), interviews.list_save_as, interviews.transparency_save_as)
    siteurl = settings["SITEURL"]
    target = s3_target(publishing, preview)
    try:
        summary = s3.publish(
            site, target, Layout(lists), redirects, base_path=urlsplit(siteurl).path
        )
        print(summary.line(target.where))
        for old in summary.redirects_with_query:
            print(
                f"Redirect {old} has a query: object storage cannot serve it "
                "(docs/publishing.md, 'What a publish does')."
            )
        handed = invalidate(
            publishing.s3_invalidate,
            summary.changed_paths,
            siteurl,
            publishing.s3_invalidate_token,
        )
    except DeployError as error:
        raise Refused(str(error)) from error
    if handed:
        print(f"CDN told about {handed} changed addresses.")
    if preview:
        _announce_preview(siteurl)


def _announce_preview(siteurl: str) -> None:
    print(f"Preview: {siteurl}/")
    if os.environ.get("GITHUB_STEP_SUMMARY"):  # the pull request's job summary in CI
        with Path(os.environ["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as summary:
            summary.write(f"Preview of this pull request: {siteurl}/\n")


def remove_preview(project: Project, number: int) -> None:
    """Delete the preview of a pull request from object storage (when it is closed)."""
    from publishing.s3 import remove_prefix

    settings = project.read_settings(project.settings_publish)
    publishing = from_pelican({**settings, "PUBLISHING_TARGET": "s3"})
    try:
        remove_prefix(s3_target(publishing, number))
    except DeployError as error:
        raise Refused(str(error)) from error
