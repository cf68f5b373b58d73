"""Tasks for editors and developers of the Hafenlicht blog: `invoke --list` is the manual.

Each task is a few lines: the work is done in plugins/publishing/ (build, preview, check,
publish, serve, new), plugins/benchmark/ and the plugins' own task modules. Pelican runs
in-process; settings files are read inside the tasks that need them, so a broken
pelicanconf.py never breaks `invoke --list`.

Conventions (docs/tasks.md): every description is one line; `-s, --settings` names the
settings file, pelicanconf.py for development tasks and publishconf.py for production
ones; a refusal is one line with exit code 1 or 2 (publishing/cli.py).
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

from publishing import cli  # noqa: E402 (needs the path above)
from publishing.project import SETTINGS_HELP, Project, Refused  # noqa: E402
from publishing.toolchain import FAST_TESTS, install_test_tools  # noqa: E402

PROJECT = Project(ROOT)
DEBUG_HELP = {"debug": "on a failed build, print the traceback (for plugin developers)"}
DEVELOPMENT = {"settings": SETTINGS_HELP["development"]}
PRODUCTION = {"settings": SETTINGS_HELP["production"]}
PORT_HELP = {"port": "the port to serve at (default 8000)"}

cli.install()  # what escapes a task (a bug, invoke's parse errors) is one line too


def _project(kind: str, settings: str, debug: bool = False) -> Project:
    """The project with the task's `--settings` and `--debug`."""
    project = PROJECT.with_settings(kind, settings)
    return dataclasses.replace(project, debug=True) if debug else project


@task(help={**DEVELOPMENT, **DEBUG_HELP})
@cli.refusing
def build(c, settings="", debug=False):
    """Build the development site into output/ (relative URLs, drafts excluded)."""
    from publishing.build import run_build

    project = _project("development", settings, debug)
    if not run_build(project, project.settings_base, project.output).ok:
        raise Exit(code=1)


@task(help={**PRODUCTION, **DEBUG_HELP})
@cli.refusing
def preview(c, settings="", debug=False):
    """Build the production site with its search index into output/ (replaced on success)."""
    from publishing.preview import build_into_place

    project = _project("production", settings, debug)
    if not build_into_place(project, project.settings_publish, project.output, True):
        raise Exit(code=1)


@task(
    help={
        **PRODUCTION,
        "json": "print the findings as JSON (for machines)",
        "fix": "add the redirects for pages that moved since the last publish",
        **DEBUG_HELP,
    }
)
@cli.refusing
def check(c, settings="", json=False, fix=False, debug=False):
    """Check the content and the built site's links; exit 1 on errors (--json for machines)."""
    from newsroom.findings import as_json, as_text
    from publishing.checks import fix_moved_pages, run_checks

    project = _project("production", settings, debug)
    with tempfile.TemporaryDirectory(prefix="check-") as site:
        result = run_checks(project, Path(site))
    if fix and result.redirects_to_add:  # the rows written, the site is checked with them
        fix_moved_pages(project, result)
        with tempfile.TemporaryDirectory(prefix="check-") as site:
            result = run_checks(project, Path(site))
    print(as_json(result) if json else as_text(result))
    if not result.ok:
        raise Exit(code=1)


@task(
    help={
        **PRODUCTION,
        "target": "dir, rsync, ghpages or s3 (default: PUBLISHING_TARGET in publishconf.py)",
        "allow_dirty": "deploy even with uncommitted or untracked content, theme or plugins",
        "preview": "a pull request's number: build it for PUBLISHING_PREVIEW_URL, upload "
        "it to <PUBLISHING_S3_PREVIEW_PREFIX>pr-N/ (s3 only)",
        **DEBUG_HELP,
    }
)
@cli.refusing
def publish(c, settings="", target="", allow_dirty=False, preview="", debug=False):
    """Build, check, index and deploy the production site; nothing is deployed on a failure."""
    from publishing.publish import publish_site

    number = cli.number(preview, "--preview", 1) if preview else 0
    publish_site(_project("production", settings, debug), target, allow_dirty, number)


@task(help={**PRODUCTION, "number": "the pull request's number"})
@cli.refusing
def remove_preview(c, number, settings=""):
    """Delete the preview of a pull request from object storage (when it is closed)."""
    from publishing.publish import remove_preview as remove

    remove(_project("production", settings), cli.number(number, "The pull request's number", 1))


@task(
    help={
        "articles": "number of synthetic articles (default 1000)",
        "small": "also a small site of this many articles (default 100; 0: none)",
        "json": "also write the figures to this JSON file",
        "runs": "rounds; the table shows medians and spreads (default 3)",
        "load": "busy processes beside every build (e.g. 2: a busy machine)",
        "translated": "percent of the articles that get an English version too (default 0)",
    }
)
@cli.refusing
def bench(c, articles="1000", small="100", json="", runs="3", load="0", translated="0"):
    """Time plain Pelican and our builds (cold, warm, edit, live preview), --load N: busy."""
    from benchmark.session import run_bench

    count = cli.number(articles, "--articles", 1)
    sizes = [count, *([size] if (size := cli.number(small, "--small", 0)) else [])]
    rounds = cli.number(runs, "--runs", 1)
    busy = cli.number(load, "--load", 0)
    share = cli.number(translated, "--translated", 0, 100) / 100
    if json and not Path(json).resolve().parent.is_dir():
        raise Refused(f"--json {json}: its folder does not exist", 2)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        run_bench(ROOT, Path(scratch), sizes, rounds, json, busy, share)


@task
def clean(c):
    """Remove the built site and all build caches."""
    for path in (PROJECT.output, PROJECT.cache):
        shutil.rmtree(path, ignore_errors=True)


@task(help=PORT_HELP)
@cli.refusing
def serve(c, port=str(PROJECT.port)):
    """Serve output/ at http://localhost:8000/ as the web server would (no rebuild)."""
    from publishing.server import serve_site

    serve_site(PROJECT, cli.number(port, "--port", 1, 65535))


@task(help={**DEVELOPMENT, **PORT_HELP, **DEBUG_HELP})
@cli.refusing
def livereload(c, settings="", port=str(PROJECT.port), debug=False):
    """Build and serve at http://localhost:8000/; rebuild and reload the browser on a change."""
    from publishing.server import serve_live

    project = _project("development", settings, debug)
    number = cli.number(port, "--port", 1, 65535)
    serve_live(project, project.settings_base, project.output, number)


@task(
    help={
        "title": "the article's title (with --translation-of: the translated title)",
        "author": "display name of an author profile",
        "category": "the category (one)",
        "folder": "folder below content/ (default: year)",
        "slug": "the URL part (default: made from the title)",
        "lang": "the article's language, e.g. en (default: the site's)",
        "translation-of": "the article or page this draft translates (with --lang)",
    },
)
@cli.refusing
def new(c, title, author="", category="", folder="", slug="", lang="", translation_of=""):
    """Write a draft article (or a translation's) with a complete header; print its path."""
    from publishing.new_article import profile_hint, write_new_article
    from publishing.new_translation import draft_language, translate

    now = datetime.now(ZoneInfo(PROJECT.timezone))
    if translation_of:
        made = translate(PROJECT, translation_of, lang, now, title, slug)
        if made.key_added:
            print(f"{translation_of}: added the line Translation: {made.key}")
        print(PROJECT.shown(made.path))
        return
    own = draft_language(PROJECT, lang)
    path = write_new_article(PROJECT, title, now, author, category, folder, slug, own)
    print(PROJECT.shown(path))
    hint = profile_hint(PROJECT, path)
    if hint:
        print(hint)


@task
@cli.refusing
def test_tools(c):
    """Install the tests' tools beyond pip (npm ci; Debian's Chromium, Java, nginx, PostgreSQL…)."""
    install_test_tools(ROOT, functools.partial(c.run, echo=True))


@task(
    help={
        "fast": "no browser tests, no servers of their own (Litestream, PostgreSQL), no root, "
        "no Debian packages: a test whose tool is missing is skipped and says which",
        "k": "only tests matching this expression (pytest -k)",
    },
)
def test(c, fast=False, k=""):
    """Run the test suite; arguments after -- go to pytest: invoke test -- -x tests/feeds."""
    left_out = ["-m", "not browser and not litestream and not postgres"] if fast else []
    args = ["-n", "auto", *(["-k", k] if k else []), *left_out]
    env = {FAST_TESTS: "1"} if fast else {}
    if not fast:
        test_tools(c)
    extra = c.remainder.strip()
    command = f"{sys.executable} -m pytest {shlex.join(args)}{' ' + extra if extra else ''}"
    c.run(command, echo=True, env=env)


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
        written = subset_font(source, target)
        size, was = target.stat().st_size / 1024, source.stat().st_size / 1024
        kept = "" if written else "; the same font as before, left as it was"
        print(f"{PROJECT.shown(target)}: {size:.1f} KiB (was {was:.1f}){kept}")


@task
def i18n(c):
    """Extract UI texts from the templates and update the translation catalogues."""
    from publishing.catalogs import update_catalogues

    changed = update_catalogues(ROOT)
    print("messages.pot: " + ("updated" if changed else "no message changed, kept as it was"))


# --- The task tree ---------------------------------------------------------------
# Built explicitly so that task collections of plugins (e.g. `invoke comments.list`)
# join the tasks above; each is added with `namespace.add_collection(...)`.
namespace = Collection.from_module(sys.modules[__name__])
namespace.add_collection(import_module("intake.tasks").comments)
namespace.add_task(import_module("wordpress_import.tasks").import_)
namespace.add_task(import_module("wordpress_import.tasks").bench_import)
namespace.add_collection(import_module("mentions.tasks").mentions)
namespace.add_collection(import_module("redirects.tasks").redirects)
namespace.add_collection(import_module("intake.newsletter_tasks").newsletter)
# The commands the tasks run are echoed in bold on a terminal, plainly in a CI log.
if not sys.stdout.isatty():
    namespace.configure({"run": {"echo_format": "{command}"}})
