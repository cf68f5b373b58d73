"""The front page and what every page's frame shows of the whole site. Pure."""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def lead_first(articles: Sequence[T], featured: Callable[[T], bool]) -> list[T]:
    """``articles`` (newest first) with the lead article first: the newest one the
    editors marked ``Featured: yes``, else the newest. Every article stays exactly once,
    so the pages after the first continue where the first stopped."""
    lead = next((article for article in articles if featured(article)), None)
    if lead is None:
        return list(articles)
    return [lead, *(article for article in articles if article is not lead)]


def year_span(years: Iterable[int]) -> tuple[int, int] | None:
    """The first and the last year the site published in, for the "©" line: the same on
    every page (not the years of the articles a page happens to list)."""
    known = sorted(set(years))
    return (known[0], known[-1]) if known else None


def top_tags(tag_lists: Iterable[Iterable[T]], limit: int, key: Callable[[T], str]) -> list[T]:
    """The ``limit`` tags used most often in ``tag_lists`` (one list per article), most
    frequent first, then by ``key`` (their name): the topics of a section."""
    counts: Counter = Counter(tag for tags in tag_lists for tag in tags)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], key(item[0]).casefold()))
    return [tag for tag, _count in ranked[:limit]]
