"""Settings of `invoke publish` (prefix ``PUBLISHING_``), set in publishconf.py.

Every value can come from the environment instead (see publishconf.py), so CI keeps
hosts and paths in its secrets and variables, not in git.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "PUBLISHING_"
TARGETS = ("dir", "rsync", "ghpages", "s3")


@dataclass(frozen=True)
class PublishingSettings:
    target: str = "dir"  # one of TARGETS
    dir: str = ""  # dir: the web server's document root (a symlink after the first deploy)
    keep_releases: int = 3  # dir: releases kept beside the document root for a rollback
    rsync_destination: str = ""  # rsync: user@host:/var/www/blog or a local path
    rsync_port: int = 22
    ghpages_remote: str = "origin"  # ghpages: a remote name or URL
    ghpages_branch: str = "gh-pages"
    # s3: S3-compatible object storage (publishing/s3.py); credentials from AWS_* variables
    s3_bucket: str = ""
    s3_prefix: str = ""  # a folder in the bucket, e.g. "blog/"; empty: the bucket's root
    s3_endpoint_url: str = (
        ""  # for services other than AWS, e.g. https://<id>.r2.cloudflarestorage.com
    )
    s3_region: str = ""  # e.g. eu-central-1; R2 takes "auto"
    s3_workers: int = 8  # parallel uploads
    s3_grace_hours: float | int = (
        1.0  # old assets stay at least this long, and until the next publish
    )
    s3_website: bool = False  # set the bucket's index and 404 document (AWS, IONOS, Ceph)
    s3_redirect_objects: bool = True  # redirects as x-amz-website-redirect-location objects
    s3_invalidate: str = ""  # CDN hook: a URL (POST) or a command (paths on stdin)
    s3_invalidate_token: str = ""  # Bearer token for a URL hook (Cloudflare API token)
    s3_preview_prefix: str = "previews/"  # pull request N goes to <this>pr-N/
    s3_preview_bucket: str = ""  # previews in their own bucket (default: PUBLISHING_S3_BUCKET)
    # A pull request's preview: noindex on every page, no comment form (theme reads it)
    preview: bool = False
    preview_base_url: str = ""  # previews live at <this>/pr-N/, e.g. https://preview.blog.example
    preview_url: str = ""  # one preview's address, instead of <base>/pr-N/
    # preview: restore the last site when nothing it read has changed (snapshot.py)
    snapshot: bool = True
    # check: scripts, frames, styles, event handlers in content are a "warning" or "error"
    raw_html: str = "warning"
    # check: the live site's .publish-state.json, read when the target cannot be asked
    # (a pull request's check in CI has no deploy secrets), e.g.
    # https://blog.example/.publish-state.json (publish_state.py)
    state_url: str = ""


def from_pelican(settings: Mapping[str, Any]) -> PublishingSettings:
    loaded = config.load(settings, PREFIX, PublishingSettings)
    if loaded.target not in TARGETS:
        raise config.SettingsError(
            f"Setting PUBLISHING_TARGET is {loaded.target!r}; expected one of: "
            + ", ".join(TARGETS)
        )
    if loaded.raw_html not in ("warning", "error"):
        raise config.SettingsError(
            f"Setting PUBLISHING_RAW_HTML is {loaded.raw_html!r}; expected warning or error"
        )
    return loaded
