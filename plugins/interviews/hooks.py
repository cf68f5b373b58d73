"""Signal receivers of the interviews plugin."""

import logging
from collections import defaultdict
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from author_bios.profiles import missing_profile_message
from author_bios.settings import from_pelican as author_bios_settings
from contract.reader import project_relative
from interviews.disclosures import notices
from interviews.settings import from_pelican
from interviews.structure import VERSION, split_interview
from newsroom import handover
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
    profiles = generator.context.get(handover.AUTHOR_PROFILE_INDEX, {})
    unreadable = generator.context.get(handover.AUTHOR_PROFILES_UNREADABLE, frozenset())
    folder = project_relative(Path(settings["PATH"]) / bios.path, settings)
    level = logging.ERROR if bios.strict else logging.WARNING

    for article in chain(generator.articles, generator.hidden_articles, generator.drafts):
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
                    missing_profile_message(name, profiles, folder),
                    extra={"content_path": source},
                )
            else:
                found.append(profile)
        setattr(article, handover.INTERVIEWEE_PROFILES, tuple(found))

    by_kind = defaultdict(list)
    articles = listed(generator.articles)
    for article in articles:
        for kind in getattr(article, "disclosure", ()):
            by_kind[kind].append(article)
    generator.context[handover.DISCLOSURE_NOTICES] = notices(
        settings["DEFAULT_LANG"], interviews.disclosure_texts
    )
    generator.context.update(
        interview_articles=[a for a in articles if getattr(a, "type", "") == "interview"],
        disclosure_index=dict(by_kind),
        INTERVIEWS_LIST_URL=interviews.list_url,
        INTERVIEWS_TRANSPARENCY_URL=interviews.transparency_url,
    )


def write_pages(generator: "Generator", writer: "Writer") -> None:
    """The paginated list of interviews and the transparency page."""
    settings = generator.settings
    interviews = from_pelican(settings)
    listed = generator.context["interview_articles"]
    common = {
        "relative_urls": settings["RELATIVE_URLS"],
        "blog": True,
        "all_articles": generator.articles,
    }
    writer.write_file(
        interviews.list_save_as,
        generator.get_template("interviews"),
        generator.context,
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
        generator.context,
        url=interviews.transparency_url,
        template_name="transparency",
        **common,
    )
