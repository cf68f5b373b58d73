"""Digests of what a page shows: equal values give equal digests in every process, and
any difference a reader could see gives another digest."""

import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Undefined
from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT
from publishing.digest import Hasher, Unstable, digest, entity_key

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Profile:
    name: str
    roles: tuple[str, ...]


def article(path: str, title: str = "Titel") -> Article:
    settings = {**DEFAULT_CONFIG, "PATH": "/site/content"}
    metadata = {"title": title, "date": datetime(2025, 3, 1, 9, 0, tzinfo=BERLIN)}
    return Article("<p>Text</p>", metadata, settings, f"/site/content/{path}", {})


SAME = [
    ({"b": 2, "a": 1}, {"a": 1, "b": 2}),  # dicts: order does not count
    ({3, 1, 2}, {2, 3, 1}),
    (frozenset({"x", "y"}), frozenset({"y", "x"})),
    (Profile("Jana", ("Redaktion",)), Profile("Jana", ("Redaktion",))),
    (datetime(2025, 1, 1, tzinfo=BERLIN), datetime(2025, 1, 1, tzinfo=BERLIN)),
    ("x" * 200, "x" * 200),
]
DIFFERENT = [
    ("Titel", Markup("Titel")),  # escaped or not is another page
    (1, "1"),
    (1, True),
    (["a", "b"], ["b", "a"]),  # lists: order counts
    (("a", "b"), ["a", "b"]),
    (Profile("Jana", ("Redaktion",)), Profile("Jana", ("Grafik",))),
    (datetime(2025, 1, 1, tzinfo=BERLIN), datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC"))),
    ({"a": 1}, {"a": 1, "b": None}),
    ("x" * 24, "x" * 25),  # each side of the short-string shortcut
    (None, Undefined(name="title")),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_equal_values_have_equal_digests(one, other):
    assert digest(one) == digest(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_values_a_reader_can_tell_apart_have_different_digests(one, other):
    assert digest(one) != digest(other)


def test_an_article_in_a_value_counts_by_its_source_file_not_by_its_attributes():
    first, renamed = article("2025/a.md"), article("2025/a.md", title="Anders")
    assert entity_key(first) == "Article:2025/a.md"
    assert digest([first]) == digest([renamed])  # its title is an input of its own
    assert digest([first]) != digest([article("2025/b.md")])


def test_an_article_as_a_whole_changes_with_any_attribute():
    hasher = Hasher()
    one, two = article("2025/a.md"), article("2025/a.md")
    assert hasher.whole(one) == Hasher().whole(two)
    two.comment_count = 3  # what a plugin attached counts too
    assert Hasher().whole(two) != hasher.whole(one)


def test_a_value_without_a_canonical_form_has_no_digest():
    class Opaque:
        __slots__ = ()

    with pytest.raises(Unstable):
        digest(Opaque())
    assert Hasher().digest_or_none(Opaque()) is None


def test_digests_are_the_same_in_another_process():
    code = (
        "import sys; sys.path.insert(0, 'plugins');"
        "from publishing.digest import digest;"
        "print(digest({'tags': {'b', 'a'}, 'n': (1, 2.5, None)}).hex())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
