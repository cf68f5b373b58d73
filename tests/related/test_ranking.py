"""Which articles "Weiterlesen" offers: a table of small sites, checked against a plain
count of shared tags (the obvious algorithm the bit planes replace)."""

import random

import pytest

from related.ranking import Candidate, related


def pool(*specs: str) -> list[Candidate]:
    """``"key category tag1,tag2"`` per article, newest first."""
    candidates = []
    for spec in specs:
        key, category, *tags = spec.split(" ")
        candidates.append(Candidate(key, category, frozenset(",".join(tags).split(",")) - {""}))
    return candidates


SITE = pool(
    "new social",  # newest, no tags
    "a social linkedin,recht",
    "b pr linkedin,recht,krise",
    "c social linkedin",
    "d pr krise",
    "e social",
    "f intern recht",
    "old intern",
)


def picks(key: str, site=SITE, count=3) -> tuple[str, ...]:
    reader = next(c for c in site if c.key == key)
    return related([reader], site, count)[key]


@pytest.mark.parametrize(
    ("reader", "expected", "why"),
    [
        ("a", ("b", "c", "f"), "two shared tags, then one (same category first), then one"),
        ("b", ("a", "d", "c"), "two shared (linkedin, recht), one: same category d first"),
        ("d", ("b", "new", "a"), "one shared tag; no other of its category: the newest"),
        ("old", ("f", "new", "a"), "same category f without a shared tag, then the newest"),
        ("new", ("a", "c", "e"), "no tags: the same category by date, never itself"),
    ],
)
def test_the_same_topic_first_then_the_category_then_the_newest(reader, expected, why):
    assert picks(reader) == expected, why


def test_an_article_outside_the_pool_gets_picks_but_is_never_picked():
    hidden = Candidate("hidden", "social", frozenset({"linkedin", "recht"}))
    chosen = related([hidden, SITE[1]], SITE)
    assert chosen["hidden"] == ("a", "b", "c")
    assert "hidden" not in chosen["a"]


def test_a_small_pool_gives_what_it_has_and_count_zero_gives_nothing():
    two = pool("x social t", "y pr t")
    assert picks("x", two) == ("y",)
    assert picks("x", two, count=0) == ()
    assert related([], two) == {}


def plain_count(reader: Candidate, site: list[Candidate], count: int) -> tuple[str, ...]:
    """The obvious way: sort every other article by shared tags, category, newness."""
    others = [(i, c) for i, c in enumerate(site) if c.key != reader.key]
    others.sort(
        key=lambda ic: (-len(ic[1].tags & reader.tags), ic[1].category != reader.category, ic[0])
    )
    return tuple(c.key for _i, c in others[:count])


def test_bit_planes_agree_with_a_plain_count_on_a_random_site():
    rng = random.Random(33)
    tags = [f"t{n}" for n in range(12)]
    site = [
        Candidate(f"k{n}", rng.choice("abcd"), frozenset(rng.sample(tags, rng.randint(0, 7))))
        for n in range(300)
    ]
    chosen = related(site, site, 5)
    for reader in site:
        assert chosen[reader.key] == plain_count(reader, site, 5), reader
