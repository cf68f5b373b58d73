"""What "listed" means, once for every output that enumerates content.

An article or page is *listed* when its status is ``published``. Pelican turns an
article dated in the future into a draft (``WITH_FUTURE_DATES = False``), so drafts
and scheduled articles are never listed; ``hidden`` ones get their own page but
appear in no list, feed, sitemap, search index or comment manifest, and their page
asks search engines not to index it. Templates ask ``item is listed``; plugins call
:func:`is_listed`, so a new output cannot invent its own rule.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from newsroom.schema import Problem

T = TypeVar("T")

LISTED_STATUS = "published"


def is_listed(content: object) -> bool:
    """Whether ``content`` (an Article or Page) may appear anywhere but its own page."""
    return getattr(content, "status", LISTED_STATUS) == LISTED_STATUS


@dataclass(frozen=True)
class SlugClaim:
    """One file's claim to a slug, and where in it the slug comes from."""

    slug: str
    path: str  # as shown in messages
    line: int | None  # the line of ``key``; None when the file cannot tell
    key: str = "Slug"  # "Slug", or "Title" when the slug is made from the title

    @classmethod
    def of(cls, slug: str, path: str, lines: Mapping[str, int]) -> "SlugClaim":
        """The claim of a file whose header keys (lower case) are on ``lines``: its Slug
        line, or its Title's when it has none (Pelican makes the slug of the title)."""
        key = "Slug" if "slug" in lines else "Title"
        return cls(slug, path, lines.get(key.lower()), key)

    @property
    def place(self) -> str:
        """Where an editor changes it: "content/a.md:3", with "(from its Title)" when
        the slug is the title's."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return where if self.key == "Slug" else f"{where} (from its Title)"


@dataclass(frozen=True)
class SharedSlug:
    """Several source files whose articles would have one slug."""

    slug: str
    claims: tuple[SlugClaim, ...]  # sorted by path

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(claim.path for claim in self.claims)

    def problem(self, path: str) -> Problem:
        """What the file ``path`` is told, at the line of its own Slug (or Title); the
        other files are named with theirs."""
        own = next(claim for claim in self.claims if claim.path == path)
        others = ", ".join(claim.place for claim in self.claims if claim.path != path)
        subject = f'is "{self.slug}"' if own.key == "Slug" else f'gives the slug "{self.slug}"'
        message = (
            f"{subject}, the same as in {others}; comments, social cards, feed ids and the "
            "comment form all key on the slug: expected a unique Slug (add a Slug: line, "
            "or change the Title)"
        )
        return Problem(path, own.key, message, line=own.line)


def shared_slugs(claims: Iterable[SlugClaim]) -> list[SharedSlug]:
    """The slugs claimed by more than one file."""
    by_slug: dict[str, dict[str, SlugClaim]] = defaultdict(dict)
    for claim in claims:
        by_slug[claim.slug].setdefault(claim.path, claim)
    return [
        SharedSlug(slug, tuple(sorted(found.values(), key=lambda claim: claim.path)))
        for slug, found in sorted(by_slug.items())
        if len(found) > 1
    ]


def listed(contents: Iterable[T]) -> list[T]:
    """The listed ones of ``contents``, in their order. Pelican's ``articles`` should hold
    only those already; every list, feed and index passes through here all the same, so
    that no output depends on which of Pelican's collections it happened to start from."""
    return [content for content in contents if is_listed(content)]
