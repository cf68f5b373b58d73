"""The languages the site publishes in: their URLs, their names and their editions.

The site's own language (``DEFAULT_LANG``, German) keeps every URL it has; each other
language has the same lists below its code, in its own words (``newsroom.urls.WORDS``):
``/en/``, ``/en/category/<slug>/``, ``/en/archive/``, page 2 at ``…/page/2/``. Articles
and pages of another language are ``/en/<year>/<month>/<slug>/`` and ``/en/<slug>/``
(Pelican's ``ARTICLE_LANG_URL`` and ``PAGE_LANG_URL``, set in pelicanconf.py).

An *edition* is the site in one language: the articles, categories, tags, authors and
pages its lists show. Every list, feed and index of a language is made from its edition,
so nothing lists an article in the wrong language.

Pure: plain values and the attributes of Pelican's objects, no Pelican import.
"""

from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError

from newsroom import handover, urls
from newsroom.config import SettingsError

# Pelican's URL settings of the lists, by the URL word that names them.
_LIST_SETTINGS = {
    "ARCHIVES": "archives",
    "CATEGORIES": "categories",
    "TAGS": "tags",
    "AUTHORS": "authors",
    "SEARCH": "search",
}
_ITEM_SETTINGS = {"CATEGORY": "category", "TAG": "tag", "AUTHOR": "author"}


class LanguageError(SettingsError):
    """NEWSROOM_LANGUAGES names a language the site cannot publish in."""


def other_languages(default: str, languages: Iterable[str]) -> tuple[str, ...]:
    """The languages besides the site's own, in the order of NEWSROOM_LANGUAGES."""
    return tuple(code for code in languages if code != default)


def check_languages(default: str, languages: Iterable[str]) -> None:
    """Refuse a list without the site's own language, or a language without URL words."""
    languages = tuple(languages)
    if default not in languages:
        raise LanguageError(
            f"Setting NEWSROOM_LANGUAGES is {languages!r}; expected it to name the site's "
            f'own language, DEFAULT_LANG "{default}"'
        )
    for code in other_languages(default, languages):
        if code not in urls.WORDS:
            raise LanguageError(
                f'Setting NEWSROOM_LANGUAGES names "{code}", which has no URL words; '
                f"expected one of {', '.join(sorted(urls.WORDS))}, or its words in "
                "newsroom/urls.py (WORDS)"
            )


def prefix(lang: str, default: str) -> str:
    """The folder of a language's pages: "" for the site's own, "en/" for English."""
    return "" if lang == default else f"{lang}/"


def list_settings(lang: str, default: str) -> dict[str, Any]:
    """Pelican's URL settings for the lists of ``lang``: {} for the site's own language
    (pelicanconf.py has them), else the same lists below ``<lang>/`` in its words."""
    if lang == default:
        return {}
    words = urls.WORDS[lang]
    base = prefix(lang, default)
    values: dict[str, Any] = {}
    for name, word in _LIST_SETTINGS.items():
        values[f"{name}_URL"] = f"{base}{getattr(words, word)}/"
        values[f"{name}_SAVE_AS"] = f"{base}{getattr(words, word)}/index.html"
    for name, word in _ITEM_SETTINGS.items():
        values[f"{name}_URL"] = f"{base}{getattr(words, word)}/{{slug}}/"
        values[f"{name}_SAVE_AS"] = f"{base}{getattr(words, word)}/{{slug}}/index.html"
    values.update(
        INDEX_URL=base,
        INDEX_SAVE_AS=f"{base}index.html",
        YEAR_ARCHIVE_URL=f"{base}{{date:%Y}}/",
        YEAR_ARCHIVE_SAVE_AS=f"{base}{{date:%Y}}/index.html",
        NOTFOUND_SAVE_AS=f"{base}404.html",
        PAGINATION_PATTERNS=(
            (1, "{url}", "{save_as}"),
            (
                2,
                f"{{base_name}}/{words.page_of_list}/{{number}}/",
                f"{{base_name}}/{words.page_of_list}/{{number}}/index.html",
            ),
        ),
    )
    return values


def words(lang: str, default: str) -> urls.Words:
    """The URL words of ``lang``; the site's own language uses urls' constants."""
    return urls.GERMAN if lang == default else urls.WORDS[lang]


@lru_cache(maxsize=64)
def language_name(code: str, in_language: str | None = None) -> str:
    """The name of language ``code`` in ``in_language`` (default: in itself, as a
    language switcher names it): "English", "Deutsch", "Englisch"."""
    try:
        name = Locale.parse(in_language or code).languages.get(code.split("-")[0])
    except (ValueError, UnknownLocaleError):
        name = None
    return (name[:1].upper() + name[1:]) if name else code


def every_article(generator: Any) -> Iterator[Any]:
    """The articles of an articles generator in every status and language: Pelican's own
    lists (the site's language) and its translation lists (the others')."""
    for name in (
        "articles",
        "hidden_articles",
        "drafts",
        "translations",
        "hidden_translations",
        "drafts_translations",
    ):
        yield from getattr(generator, name, ())


def language_of(content: Any, default: str) -> str:
    """The language of an article, page or profile (Pelican's ``lang``)."""
    return getattr(content, "lang", None) or default


@dataclass
class Edition:
    """The site in one language: what its lists, feeds and indexes hold.

    ``articles`` are the listed ones, newest first; ``categories``, ``authors`` and
    ``tags`` pair each term with its listed articles, like Pelican's own lists.
    """

    lang: str
    articles: list = field(default_factory=list)
    hidden: list = field(default_factory=list)  # own page, but in no list
    drafts: list = field(default_factory=list)
    categories: list = field(default_factory=list)  # [(Category, [article, …])]
    tags: list = field(default_factory=list)  # [(Tag, [article, …])]
    authors: list = field(default_factory=list)  # [(Author, [article, …])]
    pages: list = field(default_factory=list)  # published pages
    hidden_pages: list = field(default_factory=list)
    # Pelican's settings with this language's list URLs and pagination (list_settings):
    # what its lists are written with.
    settings: dict = field(default_factory=dict, repr=False)

    @property
    def dates(self) -> list:
        """The articles, newest first (Pelican's ``dates`` for archives)."""
        return sorted(self.articles, key=lambda article: article.date, reverse=True)


def group_terms(articles: Iterable[Any]) -> tuple[list, list, list]:
    """(categories, tags, authors) of ``articles`` as Pelican groups them: each term with
    its articles in their order; categories and authors sorted, tags by first use."""
    categories: dict = {}
    tags: dict = {}
    authors: dict = {}
    for article in articles:
        category = getattr(article, "category", None)
        if category is not None:
            categories.setdefault(category, []).append(article)
        for tag in getattr(article, "tags", None) or ():
            tags.setdefault(tag, []).append(article)
        for author in getattr(article, "authors", None) or ():
            authors.setdefault(author, []).append(article)
    return sorted(categories.items()), list(tags.items()), sorted(authors.items())


def language_values(context: MutableMapping[str, Any], lang: str) -> dict[str, Any]:
    """The values of the shared context that pages in ``lang`` see instead of the site's
    own (each plugin adds what it knows, e.g. its list's URL in that language)."""
    by_language = context.setdefault(handover.LANGUAGE_CONTEXT, {})
    return by_language.setdefault(lang, {})


def editions(context: Mapping[str, Any]) -> dict[str, Edition]:
    """This build's editions by language (the site's own first)."""
    return context.get(handover.EDITIONS, {})


def other_editions(context: Mapping[str, Any]) -> list[Edition]:
    """The editions of the other languages: what a plugin adds to its work for the site's
    own language (none when the languages plugin is not in PLUGINS)."""
    default = context.get("DEFAULT_LANG")
    return [edition for lang, edition in editions(context).items() if lang != default]


def page_language(values: Mapping[str, Any], default: str) -> str:
    """The language of the page whose template variables are ``values``: its article's
    or page's, else the one it was written for (``page_lang``), else the site's."""
    for name in ("article", "page"):
        item = values.get(name)
        if item is not None:
            lang = getattr(item, "lang", None)
            if lang:
                return lang
    return values.get(handover.PAGE_LANG) or default


def page_values(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """What the page whose template variables are ``values`` sees by name: the values of
    its language (language_values) before ``values``. The site record checks a page's
    inputs with it, as the page's template context (contract/page_language.py) read them."""
    by_language = values.get(handover.LANGUAGE_CONTEXT)
    if not by_language:
        return values
    own = by_language.get(page_language(values, values.get("DEFAULT_LANG", "")))
    return ChainMap(own, values) if own else values


def version_in(context: Mapping[str, Any], url: str, lang: str) -> str:
    """The URL path of the page at ``url`` in ``lang`` when it has a version there (the
    languages plugin's table of alternates), else ``url``."""
    found = context.get(handover.ALTERNATES, {}).get(url)
    translated = found.url_in(lang) if found is not None else None
    return translated if translated is not None else url
