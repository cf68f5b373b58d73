"""What the last publish left, per target: one home for the publish's own state.

The state travels with the site it describes. ``invoke publish`` writes it into the
build folder as ``STATE_FILE`` just before the deploy, so each target keeps it beside
the pages, switched in the same step as they are: in the release folder of ``dir``, in the
document root of ``rsync``, in the commit of ``ghpages``, under the prefix of ``s3`` (and of
each pull request's preview). ``read_state`` asks the target for it again; where the
target cannot be reached (a pull request's check in CI has no deploy secrets),
``PUBLISHING_STATE_URL`` names the file on the live site instead.

It holds the site's pages (each with the content file it came from, for the vanished-URL
rule of ``invoke check``) and, under ``mentions``, the record of sent Webmentions
(``mentions/send.py``); unknown keys are kept as they are. The mentions are sent once the
site is live, so their record reaches the target after the deploy: ``save_state`` writes
the one file there again (in the live release of ``dir``, by rsync, as a commit of its own
on gh-pages, as one object in the bucket). The next publish carries the record over into
the state it deploys (``carried``), so a fresh clone, CI's included, knows what was sent.
"""

import gzip
import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.files import write_atomically
from publishing.settings import PublishingSettings

STATE_FILE = ".publish-state.json"
STATE_VERSION = 1
MENTIONS = "mentions"  # the key of the record of sent Webmentions
TIMEOUT_SECONDS = 20
# Pages that come and go with the number of articles: page 3 of a list is no address a
# reader keeps (pelicanconf.py's PAGINATION_PATTERNS).
PAGINATION_FOLDER = "seite"
NOT_PAGES = ("pagefind/", "theme/")


class StateUnavailable(RuntimeError):
    """The target could not be asked (network, credentials, a broken file)."""


@dataclass(frozen=True)
class PublishState:
    pages: Mapping[str, str]  # site path ("/2019/03/slug/") -> its content file, or ""
    other: Mapping[str, Any] = field(default_factory=dict)  # further records, kept as they are

    def dump(self) -> bytes:
        """The file's bytes: the same for the same site (no time in it), so an upload that
        sends only what changed sends it only when the pages change."""
        record = {**self.other, "version": STATE_VERSION, "pages": dict(sorted(self.pages.items()))}
        return (json.dumps(record, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode()

    def carried(self, pages: Mapping[str, str]) -> "PublishState":
        """The state of the next publish: its own ``pages``, this one's other records."""
        return PublishState(pages, dict(self.other))

    def with_record(self, key: str, record: Any) -> "PublishState":
        return PublishState(self.pages, {**self.other, key: record})

    @classmethod
    def load(cls, data: bytes, where: str) -> "PublishState":
        if data[:2] == b"\x1f\x8b":  # as object storage keeps it (Content-Encoding: gzip)
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as error:
                raise StateUnavailable(f"{where} is no publish state ({error})") from None
        try:
            record = json.loads(data)
            pages = record.pop("pages")
            if record.pop("version") != STATE_VERSION or not isinstance(pages, dict):
                raise ValueError("an unknown layout")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise StateUnavailable(f"{where} is no publish state ({error})") from None
        return cls({str(k): str(v) for k, v in pages.items()}, record)


def site_pages(site: Path, sources: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every page of a built site by its address, with its content file from ``sources``
    (output path such as ``2019/03/slug/index.html`` -> content file). Pagination, the
    404 page and the search's and theme's files are no pages a reader keeps."""
    sources = sources or {}
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html" or relative.startswith(NOT_PAGES):
            continue
        if PAGINATION_FOLDER in relative.split("/")[:-1]:
            continue
        address = "/" + relative.removesuffix("index.html")
        pages[address] = sources.get(relative, "")
    return pages


def write_state(site: Path, state: PublishState) -> None:
    (site / STATE_FILE).write_bytes(state.dump())


def read_state(publishing: PublishingSettings, checkout: Path, preview: int = 0):
    """The state the last publish left at the target (None: nothing published there yet,
    or no target to ask); StateUnavailable when the target could not be asked."""
    target = publishing.target
    if target == "dir" and publishing.dir:
        path = Path(publishing.dir) / STATE_FILE
        return PublishState.load(path.read_bytes(), str(path)) if path.is_file() else None
    if target == "rsync" and publishing.rsync_destination:
        return _from_rsync(publishing)
    if target == "ghpages":
        return _from_ghpages(publishing, checkout)
    if target == "s3" and publishing.s3_bucket:
        return _from_s3(publishing, preview)
    if publishing.state_url:
        return _from_url(publishing.state_url)
    return None


def _from_url(url: str):
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:
            return PublishState.load(answer.read(), url)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise StateUnavailable(f"{url} answered {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise StateUnavailable(f"{url}: {getattr(error, 'reason', error)}") from None


def _from_rsync(publishing: PublishingSettings):
    destination = publishing.rsync_destination.rstrip("/") + "/" + STATE_FILE
    command = ["rsync", "--quiet"]
    if ":" in destination.split("/")[0]:
        command += ["-e", f"ssh -p {publishing.rsync_port or 22} -o BatchMode=yes"]
    with tempfile.TemporaryDirectory(prefix="publish-state-") as folder:
        local = Path(folder) / STATE_FILE
        done = subprocess.run(
            [*command, destination, str(local)], capture_output=True, text=True, check=False
        )
        if done.returncode == 23 and not local.exists():  # "some files were not transferred"
            return None
        if done.returncode != 0:
            raise StateUnavailable(f"rsync from {destination} failed: {done.stderr.strip()}")
        return PublishState.load(local.read_bytes(), destination)


def _from_ghpages(publishing: PublishingSettings, checkout: Path):
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(checkout), *args], capture_output=True, check=False)

    remote, branch = publishing.ghpages_remote, publishing.ghpages_branch
    fetched = git("fetch", "--quiet", "--depth", "1", remote, branch)
    if fetched.returncode != 0:
        message = fetched.stderr.decode("utf-8", "replace")
        if "couldn't find remote ref" in message:
            return None  # no gh-pages branch: never published
        raise StateUnavailable(f"git fetch {remote} {branch} failed: {message.strip()}")
    shown = git("show", f"FETCH_HEAD:{STATE_FILE}")
    if shown.returncode != 0:
        return None  # published before the state was kept
    return PublishState.load(shown.stdout, f"{remote} {branch}:{STATE_FILE}")


def _from_s3(publishing: PublishingSettings, preview: int):
    from botocore.exceptions import BotoCoreError, ClientError

    from publishing.publish import s3_target
    from publishing.s3 import client

    target = s3_target(publishing, preview)
    key = target.key(STATE_FILE)
    try:
        answer = client(target).get_object(Bucket=target.bucket, Key=key)
        return PublishState.load(answer["Body"].read(), f"s3://{target.bucket}/{key}")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            return None
        raise StateUnavailable(f"Cannot read s3://{target.bucket}/{key}: {error}") from None
    except BotoCoreError as error:
        raise StateUnavailable(f"Cannot reach s3://{target.bucket}: {error}") from None


def save_state(
    publishing: PublishingSettings, checkout: Path, state: PublishState, preview: int = 0
) -> str:
    """Write ``state`` at the target, beside the site the last publish left there; returns
    where it went. StateUnavailable when the target could not be written."""
    target = publishing.target
    if target == "dir" and publishing.dir:
        path = Path(publishing.dir) / STATE_FILE  # inside the live release
        try:
            write_atomically(path, state.dump())
        except OSError as error:
            raise StateUnavailable(f"Cannot write {path}: {error}") from None
        return str(path)
    if target == "rsync" and publishing.rsync_destination:
        return _to_rsync(publishing, state)
    if target == "ghpages":
        return _to_ghpages(publishing, checkout, state)
    if target == "s3" and publishing.s3_bucket:
        return _to_s3(publishing, preview, state)
    raise StateUnavailable(f"The target {target!r} is not configured; nothing was written")


def _rsync_command(publishing: PublishingSettings, destination: str) -> list[str]:
    command = ["rsync", "--quiet"]
    if ":" in destination.split("/")[0]:
        command += ["-e", f"ssh -p {publishing.rsync_port or 22} -o BatchMode=yes"]
    return command


def _to_rsync(publishing: PublishingSettings, state: PublishState) -> str:
    destination = publishing.rsync_destination.rstrip("/") + "/" + STATE_FILE
    with tempfile.TemporaryDirectory(prefix="publish-state-") as folder:
        local = Path(folder) / STATE_FILE
        write_atomically(local, state.dump())  # 0644: the web server may serve it
        done = subprocess.run(
            [*_rsync_command(publishing, destination), "--perms", str(local), destination],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise StateUnavailable(f"rsync to {destination} failed: {done.stderr.strip()}")
    return destination


def _to_ghpages(publishing: PublishingSettings, checkout: Path, state: PublishState) -> str:
    """A commit of its own on the branch: the published files as they are, the state new."""
    remote, branch = publishing.ghpages_remote, publishing.ghpages_branch
    with tempfile.TemporaryDirectory(prefix="publish-state-") as folder:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(folder) / "index")}

        def git(*args: str, data: bytes | None = None) -> str:
            done = subprocess.run(
                ["git", "-C", str(checkout), *args],
                input=data,
                env=env,
                capture_output=True,
                check=False,
            )
            if done.returncode != 0:
                message = done.stderr.decode("utf-8", "replace").strip()
                raise StateUnavailable(f"git {args[0]} for {remote} {branch} failed: {message}")
            return done.stdout.decode().strip()

        git("fetch", "--quiet", "--depth", "1", remote, branch)
        parent = git("rev-parse", "FETCH_HEAD")
        git("read-tree", parent)
        blob = git("hash-object", "-w", "--stdin", data=state.dump())
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{STATE_FILE}")
        tree = git("write-tree")
        if not subprocess.run(
            ["git", "-C", str(checkout), "config", "user.email"], capture_output=True, check=False
        ).stdout.strip():
            for role in ("AUTHOR", "COMMITTER"):  # as publishing.deploy.deploy_ghpages does
                env.setdefault(f"GIT_{role}_NAME", "Hafenlicht Publish")
                env.setdefault(f"GIT_{role}_EMAIL", "publish@localhost")
        commit = git("commit-tree", tree, "-p", parent, "-m", "Record of the sent mentions")
        git("push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    return f"{remote} {branch}:{STATE_FILE}"


def _to_s3(publishing: PublishingSettings, preview: int, state: PublishState) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    from publishing.publish import s3_target
    from publishing.s3 import client
    from publishing.s3_plan import headers_for

    target = s3_target(publishing, preview)
    key = target.key(STATE_FILE)
    try:
        client(target).put_object(
            Bucket=target.bucket,
            Key=key,
            Body=state.dump(),
            **headers_for(STATE_FILE, encoded=False),
        )
    except (BotoCoreError, ClientError) as error:
        raise StateUnavailable(f"Cannot write s3://{target.bucket}/{key}: {error}") from None
    return f"s3://{target.bucket}/{key}"
