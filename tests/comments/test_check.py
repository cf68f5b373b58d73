"""`invoke check` judges a reader's comment by what the site renders from it."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from publishing.sources import Layout, check_sources

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
ARTICLE = """\
Title: Ein Beitrag
Date: 2025-01-01
Author: Jana Albers
Category: Social Media
Summary: Kurz.

Text mit ![](ohne-alt.png).
"""


def test_images_in_comments_do_not_fail_the_check_but_in_articles_they_do(tmp_path: Path):
    content = tmp_path / "content"
    (content / "authors").mkdir(parents=True)
    (content / "authors" / "jana-albers.md").write_text("Name: Jana Albers\n\nBio.\n")
    (content / "2025").mkdir()
    (content / "2025" / "ein-beitrag.md").write_text(ARTICLE, encoding="utf-8")
    thread = content / "comments" / "ein-beitrag"
    thread.mkdir(parents=True)
    (thread / "20250102-080000-aa11bb.md").write_text(
        "Author: Leserin\nDate: 2025-01-02T08:00+01:00\n\n"
        'Schaut mal: <img src="https://tracker.example/p.gif"> und ![](bild.png)\n',
        encoding="utf-8",
    )
    (thread / "wp-15.md").write_text(
        "Author: Altes Blog\nDate: 2019-05-02T08:00+01:00\n\n"
        '<img src="http://old-blog.example/wp-content/uploads/foto.jpg" alt="">\n',
        encoding="utf-8",
    )
    result = check_sources(Layout(content_root=content, project_root=tmp_path), NOW)
    paths = {finding.path for finding in result.findings if finding.severity == "error"}
    assert paths == {"content/2025/ein-beitrag.md"}  # the article's own image still counts
