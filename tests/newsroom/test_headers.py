"""The content contract, tested on strings: every rule, its message, its line."""

from pathlib import Path

import pytest

from newsroom.headers import (
    FIELDS,
    Kind,
    Severity,
    check_header,
    split_list,
    split_source,
)

VALID_ARTICLE = """\
Title: Zu wem gehört der Firmen-Account?
Date: 2024-09-04 10:30
Author: Jana Albers
Category: Social Media
Summary: Wem das Profil gehört.

Text.
"""


def check(text: str, kind: Kind = Kind.ARTICLE, root: Path | None = None):
    return check_header(kind, "content/x.md", split_source(text), root)


def replace(line_start: str, new_line: str | None, text: str = VALID_ARTICLE) -> str:
    lines = [
        (new_line if line.startswith(line_start) else line)
        for line in text.splitlines()
        if not (line.startswith(line_start) and new_line is None)
    ]
    return "\n".join(lines) + "\n"


def add(line: str, text: str = VALID_ARTICLE) -> str:
    return text.replace("\n\n", f"\n{line}\n\n", 1)


def test_split_source_header_lines_and_body():
    source = split_source("Title: A\nTags: x,\n    y\n\nHinweis: kein Kopf\n\nText")
    assert [(h.key, h.value, h.line) for h in source.header] == [
        ("Title", "A", 1),
        ("Tags", "x,\ny", 2),
    ]
    assert source.body == "Hinweis: kein Kopf\n\nText"
    assert source.body_line == 5


def test_split_source_without_header_and_with_bom():
    assert split_source("Nur Text\n").header == ()
    assert split_source("\ufeffTitle: A\n\nB").header[0].key == "Title"


def test_split_list_prefers_semicolons():
    assert split_list("Jana Albers, Katrin Schäfer") == ["Jana Albers", "Katrin Schäfer"]
    assert split_list("Müller, Jörg; Doe, Jane") == ["Müller, Jörg", "Doe, Jane"]
    assert split_list(" a ,, b ,") == ["a", "b"]


def test_valid_article_has_no_problems_and_parsed_values():
    header = check(add("Tags: LinkedIn, Recht\nDisclosure: Partner, ai-assisted"))
    assert header.problems == ()
    assert header.values["tags"] == ["LinkedIn", "Recht"]
    assert header.values["disclosure"] == ["partner", "ai-assisted"]
    assert header.lines["title"] == 1


@pytest.mark.parametrize(
    ("text", "field", "line", "message_part"),
    [
        (replace("Date:", "Date: 04.09.2024"), "Date", 2, "expected an ISO 8601 date"),
        (replace("Date:", "Date: 2024-13-01"), "Date", 2, '"2024-13-01"'),
        (replace("Date:", None), "Date", None, "is missing"),
        (replace("Title:", None), "Title", None, "is missing"),
        (replace("Title:", "Title:"), "Title", 1, "is empty"),
        (replace("Category:", None), "Category", None, "is missing"),
        (replace("Author:", None), "Author", None, "content/authors/"),
        (add("Status: entwurf"), "Status", 6, "one of: draft, published, hidden"),
        (add("Type: podcast"), "Type", 6, "one of: article, guest, interview"),
        (add("Comments: maybe"), "Comments", 6, "one of: open, closed"),
        (add("Disclosure: sponsored, paid"), "Disclosure", 6, 'unknown kind "paid"'),
        (add("Slug: Zu_Wem"), "Slug", 6, "lower-case letters"),
        (add("Authors: A, B"), "Authors", 6, "both given"),
        (add("Modified: 2024-01-01"), "Modified", 6, "before Date"),
        (add("Title: Noch einer"), "Title", 6, "given twice (lines 1 and 6)"),
        (add("Type: interview\nInterviewee: Lea Sommerfeld"), "Type", 6, '"### " heading'),
        (add("Type: interview") + "### Frage?\n\nAntwort\n", "Interviewee", 6, "is missing"),
        (add("CTA: Jetzt anmelden"), "CTA-URL", 6, "is missing"),
        (add("CTA-URL: https://example.org/"), "CTA", 6, "is missing"),
        (add("CTA: Los\nCTA-URL: example.org"), "CTA-URL", 7, "https://"),
        (add("Sponsor: Lotsenkarte GmbH"), "Sponsor", 6, "Disclosure: sponsored"),
        (add("Disclosure: partner\nSponsor: Lotsenkarte"), "Sponsor", 7, "add sponsored"),
    ],
)
def test_article_errors_name_the_field_the_line_and_what_is_expected(
    text, field, line, message_part
):
    header = check(text)
    assert [(p.field, p.line) for p in header.errors] == [(field, line)]
    problem = header.errors[0]
    assert message_part in problem.message
    assert str(problem).startswith("content/x.md")


def test_a_sponsor_with_the_sponsored_disclosure_is_valid():
    assert check(add("Disclosure: sponsored\nSponsor: Lotsenkarte GmbH")).errors == ()


def test_interview_with_questions_and_interviewee_is_valid():
    text = add("Type: interview\nInterviewee: Lea Sommerfeld") + "\n### Wie fing es an?\n\nSo.\n"
    assert check(text).errors == ()


def test_unknown_key_is_a_warning_with_a_suggestion():
    header = check(add("Categroy: PR"))
    assert header.errors == ()
    (warning,) = header.warnings
    assert warning.severity is Severity.WARNING
    assert warning.field == "Categroy"
    assert 'did you mean "Category"?' in warning.message


def test_missing_summary_is_a_warning_except_for_drafts():
    no_summary = replace("Summary:", None)
    assert [w.field for w in check(no_summary).warnings] == ["Summary"]
    assert check(add("Status: draft", no_summary)).warnings == ()


def test_image_must_exist_below_the_content_folder(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "da.jpg").write_bytes(b"jpeg")
    assert check(add("Image: {static}/images/da.jpg"), root=tmp_path).values["image"] == (
        "images/da.jpg"
    )
    header = check(add("Image: images/weg.jpg"), root=tmp_path)
    assert [p.field for p in header.errors] == ["Image"]
    assert "images/weg.jpg, which does not exist" in header.errors[0].message


def test_keys_are_case_insensitive():
    assert check(VALID_ARTICLE.replace("Title:", "title:")).problems == ()


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Name: Jana Albers\nGuest: no\nWebsite: https://hafenlicht.example\n\nBio", []),
        ("Name: Jana Albers\nGuest: vielleicht\n\nBio", ["Guest"]),
        ("Name: Jana Albers\nX: @jana_albers\nLinkedIn: linkedin.com/in/ja\n\nBio", ["LinkedIn"]),
        ("Role: Beraterin\n\nBio", ["Name"]),
    ],
)
def test_profile_rules(text, errors):
    assert [p.field for p in check(text, Kind.PROFILE).errors] == errors


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Author: Leser\nDate: 2024-09-05 08:00\nKind: pingback\n\nDanke", []),
        ("Author: Leser\nDate: 2024-09-05 08:00\nKind: like\n\nDanke", ["Kind"]),
        ("Date: 2024-09-05\n\nDanke", ["Author"]),
    ],
)
def test_comment_rules(text, errors):
    assert [p.field for p in check(text, Kind.COMMENT).errors] == errors


def test_every_kind_has_fields_and_no_duplicate_keys():
    for kind in Kind:
        keys = [f.name for f in FIELDS[kind]]
        assert keys and len(keys) == len(set(keys))


def test_a_comma_in_category_is_an_error_pointing_at_tags():
    header = check(replace("Category:", "Category: Social Media, Recht"))
    assert [(p.field, p.line) for p in header.errors] == [("Category", 4)]
    assert "one category" in header.errors[0].message
    assert "Tags" in header.errors[0].message


def test_modified_is_compared_with_date_including_offsets():
    # 10:30 in Berlin (summer) is 08:30 UTC: 09:00 UTC is after it, 08:00 UTC before.
    assert check(add("Modified: 2024-09-04 09:00+00:00")).errors == ()
    header = check(add("Modified: 2024-09-04 08:00+00:00"))
    assert [p.field for p in header.errors] == ["Modified"]
    later = replace("Date:", "Date: 2024-09-04 10:30+02:00", add("Modified: 2024-09-04 10:45"))
    assert check(later).errors == ()


def test_a_first_line_without_colon_is_named_as_the_problem():
    header = check("Zu wem gehört der Firmen-Account?\n" + VALID_ARTICLE.split("\n", 1)[1])
    assert [(p.field, p.line) for p in header.errors] == [("", 1)]
    assert '"Key: value"' in header.errors[0].message
    assert "Zu wem gehört" in header.errors[0].message


def test_a_header_line_without_colon_in_the_middle_is_named():
    header = check(replace("Date:", "Date 2024-09-04 10:30"))
    assert [(p.field, p.line) for p in header.errors] == [("", 2)]
    assert "Date 2024-09-04 10:30" in header.errors[0].message


def test_several_names_in_author_point_at_authors():
    header = check(replace("Author:", "Author: Jana Albers, Niemand Unbekannt"))
    assert [(p.field, p.line) for p in header.errors] == [("Author", 3)]
    assert '"Authors:' in header.errors[0].message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("Slug: " + "-".join(["wort"] * 41), "Slug"),  # 204 characters: over WordPress's 200
        ("Tags: " + " ".join(["Langes Wort"] * 20), "Tags"),
        ("Category: " + " ".join(["Kategorie"] * 20), "Category"),
    ],
)
def test_values_that_become_too_long_a_path_segment_are_errors(line, field):
    text = replace("Category:", None) if field == "Category" else VALID_ARTICLE
    header = check(add(line, text))
    assert [p.field for p in header.errors] == [field]
    assert "characters" in header.errors[0].message


def test_an_explicit_slug_may_have_as_many_characters_as_wordpress_allows():
    slug = "-".join(["wort"] * 40)  # 199 characters, an editor's (and WordPress's) choice
    assert check(add(f"Slug: {slug}", VALID_ARTICLE)).errors == ()


def test_a_profile_name_too_long_for_its_page_address_is_an_error():
    header = check("Name: " + " ".join(["Maximiliane"] * 10) + "\n\nBio", Kind.PROFILE)
    assert [(p.field, p.line) for p in header.errors] == [("Name", 1)]
    assert "at most 80" in header.errors[0].message


def test_a_commenter_name_never_becomes_a_path_and_may_be_anything():
    assert check("Author: 🙂\nDate: 2024-09-05 08:00\n\nDanke", Kind.COMMENT).errors == ()
