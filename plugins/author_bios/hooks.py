"""Signal receivers of author_bios: read profiles, join them to articles, write pages."""

import functools
import logging
from collections import defaultdict
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from markdown import Markdown
from pelican.urlwrappers import Author

from author_bios import avatars
from author_bios.profiles import (
    Profile,
    index_profiles,
    missing_profile_message,
    parse_profile,
    person_json_ld,
    team_then_guests,
)
from author_bios.settings import from_pelican
from contract.reader import markdown_config, project_relative
from newsroom import handover
from newsroom.cache import DerivedCache, input_key
from newsroom.files import read_content, write_atomically
from newsroom.headers import ContentError
from newsroom.report import log_problem
from newsroom.slugs import slugify_german

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"  # bump when the rendered bio HTML would change for the same text


def read_profiles(settings: dict) -> tuple[dict[str, Profile], frozenset[str]]:
    """All profiles of the content folder by slug, and the slugs (file names) of the
    profiles that had errors; problems are logged."""
    bios = from_pelican(settings)
    content_root = Path(settings["PATH"])
    folder = content_root / bios.path
    cache = DerivedCache(settings["CACHE_PATH"], "author_bios", CACHE_VERSION)
    markdown = Markdown(**markdown_config(settings))

    def render_bio(text: str) -> str:
        # Rendering is the costly part; the header checks run on every build, because
        # they also depend on other files (a Photo that was deleted since).
        key = input_key(text, repr(settings["MARKDOWN"]))
        html = cache.get(key)
        if html is None:
            markdown.reset()
            html = markdown.convert(text)
            cache.put(key, html)
        return html

    profiles = []
    unreadable: set[str] = set()
    for path in sorted(folder.glob("*.md")):
        shown = project_relative(path, settings)
        try:
            text = read_content(path, shown)
        except ContentError as error:
            log_problem(logger, error.problem)
            unreadable.add(path.stem)
            continue
        profile, problems = parse_profile(shown, text, content_root, render_bio)
        for problem in problems:
            log_problem(logger, problem)
        if profile is not None:
            profiles.append(profile)
        else:
            unreadable.add(path.stem)
    cache.save()
    index, problems = index_profiles(profiles)
    for problem in problems:
        log_problem(logger, problem)
    return index, frozenset(unreadable)


def join_profiles(generator: "Generator") -> None:
    """Attach ``author_profiles`` to every article and the profile index to the context."""
    settings = generator.settings
    bios = from_pelican(settings)
    index, unreadable = read_profiles(settings)
    folder = project_relative(Path(settings["PATH"]) / bios.path, settings)
    level = logging.ERROR if bios.strict else logging.WARNING

    appearances: dict[str, list] = defaultdict(list)
    for article in generator.articles:
        for name in getattr(article, "interviewee", ()):
            appearances[slugify_german(name)].append(article)

    for article in chain(generator.articles, generator.hidden_articles, generator.drafts):
        found = []
        for author in getattr(article, "authors", ()):
            profile = index.get(author.slug)
            if profile is None and author.slug in unreadable:
                continue  # its profile's own error says it all
            if profile is None:
                source = project_relative(article.source_path, settings)
                field = "Authors" if "authors" in article.metadata else "Author"
                message = missing_profile_message(author.name, index, folder)
                logger.log(
                    level, '%s: "%s" %s', source, field, message, extra={"content_path": source}
                )
            else:
                found.append(profile)
        setattr(article, handover.AUTHOR_PROFILES, tuple(found))

    authored = {author.slug: len(articles) for author, articles in generator.authors}
    generator.context[handover.AUTHOR_PROFILE_INDEX] = index
    generator.context[handover.AUTHOR_PROFILES_UNREADABLE] = unreadable
    generator.context.update(
        authors_overview=team_then_guests(index),
        author_article_counts=authored,
        author_appearances={slug: list(items) for slug, items in appearances.items()},
    )


def add_template_helpers(generator: "Generator") -> None:
    """``author_picture(profile)`` and ``person_ld(profile)`` for the templates."""
    bios = from_pelican(generator.settings)
    generator.env.globals["author_picture"] = functools.partial(
        picture_path, avatar_path=bios.avatar_path
    )
    generator.env.globals["person_ld"] = functools.partial(
        person_ld, settings=generator.settings, avatar_path=bios.avatar_path
    )


def picture_path(profile: Profile, avatar_path: str) -> str:
    """Site-relative path of the profile's picture: the photo or the initials avatar."""
    return profile.photo or f"{avatar_path}/{profile.slug}.svg"


def person_ld(profile: Profile, settings: dict, avatar_path: str) -> dict:
    siteurl = settings["SITEURL"]
    page = f"{siteurl}/{settings['AUTHOR_URL'].format(slug=profile.slug)}"
    picture = f"{siteurl}/{picture_path(profile, avatar_path)}" if profile.photo else ""
    return person_json_ld(profile, page, picture)


def write_avatars_and_extra_pages(generator: "Generator", writer: "Writer") -> None:
    """Initials avatars for profiles without photo, and a page for every profile that
    has no article of its own (e.g. someone who was interviewed)."""
    settings = generator.settings
    bios = from_pelican(settings)
    index: dict[str, Profile] = generator.context.get(handover.AUTHOR_PROFILE_INDEX, {})
    output = Path(settings["OUTPUT_PATH"])
    for profile in index.values():
        if profile.photo is None:
            target = output / picture_path(profile, bios.avatar_path)
            svg = avatars.avatar_svg(profile.name, profile.slug)
            write_atomically(target, svg.encode("utf-8"))

    authored = {author.slug for author, _articles in generator.authors}
    appearances = generator.context.get("author_appearances", {})
    template = generator.get_template("author")
    for profile in index.values():
        if profile.slug in authored:
            continue
        author = Author(profile.name, settings)
        author.slug = profile.slug
        articles = appearances.get(profile.slug, [])
        writer.write_file(
            author.save_as,
            template,
            generator.context,
            relative_urls=settings["RELATIVE_URLS"],
            url=author.url,
            author=author,
            articles=articles,
            dates=articles,
            template_name="author",
            blog=True,
            page_name=author.page_name,
            all_articles=generator.articles,
        )
