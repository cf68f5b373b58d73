"""What a person published in each language, and what their author page lists in a
language they published nothing in.

Every profile has an author page in every language of the site (a profile without a
version in that language shows the site's own, marked as such). A person who writes only
in German has an English page too: the language switcher of the German page leads to it,
the English overview and hreflang name it. Saying "No articles yet" there would be
false; the page lists their work in the other languages instead, each title marked with
its language (the template says which and that none is in the page's language yet).

Pure: articles are anything with ``date`` (and ``lang`` for the template).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Elsewhere:
    """A person's work in the other languages, for their page in one without any."""

    articles: tuple  # newest first
    written: bool  # True: articles they wrote; False: interviews with them
    languages: tuple[str, ...]  # the languages of ``articles``, in the site's order


def work_elsewhere(
    lang: str,
    people: Sequence[str],
    written: Mapping[str, Mapping[str, Sequence]],
    interviews: Mapping[str, Mapping[str, Sequence]],
) -> dict[str, Elsewhere]:
    """For each of ``people`` (slugs with a page in ``lang``) who neither wrote nor gave an
    interview in ``lang``: what they wrote in the other languages, else the interviews
    with them there. ``written`` and ``interviews``: articles by language (in the site's
    order), then by the person's slug."""
    found = {}
    for slug in people:
        if written.get(lang, {}).get(slug) or interviews.get(lang, {}).get(slug):
            continue
        for is_written, by_language in ((True, written), (False, interviews)):
            languages = tuple(
                code
                for code, by_person in by_language.items()
                if code != lang and by_person.get(slug)
            )
            if languages:
                articles = [a for code in languages for a in by_language[code][slug]]
                articles.sort(key=lambda article: article.date, reverse=True)
                found[slug] = Elsewhere(tuple(articles), is_written, languages)
                break
    return found
