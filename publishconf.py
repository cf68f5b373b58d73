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

# The web server passes /kommentare/neu to the comment intake (README.md, "Comments").
COMMENTS_INTAKE_URL = "/kommentare/neu"
COMMENTS_SITE_URL = SITEURL

# .gz and .br siblings of every text file, for nginx's gzip_static/brotli_static
# (deploy/nginx.conf) and the upload to object storage.
ASSETS_PRECOMPRESS = True

# Every author named in an article must have a profile before it goes live.
AUTHOR_BIOS_STRICT = True

# --- invoke publish (see README.md, "Publishing"); environment variables win --------
PUBLISHING_TARGET = os.environ.get("PUBLISHING_TARGET", "dir")
PUBLISHING_DIR = os.environ.get("PUBLISHING_DIR", "")
PUBLISHING_RSYNC_DESTINATION = os.environ.get("PUBLISHING_RSYNC_DESTINATION", "")
PUBLISHING_RSYNC_PORT = int(os.environ.get("PUBLISHING_RSYNC_PORT", "22"))
PUBLISHING_GHPAGES_REMOTE = os.environ.get("PUBLISHING_GHPAGES_REMOTE", "origin")
PUBLISHING_GHPAGES_BRANCH = os.environ.get("PUBLISHING_GHPAGES_BRANCH", "gh-pages")
