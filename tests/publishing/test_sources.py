"""Editorial checks of content files, on small content trees in tmp folders."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from publishing.sources import Layout, check_sources, url_map

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
GOOD = """\
Title: {title}
Date: {date}
Author: Jana Albers
Category: Social Media
Summary: Kurz.
{extra}
{body}
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "authors").mkdir(parents=True)
    (root / "authors" / "jana-albers.md").write_text("Name: Jana Albers\n\nBio.\n")
    (root / "images").mkdir()
    (root / "images" / "da.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return root


def article(
    content: Path,
    name: str,
    title: str = "Ein Titel",
    date: str = "2025-01-01",
    extra: str = "",
    body: str = "Text.",
) -> Path:
    path = content / "2025" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(GOOD.format(title=title, date=date, extra=extra, body=body), "utf-8")
    return path


def run(content: Path):
    return check_sources(Layout(content_root=content, project_root=content.parent), NOW)


def messages(result) -> list[tuple[str, int | None, str, str]]:
    return [(f.path, f.line, f.severity, f.message) for f in result.findings]


def test_clean_content_has_no_findings(content):
    article(content, "a.md", body="![Ein Diagramm]({static}/images/da.svg)")
    assert run(content).findings == ()


def test_header_problems_come_with_file_and_line(content):
    article(content, "a.md", date="morgen")
    ((path, line, severity, message),) = messages(run(content))
    assert (path, line, severity) == ("content/2025/a.md", 2, "error")
    assert message.startswith('"Date" is "morgen"; expected an ISO 8601 date')


def test_unknown_author_and_interviewee(content):
    article(
        content,
        "a.md",
        extra="Type: interview\nInterviewee: Lea Sommerfeld",
        body="### Frage?\n\nAntwort.",
    )
    (content / "2025" / "a.md").write_text(
        (content / "2025" / "a.md").read_text().replace("Jana Albers", "Jan Albers")
    )
    found = messages(run(content))
    assert (
        "content/2025/a.md",
        3,
        "error",
        '"Author" names "Jan Albers", who has no profile; expected content/authors/jan-albers.md '
        'with "Name: Jan Albers"; did you mean "Jana Albers"?',
    ) in found
    assert (
        "content/2025/a.md",
        7,
        "error",
        '"Interviewee" names "Lea Sommerfeld", who has no profile; expected '
        'content/authors/lea-sommerfeld.md with "Name: Lea Sommerfeld"',
    ) in found


def test_images_missing_without_alt_or_from_another_host(content):
    article(
        content,
        "a.md",
        body="Eins\n![]({static}/images/da.svg)\n![Foto]({static}/images/weg.jpg)"
        '\n<img src="https://cdn.example.org/a.png" alt="x">\n',
    )
    found = [(f.line, f.message) for f in run(content).findings]
    assert (8, "image {static}/images/da.svg has no alt text; describe what it shows") in found
    assert (9, "image {static}/images/weg.jpg points to a file that does not exist") in found
    assert (
        10,
        "image https://cdn.example.org/a.png would load from another host; put the "
        "file below content/images/",
    ) in found


def test_links_to_missing_files(content):
    article(content, "a.md", body="[B]({filename}/2025/b.md) und [C]({filename}/2025/c.md)")
    article(content, "b.md", title="Zweiter")
    assert [(f.line, f.message) for f in run(content).findings] == [
        (7, "link {filename}/2025/c.md points to a file that does not exist")
    ]


def test_two_articles_with_one_url(content):
    # One URL means one slug: both files are named, each pointing at the other, each at
    # the line the slug comes from (here the Title's: neither has a Slug line).
    article(content, "a.md", title="Größer denken")
    article(content, "b.md", title="Groesser denken", date="2025-01-20")
    found = messages(run(content))
    assert [(path, line, severity) for path, line, severity, _message in found] == [
        ("content/2025/a.md", 1, "error"),
        ("content/2025/b.md", 1, "error"),
    ]
    message = found[1][3]
    assert message.startswith(
        '"Title" gives the slug "groesser-denken", the same as in content/2025/a.md:1 '
        "(from its Title);"
    )
    assert message.endswith("expected a unique Slug (add a Slug: line, or change the Title)")


def test_two_slug_lines_alike_are_named_with_both_files_and_lines(content):
    article(content, "a.md", title="Erster", extra="Slug: doppelt")
    article(content, "b.md", title="Zweiter", extra="Tags: X\nSlug: doppelt")
    article(content, "c.md", title="Doppelt", date="2025-01-02")  # slug from its Title
    found = messages(run(content))
    assert [(path, line) for path, line, _severity, _message in found] == [
        ("content/2025/a.md", 6),
        ("content/2025/b.md", 7),
        ("content/2025/c.md", 1),
    ]
    assert found[0][3].startswith(
        '"Slug" is "doppelt", the same as in content/2025/b.md:7, '
        "content/2025/c.md:1 (from its Title);"
    )
    assert found[1][3].startswith(
        '"Slug" is "doppelt", the same as in content/2025/a.md:6, '
        "content/2025/c.md:1 (from its Title);"
    )
    assert found[2][3].startswith(
        '"Title" gives the slug "doppelt", the same as in content/2025/a.md:6, content/2025/b.md:7;'
    )


def test_two_pages_with_one_url(content):
    for name in ("a.md", "b.md"):
        page = content / "pages" / name
        page.parent.mkdir(exist_ok=True)
        page.write_text("Title: Impressum\n\nText.\n", "utf-8")
    ((path, line, severity, message),) = messages(run(content))
    assert (path, line, severity) == ("content/pages/b.md", 1, "error")
    assert message == (
        "has the same URL /impressum/ as content/pages/a.md:1 (from its Title); "
        "expected a unique Slug (or Title)"
    )


def test_a_draft_with_the_slug_of_a_published_article_is_an_error_in_both(content):
    # `invoke new` of an old title: once "Status: draft" is removed, the two would share
    # one comment thread, card and feed id.
    article(content, "a.md", title="Zu wem gehört der Firmen-Account?", date="2024-09-04")
    path = content / "2026" / "zu-wem-gehoert-der-firmen-account.md"
    path.parent.mkdir()
    path.write_text(
        GOOD.format(
            title="Zu wem gehört der Firmen-Account?",
            date="2026-01-05",
            extra="Status: draft",
            body="Neu.",
        ),
        "utf-8",
    )
    found = messages(run(content))
    assert [(p, s) for p, _l, s, _m in found] == [
        ("content/2025/a.md", "error"),
        ("content/2026/zu-wem-gehoert-der-firmen-account.md", "error"),
    ]
    assert "the same as in content/2026/zu-wem-gehoert-der-firmen-account.md" in found[0][3]


def test_a_non_utf8_file_is_a_finding_with_its_line(content):
    path = content / "2025" / "x.md"
    path.parent.mkdir()
    path.write_bytes(b"Title: Gr\xfc\xdfe\nDate: 2025-01-01\n")
    (profile := content / "authors" / "katrin.md").write_bytes(b"Name: K\nRole: \xe4\n\nBio\n")
    assert [(f.path, f.line, f.severity) for f in run(content).findings] == [
        ("content/2025/x.md", 1, "error"),
        ("content/authors/katrin.md", 2, "error"),
    ]
    assert "which is not UTF-8" in run(content).findings[0].message
    assert profile.exists()


def test_title_and_summary_too_long_for_social_cards(content):
    article(content, "a.md", title="Sehr " * 20 + "lang")
    path = content / "2025" / "a.md"
    path.write_text(path.read_text().replace("Summary: Kurz.", "Summary: " + "x" * 230))
    found = [(f.line, f.severity, f.message.split(";")[0]) for f in run(content).findings]
    assert found == [
        (1, "warning", '"Title" has 104 characters'),
        (5, "warning", '"Summary" has 230 characters'),
    ]


def test_scheduled_and_drafts_are_listed(content):
    article(content, "morgen.md", title="Kommt noch", date="2026-11-25 08:00")
    article(content, "entwurf.md", title="Entwurf", extra="Status: draft")
    result = run(content)
    assert result.findings == ()
    assert [(s.path, s.title, s.date) for s in result.scheduled] == [
        ("content/2025/morgen.md", "Kommt noch", "2026-11-25T08:00:00+01:00")
    ]
    assert result.drafts == ("content/2025/entwurf.md",)


def test_profiles_and_pages_are_checked_too(content):
    (content / "authors" / "x.md").write_text("Role: ohne Namen\n\nBio.")
    (content / "pages").mkdir()
    (content / "pages" / "p.md").write_text("Slug: p\n\nText.")
    found = {(f.path, f.message.split(";")[0]) for f in run(content).findings}
    assert found == {
        ("content/authors/x.md", '"Name" is missing'),
        ("content/pages/p.md", '"Title" is missing'),
    }


def test_url_map(content):
    article(content, "a.md", title="Zu wem gehört")
    (content / "pages").mkdir()
    (content / "pages" / "i.md").write_text("Title: Impressum\nSlug: impressum\n\nText.")
    assert url_map(Layout(content_root=content, project_root=content.parent)) == {
        "2025/01/zu-wem-gehoert/index.html": "content/2025/a.md",
        "impressum/index.html": "content/pages/i.md",
    }


RAW = """\
<script>alert(1)</script>
<p onclick="steal()">Klick</p>
<iframe src="https://video.example/x"></iframe>
[Link](javascript:alert(1)) und <a href="javascript:void(0)">a</a>
<style>body { display: none }</style>

Code zeigt HTML nur: `<script>` bleibt erlaubt.

```html
<script src="beispiel.js"></script>
```
"""


def test_raw_html_in_content_is_reported_with_line_as_warning_or_error(content):
    extra = "CTA: Jetzt <img src=x onerror=alert(1)>\nCTA-URL: https://x.example/\n"
    article(content, "a.md", extra=extra, body=RAW)
    found = [(f.line, f.severity, f.message.split(";")[0]) for f in run(content).findings]
    assert found == [
        (6, "warning", '"CTA" has an event-handler attribute (onerror)'),
        (9, "warning", "the text has a <script> element"),
        (10, "warning", "the text has an event-handler attribute (onclick)"),
        (11, "warning", "the text has an <iframe> element"),
        (12, "warning", "the text has a javascript: URL"),
        (13, "warning", "the text has a <style> element"),
    ]
    layout = Layout(content_root=content, project_root=content.parent, raw_html="error")
    strict = check_sources(layout, NOW)
    assert {f.severity for f in strict.findings} == {"error"} and not strict.ok


def test_raw_html_in_a_bio_is_reported_too(content):
    (content / "authors" / "jana-albers.md").write_text(
        "Name: Jana Albers\n\nBio <script src=/x.js></script>\n"
    )
    ((path, line, severity, message),) = messages(run(content))
    assert (path, line, severity) == ("content/authors/jana-albers.md", 3, "warning")
    assert message.startswith("the text has a <script> element")
