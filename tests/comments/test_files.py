"""comments.files: the comment file written through the contract's writer reads back, and
the orphaned-reply rule."""

import threading
from dataclasses import dataclass

import pytest

from comments.files import (
    UnsafeName,
    checked_key,
    comment_file,
    published_parent,
    remove_comments,
    reply_to_of,
    set_reply_to,
    write_text,
)
from newsroom.headers import Kind, check_header, split_source


@dataclass(frozen=True)
class Record:
    id: str = "20250311-081500-aa11bb"
    article: str = "ein-beitrag"
    author: str = "Lea  Leserin"
    created: str = "2025-03-11T08:15:00+00:00"
    website: str = "https://lea.example/"
    reply_to: str = "c1"
    kind: str = "pingback"
    role: str = "editorial"
    text: str = "Erste Zeile\r\nReply-To: keine Kopfzeile\r\n"


def test_a_comment_file_reads_back_through_the_contract():
    text = comment_file(Record(), "Europe/Berlin")
    source = split_source(text)
    header = check_header(Kind.COMMENT, "c.md", source)
    assert header.problems == ()
    assert header.values == {
        "author": "Lea Leserin",
        "date": "2025-03-11T09:15+01:00",
        "website": "https://lea.example/",
        "reply-to": "c1",
        "kind": "pingback",
        "role": "editorial",
    }
    assert source.body == "Erste Zeile\nReply-To: keine Kopfzeile"


def test_reply_to_is_read_and_set_in_the_header_only():
    text = comment_file(Record(), "Europe/Berlin")
    assert reply_to_of(text) == "c1"
    moved = set_reply_to(text, "c0")
    assert reply_to_of(moved) == "c0" and moved.endswith("Reply-To: keine Kopfzeile\n")
    top = set_reply_to(text, "")
    assert reply_to_of(top) == "" and "Reply-To: keine Kopfzeile" in top
    assert reply_to_of(set_reply_to(top, "c2")) == "c2"


@pytest.mark.parametrize(
    ("parent", "published", "expected"),
    [
        ("b", {"a", "b"}, "b"),  # published: stays
        ("b", {"a"}, "a"),  # b is gone: up to a
        ("c", {"a"}, "a"),  # c and b are gone: up two steps
        ("c", set(), ""),  # nothing left: top-level
        ("x", {"a"}, ""),  # unknown parent, unpublished: top-level
        ("loop1", {"a"}, ""),  # a circle of parents ends
    ],
)
def test_the_orphaned_reply_rule(parent, published, expected):
    parents = {"b": "a", "c": "b", "loop1": "loop2", "loop2": "loop1"}
    keys = {("art", name) for name in published}
    assert published_parent("art", parent, keys, parents) == expected


def test_removing_a_comment_moves_its_replies_up_using_its_own_reply_to(tmp_path):
    folder = tmp_path / "comments" / "art"
    folder.mkdir(parents=True)
    for name, parent in (("a", ""), ("b", "a"), ("c", "b"), ("d", "c")):
        reply = f"Reply-To: {parent}\n" if parent else ""
        (folder / f"{name}.md").write_text(f"Author: X\nDate: 2025-01-01\n{reply}\nText.\n")
    removal = remove_comments(tmp_path / "comments", [("art", "b"), ("art", "c")])
    assert sorted(p.stem for p in removal.removed) == ["b", "c"]
    assert [p.stem for p in removal.repaired] == ["d"]
    assert reply_to_of((folder / "d.md").read_text()) == "a"


@pytest.mark.parametrize(
    ("article", "comment_id"),
    [("..", "x"), ("a/b", "x"), ("a", "../x"), ("a", ".x"), ("A", "x"), ("a", "")],
)
def test_keys_that_are_no_file_names_are_refused(article, comment_id):
    with pytest.raises(UnsafeName):
        checked_key(article, comment_id)


def test_a_stale_temporary_file_does_not_block_the_export(tmp_path):
    target = tmp_path / "artikel" / "20250311-081500-aa11bb.md"
    target.parent.mkdir()
    (target.parent / f".{target.name}.tmp").mkdir()  # left behind, in the way of a fixed name
    assert write_text(target, "Author: Greta\n\nHallo\n")
    assert target.read_text(encoding="utf-8") == "Author: Greta\n\nHallo\n"
    assert not write_text(target, "Author: Greta\n\nHallo\n")  # unchanged: not written


def test_two_writers_at_once_leave_one_whole_file_and_no_temporary_files(tmp_path):
    target = tmp_path / "artikel" / "c1.md"
    texts = [f"Author: {name}\n\n" + name * 5000 + "\n" for name in ("A", "B")]
    failures = []

    def write(text: str) -> None:
        for _ in range(200):
            try:
                write_text(target, text)
            except OSError as error:
                failures.append(error)

    threads = [threading.Thread(target=write, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert target.read_text(encoding="utf-8") in texts
    assert sorted(p.name for p in target.parent.iterdir()) == ["c1.md"]
