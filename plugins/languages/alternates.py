"""Which pages are one page in several languages: hreflang links, the language switcher
and the sitemap's alternates, all from one table.

A *group* is one page in several languages (an article and its translations, the two
home pages, a category and its counterpart in the mapping). Every member of a group
gets the same alternates, itself included, so the links are reciprocal by construction:
search engines ignore hreflang links that a page's alternate does not return.

Pure: URL paths in, records out.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsroom import urls

# Page 2 and later of a list: "kategorie/pr/seite/2/" belongs to "kategorie/pr/".
_PAGE_WORDS = "|".join(
    sorted({words.page_of_list for words in (urls.GERMAN, *urls.WORDS.values())})
)
_LATER_PAGE = re.compile(rf"^(?P<list>.*?)(?:{_PAGE_WORDS})/\d+/$")


@dataclass(frozen=True)
class Alternates:
    """A page's versions in every language it has, its own included."""

    versions: tuple[tuple[str, str], ...]  # (language, URL path), in the site's order
    x_default: str  # the version for readers of any other language
    indexable: bool = True  # False: a hidden page links its versions, search engines not

    def url_in(self, lang: str) -> str | None:
        return next((url for code, url in self.versions if code == lang), None)


@dataclass(frozen=True)
class Group:
    versions: dict[str, str]  # URL path by language
    x_default: str = ""  # default: the version in the first of the site's languages
    indexable: bool = True
    # The members that get these alternates; default all. A hidden page links the
    # published version, which must not link the hidden one back.
    only: str | None = None


@dataclass(frozen=True)
class Switch:
    """One entry of the language switcher."""

    lang: str
    url: str  # URL path of the page in that language, or of that language's home
    translated: bool  # False: this page has no version in ``lang``; ``url`` is its home


def table(groups: Iterable[Group], languages: Sequence[str]) -> dict[str, Alternates]:
    """Alternates by URL path for every member of every group of two or more languages."""
    found: dict[str, Alternates] = {}
    for group in groups:
        if len(group.versions) < 2:
            continue
        versions = tuple(
            (lang, group.versions[lang]) for lang in languages if lang in group.versions
        )
        x_default = group.x_default or versions[0][1]
        alternates = Alternates(versions, x_default, group.indexable)
        for _lang, url in versions:
            if group.only is None or url == group.only:
                found[url] = alternates
    return found


def of_page(url: str, alternates: Mapping[str, Alternates]) -> tuple[Alternates | None, bool]:
    """The alternates of the page at ``url`` and whether they are its own (False: page 2
    of a list, which has no translation of its own; its list's are for the switcher)."""
    own = alternates.get(url)
    if own is not None:
        return own, True
    later = _LATER_PAGE.match(url)
    if later is not None:
        return alternates.get(later["list"]), False
    return None, False


def switcher(
    page_lang: str,
    alternates: Alternates | None,
    languages: Sequence[str],
    homes: Mapping[str, str],
) -> list[Switch]:
    """The switcher's entries: every other language, leading to this page's version in it
    or, when it has none, to that language's home."""
    entries = []
    for lang in languages:
        if lang == page_lang:
            continue
        url = alternates.url_in(lang) if alternates is not None else None
        if url is not None:
            entries.append(Switch(lang, url, True))
        else:
            entries.append(Switch(lang, homes.get(lang, ""), False))
    return entries
