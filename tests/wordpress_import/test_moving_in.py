"""The import on the defects real exports have (issue 27): empty fields, a crash midway,
long slugs, the menu, what a second run does. Each export is written by the test."""

import contextlib
import io
import itertools
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from conftest import build_site
from newsroom.headers import Kind, check_header, split_source
from newsroom.progress import Progress
from wordpress_import import transaction
from wordpress_import.report import NOT_FOUND
from wordpress_import.run import Options, run
from wxr_exports import SITE, attachment, comment, export, item, meta


def header(project, relative: str, kind: Kind = Kind.ARTICLE) -> dict:
    source = split_source((project.content / relative).read_text(encoding="utf-8"))
    checked = check_header(kind, relative, source, project.content)
    assert checked.errors == (), checked.errors
    return checked.values


def queue_ids(project) -> list[str]:
    if not project.queue.exists():
        return []
    with sqlite3.connect(project.queue) as queue:
        return sorted(row[0] for row in queue.execute("SELECT id FROM comments"))


def test_fields_wordpress_leaves_empty_get_defaults_and_a_line_in_the_report(project, tmp_path):
    path = export(
        tmp_path / "leer.xml",
        item(1, "Ohne Datum", date="", date_gmt="", name="ohne-datum"),
        item(
            2,
            "Nur geändert",
            date="0000-00-00 00:00:00",
            date_gmt="0000-00-00 00:00:00",
            name="nur-geaendert",
            extra="<wp:post_modified>2019-05-01 12:00:00</wp:post_modified>",
        ),
        item(3, "", content="<p>Kurzer Text ohne Titel.</p>", name="", creator=""),
        item(
            4,
            "Mit Kommentaren",
            name="mit-kommentaren",
            extra=comment(41, date="", date_gmt="")
            + comment(42, author="", date="gestern", date_gmt=""),
        ),
    )
    assert project.run(path) == 0
    undated = header(project, "2024/ohne-datum.md")
    assert (undated["date"], undated["status"]) == ("2024-06-10 14:00", "draft")  # the export's
    assert header(project, "2019/nur-geaendert.md")["date"] == "2019-05-01 12:00"
    untitled = header(project, "2019/kurzer-text-ohne-titel.md")
    assert (untitled["title"], untitled["author"]) == ("Kurzer Text ohne Titel.", "Redaktion")
    assert header(project, "authors/redaktion.md", Kind.PROFILE)["name"] == "Redaktion"
    folder = project.content / "comments" / "mit-kommentaren"
    first, second = (folder / "wp-41.md").read_text(), (folder / "wp-42.md").read_text()
    assert "Date: 2019-03-04T10:00+01:00" in first  # dated like its post
    assert second.startswith("Author: Anonym\n")
    report = project.report()
    warnings = report["warnings"] + report["comments"]["warnings"]
    for expected in (
        "post 1 has no date; imported as a draft dated 2024-06-10 14:00",
        "post 2 has no wp:post_date; dated by its last change",
        "post 3 has no title",
        'post 3 names no author; "Author: Redaktion"',
        "comment 41 has no date; dated like its post",
        "comment 42 has an unreadable date; dated like its post",
        'comment 42 has no author; it is "Anonym"',
    ):
        assert any(w.startswith(expected) for w in warnings), (expected, warnings)
    assert all("(line " in w for w in warnings if w.startswith(("post", "comment")))


def test_importing_the_same_export_twice_writes_nothing_the_second_time(project, tmp_path):
    path = export(
        tmp_path / "zweimal.xml",
        item(1, "Eins", extra=comment(11) + comment(12, parent=11) + comment(13, approved="0")),
    )
    assert project.run(path) == 0
    before, ids = project.files(), queue_ids(project)
    assert ids == ["wp-11", "wp-12", "wp-13"]
    assert project.run(path) == 0
    assert project.files() == before and queue_ids(project) == ids
    report = project.report()
    assert report["files"]["written"] == report["files"]["updated"] == 0
    assert report["comments"]["imported before"] == 3 and report["redirects"]["added"] == 0


def test_a_scheduled_post_whose_date_passes_between_two_imports_stays_published(project, tmp_path):
    """The first import wrote a scheduled post (its date still to come), and the site
    published it on that date. Importing the same export again after the date must leave
    its file alone: it made the post a draft, taking a live article offline."""
    # Far enough ahead that the first import, on a loaded host too, runs before the date.
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=8)
    local = due.astimezone(ZoneInfo("Europe/Berlin"))
    path = export(
        tmp_path / "geplant.xml",
        item(
            1,
            "Gleich erscheint er",
            name="gleich",
            status="future",
            date=f"{local:%Y-%m-%d %H:%M:%S}",
            date_gmt=f"{due:%Y-%m-%d %H:%M:%S}",
        ),
    )
    relative = f"content/{local:%Y}/gleich.md"
    assert project.run(path) == 0
    before = project.files()
    assert "Status:" not in before[relative].decode()  # scheduled: shown from its date on
    assert project.report()["counts"]["post"] == {"scheduled": 1}
    time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.5)

    assert project.run(path) == 0
    assert project.files()[relative] == before[relative]
    report = project.report()
    assert report["files"]["updated"] == 0 and report["counts"]["post"] == {"published": 1}
    assert (
        f"post 1 was scheduled for {local:%Y-%m-%d %H:%M}, which has passed; its file from an "
        "earlier import is no draft (the site has shown it since that date), so it stays "
        "published (line 11)"
    ) in report["warnings"]
    # Live now, so its old address leads to it.
    redirects = (project.content / "redirects.csv").read_text(encoding="utf-8")
    assert f"/2019/03/gleich/,/{local:%Y/%m}/gleich/\n" in redirects
    site = build_site(project.root)
    assert site.ok and "Gleich erscheint er" in site.read(f"{local:%Y/%m}/gleich/")


def test_a_failure_while_moving_the_files_leaves_everything_as_it_was(
    project, tmp_path, monkeypatch
):
    first = export(tmp_path / "erst.xml", item(1, "Eins", content="<p>alt</p>", extra=comment(11)))
    assert project.run(first) == 0
    before, ids = project.files(), queue_ids(project)
    bigger = export(
        tmp_path / "mehr.xml",
        item(1, "Eins", content="<p>neu</p>", extra=comment(11)),
        *(item(n, f"Beitrag {n}", extra=comment(n * 10)) for n in range(2, 8)),
    )
    real, calls = transaction._replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 9:
            raise OSError(28, "No space left on device")
        real(source, target)

    with monkeypatch.context() as patch:  # the project fixture's own patches stay
        patch.setattr(transaction, "_replace", failing)
        assert project.run(bigger) == 2
    assert project.message.startswith("Nothing was imported: [Errno 28] No space left on device")
    assert "every file is as it was before" in project.message
    assert project.files() == before and queue_ids(project) == ids
    state = project.root / "var"
    assert not [p for p in state.iterdir() if p.is_dir()]  # no staging folder left
    assert not (state / transaction.JOURNAL).exists()
    assert project.run(bigger) == 0  # and nothing stands in the way of the next run
    assert len(queue_ids(project)) == 7


def test_an_import_killed_while_moving_is_undone_by_the_next_one(project, tmp_path, monkeypatch):
    path = export(
        tmp_path / "a.xml", *(item(n, f"Beitrag {n}", extra=comment(n * 10)) for n in (1, 2, 3))
    )
    real, calls = transaction._replace, []

    def killed(source, target):
        calls.append(target)
        if len(calls) == 4:
            raise KeyboardInterrupt  # the kill: no clean-up runs after it
        real(source, target)

    with monkeypatch.context() as patch, contextlib.suppress(KeyboardInterrupt):
        patch.setattr(transaction, "_replace", killed)
        patch.setattr(transaction, "rollback", lambda journal, remove: None)
        project.run(path)
    assert project.files() != {}  # half moved
    assert project.run(path, dry_run=True) == 0  # even a dry run first takes it back
    assert project.files() == {} and queue_ids(project) == []
    assert project.run(path) == 0
    assert len(project.files()) == 3 + 3 + 1 + 1  # posts, comments, profile, redirects


def test_slugs_up_to_200_characters_stay_and_longer_ones_are_cut(project, tmp_path):
    long, longer = "-".join(["wort"] * 40), "-".join(["text"] * 60)  # 199 and 299 characters
    path = export(
        tmp_path / "lang.xml",
        item(1, "Lang", name=long),
        item(2, "Länger", name=longer),
    )
    assert project.run(path) == 0
    assert header(project, f"2019/{long}.md")["slug"] == long
    cut = [p.stem for p in (project.content / "2019").glob("*.md") if p.stem != long]
    assert len(cut) == 1 and len(cut[0]) <= 200 and longer.startswith(cut[0])
    assert any(
        "has a slug of 299 characters; cut to 200" in w for w in project.report()["warnings"]
    )


MENU = """<wp:term><wp:term_id>50</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>
<wp:term_slug>fusszeile</wp:term_slug><wp:term_name>Fußzeile</wp:term_name></wp:term>
<wp:term><wp:term_id>51</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>
<wp:term_slug>hauptmenue</wp:term_slug><wp:term_name>Hauptmenü</wp:term_name></wp:term>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>pressearbeit</wp:category_nicename>
<wp:cat_name>Pressearbeit</wp:cat_name></wp:category>
"""


def entry(number: int, menu: str, order: int, title: str, kind: str, **fields) -> str:
    metas = "".join(meta(f"_menu_item_{key}", value) for key, value in fields.items())
    return item(
        number,
        title,
        kind="nav_menu_item",
        name=str(number),
        extra=f'<category domain="nav_menu" nicename="{menu}">{menu}</category>'
        + meta("_menu_item_type", kind)
        + metas
        + f"<wp:menu_order>{order}</wp:menu_order>",
    ).replace("<wp:menu_order>0</wp:menu_order>", "")


def test_the_header_menu_comes_from_the_exports_menu(project, tmp_path):
    path = export(
        tmp_path / "menu.xml",
        item(
            1,
            "Ein Beitrag",
            extra='<category domain="category" nicename="pressearbeit">Pressearbeit</category>',
        ),
        item(2, "Über uns", kind="page", name="ueber-uns", link=f"{SITE}/ueber-uns/"),
        item(3, "Entwurf", kind="page", name="entwurf", status="draft"),
        entry(10, "hauptmenue", 1, "Start", "custom", url=f"{SITE}/"),
        entry(11, "hauptmenue", 2, "", "post_type", object="page", object_id="2"),
        entry(12, "hauptmenue", 3, "", "taxonomy", object="category", object_id="7"),
        entry(13, "hauptmenue", 4, "Alter Beitrag", "custom", url=f"{SITE}/2019/03/beitrag-1/"),
        entry(14, "hauptmenue", 5, "Partner", "custom", url="https://partner.example/"),
        entry(
            15,
            "hauptmenue",
            6,
            "Team",
            "post_type",
            object="page",
            object_id="2",
            menu_item_parent="11",
        ),
        entry(16, "hauptmenue", 7, "Entwurf", "post_type", object="page", object_id="3"),
        entry(17, "hauptmenue", 8, "Mehr", "custom", url="#"),
        entry(18, "hauptmenue", 9, "Unsicher", "custom", url="http://unsicher.example/"),
        entry(20, "fusszeile", 1, "Impressum", "custom", url=f"{SITE}/impressum/"),
        head=MENU,
    )
    assert project.run(path) == 0
    assert (project.content / "menu.csv").read_text() == (
        "label,url\n"
        "Start,/\n"
        "Über uns,/ueber-uns/\n"
        "Pressearbeit,/kategorie/pressearbeit/\n"
        "Alter Beitrag,/2019/03/beitrag-1/\n"
        "Partner,https://partner.example/\n"
    )
    lines = project.report()["menu"]["lines"]
    assert lines[0].startswith('"hauptmenue" with 5 entries is content/menu.csv (other menus: ')
    assert 'sub-entry "Team" left out (the header menu is one row)' in lines
    assert 'entry "Entwurf" left out: it points at a draft' in lines
    assert 'entry "Mehr" left out: a placeholder without address' in lines
    assert any(line.startswith('entry "Unsicher" left out: http://') for line in lines)
    # The editors' own menu is theirs: never overwritten, and the report says so.
    (project.content / "menu.csv").write_text("label,url\nStart,/\n", encoding="utf-8")
    project.run(path)
    assert (project.content / "menu.csv").read_text() == "label,url\nStart,/\n"
    assert {"file": "content/menu.csv", "why": "kept: edited since the import"} in project.report()[
        "not_overwritten"
    ]


def test_another_menu_on_request_and_an_unknown_one_named_with_the_choices(project, tmp_path):
    path = export(
        tmp_path / "menu.xml",
        item(2, "Impressum", kind="page", name="impressum", link=f"{SITE}/impressum/"),
        entry(20, "fusszeile", 1, "Impressum", "custom", url=f"{SITE}/impressum/"),
        entry(21, "fusszeile", 2, "Altes Archiv", "custom", url=f"{SITE}/archiv-2009/"),
        entry(22, "hauptmenue", 1, "Start", "custom", url=f"{SITE}/"),
        head=MENU,
    )
    assert project.run(path, menu="fusszeile") == 0
    assert (project.content / "menu.csv").read_text() == "label,url\nImpressum,/impressum/\n"
    assert 'entry "Altes Archiv" left out: ' in " ".join(project.report()["menu"]["lines"])
    assert project.run(path, menu="seitenleiste") == 2
    assert project.message == (
        'Nothing was imported: --menu "seitenleiste" is no menu of the export; '
        "it has: fusszeile, hauptmenue"
    )


def test_progress_in_a_log_and_each_finding_once(project, tmp_path):
    missing = f"{SITE}/wp-content/uploads/2019/03/weg.jpg"
    path = export(
        tmp_path / "einmal.xml",
        item(
            1,
            "Zweimal weg",
            content=f'<p><img src="{missing}" alt="Weg"></p><p><img src="{missing}" alt="W"></p>'
            f'[caption]<img src="{missing}" alt="Weg">Weg[/caption]',
            extra=meta("_thumbnail_id", "9"),
        ),
        attachment(9, missing),
    )
    stream, ticks = io.StringIO(), itertools.count(0, 11)  # every step 11 s later: a line each
    options = Options(
        export=path,
        content=project.content,
        state=project.root / "var",
        progress=partial(Progress, stream=stream, mode="lines", clock=lambda: next(ticks)),
    )
    report = run(options).as_json()
    assert report["missing_pictures"] == [
        {"file": "2019/beitrag-1.md", "url": missing, "reason": NOT_FOUND}
    ]
    lines = stream.getvalue().splitlines()
    assert any(line.startswith("Reading the export: ") and " bytes (" in line for line in lines)
    assert "Converting: 1 of 1 posts and pages (100 %)" in lines
