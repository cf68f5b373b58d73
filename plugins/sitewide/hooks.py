"""Signal receivers of sitewide: unwrap Pelican's objects, call menu.py and front.py."""

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import pass_context
from jinja2.runtime import Context

from languages.lists import paginated_as
from newsroom import handover, i18n, listing
from newsroom.languages import language_values, other_editions
from newsroom.paths import shown_path
from newsroom.report import BuildStopped, log_problem
from newsroom.schema import ContentError
from newsroom.settings import from_pelican as newsroom_settings
from sitewide import front, menu
from sitewide.settings import from_pelican

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import ArticlesGenerator, Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)


def project_root(settings: dict) -> Path:
    """Paths in messages are relative to the project: the folder above the content."""
    return Path(settings["PATH"]).resolve().parent


def menu_path(settings: dict, lang: str = "") -> Path:
    """The menu file; another language's beside it: menu.csv, menu.en.csv."""
    path = Path(settings["PATH"]) / from_pelican(settings).menu_file
    if lang and lang != settings["DEFAULT_LANG"]:
        path = path.with_name(f"{path.stem}.{lang}{path.suffix}")
    return path


def add_template_helpers(generator: "Generator") -> None:
    """``menu_marks()`` and ``section_topics()`` in every Jinja environment."""
    limit = from_pelican(generator.settings).section_topics
    generator.env.globals["menu_marks"] = menu_marks
    generator.env.globals["section_topics"] = functools.partial(section_topics, limit=limit)


def collect_site_frame(generator: "ArticlesGenerator") -> None:
    """The menu of every language (menu.csv, menu.en.csv, else the default) and the
    site's years, in the shared context.

    A broken menu file is one error naming the file, the line and the field; the build
    stops before anything is written (contract's check after all generators).
    """
    settings = generator.settings
    context = generator.context
    default = settings["DEFAULT_LANG"]
    context[handover.SITE_MENU] = _menu(settings, default, generator.categories, context)
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        values[handover.SITE_MENU] = _menu(settings, edition.lang, edition.categories, values)
    years = front.year_span(article.date.year for article in listing.listed(generator.articles))
    generator.context[handover.SITE_YEARS] = years


def _menu(settings: dict, lang: str, categories, values: dict) -> tuple[menu.MenuEntry, ...]:
    """The menu of ``lang``: its file, else its categories with the most articles (and
    its interviews' list); ``values`` are the context values of its pages."""
    path = menu_path(settings, lang)
    if path.is_file():
        try:
            return menu.read_menu(path, shown_path(path, project_root(settings)))
        except ContentError as error:
            log_problem(logger, error.problem)
            return ()
    sections = [
        (category.name, category.url, len(listing.listed(articles)))
        for category, articles in categories
    ]
    entries = menu.default_menu(sections, from_pelican(settings).default_menu_size)
    if values.get("interview_articles"):  # the interviews plugin's list
        label = i18n.load_translations(Path(settings["THEME"]), lang)
        url = "/" + values.get("INTERVIEWS_LIST_URL", "interviews/")
        entries = (*entries, menu.MenuEntry(label.gettext("Interviews"), url))
    return entries


def is_featured(article) -> bool:
    return str(article.metadata.get("featured", "")).lower() == "yes"


def write_front_page(generator: "ArticlesGenerator", writer: "Writer") -> None:
    """The front page and its further pages, the lead article first (newest featured,
    else newest), twelve (DEFAULT_PAGINATION) to a page.

    Written here instead of as Pelican's direct template "index" (which pelicanconf.py
    leaves out of DIRECT_TEMPLATES): Pelican paginates the articles in date order, and a
    featured article from further back would lead page 1 and appear again later.
    """
    settings = generator.settings
    order = front.lead_first(listing.listed(generator.articles), is_featured)
    writer.write_file(
        settings.get("INDEX_SAVE_AS", "index.html"),
        generator.get_template("index"),
        generator.context,
        relative_urls=settings["RELATIVE_URLS"],
        paginated={"articles": order},
        template_name="index",
        url="",  # page 1 is the site's root, not /index.html
        articles=order,
        dates=generator.dates,
        blog=True,
        page_name="index",
    )
    for edition in other_editions(generator.context):  # /en/, its page 2 /en/page/2/
        order = front.lead_first(edition.articles, is_featured)
        home = edition.settings["INDEX_URL"]
        with paginated_as(writer, edition.settings):
            writer.write_file(
                edition.settings["INDEX_SAVE_AS"],
                generator.get_template("index"),
                generator.context,
                relative_urls=settings["RELATIVE_URLS"],
                paginated={"articles": order},
                template_name="index",
                url=home,
                articles=order,
                dates=edition.dates,
                blog=True,
                page_name=home.rstrip("/"),
                **{handover.PAGE_LANG: edition.lang},
            )


def check_menu_targets(pelican: "Pelican") -> None:
    """Every site path of every menu file leads to a page the build wrote (checked in
    the output, so lists, feeds and files of every plugin count)."""
    settings = pelican.settings
    lines = []
    for lang in newsroom_settings(settings).languages:
        lines += _missing_targets(settings, menu_path(settings, lang))
    if lines:
        raise BuildStopped("Build failed: " + "\n".join(lines))


def _missing_targets(settings: dict, path: Path) -> list[str]:
    if not path.is_file():
        return []
    shown = shown_path(path, project_root(settings))
    try:
        entries = menu.read_menu(path, shown)
    except ContentError:
        return []  # reported, and the build stopped, before anything was written
    return [
        f'{shown}:{entry.line}: "url" is "{entry.url}"; no page of the site has this '
        "address (expected the address of a category, page, article or list, such as "
        "/kategorie/social-media/)"
        for entry in menu.missing_targets(entries, Path(settings["OUTPUT_PATH"]))
    ]


@pass_context
def menu_marks(context: Context) -> list[str | None]:
    """The ``aria-current`` value of each menu entry on the page being rendered."""
    entries = context.get(handover.SITE_MENU, ())
    own = _url_path(context.get("output_file", ""))
    sections = []
    article = context.get("article")
    if article is not None:
        if getattr(article, "type", "") == "interview":  # the kind tells more than the topic
            sections.append(context.get("INTERVIEWS_LIST_URL", ""))
        sections.append(article.category.url)
    if context.get("author") is not None:  # an author's page belongs to the overview
        sections.append(context.get("AUTHORS_URL", ""))
    return menu.current_marks(entries, own, [s for s in sections if s])


def _url_path(output_file: str) -> str:
    return "" if output_file == "index.html" else output_file.removesuffix("index.html")


def section_topics(articles, limit: int) -> list:
    """The most frequent tags of ``articles`` (a category's), for its section front."""
    return front.top_tags(
        (getattr(article, "tags", ()) for article in articles), limit, key=lambda tag: tag.name
    )
