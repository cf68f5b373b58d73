"""Reading comment files, sanitising their HTML, threading replies (pure, no build)."""

import pickle
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from markdown import Markdown

from comments.model import CommentThread
from comments.threads import build_thread, read_comment, sanitise

XSS = [
    ("<script>alert(1)</script>Hallo", "Hallo"),
    ('<img src=x onerror="alert(1)">', ""),
    ('<a href="javascript:alert(1)">klick</a>', '<a rel="nofollow ugc noopener">klick</a>'),
    ('<a href="JaVaScRiPt:alert(1)">klick</a>', '<a rel="nofollow ugc noopener">klick</a>'),
    ('<a href="&#106;avascript:alert(1)">x</a>', '<a rel="nofollow ugc noopener">x</a>'),
    (
        '<a href="https://example.org" onclick="alert(1)">ok</a>',
        '<a href="https://example.org" rel="nofollow ugc noopener">ok</a>',
    ),
    (
        '<a href="https://example.org" rel="me" target="_blank">ok</a>',
        '<a href="https://example.org" rel="nofollow ugc noopener">ok</a>',
    ),
    ("<style>body{display:none}</style>Text", "Text"),
    ('<iframe src="https://evil.example"></iframe>', ""),
    ('<p style="color:red" class="x" id="comments">farbig</p>', "<p>farbig</p>"),
    ("<svg onload=alert(1)><circle/></svg>", ""),
    ("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", ""),
    (
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a rel="nofollow ugc noopener">x</a>',
    ),
    ("<!-- versteckt --><em>sichtbar</em>", "<em>sichtbar</em>"),
    ('<form action="https://evil.example"><input name=x></form>', ""),
    ("<h1>Laut</h1><table><tr><td>Zelle</td></tr></table>", "LautZelle"),
    ("<object data=x></object><embed src=x>", ""),
    ("<base href=https://evil.example/><meta http-equiv=refresh content=0>", ""),
    # mXSS: whatever the parser makes of it comes out as text, never as a tag.
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '&lt;p title=""&gt;'),
]


@pytest.mark.parametrize(("hostile", "expected"), XSS)
def test_sanitise_removes_scripts_styles_events_and_bad_urls(hostile, expected):
    assert sanitise(hostile) == expected


def render(text: str) -> str:
    return Markdown(extensions=["extra"]).convert(text)


def read(path: str, text: str):
    return read_comment(path, text, render, "Europe/Berlin")


def test_a_comment_file_is_read_with_local_time_and_sanitised_body():
    parsed, problems = read(
        "content/comments/artikel/c1.md",
        "Author: Leser\nDate: 2024-09-05 08:15\nWebsite: https://l.example"
        "\n\n**Fett** und <script>x()</script>\n",
    )
    assert problems == ()
    assert parsed.article_slug == "artikel"
    assert parsed.comment.id == "c1"
    assert parsed.comment.date == datetime(2024, 9, 5, 8, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parsed.comment.body_html == "<p><strong>Fett</strong> und </p>"
    assert parsed.comment.anchor == "comment-c1"
    assert parsed.comment.website == "https://l.example"


def test_dates_with_another_offset_are_shown_in_the_sites_time_zone():
    parsed, _ = read("content/comments/a/c1.md", "Author: X\nDate: 2025-07-01T06:00+00:00\n\nHi")
    assert parsed.comment.date.isoformat() == "2025-07-01T08:00:00+02:00"


def test_markdown_in_the_body_that_would_be_html_is_shown_as_text():
    parsed, _ = read("content/comments/a/c1.md", "Author: X\nDate: 2025-07-01\n\n# Laut\n\n1 < 2")
    assert parsed.comment.body_html == "Laut\n<p>1 &lt; 2</p>"


def test_a_website_that_is_no_web_address_stops_at_the_contract():
    parsed, problems = read(
        "content/comments/a/c1.md",
        "Author: X\nDate: 2024-09-05\nWebsite: javascript:alert(1)\n\nHi",
    )
    assert parsed is None
    assert [(p.field, p.line) for p in problems] == [("Website", 3)]


def test_bad_header_names_file_line_and_field():
    parsed, problems = read("content/comments/a/c1.md", "Author: X\nDate: gestern\n\nHi")
    assert parsed is None
    (problem,) = problems
    assert str(problem).startswith('content/comments/a/c1.md:2: "Date" is "gestern"; expected')


@pytest.mark.parametrize("name", ["mit leerzeichen", "ä-umlaut", "-minus", "x" * 65, "a.b"])
def test_a_file_name_that_is_no_comment_id_is_a_problem(name):
    parsed, problems = read(f"content/comments/a/{name}.md", "Author: X\nDate: 2024-01-01\n\nHi")
    assert parsed is None
    (problem,) = problems
    assert problem.path == f"content/comments/a/{name}.md"
    assert "expected a comment id of letters, digits, - and _" in problem.message


def test_a_reply_to_that_is_no_comment_id_names_the_field():
    parsed, problems = read(
        "content/comments/a/c1.md", 'Author: X\nDate: 2024-01-01\nReply-To: "><script>\n\nHi'
    )
    assert parsed is None
    assert [(p.field, p.line) for p in problems] == [("Reply-To", 3)]


def files(*specs):
    result = []
    for name, header in specs:
        parsed, problems = read(f"content/comments/a/{name}.md", header + "\n\nText.\n")
        assert problems == ()
        result.append(parsed)
    return result


THREAD = (
    ("c1", "Author: Leserin\nDate: 2024-01-01 10:00"),
    ("c2", "Author: Jana Albers\nDate: 2024-01-01 11:00\nReply-To: c1\nRole: author"),
    ("c3", "Author: Leserin\nDate: 2024-01-01 12:00\nReply-To: c2"),
    ("c4", "Author: Anderer Blog\nDate: 2024-01-02 09:00\nKind: pingback"),
    ("c6", "Author: Jana Albers\nDate: 2024-01-01 13:00\nReply-To: c1"),  # a reader
    ("c5", "Author: Noch jemand\nDate: 2024-01-03 09:00"),
    ("c7", "Author: Presseschau\nDate: 2024-01-04 09:00\nKind: trackback"),
)


def test_replies_nest_in_their_parents_mentions_are_separate_and_authors_are_marked():
    thread, problems = build_thread(files(*THREAD), True)
    assert problems == ()
    assert [c.id for c in thread.comments] == ["c1", "c5"]
    first = thread.comments[0]
    assert [r.id for r in first.replies] == ["c2", "c6"]  # oldest first
    # The badge only from the Role header the editors' tools write, never from the name.
    assert [r.by_article_author for r in first.replies] == [True, False]
    assert not first.by_article_author
    assert [r.id for r in first.replies[0].replies] == ["c3"]
    assert [(m.id, m.kind) for m in thread.mentions] == [("c4", "pingback"), ("c7", "trackback")]
    assert thread.count == 5
    assert [c.id for c in thread.flat()] == ["c1", "c2", "c3", "c6", "c5"]


def test_a_thread_survives_pelicans_content_cache():
    thread, _ = build_thread(files(*THREAD), False)
    copy = pickle.loads(pickle.dumps(thread))
    assert copy == thread
    assert copy.open is False
    assert [c.id for c in copy.flat()] == ["c1", "c2", "c3", "c6", "c5"]
    assert CommentThread().flat() == [] and CommentThread().count == 0


@pytest.mark.parametrize(
    ("specs", "path", "message"),
    [
        (
            [("c2", "Author: X\nDate: 2024-01-01\nReply-To: c9")],
            "content/comments/a/c2.md",
            'is "c9", but this article has no comment with that id',
        ),
        (
            [
                ("p1", "Author: Blog\nDate: 2024-01-01\nKind: pingback"),
                ("c2", "Author: X\nDate: 2024-01-02\nReply-To: p1"),
            ],
            "content/comments/a/c2.md",
            'is "p1", but this article has a pingback with that id',
        ),
        (
            [
                ("c1", "Author: X\nDate: 2024-01-01\nReply-To: c2"),
                ("c2", "Author: Y\nDate: 2024-01-02\nReply-To: c1"),
                ("c3", "Author: Z\nDate: 2024-01-03\nReply-To: c2"),
            ],
            "content/comments/a/c1.md",
            "the replies run in a circle (c1 → c2 → c1)",
        ),
        (
            [("c1", "Author: X\nDate: 2024-01-01\nReply-To: c1")],
            "content/comments/a/c1.md",
            "the replies run in a circle (c1 → c1)",
        ),
    ],
)
def test_a_reply_that_would_vanish_is_one_problem_naming_file_and_field(specs, path, message):
    thread, problems = build_thread(files(*specs), True)
    assert thread.count == 0  # nothing half-placed; the build stops on the problem
    (problem,) = problems
    assert (problem.path, problem.field, problem.line) == (path, "Reply-To", 3)
    assert message in problem.message
    assert "expected" in problem.message
