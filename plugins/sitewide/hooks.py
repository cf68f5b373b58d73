"""Signal receivers of sitewide: unwrap Pelican's objects, call menu.py and front.py."""

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import pass_context
from jinja2.runtime import Context

from newsroom import handover, i18n, listing
from newsroom.paths import shown_path
from newsroom.report import BuildStopped, log_problem
from newsroom.schema import ContentError
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


def menu_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / from_pelican(settings).menu_file


def add_template_helpers(generator: "Generator") -> None:
    """``menu_marks()`` and ``section_topics()`` in every Jinja environment."""
    limit = from_pelican(generator.settings).section_topics
    generator.env.globals["menu_marks"] = menu_marks
    generator.env.globals["section_topics"] = functools.partial(section_topics, limit=limit)


def collect_site_frame(generator: "ArticlesGenerator") -> None:
    """The menu (menu.csv, else the default) and the site's years, in the shared context.

    A broken menu.csv is one error naming the file, the line and the field; the build
    stops before anything is written (contract's check after all generators).
    """
    settings = generator.settings
    path = menu_path(settings)
    entries: tuple[menu.MenuEntry, ...] = ()
    if path.is_file():
        try:
            entries = menu.read_menu(path, shown_path(path, project_root(settings)))
        except ContentError as error:
            log_problem(logger, error.problem)
    else:
        sections = [
            (category.name, category.url, len(listing.listed(articles)))
            for category, articles in generator.categories
        ]
        entries = menu.default_menu(sections, from_pelican(settings).default_menu_size)
        if generator.context.get("interview_articles"):  # the interviews plugin's list
            label = i18n.load_translations(Path(settings["THEME"]), settings["DEFAULT_LANG"])
            url = "/" + generator.context.get("INTERVIEWS_LIST_URL", "interviews/")
            entries = (*entries, menu.MenuEntry(label.gettext("Interviews"), url))
    generator.context[handover.SITE_MENU] = entries
    years = front.year_span(article.date.year for article in listing.listed(generator.articles))
    generator.context[handover.SITE_YEARS] = years


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


def check_menu_targets(pelican: "Pelican") -> None:
    """Every site path of menu.csv leads to a page the build wrote (checked in the
    output, so lists, feeds and files of every plugin count)."""
    settings = pelican.settings
    path = menu_path(settings)
    if not path.is_file():
        return
    shown = shown_path(path, project_root(settings))
    try:
        entries = menu.read_menu(path, shown)
    except ContentError:
        return  # reported, and the build stopped, before anything was written
    missing = menu.missing_targets(entries, Path(settings["OUTPUT_PATH"]))
    if missing:
        lines = [
            f'{shown}:{entry.line}: "url" is "{entry.url}"; no page of the site has this '
            "address (expected the address of a category, page, article or list, such as "
            "/kategorie/social-media/)"
            for entry in missing
        ]
        raise BuildStopped("Build failed: " + "\n".join(lines))


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
