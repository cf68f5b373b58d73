"""Production settings (`invoke preview`, `invoke publish`): only what differs from
`pelicanconf.py`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The public address; CI may override it, e.g. for a staging host.
SITEURL = os.environ.get("SITEURL", "https://blog.hafenlicht.example")
RELATIVE_URLS = False
# Feeds link to SITEURL, the public address (not the livereload server of the dev build).
FEEDS_SITEURL = ""

CACHE_PATH = "cache/production"

# The web server passes /kommentare/neu to the comment intake (docs/operations.md).
COMMENTS_INTAKE_URL = "/kommentare/neu"
COMMENTS_SITE_URL = SITEURL
# After each publish, notify the sites our articles link to (docs/comments.md, "Sending").
MENTIONS_SEND = os.environ.get("MENTIONS_SEND", "1") == "1"

# .gz and .br siblings of every text file, for nginx's gzip_static/brotli_static
# (deploy/nginx.conf) and the upload to object storage.
ASSETS_PRECOMPRESS = True

# Every author named in an article must have a profile before it goes live.
AUTHOR_BIOS_STRICT = True

# --- invoke publish (docs/publishing.md); environment variables win -----------------
PUBLISHING_TARGET = os.environ.get("PUBLISHING_TARGET", "dir")
PUBLISHING_DIR = os.environ.get("PUBLISHING_DIR", "")
PUBLISHING_RSYNC_DESTINATION = os.environ.get("PUBLISHING_RSYNC_DESTINATION", "")
PUBLISHING_RSYNC_PORT = int(os.environ.get("PUBLISHING_RSYNC_PORT", "22"))
PUBLISHING_GHPAGES_REMOTE = os.environ.get("PUBLISHING_GHPAGES_REMOTE", "origin")
PUBLISHING_GHPAGES_BRANCH = os.environ.get("PUBLISHING_GHPAGES_BRANCH", "gh-pages")
PUBLISHING_S3_BUCKET = os.environ.get("PUBLISHING_S3_BUCKET", "")
PUBLISHING_S3_PREFIX = os.environ.get("PUBLISHING_S3_PREFIX", "")
PUBLISHING_S3_ENDPOINT_URL = os.environ.get("PUBLISHING_S3_ENDPOINT_URL", "")
PUBLISHING_S3_REGION = os.environ.get("PUBLISHING_S3_REGION", "")
PUBLISHING_S3_WEBSITE = os.environ.get("PUBLISHING_S3_WEBSITE", "") == "true"
PUBLISHING_S3_REDIRECT_OBJECTS = os.environ.get("PUBLISHING_S3_REDIRECT_OBJECTS", "true") == "true"
PUBLISHING_S3_GRACE_HOURS = float(os.environ.get("PUBLISHING_S3_GRACE_HOURS", "1"))
PUBLISHING_S3_INVALIDATE = os.environ.get("PUBLISHING_S3_INVALIDATE", "")
PUBLISHING_S3_INVALIDATE_TOKEN = os.environ.get("PUBLISHING_S3_INVALIDATE_TOKEN", "")
PUBLISHING_S3_PREVIEW_PREFIX = os.environ.get("PUBLISHING_S3_PREVIEW_PREFIX", "previews/")
PUBLISHING_S3_PREVIEW_BUCKET = os.environ.get("PUBLISHING_S3_PREVIEW_BUCKET", "")
# Pull request previews (`invoke publish --target s3 --preview N`, docs/publishing.md):
# built for <base>/pr-N/ (or PUBLISHING_PREVIEW_URL) with PUBLISHING_PREVIEW = True.
PUBLISHING_PREVIEW = os.environ.get("PUBLISHING_PREVIEW", "") == "true"
PUBLISHING_PREVIEW_BASE_URL = os.environ.get(
    "PUBLISHING_PREVIEW_BASE_URL", "https://preview.blog.hafenlicht.example"
)
PUBLISHING_PREVIEW_URL = os.environ.get("PUBLISHING_PREVIEW_URL", "")
# `invoke check` compares the site's pages with those of the last publish, which it asks
# the target for; where it cannot (a pull request's check in CI has no deploy secrets),
# from the live site: e.g. https://blog.hafenlicht.example/.publish-state.json.
PUBLISHING_STATE_URL = os.environ.get("PUBLISHING_STATE_URL", "")
