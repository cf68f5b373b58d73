"""Signal receivers of related: unwrap the articles, rank them, attach plain records."""

from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING

from newsroom import handover, labels, listing
from newsroom.languages import other_editions
from related.ranking import Candidate, related
from related.settings import from_pelican
from related.teasers import Teaser

if TYPE_CHECKING:
    from pelican.contents import Article
    from pelican.generators import ArticlesGenerator


def candidate(article: "Article") -> Candidate:
    return Candidate(
        key=article.source_path,
        category=article.category.slug,
        tags=frozenset(tag.slug for tag in getattr(article, "tags", ())),
    )


def teaser(article: "Article") -> Teaser:
    date: datetime = article.date
    return Teaser(
        url=article.url,
        title=article.title,
        category=article.category.name,
        date=date,
        image=article.metadata.get("image", ""),
        label=labels.kind_label(getattr(article, "type", None), _disclosure(article)) or "",
    )


def _disclosure(article: "Article") -> list[str]:
    return list(getattr(article, "disclosure", None) or ())


def attach_related(generator: "ArticlesGenerator") -> None:
    """``article.related_articles``: a tuple of Teaser for every article with a page.

    Only listed articles are recommended (never hidden, draft or scheduled ones), and no
    paid ones: an advertisement is not what the editors suggest reading next.
    """
    settings = from_pelican(generator.settings)
    _attach(generator.articles, generator.hidden_articles, settings.count)
    # Each language's articles lead to articles in that language (languages plugin).
    for edition in other_editions(generator.context):
        _attach(edition.articles, edition.hidden, settings.count)


def _attach(articles: list, hidden: list, count: int) -> None:
    """``related_articles`` of the articles of one language, from its listed articles."""
    pool = [
        article for article in listing.listed(articles) if "sponsored" not in _disclosure(article)
    ]
    pool.sort(key=lambda article: (article.date, article.source_path), reverse=True)
    by_key = {article.source_path: article for article in pool}
    readers = list(chain(articles, hidden))
    picks = related(map(candidate, readers), [candidate(a) for a in pool], count)
    teasers: dict[str, Teaser] = {}
    for article in readers:
        chosen = []
        for key in picks[article.source_path]:
            if key not in teasers:
                teasers[key] = teaser(by_key[key])
            chosen.append(teasers[key])
        setattr(article, handover.RELATED_ARTICLES, tuple(chosen))
