"""The same order of articles and pages in every build.

Pelican finds the source files as a set, whose order changes with each process's hash
seed, and sorts them by ``ARTICLE_ORDER_BY`` (``PAGE_ORDER_BY``) only: articles of the
same minute kept the set's order, so the lists that showed them (a tag's page, the
archives, the feeds) came out differently in every build, and an incremental build
rendered them all again. Sorted by their source file first, such ties follow the file's
path.
"""

from collections.abc import Callable
from typing import Any

from pelican.utils import order_content

# A generator's lists of content, each with the list of its translations.
ARTICLE_LISTS = (
    ("articles", "translations"),
    ("hidden_articles", "hidden_translations"),
    ("drafts", "drafts_translations"),
)
PAGE_LISTS = (
    ("pages", "translations"),
    ("hidden_pages", "hidden_translations"),
    ("draft_pages", "draft_translations"),
)


def source_name(content: Any) -> str:
    """The source file of a content object, as the order's last key."""
    return content.relative_source_path or content.source_path or ""


def settled(contents: list, order_by: str | Callable[[Any], Any] | None) -> list:
    """``contents`` in the order ``order_by`` gives (Pelican's ``*_ORDER_BY``), ties
    by source file; sorted in place."""
    contents.sort(key=source_name)
    return order_content(contents, order_by)


def settle_articles(generator) -> None:
    """Every list of the articles generator in its settled order (before the taxonomies
    and archives are made from them)."""
    _settle(generator, ARTICLE_LISTS, generator.settings["ARTICLE_ORDER_BY"])


def settle_pages(generator) -> None:
    """Every list of the pages generator in its settled order."""
    _settle(generator, PAGE_LISTS, generator.settings["PAGE_ORDER_BY"])


def _settle(generator, lists, order_by) -> None:
    for pair in lists:
        for name in pair:
            contents = getattr(generator, name, None)
            if contents:
                settled(contents, order_by)
