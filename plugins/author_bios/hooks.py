"""Signal receivers of author_bios: read profiles, join them to articles, write pages."""

import functools
import logging
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import pass_context
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
    translated_profiles,
)
from author_bios.settings import from_pelican
from author_bios.work import work_elsewhere
from contract.reader import markdown_config, project_relative
from languages.lists import paginated_as
from newsroom import handover
from newsroom.cache import DerivedCache, input_key
from newsroom.files import read_content, write_atomically
from newsroom.headers import ContentError
from newsroom.languages import every_article, language_values, other_editions
from newsroom.report import log_problem
from newsroom.settings import from_pelican as newsroom_settings
from newsroom.slugs import slugify_german

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"  # bump when the rendered bio HTML would change for the same text


def read_profiles(settings: dict) -> tuple[list[Profile], frozenset[str]]:
    """All profiles of the content folder, in every language, and the slugs (file
    names) of the profiles that had errors; problems are logged."""
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

    languages = newsroom_settings(settings).languages
    profiles = []
    unreadable: set[str] = set()
    for path in sorted(folder.glob("*.md")):
        shown = project_relative(path, settings)
        slug = path.name.split(".")[0]  # jana-albers.en.md is Jana Albers in English
        try:
            text = read_content(path, shown)
        except ContentError as error:
            log_problem(logger, error.problem)
            unreadable.add(slug)
            continue
        profile, problems = parse_profile(shown, text, content_root, render_bio, languages)
        for problem in problems:
            log_problem(logger, problem)
        if profile is not None:
            profiles.append(profile)
        else:
            unreadable.add(slug)
    cache.save()
    return profiles, frozenset(unreadable)


def join_profiles(generator: "Generator") -> None:
    """Attach ``author_profiles`` (in the article's language) to every article, and the
    profile index with the overview's counts to the context, for every language."""
    settings = generator.settings
    bios = from_pelican(settings)
    profiles, unreadable = read_profiles(settings)
    index, problems = index_profiles(profiles, settings["DEFAULT_LANG"])
    indexes = {settings["DEFAULT_LANG"]: index}
    for edition in other_editions(generator.context):
        indexes[edition.lang], more = translated_profiles(profiles, index, edition.lang)
        problems += more
    for problem in problems:
        log_problem(logger, problem)
    folder = project_relative(Path(settings["PATH"]) / bios.path, settings)
    level = logging.ERROR if bios.strict else logging.WARNING

    for article in every_article(generator):
        index = indexes.get(article.lang, indexes[settings["DEFAULT_LANG"]])
        found = []
        for author in getattr(article, "authors", ()):
            profile = index.get(author.slug)
            if profile is None and author.slug in unreadable:
                continue  # its profile's own error says it all
            if profile is None:
                source = project_relative(article.source_path, settings)
                field = "Authors" if "authors" in article.metadata else "Author"
                message = missing_profile_message(
                    author.name, [p.name for p in index.values()], folder
                )
                logger.log(
                    level, '%s: "%s" %s', source, field, message, extra={"content_path": source}
                )
            else:
                found.append(profile)
        setattr(article, handover.AUTHOR_PROFILES, tuple(found))

    context = generator.context
    context[handover.AUTHOR_PROFILES_UNREADABLE] = unreadable
    default = settings["DEFAULT_LANG"]
    by_language = {default: context}
    written = {default: _by_slug(generator.authors)}
    context.update(_overview(indexes[default], generator.articles, generator.authors, settings))
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        values.update(
            _overview(indexes[edition.lang], edition.articles, edition.authors, edition.settings)
        )
        by_language[edition.lang] = values
        written[edition.lang] = _by_slug(edition.authors)
    # Only now are all languages known: what a page lists for a person with nothing in
    # its own language comes from the others.
    interviews = {lang: values["author_appearances"] for lang, values in by_language.items()}
    for lang, values in by_language.items():
        people = list(values[handover.AUTHOR_PAGES])
        values["author_elsewhere"] = work_elsewhere(lang, people, written, interviews)


def _by_slug(authors) -> dict[str, list]:
    """Pelican's (author, articles) pairs as the articles by the author's slug."""
    return {author.slug: list(items) for author, items in authors}


def _overview(index: dict[str, Profile], articles, authors, settings: dict) -> dict:
    """The profiles of one language, its author pages, and what the overview and author
    pages count."""
    appearances: dict[str, list] = defaultdict(list)
    for article in articles:
        for name in getattr(article, "interviewee", ()):
            appearances[slugify_german(name)].append(article)
    return {
        handover.AUTHOR_PROFILE_INDEX: index,
        handover.AUTHOR_PAGES: _author_pages(index, authors, settings),
        "authors_overview": team_then_guests(index),
        "author_article_counts": {author.slug: len(items) for author, items in authors},
        "author_appearances": {slug: list(items) for slug, items in appearances.items()},
    }


def _author_pages(index: dict[str, Profile], authors, settings: dict) -> dict[str, Author]:
    """Every author page of one language: the authors of its articles (Pelican's), and a
    page for every other profile (``_extra_pages`` writes those)."""
    pages = {author.slug: author for author, _articles in authors}
    for profile in index.values():
        if profile.slug not in pages:
            author = Author(profile.name, settings)
            author.slug = profile.slug
            pages[profile.slug] = author
    return pages


def add_template_helpers(generator: "Generator") -> None:
    """``author_picture(profile)`` and ``person_ld(profile)`` for the templates."""
    bios = from_pelican(generator.settings)
    generator.env.globals["author_picture"] = functools.partial(
        picture_path, avatar_path=bios.avatar_path
    )
    generator.env.globals["person_ld"] = pass_context(
        functools.partial(person_ld, settings=generator.settings, avatar_path=bios.avatar_path)
    )


def picture_path(profile: Profile, avatar_path: str) -> str:
    """Site-relative path of the profile's picture: the photo or the initials avatar."""
    return profile.photo or f"{avatar_path}/{profile.slug}.svg"


def person_ld(context, profile: Profile, settings: dict, avatar_path: str) -> dict:
    """schema.org Person of ``profile``, its page in the language of the page."""
    siteurl = settings["SITEURL"]
    page = (
        f"{siteurl}/{context.get('AUTHOR_URL', settings['AUTHOR_URL']).format(slug=profile.slug)}"
    )
    picture = f"{siteurl}/{picture_path(profile, avatar_path)}" if profile.photo else ""
    return person_json_ld(profile, page, picture)


def write_avatars_and_extra_pages(generator: "Generator", writer: "Writer") -> None:
    """Initials avatars for profiles without photo, and a page for every profile that
    has no article of its own (e.g. someone who was interviewed)."""
    settings = generator.settings
    bios = from_pelican(settings)
    context = generator.context
    everyone = dict(context.get(handover.AUTHOR_PROFILE_INDEX, {}))
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        everyone.update(values.get(handover.AUTHOR_PROFILE_INDEX, {}))
    output = Path(settings["OUTPUT_PATH"])
    for profile in everyone.values():
        if profile.photo is None:
            target = output / picture_path(profile, bios.avatar_path)
            svg = avatars.avatar_svg(profile.name, profile.slug)
            write_atomically(target, svg.encode("utf-8"))

    template = generator.get_template("author")
    _extra_pages(writer, template, context, generator.authors, context, settings, {})
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        language = {handover.PAGE_LANG: edition.lang}
        with paginated_as(writer, edition.settings):
            _extra_pages(
                writer, template, context, edition.authors, values, edition.settings, language
            )


def _extra_pages(writer, template, context, authors, values, settings, language) -> None:
    """The page of every profile of one language without an article of their own in it:
    the interviews with them in it, else their work in the other languages (work.py)."""
    authored = {author.slug for author, _articles in authors}
    appearances = values.get("author_appearances", {})
    elsewhere = values.get("author_elsewhere", {})
    for slug, author in values.get(handover.AUTHOR_PAGES, {}).items():
        if slug in authored:
            continue
        other = elsewhere.get(slug)
        articles = list(other.articles) if other is not None else appearances.get(slug, [])
        writer.write_file(
            author.save_as,
            template,
            context,
            relative_urls=settings["RELATIVE_URLS"],
            url=author.url,
            author=author,
            articles=articles,
            dates=articles,
            template_name="author",
            blog=True,
            page_name=author.page_name,
            all_articles=context.get("articles", ()),
            **language,
        )
