"""Which feeds the site has and which entries each one holds, in one pass over the articles.

The site, every category, tag and author with a listed article, the interviews, and,
when the comments plugin attached threads, every article with comments and all
comments together. Each feed holds its newest ``FEEDS_MAX_ITEMS`` entries. Articles
are visited once, newest first; a feed stops taking entries when it is full, so the
work grows with the number of articles, never with articles x feeds.

Takes the article objects Pelican made but reads only their attributes (no Pelican
import); the callers pass only published, listed articles (never drafts, hidden or
future-dated ones).
"""

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from feeds.settings import FeedsSettings
from newsroom import handover
from newsroom.i18n import N_
from newsroom.text import unquoted

INTERVIEWS = N_("Interviews")
COMMENTS = N_("Comments")
COMMENTS_ON = N_("Comments on “%(title)s”")


@dataclass(frozen=True)
class FeedSpec:
    """One feed: its title, the page it belongs to and its two files."""

    title: str
    page: str  # URL path of the HTML page ("" = home)
    atom: str  # output paths
    rss: str
    language: str = ""  # of its entries ("": the site's own)


@dataclass
class Selection:
    spec: FeedSpec
    items: list[Any] = field(default_factory=list)  # articles, or (article, comment)


def newest_first(articles: Iterable[Any], source_of: Callable[[Any], str]) -> list[Any]:
    """Newest first; two articles of the same minute in the order of their files."""
    ordered = sorted(articles, key=source_of)
    ordered.sort(key=lambda article: article.date, reverse=True)  # stable: files stay sorted
    return ordered


def article_feeds(
    articles: Sequence[Any],
    feeds: FeedsSettings,
    site_name: str,
    gettext: Callable[[str], str],
    interviews_page: str,
    language: str = "",
    home: str = "",
) -> list[Selection]:
    """The feeds of articles; ``articles`` newest first (all in ``language``, whose home
    page is at ``home``)."""
    limit = feeds.max_items
    # By what the feed is of, not by its path: two feeds configured onto one path must
    # reach the writer as two feeds, which then refuses the second.
    found: dict[tuple[str, str], Selection] = {}

    def add(of: tuple[str, str], atom: str, rss: str, title: str, page: str, article) -> None:
        selection = found.get(of)
        if selection is None:
            selection = found[of] = Selection(FeedSpec(title, page, atom, rss, language))
        if len(selection.items) < limit:
            selection.items.append(article)

    for article in articles:
        add(("site", ""), feeds.site_atom, feeds.site_rss, site_name, home, article)
        groups = (
            ("category", (article.category,), feeds.category_atom, feeds.category_rss),
            ("tag", getattr(article, "tags", None) or (), feeds.tag_atom, feeds.tag_rss),
            (
                "author",
                getattr(article, "authors", None) or (),
                feeds.author_atom,
                feeds.author_rss,
            ),
        )
        for kind, wrappers, atom, rss in groups:
            for wrapper in wrappers:
                add(
                    (kind, wrapper.slug),
                    atom.format(slug=wrapper.slug),
                    rss.format(slug=wrapper.slug),
                    f"{site_name}: {wrapper.name}",
                    wrapper.url,
                    article,
                )
        if getattr(article, "type", "") == "interview":
            add(
                ("interviews", ""),
                feeds.interviews_atom,
                feeds.interviews_rss,
                f"{site_name}: {gettext(INTERVIEWS)}",
                interviews_page,
                article,
            )
    return list(found.values())


def comment_feeds(
    articles: Sequence[Any],
    feeds: FeedsSettings,
    site_name: str,
    gettext: Callable[[str], str],
    language: str = "",
    home: str = "",
) -> list[Selection]:
    """One feed per article with comments and one with the newest comments of all.

    Only when the comments plugin attached ``comment_thread`` (its ``flat()`` lists
    comments and replies, oldest first); pingbacks and trackbacks are not comments.
    """
    limit = feeds.max_items
    selections: list[Selection] = []
    everything: list[tuple[Any, str, int, Any, Any]] = []
    for number, article in enumerate(articles):
        thread = getattr(article, handover.COMMENT_THREAD, None)
        if thread is None or not thread.count:
            continue
        comments = thread.flat()
        title = gettext(COMMENTS_ON) % {"title": unquoted(article.title)}
        selections.append(
            Selection(
                FeedSpec(
                    f"{site_name}: {title}",
                    article.url,
                    feeds.article_comments_atom.format(url=article.url),
                    feeds.article_comments_rss.format(url=article.url),
                    language,
                ),
                [(article, comment) for comment in reversed(comments[-limit:])],
            )
        )
        everything.extend((c.date, c.id, number, article, c) for c in comments[-limit:])
    if selections:
        newest = heapq.nlargest(limit, everything, key=lambda item: item[:3])
        spec = FeedSpec(
            f"{site_name}: {gettext(COMMENTS)}",
            home,
            feeds.comments_atom,
            feeds.comments_rss,
            language,
        )
        selections.append(Selection(spec, [(item[3], item[4]) for item in newest]))
    return selections
