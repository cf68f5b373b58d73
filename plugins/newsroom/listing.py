"""What "listed" means, once for every output that enumerates content.

An article or page is *listed* when its status is ``published``. Pelican turns an
article dated in the future into a draft (``WITH_FUTURE_DATES = False``), so drafts
and scheduled articles are never listed; ``hidden`` ones get their own page but
appear in no list, feed, sitemap, search index or comment manifest, and their page
asks search engines not to index it. Templates ask ``item is listed``; plugins call
:func:`is_listed`, so a new output cannot invent its own rule.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

LISTED_STATUS = "published"


def is_listed(content: object) -> bool:
    """Whether ``content`` (an Article or Page) may appear anywhere but its own page."""
    return getattr(content, "status", LISTED_STATUS) == LISTED_STATUS


@dataclass(frozen=True)
class SharedSlug:
    """Several source files whose articles would have one slug."""

    slug: str
    paths: tuple[str, ...]  # sorted; the first is named in the others' messages

    def message(self, path: str) -> str:
        others = ", ".join(p for p in self.paths if p != path)
        return (
            f'"Slug" is "{self.slug}", the same as in {others}; comments, social cards, '
            "feed ids and the comment form all key on the slug: expected a unique Slug "
            "(add a Slug: line, or change the Title)"
        )


def shared_slugs(items: Iterable[tuple[str, str]]) -> list[SharedSlug]:
    """The slugs claimed by more than one file, from ``(slug, path)`` pairs."""
    by_slug: dict[str, set[str]] = defaultdict(set)
    for slug, path in items:
        by_slug[slug].add(path)
    return [
        SharedSlug(slug, tuple(sorted(paths)))
        for slug, paths in sorted(by_slug.items())
        if len(paths) > 1
    ]


def listed(contents: Iterable[T]) -> list[T]:
    """The listed ones of ``contents``, in their order. Pelican's ``articles`` should hold
    only those already; every list, feed and index passes through here all the same, so
    that no output depends on which of Pelican's collections it happened to start from."""
    return [content for content in contents if is_listed(content)]
