"""Signal receivers of the interviews plugin."""

import logging
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from author_bios.profiles import missing_profile_message
from author_bios.settings import from_pelican as author_bios_settings
from contract.reader import project_relative
from interviews.disclosures import notices
from interviews.settings import from_pelican
from interviews.structure import VERSION, split_interview
from languages.lists import paginated_as
from newsroom import handover
from newsroom.languages import every_article, language_values, other_editions
from newsroom.languages import words as language_words
from newsroom.listing import listed
from newsroom.slugs import slugify_german

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)


def add_template_helpers(generator: "Generator") -> None:
    """``article.content|as_interview(names)`` splits an interview for its template."""
    generator.env.filters[handover.AS_INTERVIEW] = split_interview
    generator.env.globals[handover.INTERVIEWS_VERSION] = VERSION


def join_interviews(generator: "Generator") -> None:
    """Interviewee profiles, the disclosure index and the interview list for templates."""
    settings = generator.settings
    interviews = from_pelican(settings)
    bios = author_bios_settings(settings)
    context = generator.context
    unreadable = context.get(handover.AUTHOR_PROFILES_UNREADABLE, frozenset())
    folder = project_relative(Path(settings["PATH"]) / bios.path, settings)
    level = logging.ERROR if bios.strict else logging.WARNING

    others = {edition.lang for edition in other_editions(context)}
    for article in every_article(generator):
        # The profiles in the article's language (author_bios): its bio box is in it.
        values = language_values(context, article.lang) if article.lang in others else context
        profiles = values.get(handover.AUTHOR_PROFILE_INDEX, {})
        found = []
        for name in getattr(article, "interviewee", ()):
            profile = profiles.get(slugify_german(name))
            if profile is None and slugify_german(name) in unreadable:
                continue  # the profile's own error says it all
            if profile is None:
                source = project_relative(article.source_path, settings)
                logger.log(
                    level,
                    '%s: "Interviewee" %s',
                    source,
                    missing_profile_message(name, [p.name for p in profiles.values()], folder),
                    extra={"content_path": source},
                )
            else:
                found.append(profile)
        setattr(article, handover.INTERVIEWEE_PROFILES, tuple(found))

    default = settings["DEFAULT_LANG"]
    context.update(_lists(listed(generator.articles), default, interviews))
    context.update(
        INTERVIEWS_LIST_URL=interviews.list_url,
        INTERVIEWS_TRANSPARENCY_URL=interviews.transparency_url,
    )
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        values.update(_lists(edition.articles, edition.lang, interviews))
        values.update(lists_in(interviews, edition.lang, default))


def _lists(articles: list, lang: str, interviews) -> dict:
    """The interviews, the disclosure notices and the articles carrying each, of one
    language."""
    by_kind = defaultdict(list)
    for article in articles:
        for kind in getattr(article, "disclosure", ()):
            by_kind[kind].append(article)
    return {
        handover.DISCLOSURE_NOTICES: notices(lang, interviews.disclosure_texts),
        "interview_articles": [a for a in articles if getattr(a, "type", "") == "interview"],
        "disclosure_index": dict(by_kind),
    }


def write_pages(generator: "Generator", writer: "Writer") -> None:
    """The paginated list of interviews and the transparency page, in every language."""
    settings = generator.settings
    interviews = from_pelican(settings)
    context = generator.context
    _write(generator, writer, context, interviews, settings, {})
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        localised = replace(
            interviews, **lists_in(interviews, edition.lang, settings["DEFAULT_LANG"], files=True)
        )
        with paginated_as(writer, edition.settings):
            _write(
                generator,
                writer,
                values,
                localised,
                edition.settings,
                {handover.PAGE_LANG: edition.lang},
            )


def lists_in(interviews, lang: str, default: str, files: bool = False) -> dict:
    """The addresses (``files``: the settings' names and the files) of the two lists in
    ``lang``: below its folder, in its words (the settings give the site's own)."""
    words = language_words(lang, default)
    base = f"{lang}/"
    found = {}
    for name, word in (("list", words.interviews), ("transparency", words.transparency)):
        url = f"{base}{word}/"
        if files:
            found.update({f"{name}_url": url, f"{name}_save_as": f"{url}index.html"})
        else:
            found[f"INTERVIEWS_{name.upper()}_URL"] = url
    return found


def _write(generator, writer, values, interviews, settings, language) -> None:
    context = generator.context
    listed = values["interview_articles"]
    common = {
        "relative_urls": settings["RELATIVE_URLS"],
        "blog": True,
        "all_articles": generator.articles,
        **language,
    }
    writer.write_file(
        interviews.list_save_as,
        generator.get_template("interviews"),
        context,
        url=interviews.list_url,
        articles=listed,
        dates=listed,
        template_name="interviews",
        page_name=interviews.list_url.rstrip("/"),
        interview_list=True,  # tells templates (e.g. the feed links) which list this is
        **common,
    )
    writer.write_file(
        interviews.transparency_save_as,
        generator.get_template("transparency"),
        context,
        url=interviews.transparency_url,
        template_name="transparency",
        **common,
    )
