"""Importing WordPress and Disqus exports into git and the queue, then building the site."""

import json

import pytest
from invoke import Exit

from comments.model import State
from intake import tasks as comment_tasks
from intake.importers import ImportFormatError, detect, read_export

ARTICLE = "lokalredaktionen-lesen-anders"
ARTICLE_URL = "2025/03/lokalredaktionen-lesen-anders/"
QUIET = "ein-ruhiger-beitrag"
ARTICLES = {ARTICLE: ["lokalredaktionen-lesen-anders", "lokalredaktionen"], QUIET: []}


def test_formats_are_detected_from_the_document(exports, tmp_path):
    assert detect(exports / "wordpress.xml") == "wordpress"
    assert detect(exports / "disqus.xml") == "disqus"
    other = tmp_path / "x.xml"
    other.write_text("<feed/>")
    with pytest.raises(ImportFormatError, match="neither a WordPress export"):
        detect(other)
    broken = tmp_path / "kaputt.xml"
    broken.write_text("<rss><channel>")
    with pytest.raises(ImportFormatError, match=r"kaputt.xml: not readable as XML"):
        detect(broken)


def test_wordpress_records_keep_states_threads_kinds_and_dates(exports):
    result = read_export(exports / "wordpress.xml", "wordpress", ARTICLES, "Europe/Berlin")
    found = {c.id: c for c in result.comments}
    assert sorted(found) == ["wp-11", "wp-12", "wp-13", "wp-14", "wp-15", "wp-16", "wp-18"]
    assert {c.article for c in result.comments} == {ARTICLE}
    assert [found[i].state for i in ("wp-11", "wp-13", "wp-14")] == [
        State.APPROVED,
        State.PENDING,
        State.SPAM,
    ]
    assert (found["wp-12"].reply_to, found["wp-15"].kind, found["wp-16"].kind) == (
        "wp-11",
        "pingback",
        "trackback",
    )
    assert found["wp-11"].created.isoformat() == "2025-03-11T08:15:00+00:00"
    # No GMT date in WordPress: its local time, read in the site's time zone.
    assert found["wp-18"].created.isoformat() == "2025-03-12T12:00:00+01:00"
    assert result.skipped == ("WordPress comment 17 was in the trash",)
    assert [c.id for c in result.unmatched] == ["wp-21"]


def test_a_broken_date_names_file_and_comment(exports):
    path = exports / "wordpress.xml"
    path.write_text(path.read_text().replace("2025-03-11 08:15:00", "gestern"))
    with pytest.raises(ImportFormatError, match=r'comment 11: "comment_date_gmt" is "gestern"'):
        read_export(path, "wordpress", ARTICLES)


def test_wordpress_import_into_git_and_queue_reports_the_unmatched(project, exports, capsys):
    with pytest.raises(Exit) as stopped:  # one comment matches no article: exit status 1
        project.run(comment_tasks.import_, "wordpress", str(exports / "wordpress.xml"))
    assert stopped.value.code == 1
    out = capsys.readouterr().out
    assert (
        "7 comments matched: 4 approved, 2 pending and 1 spam added to the queue, "
        "0 imported before" in out
    )
    assert "4 comment files written to content/comments/" in out
    assert "skipped: WordPress comment 17 was in the trash" in out
    assert "wp-21  https://alt.hafenlicht.example/2013/01/01/verschwunden/  Früher Leser" in out
    kept = json.loads((project.root / "var" / "import-wordpress-unmatched.json").read_text())
    assert [(item["id"], item["text"]) for item in kept] == [("wp-21", "Alter Kommentar.")]

    files = {k: v for k, v in project.files().items() if k.startswith("wp-")}
    assert sorted(files) == ["wp-11", "wp-12", "wp-15", "wp-16"]
    assert files["wp-11"] == (
        "Author: Greta V.\nDate: 2025-03-11T09:15+01:00\nWebsite: https://greta.example\n\n"
        "Sehr treffend beobachtet.\n"
    )
    assert "Reply-To: wp-11" in files["wp-12"]
    assert "Kind: pingback" in files["wp-15"] and "Kind: trackback" in files["wp-16"]
    assert all("@" not in text for text in files.values())
    queue = {row.id: row.state for row in project.database().comments.rows()}
    assert {k: v for k, v in queue.items() if v != "approved"} == {
        "wp-13": "pending",
        "wp-18": "pending",
        "wp-14": "spam",
    }

    site = project.build()
    assert site.ok, site.stopped
    page = site.html(ARTICLE_URL)
    thread = page.select_one("#comment-wp-11")
    assert thread.select_one("#comment-wp-12 .badge--author")  # Tobias Wendt wrote the article
    assert [li["id"] for li in page.select(".mentions li")] == [
        "comment-20250313-070000-pingback",
        "comment-wp-15",
        "comment-wp-16",
    ]

    with pytest.raises(Exit):  # a second import changes nothing
        project.run(comment_tasks.import_, "wordpress", str(exports / "wordpress.xml"))
    assert "0 approved, 0 pending and 0 spam added to the queue, 7 imported before" in (
        capsys.readouterr().out
    )
    assert {k: v for k, v in project.files().items() if k.startswith("wp-")} == files


def test_a_map_file_places_posts_that_moved(project, exports, capsys, tmp_path):
    mapping = tmp_path / "umzug.csv"
    mapping.write_text(
        "# altes Blog -> neues Blog\n"
        "https://alt.hafenlicht.example/2013/01/01/verschwunden/,ein-ruhiger-beitrag\n",
        encoding="utf-8",
    )
    project.run(
        comment_tasks.import_, "wordpress", str(exports / "wordpress.xml"), map=str(mapping)
    )
    assert "matched no article" not in capsys.readouterr().out
    assert "Alter Kommentar." in project.files(QUIET)["wp-21"]
    wrong = tmp_path / "falsch.csv"
    wrong.write_text("verschwunden,gibt-es-nicht\n")
    with pytest.raises(Exit, match=r'falsch.csv:1: "gibt-es-nicht" is the slug of no article'):
        project.run(
            comment_tasks.import_, "wordpress", str(exports / "wordpress.xml"), map=str(wrong)
        )


def test_disqus_import_matches_by_old_url(project, exports, capsys):
    project.run(comment_tasks.import_, "disqus", str(exports / "disqus.xml"))
    out = capsys.readouterr().out
    assert "4 comments matched: 2 approved, 1 pending and 1 spam added to the queue" in out
    assert "skipped: Disqus post 5004 was deleted" in out
    reply = project.files(QUIET)["disqus-5002"]
    assert "Reply-To: disqus-5001" in reply and "<p>Gerne!</p>" in reply
    site = project.build()
    assert site.ok, site.stopped
    page = site.html("2025/05/ein-ruhiger-beitrag/")
    assert page.select_one("#comment-disqus-5001 #comment-disqus-5002 .badge--author")
    assert page.select_one("#comment-disqus-5002 .comment__text").decode_contents() == (
        "<p>Gerne!</p>"
    )


def test_imported_comments_can_be_erased_like_any_other(project, exports, capsys):
    project.run(comment_tasks.import_, "disqus", str(exports / "disqus.xml"))
    project.run(comment_tasks.erase, email="leser@example.org")
    assert "Deleted 1 comment from the queue and 1 file" in capsys.readouterr().out
    files = project.files(QUIET)
    assert "disqus-5001" not in files
    assert "Reply-To" not in files["disqus-5002"]  # the reply stays, at the top
    assert project.build().ok


def test_the_wrong_format_and_kind_are_named(project, exports):
    with pytest.raises(Exit, match="this is a disqus export, not a wordpress export"):
        project.run(comment_tasks.import_, "wordpress", str(exports / "disqus.xml"))
    with pytest.raises(Exit, match='The format is "blogger"; expected wordpress or disqus'):
        project.run(comment_tasks.import_, "blogger", str(exports / "disqus.xml"))


def test_html_entities_in_wordpress_names_are_decoded(exports):
    path = exports / "wordpress.xml"
    path.write_text(
        path.read_text().replace(
            "<![CDATA[Medienblog]]>", "<![CDATA[Ping 1 &laquo; What&#8217;s a tellyworth?]]>"
        )
    )
    result = read_export(path, "wordpress", ARTICLES, "Europe/Berlin")
    found = {c.id: c for c in result.comments}
    assert found["wp-15"].author == "Ping 1 « What’s a tellyworth?"


def test_decoded_names_reach_git_as_text(project, exports, capsys):
    path = exports / "wordpress.xml"
    path.write_text(path.read_text().replace("<![CDATA[Greta V.]]>", "<![CDATA[Greta &amp; Jan]]>"))
    with pytest.raises(Exit):  # one comment matches no article (as in the other tests)
        project.run(comment_tasks.import_, "wordpress", str(path))
    written = (project.comments / ARTICLE / "wp-11.md").read_text(encoding="utf-8")
    assert written.startswith("Author: Greta & Jan\n")


def test_a_wordpress_comment_without_any_date_is_dated_like_its_post(exports):
    path = exports / "wordpress.xml"
    path.write_text(
        path.read_text()
        .replace(
            "<wp:post_type><![CDATA[post]]></wp:post_type>",
            "<wp:post_type><![CDATA[post]]></wp:post_type>"
            "<wp:post_date_gmt>2025-03-10 07:00:00</wp:post_date_gmt>",
            1,
        )
        .replace("<wp:comment_date><![CDATA[2025-03-11 09:15:00]]></wp:comment_date>", "", 1)
        .replace("<wp:comment_date_gmt><![CDATA[2025-03-11 08:15:00]]></wp:comment_date_gmt>", "")
    )
    found = {c.id: c for c in read_export(path, "wordpress", ARTICLES, "Europe/Berlin").comments}
    assert found["wp-11"].created.isoformat() == "2025-03-10T08:00:00+01:00"
