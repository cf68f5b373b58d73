"""Tell the CDN in front of the bucket which addresses changed (PUBLISHING_S3_INVALIDATE).

Two kinds of hook, both documented in docs/publishing.md ("What a publish does"):
- a URL: POSTed ``{"files": [absolute URLs]}`` in batches of 30 with
  ``Authorization: Bearer PUBLISHING_S3_INVALIDATE_TOKEN`` when a token is set; that is
  Cloudflare's purge-by-URL call (``/zones/<zone id>/purge_cache``) as it is;
- a command: run by the shell with the URL paths (``/2025/03/slug/``) on its standard
  input, one a line, e.g. ``xargs aws cloudfront create-invalidation --distribution-id
  E123 --paths`` for CloudFront.
"""

import json
import subprocess
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from publishing.deploy import DeployError
from publishing.s3_plan import url_paths

BATCH = 30  # Cloudflare's limit of URLs per purge request on every plan


def invalidate(hook: str, paths: list[str], siteurl: str, token: str = "") -> int:
    """Call ``hook`` for the site ``paths`` (relative, as in the build); returns the
    number of addresses handed over. Raises DeployError when the hook fails."""
    if not hook or not paths:
        return 0
    parts = urlsplit(siteurl)
    addresses = url_paths(paths, parts.path)
    if hook.startswith(("https://", "http://")):
        origin = f"{parts.scheme}://{parts.netloc}"
        for start in range(0, len(addresses), BATCH):
            _post(hook, [origin + a for a in addresses[start : start + BATCH]], token)
        return len(addresses)
    try:
        result = subprocess.run(
            hook,
            shell=True,  # the hook is a command line from the settings, like a git hook
            input="".join(a + "\n" for a in addresses),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DeployError(f"The CDN invalidation command timed out: {hook}") from error
    if result.returncode != 0:
        raise DeployError(
            f"The site is published, but the CDN invalidation command failed "
            f"(exit {result.returncode}): {result.stderr.strip()[:500]}"
        )
    return len(addresses)


def _post(url: str, files: list[str], token: str) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps({"files": files}).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {token}"} if token else {}),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace")
        raise DeployError(
            f"The site is published, but the CDN invalidation at {url} answered "
            f"{error.code}: {detail}"
        ) from error
    except (urllib.error.URLError, OSError) as error:
        raise DeployError(
            f"The site is published, but the CDN invalidation at {url} failed: {error}"
        ) from error
