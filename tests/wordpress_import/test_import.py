"""`invoke import wordpress` on the fixture blog: every rule of the issue, file by file."""

import re
import sqlite3
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import free_port
from newsroom.headers import Kind, check_header, split_source
from wordpress_import.sample import write_sample

BLOG = Path(__file__).resolve().parent / "fixtures" / "blog.xml"
POST = "content/2019/pressearbeit-im-wandel.md"


def header(project, relative: str, kind: Kind = Kind.ARTICLE) -> dict:
    source = split_source((project.root / relative).read_text(encoding="utf-8"))
    checked = check_header(kind, relative, source, project.content)
    assert checked.errors == ()
    return checked.values


def test_a_post_follows_the_content_contract(project, uploads):
    assert project.run(uploads=str(uploads)) == 1
    values = header(project, POST)
    assert values["title"] == "Pressearbeit im Wandel & was bleibt"  # HTML gone, entity decoded
    assert values["date"] == "2019-03-04 10:00"  # 09:00 UTC in Berlin
    assert values["modified"] == "2019-05-01 12:00"
    assert values["author"] == "Jana Albers"
    # Five categories: Yoast's primary one stays, the other four become tags.
    assert values["category"] == "Pressearbeit"
    assert values["tags"] == [
        "Medien",
        "Social Media",
        "LinkedIn",
        "Krisen Kommunikation",
        "Intern",
    ]
    assert values["summary"] == "Was sich in der Pressearbeit ändert und was bleibt."
    assert values["image"] == "images/2019/03/hafen.jpg"
    assert "status" not in values
    choice = project.report()["category_choices"][0]
    assert choice == {
        "file": "2019/pressearbeit-im-wandel.md",
        "category": "Pressearbeit",
        "as_tags": ["Social Media", "LinkedIn", "Krisen Kommunikation", "Intern"],
    }
    assert project.report()["sticky"] == ["2019/pressearbeit-im-wandel.md"]


def test_statuses(project):
    assert project.run() == 1
    assert header(project, "content/2019/ein-entwurf.md")["status"] == "draft"
    assert header(project, "content/2019/zur-pruefung.md")["status"] == "draft"
    scheduled = header(project, "content/2099/geplant-fuer-spaeter.md")
    assert scheduled["date"] == "2099-01-01 10:00" and "status" not in scheduled
    files = project.files()
    assert not any("kunden" in name or "privat" in name or "geloescht" in name for name in files)
    skipped = {s["id"]: s for s in project.report()["skipped"]}
    assert skipped[18]["reason"].startswith("password-protected") and skipped[18]["needs_attention"]
    assert skipped[19]["reason"].startswith("private") and skipped[19]["needs_attention"]
    assert skipped[30]["reason"] == "in the trash" and not skipped[30]["needs_attention"]
    assert skipped[51]["type"] == "product" and skipped[51]["needs_attention"]
    assert project.report()["counts"]["internal items skipped"] == 1  # the menu item


def test_private_and_password_protected_posts_come_along_as_drafts_on_request(project):
    project.run(private=True)
    assert header(project, "content/2019/nur-fuer-kunden.md")["status"] == "draft"
    assert header(project, "content/2019/privat.md")["status"] == "draft"


def test_slugs_from_greek_umlauts_and_empty_titles(project):
    project.run()
    assert header(project, "content/2019/kalemera.md")["title"] == "Καλημέρα από τη Θεσσαλονίκη"
    assert header(project, "content/2019/groesser-denken.md")["slug"] == "groesser-denken"
    made = header(project, "content/2019/kurz-notiert-die-messe-beginnt-am-montag-und.md")
    assert made["title"] == "Kurz notiert: Die Messe beginnt am Montag, und …"
    assert any("post 14 has no title" in w for w in project.report()["warnings"])
    # Without category (Uncategorized) a post is in the site's default category.
    assert header(project, "content/2019/kalemera.md")["category"] == "Allgemein"


def test_pages_keep_their_path_and_our_legal_pages_their_slug(project):
    project.run()
    team = header(project, "content/pages/about/team.md", Kind.PAGE)
    assert team["parent"] == "about" and team["slug"] == "team"
    assert header(project, "content/pages/datenschutz.md", Kind.PAGE)["title"] == "Datenschutz"
    assert (
        (project.content / "pages" / "impressum.md")
        .read_text()
        .endswith("Hafenlicht Kommunikation GmbH  \nAm Kai 1  \n20457 Hamburg\n")
    )


def test_authors_with_posts_get_profiles(project):
    project.run()
    jana = header(project, "content/authors/jana-albers.md", Kind.PROFILE)
    assert jana == {
        "name": "Jana Albers",
        "website": "https://jana.example.org",
        "x": "@jana_albers",
    }
    assert (
        (project.content / "authors" / "jana-albers.md")
        .read_text()
        .endswith("\n\nJana berät Unternehmen in der Pressearbeit.\n")
    )
    assert header(project, "content/authors/nikos-papadopoulos.md", Kind.PROFILE)
    assert sorted(p.name for p in (project.content / "authors").iterdir()) == [
        "jana-albers.md",
        "nikos-papadopoulos.md",
    ]  # "Nie Geschrieben" wrote nothing
    co_written = header(project, "content/2019/linkedin-fuer-agenturen.md")
    assert co_written["authors"] == ["Jana Albers", "Νίκος Παπαδόπουλος"]


def test_pictures_are_copied_largest_first_and_missing_ones_reported(project, uploads):
    project.run(uploads=str(uploads))
    images = sorted(
        p.relative_to(project.content).as_posix() for p in project.content.rglob("*.*g")
    )
    assert images == [
        "images/2019/03/buero.jpg",
        "images/2019/03/hafen.jpg",
        "images/2019/03/team.png",
    ]
    text = (project.root / POST).read_text()
    assert "({static}/images/2019/03/hafen.jpg" in text
    missing = "https://alt.hafenlicht.example/wp-content/uploads/2019/03/fehlt.jpg"
    assert f"[Bild: Ein Bild, das fehlt]({missing})" in text
    assert project.report()["missing_pictures"] == [
        {
            "file": "2019/pressearbeit-im-wandel.md",
            "url": missing,
            "reason": "not found (give --uploads DIR or --fetch)",
        }
    ]


def test_comments_come_along_threads_pingbacks_queue_and_spam(project):
    project.run()
    folder = project.content / "comments" / "pressearbeit-im-wandel"
    assert sorted(p.name for p in folder.iterdir()) == ["wp-101.md", "wp-102.md", "wp-103.md"]
    assert "Reply-To: wp-101" in (folder / "wp-102.md").read_text()
    assert "Kind: pingback" in (folder / "wp-103.md").read_text()
    assert not any(b"@example.org" in data for data in project.files().values())
    with sqlite3.connect(project.queue) as queue:
        rows = queue.execute("SELECT id, state FROM comments WHERE id IN ('wp-104', 'wp-105')")
        states = dict(rows)
    assert states == {"wp-104": "pending", "wp-105": "spam"}
    with sqlite3.connect(project.queue) as queue:
        assert queue.execute("SELECT count(*) FROM comments WHERE id = 'wp-106'").fetchone() == (0,)
    comments = project.report()["comments"]  # the trashed one is left out, and counted
    assert (comments["approved"], comments["left out (in the trash)"]) == (3, 1)
    assert b"Papierkorb" not in b"".join(project.files().values())


def test_the_report_lists_shortcodes_and_url_map_and_the_exit_status_says_so(project, capsys):
    assert project.run() == 1
    report = project.report()
    assert report["unknown_shortcodes"] == {"contact-form-7": ["2019/pressearbeit-im-wandel.md"]}
    assert report["counts"]["post"] == {"draft": 2, "published": 5, "scheduled": 1, "skipped": 3}
    assert report["counts"]["page"] == {"published": 4}
    assert report["redirects"]["planned"] == report["redirects"]["added"] > 40
    assert report["needs_attention"] is True
    out = capsys.readouterr().out
    assert "unknown shortcode [contact-form-7]" in out and "some things need your attention" in out


def test_importing_twice_changes_nothing(project, uploads):
    project.run(uploads=str(uploads))
    before = project.files()
    project.run(uploads=str(uploads))
    assert project.files() == before
    assert project.report()["files"] == {"written": 0, "updated": 0, "unchanged": 20}
    assert project.report()["redirects"]["added"] == 0


def test_an_edited_file_is_never_overwritten(project, tmp_path):
    project.run()
    edited = project.root / POST
    edited.write_text(edited.read_text().replace("Deshalb zählt", "Darum zählt"))
    changed = tmp_path / "changed.xml"
    changed.write_text(
        BLOG.read_text()
        .replace("Die Stadt am Meer.", "Die Stadt am Meer, neu.")
        .replace("Deshalb zählt der erste Satz.", "Der erste Satz zählt."),
        encoding="utf-8",
    )
    project.run(changed)
    assert "Darum zählt" in edited.read_text()
    assert "neu." in (project.content / "2019" / "kalemera.md").read_text()  # not edited: updated
    report = project.report()
    assert report["not_overwritten"] == [{"file": POST, "why": "kept: edited since the import"}]
    assert report["files"]["updated"] == 1


def test_an_export_with_new_posts_adds_only_those(project, tmp_path):
    smaller = tmp_path / "older.xml"
    text = BLOG.read_text()
    start = text.index("\t<item>\n\t\t<title><![CDATA[Größer denken")
    end = text.index("</item>", start) + len("</item>")
    smaller.write_text(text[:start] + text[end:], encoding="utf-8")
    project.run(smaller)
    before = project.files()
    assert "content/2019/groesser-denken.md" not in before
    project.run()
    after = project.files()
    assert {k for k in after if k not in before} == {"content/2019/groesser-denken.md"} | {
        "content/redirects.csv"
    } - set(before)
    assert all(after[k] == v for k, v in before.items() if k != "content/redirects.csv")


def test_a_dry_run_writes_no_content_but_its_whole_report(project, capsys):
    # Changed on purpose (issue 27): the dry run keeps its JSON report, which its last
    # lines point to, and writes nothing else.
    assert project.run(dry_run=True) == 1
    assert project.files() == {}
    assert sorted(p.name for p in (project.root / "var").iterdir()) == [
        "import-wordpress-report.json"
    ]
    out = capsys.readouterr().out
    assert "Would import (dry run, no content written)" in out
    assert "Report: var/import-wordpress-report.json" in out
    report = project.report()
    assert report["dry_run"] is True and report["counts"]["post"]["published"] == 5
    assert any(m["url"].endswith("/fehlt.jpg") for m in report["missing_pictures"])


def test_wxr_1_1_reads_the_same(project, tmp_path):
    old = tmp_path / "old.xml"
    old.write_text(BLOG.read_text().replace("export/1.2/", "export/1.1/"), encoding="utf-8")
    project.run(old)
    assert header(project, POST)["category"] == "Pressearbeit"
    assert len(list(project.content.rglob("*.md"))) > 15


def test_a_broken_export_writes_nothing(project, tmp_path):
    broken = tmp_path / "broken.xml"
    text = BLOG.read_text()
    broken.write_text(text[: len(text) - 200], encoding="utf-8")
    assert project.run(broken) == 2
    assert project.files() == {}
    assert project.message.startswith(f"Nothing was imported: {broken}:")
    assert "not readable as XML" in project.message


@pytest.mark.parametrize(
    ("version", "where", "what"),
    [
        # missing-version-tag.xml and invalid-version-tag.xml of WordPress's importer tests
        (None, "", 'no "wp:wxr_version" in the channel; expected the WXR version number'),
        ("abc", ":13", '"wp:wxr_version" is "abc"; expected a version number of digits, a dot'),
        ("1.2beta", ":13", '"wp:wxr_version" is "1.2beta"; expected a version number'),
        ("", ":13", '"wp:wxr_version" is ""; expected a version number'),
    ],
)
def test_an_export_without_a_wxr_version_number_is_refused_as_wordpress_refuses_it(
    project, tmp_path, version, where, what
):
    refused = tmp_path / "refused.xml"
    tag = "<wp:wxr_version>1.2</wp:wxr_version>"
    given = "" if version is None else f"<wp:wxr_version>{version}</wp:wxr_version>"
    assert BLOG.read_text().count(tag) == 1
    refused.write_text(BLOG.read_text().replace(tag, given), encoding="utf-8")
    assert project.run(refused) == 2
    assert project.message.startswith(f"Nothing was imported: {refused}{where}: {what}")
    assert project.message.endswith(
        '(WordPress\'s importer refuses the file too: "This does not appear to be a WXR file")'
    )
    assert project.files() == {}
    assert not project.queue.exists()


def test_a_wxr_version_number_newer_than_known_is_read_and_noted(project, tmp_path):
    """WordPress imports a newer version with a warning ("may not be supported"); so do we,
    whether only the number or the namespace too is the newer one."""
    newer = tmp_path / "newer.xml"
    newer.write_text(
        BLOG.read_text()
        .replace("<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>\n 1.3 </wp:wxr_version>")
        .replace("export/1.2/", "export/1.3/"),
        encoding="utf-8",
    )
    assert project.run(newer) == 1  # the fixture blog has things to report
    assert header(project, POST)["category"] == "Pressearbeit"
    assert (
        "line 13: the export is of WXR version 1.3, newer than the 1.2 the import knows; "
        "read like 1.2, as WordPress's importer does"
    ) in project.report()["read_anyway"]


def test_a_broken_redirect_table_stops_the_import_before_anything_is_written(project):
    (project.content / "redirects.csv").write_text("old,new\n/a/,b\n", encoding="utf-8")
    assert project.run() == 2
    assert project.message.endswith(
        'redirects.csv:2: "new" is "b"; expected a site path starting with "/", '
        "such as /2019/03/mein-beitrag/"
    )
    assert list(project.files()) == ["content/redirects.csv"]


class _Flaky(SimpleHTTPRequestHandler):
    """The old blog's uploads; hafen.jpg answers 503 once, then works."""

    failed: ClassVar[set[str]] = set()

    def do_GET(self):
        if self.path.endswith("/hafen.jpg") and self.path not in self.failed:
            self.failed.add(self.path)
            self.send_error(503)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def test_fetch_downloads_pictures_with_retries_and_reports_failures(project, uploads, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = tmp_path / "old-site" / "wp-content"
    site.mkdir(parents=True)
    uploads.rename(site / "uploads")
    handler = type("Handler", (_Flaky,), {"failed": set()})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    export = tmp_path / "served.xml"
    export.write_text(BLOG.read_text().replace("https://alt.hafenlicht.example", base), "utf-8")
    try:
        assert project.run(export, fetch=True) == 1
    finally:
        server.shutdown()
        server.server_close()
    assert (project.content / "images/2019/03/hafen.jpg").read_bytes() == (
        site / "uploads/2019/03/hafen.jpg"
    ).read_bytes()
    assert (project.content / "images/2019/03/team.png").is_file()
    missing = project.report()["missing_pictures"]
    assert [(m["url"].rsplit("/", 1)[1], m["reason"]) for m in missing] == [
        ("fehlt.jpg", "HTTP 404")
    ]


def test_an_existing_profile_is_kept_and_reported(project):
    profile = project.content / "authors" / "jana-albers.md"
    profile.parent.mkdir()
    profile.write_text("Name: Jana Albers\nRole: Beraterin\n\nUnsere Jana.\n", encoding="utf-8")
    project.run()
    assert profile.read_text() == "Name: Jana Albers\nRole: Beraterin\n\nUnsere Jana.\n"
    assert {
        "file": "content/authors/jana-albers.md",
        "why": "kept: not written by the import",
    } in project.report()["not_overwritten"]


def test_what_it_reads_and_a_summary_line(project, tmp_path, capsys):
    export = tmp_path / "sixty.xml"
    write_sample(export, 60)
    project.run(export)
    captured = capsys.readouterr()
    assert f"Reading {export} …" in captured.err
    assert captured.out.splitlines()[-1].startswith("60 posts, 0 pages, 2 authors, 0 pictures, ")


def test_fetch_refuses_other_hosts_at_private_addresses(project, tmp_path):
    port = free_port()
    export = tmp_path / "probe.xml"
    probe = f"http://127.0.0.2:{port}/intern/geheim.png"
    export.write_text(
        BLOG.read_text().replace(
            "https://alt.hafenlicht.example/wp-content/uploads/2019/03/fehlt.jpg", probe
        ),
        encoding="utf-8",
    )
    assert project.run(export, fetch=True) == 1
    reasons = {m["url"]: m["reason"] for m in project.report()["missing_pictures"]}
    assert reasons[probe] == "refused: 127.0.0.2 is a private address (127.0.0.2)"


def test_bench_import_prints_its_time_and_peak_memory(capsys):
    from invoke import Context

    from wordpress_import.tasks import bench_import

    bench_import(Context(), posts=30, comments=2)
    last = capsys.readouterr().out.splitlines()[-2:]
    assert last[0].startswith("30 posts, 0 pages, 2 authors, 30 pictures, 60 comments, ")
    assert re.fullmatch(
        r"Import of 30 posts with 2 comments each: \d+\.\d s, peak memory \d+ MiB", last[1]
    )


def test_two_users_of_one_name_keep_their_own_profiles(project, tmp_path):
    # A second "Jana Albers" (another login) wrote the post from Thessaloniki: the site
    # knows authors by the slug of their name, so one of them must be told apart.
    export = tmp_path / "namesakes.xml"
    export.write_text(
        BLOG.read_text()
        .replace(
            "\t<wp:author><wp:author_id>3</wp:author_id>",
            "\t<wp:author><wp:author_id>4</wp:author_id><wp:author_login><![CDATA[jalbers]]>"
            "</wp:author_login><wp:author_display_name><![CDATA[Jana Albers]]>"
            "</wp:author_display_name></wp:author>\n"
            "\t<wp:author><wp:author_id>3</wp:author_id>",
        )
        .replace(
            '<dc:creator><![CDATA[nikos]]></dc:creator>\n\t\t<guid isPermaLink="false">'
            "https://alt.hafenlicht.example/?p=12</guid>",
            '<dc:creator><![CDATA[jalbers]]></dc:creator>\n\t\t<guid isPermaLink="false">'
            "https://alt.hafenlicht.example/?p=12</guid>",
        ),
        encoding="utf-8",
    )
    project.run(export)
    assert header(project, POST)["author"] == "Jana Albers"
    assert header(project, "content/2019/kalemera.md")["author"] == "Jana Albers (2)"
    profiles = project.content / "authors"
    assert "Name: Jana Albers\n" in (profiles / "jana-albers.md").read_text()
    assert "Name: Jana Albers (2)\n" in (profiles / "jana-albers-2.md").read_text()
    assert any('"jana" and "jalbers"' in w for w in project.report()["warnings"])
