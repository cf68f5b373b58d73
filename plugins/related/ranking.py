"""Which articles to read next: the same topic first, then the same category, then the
newest. Pure: records in, keys out; no Pelican.

Every article's "Weiterlesen" compares it with every other listed article. A plain count
of shared tags per pair visits each tag's articles once per article of that tag: at
5,000 articles with tags used by a few hundred each, several million Python steps. Here
each tag and category is one integer whose bits are the articles that carry it (bit 0 is
the newest); counting shared tags is a handful of operations on those integers per
article, and "the newest of a set" is its lowest set bit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of an article."""

    key: str  # unique, e.g. the source path
    category: str  # the category's slug
    tags: frozenset[str]  # the tags' slugs


def related(
    readers: Iterable[Candidate], pool: Sequence[Candidate], count: int = 3
) -> dict[str, tuple[str, ...]]:
    """For each of ``readers``, the keys of up to ``count`` articles of ``pool`` (which
    is ordered newest first) to read next, never the reader itself.

    Order: most tags in common; among equals, the same category first; then the newest.
    When fewer than ``count`` share a tag or the category, the newest others fill up, so
    that every article leads on to ``count`` more while the pool has them.
    """
    bit = {candidate.key: 1 << index for index, candidate in enumerate(pool)}
    everything = (1 << len(pool)) - 1
    by_tag: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for candidate in pool:
        for tag in candidate.tags:
            by_tag[tag] = by_tag.get(tag, 0) | bit[candidate.key]
        by_category[candidate.category] = (
            by_category.get(candidate.category, 0) | bit[candidate.key]
        )
    chosen: dict[str, tuple[str, ...]] = {}
    for reader in readers:
        left = everything & ~bit.get(reader.key, 0)
        same_category = by_category.get(reader.category, 0)
        picked: list[int] = []
        for group in _by_shared_tags([by_tag.get(tag, 0) for tag in sorted(reader.tags)]):
            for part in (group & same_category, group & ~same_category):
                left = _take_newest(part & left, left, picked, count)
        for part in (same_category, everything):
            left = _take_newest(part & left, left, picked, count)
        chosen[reader.key] = tuple(pool[index].key for index in picked)
    return chosen


def _by_shared_tags(masks: list[int]) -> list[int]:
    """The articles sharing exactly n of the tags whose ``masks`` are given, for n from
    len(masks) down to 1: a binary counter per article, kept in bit planes (plane i
    holds bit i of every article's count)."""
    planes: list[int] = []
    for mask in masks:
        carry = mask
        for level, plane in enumerate(planes):
            planes[level], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    groups = []
    for shared in range(len(masks), 0, -1):
        group = -1  # every bit set
        for level, plane in enumerate(planes):
            group &= plane if shared >> level & 1 else ~plane
        if shared >> len(planes):
            group = 0  # more than the planes can count: nobody
        groups.append(group)
    return groups


def _take_newest(candidates: int, left: int, picked: list[int], count: int) -> int:
    """Move the newest of ``candidates`` into ``picked`` until it holds ``count``;
    returns ``left`` without them."""
    while candidates and len(picked) < count:
        lowest = candidates & -candidates
        picked.append(lowest.bit_length() - 1)
        candidates ^= lowest
        left &= ~lowest
    return left
