"""The sync client against hostile answers: nothing outside content/comments/ is written
or deleted, and a refused answer changes nothing at all."""

import pytest

from intake.sync import SyncError, apply

GOOD = {
    "id": "20250311-081500-aa11bb",
    "article": "ein-beitrag",
    "author": "Lea",
    "created": "2025-03-11T08:15:00+00:00",
    "website": "",
    "reply_to": "",
    "kind": "comment",
    "role": "",
    "text": "Gut.",
}


def tree(root) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    ("article", "comment_id"),
    [
        ("../../evil", "x"),
        ("..", "x"),
        ("../evil", "x"),
        ("ein-beitrag/../../evil", "x"),
        ("/tmp/evil", "x"),
        ("ein-beitrag", "../../evil"),
        ("ein-beitrag", "../x"),
        ("ein-beitrag", "a/b"),
        ("ein-beitrag", ".hidden"),
        ("ein-beitrag", "nul\x00"),
        ("ein-beitrag", "x" * 65),
        ("", "x"),
        ("ein-beitrag", ""),
        ("Ein-Beitrag", "x"),
        ("ein beitrag", "x"),
        ("ein-beitrag\n", "x"),
    ],
)
@pytest.mark.parametrize("where", ["approved", "removed"])
def test_an_answer_naming_a_file_outside_is_refused_whole(tmp_path, article, comment_id, where):
    folder = tmp_path / "project" / "content" / "comments"
    (folder / "ein-beitrag").mkdir(parents=True)
    (folder / "ein-beitrag" / "c1.md").write_text("Author: A\nDate: 2025-01-01\n\nHallo.\n")
    # Files an evil answer might aim at, inside the tmp folder and outside the comments.
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "x.md").write_text("bleibt\n")
    (tmp_path / "project" / "content" / "evil").mkdir()
    (tmp_path / "project" / "content" / "evil" / "x.md").write_text("bleibt\n")
    before = tree(tmp_path)
    record = {**GOOD, "article": article, "id": comment_id}
    answer = {
        "cursor": 3,
        "approved": [GOOD] + ([record] if where == "approved" else []),
        "removed": [{"id": "c1", "article": "ein-beitrag"}]
        + ([{"id": comment_id, "article": article}] if where == "removed" else []),
    }
    with pytest.raises(SyncError, match="names no comment file"):
        apply(answer, folder, "Europe/Berlin")
    assert tree(tmp_path) == before  # the good record was not written, c1 not removed


@pytest.mark.parametrize(
    "answer",
    [
        [],
        "kaputt",
        {"approved": [{"id": "x"}]},
        {"removed": [{"id": "x"}]},
        {"approved": "x"},
        {"cursor": "drei"},
    ],
)
def test_an_answer_that_is_no_sync_answer_is_refused(tmp_path, answer):
    with pytest.raises(SyncError):
        apply(answer, tmp_path, "Europe/Berlin")
    assert list(tmp_path.iterdir()) == []


def test_a_good_answer_is_written(tmp_path):
    result = apply({"cursor": 1, "approved": [GOOD]}, tmp_path, "Europe/Berlin")
    assert [p.relative_to(tmp_path).as_posix() for p in result.added] == [
        "ein-beitrag/20250311-081500-aa11bb.md"
    ]
