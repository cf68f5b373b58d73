"""Tasks for editors and developers of the Hafenlicht blog: `invoke --list` is the manual.

Pelican runs in-process. Settings files are read inside the tasks that need them,
so a broken pelicanconf.py never breaks `invoke --list`.
"""

import os
import shlex
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Collection, Exit, task

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
    ),
    "chromium": Path("/usr/bin/chromium"),
}

sys.path.insert(0, str(ROOT / "plugins"))


def run_build(settings_file: Path, output: Path, **overrides) -> bool:
    """Build the site into ``output``; print the report; True when there was no error."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from newsroom.report import BuildStopped

    init_logging()
    os.chdir(ROOT)  # settings paths are relative to the project
    try:
        settings = read_settings(
            str(settings_file), override={"OUTPUT_PATH": str(output), **overrides}
        )
        Pelican(settings).run()
    except BuildStopped as stopped:
        print(stopped, file=sys.stderr)
        return False
    except Exception as error:  # noqa: BLE001 (any failure is reported, never a traceback)
        print(f"Build failed: {type(error).__name__}: {error}", file=sys.stderr)
        return False
    return True


def build_into_place(settings_file: Path, output: Path, **overrides) -> bool:
    """Build into a fresh folder beside ``output`` and swap it in only on success,
    so a failed build never leaves a half-written site."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f"{output.name}.new-", dir=output.parent))
    if not run_build(settings_file, fresh, DELETE_OUTPUT_DIRECTORY=False, **overrides):
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


def _shown(path: Path) -> str:
    """A path as the editor knows it: relative to the project when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@task
def build(c):
    """Build the development site into output/ (relative URLs, drafts excluded)."""
    if not run_build(CONFIG["settings_base"], CONFIG["output"]):
        raise Exit(code=1)


@task
def preview(c):
    """Build the production site into output/; output/ is replaced only on success."""
    if not build_into_place(CONFIG["settings_publish"], CONFIG["output"]):
        raise Exit(code=1)


@task
def clean(c):
    """Remove the built site and all build caches."""
    for path in (CONFIG["output"], CONFIG["cache"]):
        shutil.rmtree(path, ignore_errors=True)


@task
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://localhost:8000/ (no rebuild; see livereload)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class ReusableServer(RootedHTTPServer):
        allow_reuse_address = True

    server = ReusableServer(
        str(CONFIG["output"]), (CONFIG["host"], int(port)), ComplexHTTPRequestHandler
    )
    print(f"Serving {_shown(CONFIG['output'])} at http://{CONFIG['host']}:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task
def livereload(c, port=CONFIG["port"]):
    """Build, serve at http://localhost:8000/ and rebuild + reload on every change."""
    from livereload import Server

    def rebuild():
        # A failing build keeps the server running and shows the report.
        run_build(CONFIG["settings_base"], CONFIG["output"])

    rebuild()
    server = Server()
    for pattern in (
        "pelicanconf.py",
        "content/**/*",
        "theme/templates/**/*.html",
        "theme/static/**/*",
        "theme/translations/**/*.po",
        "plugins/**/*.py",
    ):
        server.watch(str(ROOT / pattern), rebuild)
    server.serve(host=CONFIG["host"], port=int(port), root=str(CONFIG["output"]))


NEW_ARTICLE = """\
Title: {title}
Date: {date}
Author: {author}
Category: {category}
Tags:
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
        "category": "the category",
        "folder": "folder below content/ (default: year)",
    }
)
def new(c, title, author="", category="", folder=""):
    """Write a new draft article with a complete header and today's date; print its path."""
    from newsroom.slugs import slugify_german

    now = datetime.now(ZoneInfo(CONFIG["timezone"]))
    slug = slugify_german(title)
    if not slug:
        raise Exit(f'The title "{title}" gives no usable slug; use letters or digits.', code=2)
    target = CONFIG["content"] / (folder or str(now.year)) / f"{slug}.md"
    if target.exists():
        raise Exit(f"{_shown(target)} exists already; choose another title.", code=2)
    author = author or _git_user_name() or "Redaktion"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        NEW_ARTICLE.format(
            title=title,
            date=now.strftime("%Y-%m-%d %H:%M"),
            author=author,
            category=category or "Allgemein",
        ),
        encoding="utf-8",
    )
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
    """Install what the tests need beyond pip: Nu Html Checker, axe-core, Chromium, Java."""
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
        )
        if not shutil.which(binary)
    ]
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
