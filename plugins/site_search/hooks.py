"""Signal receivers of site_search."""

from itertools import chain
from typing import TYPE_CHECKING

from contract.pelican_internals import article_html
from newsroom import handover
from newsroom.cache import DerivedCache, input_key
from newsroom.languages import other_editions
from newsroom.text import text_lines
from site_search.compounds import Vocabulary, search_terms, word_use
from site_search.settings import from_pelican

if TYPE_CHECKING:
    from pelican.generators import Generator

CACHE_VERSION = "2"


def add_search_terms(generator: "Generator") -> None:
    """``article.search_terms``: compound parts found in the article, for the index.

    The site's whole vocabulary is the dictionary, so this is a join across files and
    runs on every build. Each article's words and its terms are cached by a hash of
    its text (and of the vocabulary), so a warm build hashes instead of re-reading.
    """
    if not from_pelican(generator.settings).split_compounds:
        return
    cache = DerivedCache(generator.settings["CACHE_PATH"], "site_search", CACHE_VERSION)
    _add(list(chain(generator.articles, generator.hidden_articles)), cache)
    # Each language is its own vocabulary (Pagefind keeps an index per language).
    for edition in other_editions(generator.context):
        _add([*edition.articles, *edition.hidden], cache)
    cache.save()


def _add(articles: list, cache: DerivedCache) -> None:
    # The raw HTML (`_content`): `content` would resolve {filename} links before all
    # pages are known, which logs false warnings.
    keys = [input_key(a.title, article_html(a)) for a in articles]
    uses = []
    for article, key in zip(articles, keys, strict=True):
        found = cache.get(f"words:{key}")
        if found is None:
            found = word_use(f"{article.title}\n{text_lines(article_html(article))}")
            cache.put(f"words:{key}", found)
        uses.append(found)
    known = Vocabulary.joined(uses)
    known_key = input_key(
        *sorted(known.known), "|", *sorted(known.nouns), "|", *sorted(known.lowered)
    )
    for article, key, found in zip(articles, keys, uses, strict=True):
        terms = cache.get(f"terms:{known_key}:{key}")
        if terms is None:
            terms = search_terms(found.known, known)
            cache.put(f"terms:{known_key}:{key}", terms)
        setattr(article, handover.SEARCH_TERMS, terms)
