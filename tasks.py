"""Tasks for editors and developers of the Hafenlicht blog: `invoke --list` is the manual.

Each task is a few lines: the work is done in plugins/publishing/ (build, preview, check,
publish, serve, new), plugins/benchmark/ and the plugins' own task modules. Pelican runs
in-process; settings files are read inside the tasks that need them, so a broken
pelicanconf.py never breaks `invoke --list`.
"""

import dataclasses
import functools
import shlex
import shutil
import sys
import tempfile
from datetime import datetime
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from publishing.project import Project, Refused  # noqa: E402 (needs the path above)
from publishing.toolchain import install_test_tools  # noqa: E402

PROJECT = Project(ROOT)
DEBUG_HELP = {"debug": "on a failed build, print the traceback (for plugin developers)"}


def _project(debug: bool) -> Project:
    return dataclasses.replace(PROJECT, debug=True) if debug else PROJECT


def _exits(function):
    """Turn a refusal of the publishing code into invoke's exit with its message."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Refused as refused:
            raise Exit(str(refused), code=refused.code) from None

    return run


@task(help=DEBUG_HELP)
def build(c, debug=False):
    """Build the development site into output/ (relative URLs, drafts excluded)."""
    from publishing.build import run_build

    if not run_build(_project(debug), PROJECT.settings_base, PROJECT.output).ok:
        raise Exit(code=1)


@task(help=DEBUG_HELP)
def preview(c, debug=False):
    """Build the production site with its search index into output/ (replaced only on success)."""
    from publishing.preview import build_into_place

    if not build_into_place(_project(debug), PROJECT.settings_publish, PROJECT.output, True):
        raise Exit(code=1)


@task(help={"json": "print the findings as JSON (for machines)", **DEBUG_HELP})
def check(c, json=False, debug=False):
    """Editorial checks of content and built links; exit 1 on errors, --json for machines."""
    from publishing.checks import run_checks
    from publishing.findings import as_json, as_text

    with tempfile.TemporaryDirectory(prefix="check-") as site:
        result = run_checks(_project(debug), Path(site))
    print(as_json(result) if json else as_text(result))
    if not result.ok:
        raise Exit(code=1)


@task(
    help={
        "target": "dir, rsync, ghpages or s3 (default: PUBLISHING_TARGET in publishconf.py)",
        "allow_dirty": "deploy even with uncommitted or untracked content, theme or plugins",
        "preview": "a pull request's number: build it for PUBLISHING_PREVIEW_URL, upload "
        "it to <PUBLISHING_S3_PREVIEW_PREFIX>pr-N/ (s3 only)",
        **DEBUG_HELP,
    }
)
@_exits
def publish(c, target="", allow_dirty=False, preview=0, debug=False):
    """Build, check, index and deploy the production site; nothing is deployed on any failure."""
    from publishing.publish import publish_site

    publish_site(_project(debug), target, allow_dirty, int(preview))


@task(help={"number": "the pull request's number"})
@_exits
def remove_preview(c, number):
    """Delete the preview of a pull request from object storage (when it is closed)."""
    from publishing.publish import remove_preview as remove

    remove(PROJECT, int(number))


@task(
    help={
        "articles": "number of synthetic articles (default 1000)",
        "small": "also a small site of this many articles (default 100; 0: none)",
        "json": "also write the figures to this JSON file",
        "runs": "rounds; the table shows medians and spreads (default 3)",
        "load": "busy processes beside every build (e.g. 2: a busy machine)",
    }
)
def bench(c, articles=1000, small=100, json="", runs=3, load=0):
    """Time plain Pelican and our builds (cold, warm, one edit, live preview) on synthetic
    corpora, in alternating rounds; --load 2 does it on a busy machine."""
    from benchmark.session import run_bench

    sizes = [int(articles), *([int(small)] if int(small) else [])]
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        run_bench(ROOT, Path(scratch), sizes, int(runs), json, int(load))


@task
def clean(c):
    """Remove the built site and all build caches."""
    for path in (PROJECT.output, PROJECT.cache):
        shutil.rmtree(path, ignore_errors=True)


@task(help={"port": "the port to serve at (default 8000)"})
def serve(c, port=PROJECT.port):
    """Serve output/ at http://localhost:8000/ (no rebuild; see livereload)."""
    from publishing.server import site_server

    server = site_server(PROJECT.output, PROJECT.host, int(port))
    print(f"Serving {PROJECT.shown(PROJECT.output)} at http://{PROJECT.host}:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(help={"port": "the port to serve at (default 8000)", **DEBUG_HELP})
@_exits
def livereload(c, port=PROJECT.port, debug=False):
    """Build, serve at http://localhost:8000/; on a change the edited article's page
    first, then the whole site, and the browser reloads."""
    from publishing.server import serve_live

    serve_live(_project(debug), PROJECT.settings_base, PROJECT.output, int(port))


@task(
    help={
        "title": "the article's title",
        "author": "display name of an author profile",
        "category": "the category (one)",
        "folder": "folder below content/ (default: year)",
        "slug": "the URL part (default: made from the title)",
    }
)
@_exits
def new(c, title, author="", category="", folder="", slug=""):
    """Write a new draft article with a complete header and today's date; print its path."""
    from publishing.new_article import write_new_article

    now = datetime.now(ZoneInfo(PROJECT.timezone))
    path = write_new_article(PROJECT, title, now, author, category, folder, slug)
    print(PROJECT.shown(path))


@task
@_exits
def test_tools(c):
    """Install what the tests need beyond pip: Nu Html Checker, axe-core, Lighthouse,
    Chromium, Java, nginx with its Brotli module (tests/deploy/)."""
    install_test_tools(ROOT, functools.partial(c.run, echo=True))


@task(
    pre=[test_tools],
    help={"k": "only tests matching this expression", "fast": "skip the browser tests"},
)
def test(c, k="", fast=False):
    """Run the whole test suite (ruff, unit tests, builds, HTML checker, browser)."""
    args = ["-n", "auto", *(["-k", k] if k else []), *(["-m", "not browser"] if fast else [])]
    c.run(f"{sys.executable} -m pytest {shlex.join(args)}", echo=True)


@task(help={"fix": "repair what ruff can repair"})
def lint(c, fix=False):
    """Check (or with --fix, repair) formatting and lint rules with ruff."""
    if fix:
        c.run(f"{sys.executable} -m ruff format .", echo=True)
        c.run(f"{sys.executable} -m ruff check --fix .", echo=True)
    else:
        c.run(f"{sys.executable} -m ruff format --check .", echo=True)
        c.run(f"{sys.executable} -m ruff check .", echo=True)


@task
def lock(c):
    """Update the hash-pinned requirements*.txt from requirements*.in (pip-tools)."""
    compile_ = (
        f"{sys.executable} -m piptools compile -q --generate-hashes --allow-unsafe"
        " --no-emit-index-url --no-emit-find-links"
    )
    c.run(f"{compile_} --strip-extras -o requirements.txt requirements.in", echo=True)
    c.run(f"{compile_} --strip-extras -o requirements-test.txt requirements-test.in", echo=True)


@task
def fonts(c):
    """Subset the web fonts (theme/fonts/web/) to the site's characters (theme/static/fonts/)."""
    from assets.fonts import subset_font

    for source in sorted((ROOT / "theme" / "fonts" / "web").glob("*.woff2")):
        target = ROOT / "theme" / "static" / "fonts" / source.name
        size = subset_font(source, target)
        was = source.stat().st_size / 1024
        print(f"{PROJECT.shown(target)}: {size / 1024:.1f} KiB (was {was:.1f})")


@task
def i18n(c):
    """Extract UI texts from the templates and update the translation catalogues."""
    translations = ROOT / "theme" / "translations"
    babel = f"{sys.executable} -m babel.messages.frontend"
    catalogue = translations / "messages.pot"
    options = f"-F {ROOT / 'babel.cfg'} --no-location --sort-output -o {catalogue}"
    c.run(f"{babel} extract {options} {ROOT}", echo=True)
    c.run(f"{babel} update --no-fuzzy-matching -i {catalogue} -d {translations}", echo=True)


# --- The task tree ---------------------------------------------------------------
# Built explicitly so that task collections of plugins (e.g. `invoke comments.list`)
# join the tasks above; each is added with `namespace.add_collection(...)`.
namespace = Collection.from_module(sys.modules[__name__])
namespace.add_collection(import_module("comments.tasks").comments)
namespace.add_task(import_module("wordpress_import.tasks").import_)
namespace.add_task(import_module("wordpress_import.tasks").bench_import)
namespace.add_collection(import_module("mentions.tasks").mentions)
