"""The lists of the other languages, written as Pelican writes the site's own: year
archives, the archive, the overviews of categories, topics and authors, the search page,
the 404 page, and a page per category, tag and author, each with only that language's
articles. (The home page, the interviews and the pages of people without own articles
are their plugins', in every language.)

Each language's lists are paginated with its own words (``…/page/2/``): Pelican's writer
takes PAGINATION_PATTERNS from its settings, which are those of the language for the
time its lists are written (:func:`paginated_as`).
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from typing import TYPE_CHECKING

from languages.hooks import build_state
from newsroom import handover
from newsroom.languages import Edition, editions

if TYPE_CHECKING:
    from pelican.generators import ArticlesGenerator
    from pelican.writers import Writer

# Pelican's direct templates that exist once for the whole site.
ONCE_PER_SITE = ("sitemap", "robots")


@contextmanager
def paginated_as(writer: "Writer", settings: dict) -> Iterator["Writer"]:
    """``writer`` paginating with ``settings`` (a language's PAGINATION_PATTERNS) until
    the block ends. The writer is the build's own (a plugin may have given Pelican a
    writer of its own class), so it is lent, not replaced."""
    own = writer.settings
    writer.settings = settings
    try:
        yield writer
    finally:
        writer.settings = own


def write_lists(generator: "ArticlesGenerator", writer: "Writer") -> None:
    """Every list of every other language."""
    state = build_state(generator)
    found = editions(generator.context)
    for code in state.others:
        settings = state.settings[code]
        with paginated_as(writer, settings):
            write_edition(generator, writer, found[code], settings)


def write_edition(generator, writer: "Writer", edition: Edition, settings: dict) -> None:
    context = generator.context
    write = functools.partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"], blog=True)
    language = {handover.PAGE_LANG: edition.lang, "all_articles": edition.articles}
    dates = edition.dates

    template = generator.get_template("period_archives")
    for year, of_year in groupby(dates, key=lambda article: article.date.year):
        of_year = list(of_year)
        day = of_year[0].date
        write(
            settings["YEAR_ARCHIVE_SAVE_AS"].format(date=day),
            template,
            context,
            articles=of_year,
            dates=of_year,
            period=(year,),
            period_num=(year,),
            template_name="period_archives",
            url=settings["YEAR_ARCHIVE_URL"].format(date=day),
            **language,
        )

    for name in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{name.upper()}_SAVE_AS")
        if name in ONCE_PER_SITE or not save_as:
            continue
        write(
            save_as,
            generator.get_template(name),
            context,
            articles=edition.articles,
            dates=dates,
            template_name=name,
            page_name=save_as.removesuffix(".html"),
            url=settings.get(f"{name.upper()}_URL", save_as),
            **language,
        )

    for kind, terms in (("tag", edition.tags), ("category", edition.categories)):
        template = generator.get_template(kind)
        for term, articles in terms:
            _write_term(write, template, context, kind, term, articles, dates, language)
    template = generator.get_template("author")
    for author, articles in edition.authors:
        _write_term(write, template, context, "author", author, articles, dates, language)


def _write_term(write, template, context, kind, term, articles, dates, language) -> None:
    """The page of one category, tag or author, as Pelican writes the site's own."""
    ids = {id(article) for article in articles}
    write(
        term.save_as,
        template,
        context,
        url=term.url,
        articles=articles,
        dates=[article for article in dates if id(article) in ids],
        template_name=kind,
        page_name=term.page_name,
        **{kind: term},
        **language,
    )
