"""`invoke import wordpress EXPORT.xml [--uploads DIR] [--fetch] [--dry-run]`, and its figure."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from invoke import Exit, task

from publishing.project import SETTINGS_HELP, Project

ROOT = Path(__file__).resolve().parents[2]
# The project imported into (its settings, with the overrides the tests and the
# benchmark lay over them to import into a temporary folder).
PROJECT = Project(ROOT)


def _settings(settings_file: str) -> dict:
    path = Path(settings_file) if settings_file else PROJECT.settings_base
    return PROJECT.read_settings(path)


def _comments(settings: dict, project: Path) -> tuple[Path | str, str]:
    """The comment queue (its file, or its server's URL) and the comment folder below
    the content folder."""
    from comments.settings import from_environment, from_pelican

    comments = from_environment(base=from_pelican(settings))
    return comments.database_url or project / comments.db_path, comments.path


@task(
    name="import",
    help={
        "kind": "wordpress (the only source so far)",
        "path": "the WordPress export (WXR, Tools → Export → All content)",
        "uploads": "a copy of the old blog's wp-content/uploads folder",
        "fetch": "download pictures, videos and audio that are not in --uploads",
        "dry_run": "read, convert and report; write no content (the report is written)",
        "private": "import private and password-protected posts as drafts",
        "menu": "the slug of the WordPress menu for content/menu.csv (default: chosen)",
        "settings": SETTINGS_HELP["development"],
    },
)
def import_(
    c, kind, path, uploads="", fetch=False, dry_run=False, private=False, menu="", settings=""
):
    """Move a WordPress blog in: posts, pages, authors, pictures, comments, menu, old URLs."""
    from wordpress_import.run import Options, run
    from wordpress_import.transaction import CommitFailed
    from wordpress_import.wxr import ExportError

    if kind != "wordpress":
        raise Exit(f'The source is "{kind}"; expected wordpress', code=2)
    export = Path(path)
    if not export.is_file():
        raise Exit(f"{export}: no such file", code=2)
    if uploads and not Path(uploads).is_dir():
        raise Exit(f"--uploads {uploads}: no such folder", code=2)
    pelican = _settings(settings)
    content = Path(pelican["PATH"])
    project = content.parent
    queue, folder = _comments(pelican, project)
    started = time.perf_counter()
    options = Options(
        export=export,
        content=content,
        state=project / "var",
        timezone=pelican["TIMEZONE"],
        default_category=pelican.get("DEFAULT_CATEGORY", "Allgemein"),
        uploads=Path(uploads) if uploads else None,
        fetch=fetch,
        dry_run=dry_run,
        include_private=private,
        queue=queue,
        comments_folder=folder,
        menu=menu,
        note=lambda message: print(message, file=sys.stderr, flush=True),
    )
    try:
        report = run(options)
    except (ExportError, CommitFailed, ValueError, OSError) as error:
        raise Exit(f"Nothing was imported: {error}", code=2) from None
    print("\n".join(report.lines()))
    data = report.as_json()
    target = project / "var" / "import-wordpress-report.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Report: {target.relative_to(project) if target.is_relative_to(project) else target}")
    counts = data["counts"]
    posts = sum(n for n in counts.get("post", {}).values())
    comments = sum(n for n in data["comments"].values() if isinstance(n, int))
    print(
        f"{posts} posts, {sum(counts.get('page', {}).values())} pages, {counts['author']} authors, "
        f"{counts['picture']} pictures, {comments} comments, "
        f"{data['redirects']['planned']} old URLs in "
        f"{time.perf_counter() - started:.1f} s"
        + (" (dry run: no content written)" if dry_run else "")
        + ("; some things need your attention (see above)" if report.needs_attention else "")
    )
    if report.needs_attention:
        raise Exit(code=1)


@task(
    help={
        "posts": "number of generated posts (default 5000)",
        "comments": "comments per post (default 4; they go into the comment queue)",
    }
)
def bench_import(c, posts=5000, comments=4):
    """Time and peak memory of `invoke import wordpress` on a generated export (--posts N)."""
    n = int(posts)
    import resource
    import subprocess

    from wordpress_import.sample import write_sample

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        root = Path(folder)
        export = root / "export.xml"
        write_sample(export, int(n), comments=int(comments))
        (root / "content").mkdir()
        uploads = _sample_uploads(root / "uploads", n)
        size = export.stat().st_size / 1024 / 1024
        print(
            f"Importing {n} generated posts with {comments} comments each ({size:.1f} MB export) …",
            flush=True,
        )
        script = (
            "import sys; sys.path[:0] = [sys.argv[1] + '/plugins'];"
            "from pathlib import Path; from invoke import Context, Exit;"
            "from publishing.project import Project; from wordpress_import import tasks;"
            "tasks.PROJECT = Project(Path(sys.argv[1]), {'PATH': sys.argv[2] + '/content'});"
            "from wordpress_import.tasks import import_\n"
            "try: import_(Context(), 'wordpress', sys.argv[3], uploads=sys.argv[4])\n"
            "except Exit as e: sys.exit(e.code)"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script, str(ROOT), folder, str(export), str(uploads)],
            env={**os.environ, "COMMENTS_DB_PATH": str(root / "var" / "comments.sqlite3")},
            stdout=subprocess.PIPE,  # the report; its progress goes to the terminal
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode not in (0, 1):
            raise Exit(f"The import failed:\n{done.stdout}", code=1)
        print(done.stdout.strip().splitlines()[-1])
        print(
            f"Import of {n} posts with {comments} comments each: {seconds:.1f} s, "
            f"peak memory {peak:.0f} MiB"
        )


def _sample_uploads(folder: Path, count: int) -> Path:
    """The pictures of the generated export (one small JPEG under every name)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (20, 80, 120)).save(buffer, "JPEG")
    (folder / "2020" / "01").mkdir(parents=True)
    for number in range(1000, 1000 + count):
        (folder / "2020" / "01" / f"bild-{number}.jpg").write_bytes(buffer.getvalue())
    return folder
