"""What the invoke tasks editors use do (publishing/new_article.py, server.py, build.py),
run in-process against tmp folders, and how the command line behaves (publishing/cli.py):
one-line descriptions, the same flags everywhere, refusals in one line."""

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from invoke import Collection, Task

from conftest import ROOT, build_site, copy_fixture
from newsroom.headers import Kind, check_header, split_source
from publishing.build import run_build
from publishing.new_article import write_new_article
from publishing.project import SETTINGS_HELP, Project, Refused
from publishing.server import serve_site, site_server
from site_project import site_project


@pytest.fixture
def project(tmp_path):
    copy_fixture("basic", tmp_path)
    return tmp_path


def new(project_root, title: str, **options) -> None:
    """`invoke new TITLE …` in ``project_root``: write the draft, print its path."""
    blog = Project(project_root)
    path = write_new_article(blog, title, datetime.now(ZoneInfo(blog.timezone)), **options)
    print(blog.shown(path))


def test_new_writes_a_complete_draft_and_prints_its_path(project, capsys):
    new(project, "Größer denken: Ein Ausblick", author="Jana Albers", category="Social Media")
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    path = project / "content" / str(year) / "groesser-denken-ein-ausblick.md"
    assert capsys.readouterr().out.strip().endswith(f"{year}/groesser-denken-ein-ausblick.md")

    source = split_source(path.read_text(encoding="utf-8"))
    keys = [line.key for line in source.header]
    assert keys == [
        "Title",
        "Date",
        "Author",
        "Category",
        "Tags",
        "Summary",
        "Image",
        "Type",
        "Comments",
        "Status",
    ]
    header = check_header(Kind.ARTICLE, "new.md", source, project / "content")
    assert header.errors == ()
    assert header.values["status"] == "draft"
    assert header.values["date"].startswith(
        datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d")
    )

    site = build_site(project)
    assert site.ok
    assert "Größer denken" not in site.read("")


def test_new_refuses_to_overwrite(project):
    new(project, "Doppelt", author="Jana Albers")
    with pytest.raises(Refused, match="exists already"):
        new(project, "Doppelt", author="Jana Albers")


def test_new_refuses_a_title_without_letters(project):
    with pytest.raises(Refused, match="no usable slug"):
        new(project, "???")


def test_new_refuses_a_title_whose_slug_an_article_has_already(project):
    # The README's own example: the 2024 article of the basic site has this title.
    with pytest.raises(Refused) as refused:
        new(project, "Zu wem gehört der Firmen-Account?", author="Jana Albers")
    assert "content/2024/zu-wem-gehoert.md" in str(refused.value)
    assert "--slug zu-wem-gehoert-der-firmen-account-2" in str(refused.value)
    assert not list((project / "content").glob("20[3-9]*/zu-wem*.md"))
    year = datetime.now(ZoneInfo("Europe/Berlin")).year
    assert not (project / "content" / str(year) / "zu-wem-gehoert-der-firmen-account.md").exists()

    new(
        project,
        "Zu wem gehört der Firmen-Account?",
        author="Jana Albers",
        slug="zu-wem-gehoert-der-firmen-account-2",
    )
    path = project / "content" / str(year) / "zu-wem-gehoert-der-firmen-account-2.md"
    assert "Slug: zu-wem-gehoert-der-firmen-account-2\n" in path.read_text("utf-8")
    assert build_site(project).ok


def test_new_refuses_several_categories(project):
    with pytest.raises(Refused, match="one category"):
        new(project, "Neu", author="Jana Albers", category="Social Media, Recht")


def test_serve_answers_a_missing_page_with_the_404_page_and_serves_the_favicon(project):
    import threading
    import urllib.error
    import urllib.request

    site = build_site(project)
    assert site.ok
    server = site_server(site.output, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/gibt-es-nicht/", timeout=10)
        assert missing.value.code == 404
        assert "Diese Seite gibt es nicht (mehr)" in missing.value.read().decode("utf-8")
        with urllib.request.urlopen(f"{base}/favicon.ico", timeout=10) as icon:
            assert icon.status == 200
            assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO signature
        with urllib.request.urlopen(f"{base}/impressum/", timeout=10) as page:
            assert "Impressum" in page.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_a_build_ends_with_one_line_per_long_step(tmp_path, capfd):
    copy_fixture("basic", tmp_path)
    blog = site_project(tmp_path)
    assert run_build(blog, blog.settings_publish, tmp_path / "first").ok
    first = capfd.readouterr().out
    assert run_build(blog, blog.settings_publish, tmp_path / "second").ok
    second = capfd.readouterr().out
    cards = [line for line in first.splitlines() if line.startswith("Social cards: ")]
    assert (
        len(cards) == 1
        and cards[0].startswith("Social cards: ")
        and " rendered, 0 from cache" in cards[0]
    )
    drawn = int(cards[0].split()[2])
    assert drawn > 0
    assert f"Social cards: 0 rendered, {drawn} from cache" in second
    assert any(
        line.startswith("Feeds: ") and "files written" in line for line in second.splitlines()
    )


# --- The command line: what `invoke …` says and how it ends ------------------------------

INVOKE = Path(sys.executable).parent / "invoke"


def invoke(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT):
    """`invoke ARGS` as an editor runs it, in a pipe (not a terminal)."""
    return subprocess.run(
        [str(INVOKE), *args],
        cwd=cwd,
        env={**os.environ, "INVOKE_DEBUG": "", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["build", "--settings", "nope.py"], 2, "--settings nope.py: no such file"),
        (["preview", "-s", "nope.py"], 2, "(a settings file such as publishconf.py)"),
        (["check", "--settings", "nope.py"], 2, "--settings nope.py: no such file"),
        (["livereload", "--settings", "nope.py"], 2, "such as pelicanconf.py"),
        (["livereload", "--port", "abc"], 2, "--port is 'abc'; expected a whole number"),
        (["serve", "--port", "70000"], 2, "from 1 to 65535"),
        (["publish", "--target", "nonsense"], 2, "expected one of dir, rsync, ghpages, s3"),
        (["publish", "--preview", "abc"], 2, "--preview is 'abc'; expected a whole number"),
        (
            ["publish", "--allow-dirty", "--target", "dir", "--preview", "3"],
            2,
            "--preview publishes to object storage",
        ),
        (["publish", "-s", "nope.py"], 2, "--settings nope.py: no such file"),
        (["remove-preview", "abc"], 2, "number is 'abc'; expected a whole number"),
        (["remove-preview", "-s", "nope.py", "3"], 2, "no such file"),
        (["bench", "--articles", "abc"], 2, "--articles is 'abc'"),
        (["bench", "--runs", "0"], 2, "--runs is '0'; expected a whole number of at least 1"),
        (["bench", "--json", "/gibt/es/nicht/x.json"], 2, "its folder does not exist"),
        (["new", "???"], 2, "gives no usable slug"),
        (["new", "--help"], 2, "no title; the options of the task: invoke --help new"),
        (["new", "Titel", "--folder", "../anderswo"], 2, "expected a folder below content/"),
        (["new", "Titel", "--category", "A, B"], 2, "one category"),
        (["import", "nonsense", "x.xml"], 2, 'The source is "nonsense"'),
        (["import", "wordpress", "gibt-es-nicht.xml"], 2, "no such file"),
        (["bench-import", "--posts", "abc"], 1, "--posts is 'abc'; expected a whole number"),
        (["comments.serve", "--port", "abc"], 1, "--port is 'abc'; expected a whole number"),
        (["comments.export", "--format", "xml"], 2, '--format is "xml"; expected csv or json'),
        (["comments.import", "nonsense", "x.xml"], 2, "expected wordpress or disqus"),
        (["comments.show", "999999"], 2, "There is no comment 999999"),
        (["mentions.send", "--site", "/gibt/es/nicht"], 2, "holds no built site"),
    ],
)
def test_a_wrong_option_value_is_refused_in_one_line(tmp_path, args, code, says):
    queue = tmp_path / "queue.sqlite3"
    if args[0] == "comments.show":  # an id looked for in a queue that is there
        from comments.settings import CommentsSettings
        from intake.store import Database

        Database.of(CommentsSettings(db_path=str(queue))).close()
    done = invoke(*args, env={"COMMENTS_DB_PATH": str(queue)})
    said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == code, said
    assert "Traceback" not in done.stderr
    assert len(said) == 1 and says in said[0], said


def test_mentions_are_not_sent_from_a_site_built_for_another_address(tmp_path):
    # `SITEURL=http://localhost:8000 invoke preview` then `invoke mentions.send`: the
    # site's own pages would look like other sites, and every one would be recorded as a
    # failure at the target.
    site = tmp_path / "site"
    (site / "kommentare").mkdir(parents=True)
    (site / "kommentare" / "artikel.json").write_text("{}")
    (site / "index.html").write_text('<link rel="canonical" href="http://localhost:8000/">')
    done = invoke("mentions.send", "--site", str(site), env={"MENTIONS_SEND": "1"})
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{site} was built for http://localhost:8000, not for https://" in done.stderr


def test_serve_without_a_built_site_says_what_to_run(tmp_path):
    with pytest.raises(Refused) as refused:
        serve_site(Project(tmp_path), 0)
    assert "holds no built site: run `invoke build`" in str(refused.value)
    assert "`invoke livereload`" in str(refused.value)


def test_a_bug_in_a_task_is_one_line_with_where_it_happened_and_exit_1(tmp_path):
    tasks = tmp_path / "tasks.py"
    tasks.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
        "from invoke import task\n"
        "from publishing import cli\n"
        "cli.install()\n\n"
        "@task\n"
        "def broken(c):\n"
        "    {}['missing']\n",
        encoding="utf-8",
    )
    done = invoke("broken", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Failed: KeyError: 'missing' (in tasks.py:9); INVOKE_DEBUG=1 shows the traceback"
    ]
    shown = invoke("broken", cwd=tmp_path, env={"INVOKE_DEBUG": "1"})
    assert "Traceback" in shown.stderr


def all_tasks() -> dict[str, Task]:
    """Every task of `invoke --list`, by its dotted name."""
    import tasks

    found: dict[str, Task] = {}

    def walk(collection: Collection, prefix: str) -> None:
        for name, task in collection.tasks.items():
            found[prefix + name] = task
        for name, child in collection.collections.items():
            walk(child, f"{prefix}{name}.")

    walk(tasks.namespace, "")
    return found


def pending(name: str, reason: str):
    """A task whose module another change rewrites (plugins/comments and plugins/mentions
    move in #29): strict, so that the mark goes once the module follows the rule."""
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


LIST_PENDING: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pending(name, LIST_PENDING[name]) if name in LIST_PENDING else name
        for name in sorted(all_tasks())
    ],
)
def test_every_task_has_a_one_line_description_in_invoke_list(name):
    doc = all_tasks()[name].__doc__ or ""
    first = doc.strip().split("\n\n")[0]
    assert first and "\n" not in first, f"{name}: {first!r}"
    assert first.endswith((".", ")")), first
    assert len(first) <= 100, f"{name}: {len(first)} characters"


PRODUCTION_TASKS = {"preview", "check", "publish", "remove-preview", "mentions.send"}
FLAG_PENDING: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pending(name, FLAG_PENDING[name]) if name in FLAG_PENDING else name
        for name, task in sorted(all_tasks().items())
        if "settings" in task.argspec(task.body).parameters
    ],
)
def test_settings_is_s_with_one_default_per_kind_of_task(name):
    task = all_tasks()[name]
    argument = next(a for a in task.get_arguments() if a.name == "settings")
    assert sorted(argument.names) == ["s", "settings"]
    kind = "production" if name in PRODUCTION_TASKS else "development"
    assert argument.help == SETTINGS_HELP[kind]


def test_the_tasks_that_read_settings_take_settings():
    readers = {"build", "preview", "check", "publish", "remove-preview", "livereload"}
    for name in readers:
        task = all_tasks()[name]
        assert "settings" in task.argspec(task.body).parameters, name


def test_a_production_task_reads_the_settings_file_it_is_given(tmp_path):
    copy_fixture("basic", tmp_path)
    other = tmp_path / "staging.py"
    other.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
        "SITEURL = 'https://staging.blog.example'\n",
        encoding="utf-8",
    )
    blog = site_project(tmp_path).with_settings("production", str(other))
    assert blog.settings_publish == other
    assert blog.read_settings(blog.settings_publish)["SITEURL"] == "https://staging.blog.example"
    assert site_project(tmp_path).with_settings("production", "").settings_publish == (
        ROOT / "publishconf.py"
    )


def test_invoke_test_fast_leaves_out_the_postgresql_tests():
    done = invoke("test", "--fast", "--", "--co", "-q", "-n", "0", "tests/intake/test_store.py")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    collected = [line for line in done.stdout.splitlines() if "::" in line]
    assert any(line.endswith("[sqlite]") for line in collected)
    assert not any(line.endswith("[postgresql]") for line in collected)
    assert not any("test_on_a_server_times_are_timestamps" in line for line in collected)


def test_invoke_test_passes_what_follows_the_double_dash_to_pytest():
    done = invoke("test", "--fast", "--", "--co", "-q", "-n", "0", "tests/newsroom/test_slugs.py")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # The command line is echoed as it ran (plainly: this is no terminal), then pytest
    # lists the tests of that one file.
    assert (
        "pytest -n auto -m 'not browser and not litestream and not postgres' --co -q -n 0 "
        "tests/newsroom/test_slugs.py\n"
    ) in done.stdout
    assert "\x1b[" not in done.stdout
    collected = [line for line in done.stdout.splitlines() if "::" in line]
    assert collected and all(
        line.startswith("tests/newsroom/test_slugs.py::") for line in collected
    )


# --- Tasks that regenerate committed files: nothing changes when nothing changed -------


def git(checkout: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=checkout, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A clean git checkout of what `invoke fonts` and `invoke i18n` read and write: the
    tasks, the plugins, the theme and babel.cfg as they are in this working tree (new
    files not yet committed included)."""
    tracked = git(
        ROOT,
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
        "tasks.py",
        "babel.cfg",
        "plugins",
        "theme",
    )
    copy = tmp_path / "checkout"
    for name in filter(None, tracked.split("\0")):
        if (ROOT / name).is_file():  # a file deleted but not yet committed is left out
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    git(copy, "init", "--quiet")
    git(copy, "add", "--all")
    git(copy, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-qm", "x")
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fonts", "i18n"])
def test_regenerating_on_an_unchanged_checkout_changes_no_file(checkout, name):
    done = invoke(name, cwd=checkout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert git(checkout, "status", "--porcelain") == ""


@pytest.mark.slow
def test_fonts_writes_the_same_bytes_every_time_it_subsets(checkout):
    subset = checkout / "theme" / "static" / "fonts" / "inter-regular.woff2"
    committed = subset.read_bytes()
    made = []
    for _run in range(2):
        subset.unlink()  # written anew, not left as it was
        done = invoke("fonts", cwd=checkout)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        made.append(subset.read_bytes())
    assert made[0] == made[1]
    from assets.fonts import same_font

    assert same_font(made[0], committed)


@pytest.mark.slow
def test_i18n_updates_the_catalogues_when_a_message_changed(checkout):
    template = checkout / "theme" / "translations" / "messages.pot"
    catalogue = checkout / "theme" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    footer = checkout / "theme" / "templates" / "partials" / "site_footer.html"
    footer.write_text(footer.read_text("utf-8") + '{{ _("A brand-new text") }}\n', "utf-8")
    done = invoke("i18n", cwd=checkout)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert 'msgid "A brand-new text"' in template.read_text("utf-8")
    assert 'msgid "A brand-new text"' in catalogue.read_text("utf-8")
    assert "messages.pot: updated" in done.stdout
