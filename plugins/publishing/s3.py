"""Deploy a finished build to S3-compatible object storage (AWS S3, Cloudflare R2,
Hetzner or IONOS Object Storage, MinIO), usually behind a CDN.

Object storage has no atomic switch between two sites, so the order does the work:
new assets first, then the pages that use them, then the lists, the home page and the
sitemap that link to the pages; pages that left the build are deleted last, every other
old file one publish later (``s3_plan.removals``). A reader therefore never meets a
link to something not yet uploaded. The manifest object (``s3_plan.MANIFEST_NAME``)
records what was sent; it is written after every phase, so a publish that fails midway
leaves the old site readable and the next run sends only what is still missing.
"""

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from newsroom.progress import Progress
from publishing.deploy import DeployError
from publishing.s3_plan import (
    ASSETS,
    CACHE_MANIFEST,
    LISTS,
    MANIFEST_NAME,
    PAGES,
    PHASE_NAMES,
    Layout,
    Manifest,
    Upload,
    redirect_uploads,
    removals,
    scan,
)

logger = logging.getLogger(__name__)

Report = Callable[[str], None]
AWS_ERRORS = (BotoCoreError, ClientError)


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str = ""  # "" or "folder/" (normalised by `prefix_of`)
    endpoint_url: str = ""  # empty for AWS itself
    region: str = ""
    workers: int = 8
    grace: timedelta = timedelta(hours=1)
    website: bool = False  # set the bucket's index and error document (AWS, IONOS, Ceph)
    redirect_objects: bool = True  # x-amz-website-redirect-location on redirect objects

    def key(self, path: str) -> str:
        return self.prefix + path

    @property
    def where(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass
class Summary:
    uploaded: dict[str, list[str]] = field(default_factory=dict)  # phase name -> paths
    unchanged: int = 0
    sent_bytes: int = 0
    deleted: list[str] = field(default_factory=list)
    pending: int = 0  # old files kept for the grace period
    redirects: int = 0
    redirects_with_query: list[str] = field(default_factory=list)
    changed_paths: list[str] = field(default_factory=list)  # overwritten or deleted: for the CDN
    seconds: float = 0.0

    @property
    def uploaded_paths(self) -> list[str]:
        return sorted(p for paths in self.uploaded.values() for p in paths)

    def line(self, where: str) -> str:
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.uploaded.items() if v)
        return (
            f"Published to {where}: {len(self.uploaded_paths)} uploaded"
            f"{f' ({counts})' if counts else ''}, {self.unchanged} unchanged, "
            f"{len(self.deleted)} deleted, {self.pending} kept until a later publish; "
            f"{self.sent_bytes / 1e6:.2f} MB in {self.seconds:.1f} s."
        )


def prefix_of(value: str) -> str:
    """``/blog`` or ``blog/`` -> ``blog/``; empty stays empty."""
    value = value.strip("/")
    return value + "/" if value else ""


def client(target: Target):
    """A boto3 S3 client; credentials come from the standard AWS variables or profile."""
    config = Config(
        retries={"max_attempts": 3, "mode": "standard"},
        max_pool_connections=max(10, target.workers),
        connect_timeout=10,
        read_timeout=60,
        # Path-style addressing works with every S3-compatible service and with a local
        # server on an IP address; AWS itself keeps its default.
        s3={"addressing_style": "path"} if target.endpoint_url else None,
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=target.endpoint_url or None,
        region_name=target.region or None,
        config=config,
    )


def publish(
    site: Path,
    target: Target,
    layout: Layout,
    redirects: Iterable = (),
    base_path: str = "",
    report: Report = print,
    now: datetime | None = None,
) -> Summary:
    """Upload what changed in ``site`` under ``target``, in the order described above.
    ``base_path`` is the path of SITEURL (``/pr-12/`` for a preview): redirect
    locations get it in front. Raises DeployError naming the object on any failure."""
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    s3 = client(target)
    check_bucket(s3, target)
    manifest = read_manifest(s3, target)
    uploads = scan(site, layout)
    summary = Summary()
    if target.redirect_objects:
        objects, summary.redirects_with_query = redirect_uploads(
            redirects, site, uploads, base_path
        )
        uploads.update(objects)
        summary.redirects = len(objects)
    # The manifest is trusted for content, not for presence: an object deleted by hand
    # (or lost) is sent again. One listing request per thousand objects.
    present = {k.removeprefix(target.prefix) for k in list_keys(s3, target)}
    changed = [
        u
        for u in uploads.values()
        if manifest.files.get(u.path) != u.digest or u.path not in present
    ]
    summary.unchanged = len(uploads) - len(changed)
    summary.changed_paths = [u.path for u in changed if u.path in manifest.files]
    report(f"{target.where}: {len(changed)} of {len(uploads)} files to upload.")
    state = Manifest(dict(manifest.files), dict(manifest.pending))
    with Progress(f"Uploading to {target.where}", len(changed), unit="files") as progress:
        for phase in (ASSETS, PAGES, LISTS):
            batch = [u for u in changed if u.phase == phase]
            summary.uploaded[PHASE_NAMES[phase]] = []
            if not batch:
                continue
            report(f"  {PHASE_NAMES[phase]}: uploading {len(batch)}")
            try:
                _upload_phase(s3, target, batch, state, summary, progress, PHASE_NAMES[phase])
            finally:
                _save_progress(s3, target, state)
    if target.website and "404.html" in uploads:
        configure_website(s3, target)
    removal = removals(state, uploads, now, target.grace)
    doomed = removal.now + removal.due
    if doomed:
        report(f"Deleting {len(doomed)} objects that left the build.")
        delete_keys(s3, target, [target.key(p) for p in doomed])
    summary.deleted = doomed
    summary.changed_paths += removal.now
    summary.pending = len(removal.marked)
    final = Manifest({p: u.digest for p, u in sorted(uploads.items())}, removal.marked)
    write_manifest(s3, target, final)
    summary.seconds = time.perf_counter() - started
    return summary


def _upload_phase(
    s3,
    target: Target,
    batch: list[Upload],
    state: Manifest,
    summary: Summary,
    progress: Progress,
    name: str,
) -> None:
    with ThreadPoolExecutor(max_workers=target.workers, thread_name_prefix="s3") as pool:
        futures = {pool.submit(put, s3, target, upload): upload for upload in batch}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                upload = futures[future]
                error = future.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    raise DeployError(
                        f"Upload of {target.key(upload.path)} to {target.bucket} failed: "
                        f"{error}. The site as it was stays readable; run the publish "
                        "again to finish it."
                    ) from error
                state.files[upload.path] = upload.digest
                summary.uploaded[name].append(upload.path)
                summary.sent_bytes += future.result()
                progress.advance()


def put(s3, target: Target, upload: Upload) -> int:
    """Write one object; returns the bytes sent."""
    body = upload.read()
    s3.put_object(
        Bucket=target.bucket,
        Key=target.key(upload.path),
        Body=body,
        Metadata={"sha256": upload.digest},
        **upload.headers,
    )
    return len(body)


def check_bucket(s3, target: Target) -> None:
    try:
        s3.head_bucket(Bucket=target.bucket)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code in {"404", "NoSuchBucket"}:
            raise DeployError(
                f"Bucket {target.bucket!r} does not exist at "
                f"{target.endpoint_url or 'AWS'}: create it first "
                "(docs/publishing.md, 'Object storage')"
            ) from error
        raise DeployError(
            f"Bucket {target.bucket!r} refused access ({code}): check AWS_ACCESS_KEY_ID, "
            "AWS_SECRET_ACCESS_KEY and the key's permissions"
        ) from error
    except BotoCoreError as error:
        raise DeployError(f"Cannot reach {target.where}: {error}") from error


def read_manifest(s3, target: Target) -> Manifest:
    try:
        answer = s3.get_object(Bucket=target.bucket, Key=target.key(MANIFEST_NAME))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            return Manifest()  # a first publish: everything is sent
        raise DeployError(f"Cannot read {target.key(MANIFEST_NAME)}: {error}") from error
    except BotoCoreError as error:
        raise DeployError(f"Cannot reach {target.where}: {error}") from error
    return Manifest.parse(answer["Body"].read())


def write_manifest(s3, target: Target, manifest: Manifest) -> None:
    try:
        s3.put_object(
            Bucket=target.bucket,
            Key=target.key(MANIFEST_NAME),
            Body=manifest.dump(),
            ContentType="application/json",
            CacheControl=CACHE_MANIFEST,
        )
    except AWS_ERRORS as error:
        raise DeployError(f"Cannot write {target.key(MANIFEST_NAME)}: {error}") from error


def _save_progress(s3, target: Target, state: Manifest) -> None:
    """After each phase, and after a failed one: what is up there now (best effort;
    a server that went away takes this write with it and the next run sends more)."""
    try:
        write_manifest(s3, target, state)
    except DeployError as error:
        logger.warning("%s", error)


def configure_website(s3, target: Target) -> None:
    """Index and error document of the bucket's website endpoint; a service without
    the website API (R2, MinIO) answers NotImplemented, which is reported, not fatal."""
    try:
        s3.put_bucket_website(
            Bucket=target.bucket,
            WebsiteConfiguration={
                "IndexDocument": {"Suffix": "index.html"},
                "ErrorDocument": {"Key": target.key("404.html")},
            },
        )
    except ClientError as error:
        logger.warning(
            "The bucket's website configuration was not set (%s); set "
            "PUBLISHING_S3_WEBSITE = False for this provider "
            "(docs/publishing.md, 'Per provider')",
            error,
        )


def delete_keys(s3, target: Target, keys: list[str]) -> None:
    for start in range(0, len(keys), 1000):  # the API's limit per request
        chunk = keys[start : start + 1000]
        try:
            answer = s3.delete_objects(
                Bucket=target.bucket,
                Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True},
            )
        except AWS_ERRORS as error:
            raise DeployError(f"Deleting old objects in {target.where} failed: {error}") from error
        if answer.get("Errors"):
            first = answer["Errors"][0]
            raise DeployError(
                f"Could not delete {first.get('Key')} in {target.bucket}: {first.get('Message')}"
            )


def list_keys(s3, target: Target) -> list[str]:
    """Every key under the prefix."""
    keys: list[str] = []
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=target.bucket, Prefix=target.prefix
        ):
            keys += [item["Key"] for item in page.get("Contents", [])]
    except AWS_ERRORS as error:
        raise DeployError(f"Listing {target.where} failed: {error}") from error
    return keys


def remove_prefix(target: Target, report: Report = print) -> int:
    """Delete every object under the prefix (a closed pull request's preview)."""
    if not target.prefix:
        raise DeployError("Refusing to delete a whole bucket: the prefix is empty")
    s3 = client(target)
    check_bucket(s3, target)
    keys = list_keys(s3, target)
    # The manifest goes last: should this stop midway, a publish still knows the rest.
    keys.sort(key=lambda k: k == target.key(MANIFEST_NAME))
    delete_keys(s3, target, keys)
    report(f"Removed {len(keys)} objects under {target.where}.")
    return len(keys)
