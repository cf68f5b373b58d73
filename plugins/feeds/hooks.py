"""Signal receivers of the feeds plugin: check settings and content, write every feed once."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import pass_context
from markupsafe import Markup

from contract.hooks import note_step
from contract.pelican_internals import article_html
from contract.reader import project_relative
from feeds.checks import first_unfit_character, unfit_text_problem
from feeds.entries import CACHE_VERSION, EntryBuilder, Site, content_path
from feeds.ids import feed_id
from feeds.model import Feed
from feeds.output import FeedFiles
from feeds.selection import (
    COMMENTS_ON,
    INTERVIEWS,
    Selection,
    article_feeds,
    comment_feeds,
    newest_first,
)
from feeds.settings import FeedsSettings, authority_of, check_files, for_language, from_pelican
from newsroom import handover
from newsroom.cache import DerivedCache
from newsroom.files import write_atomically
from newsroom.headers import Problem
from newsroom.i18n import N_, load_translations
from newsroom.languages import language_name, language_values, other_editions
from newsroom.listing import listed
from newsroom.report import count_noun
from newsroom.text import unquoted

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)

SETTINGS_KEY = "feeds"  # the FeedsSettings record, for templates (feed paths)
TITLE_KEY = "feeds_title"  # the site feed's title in another language (the site's: SITENAME)
ACTIVE_KEY = "feeds_active"  # whether feeds are written, so pages may link them
STATE_KEY = "feeds_build"  # this build's Site and its feeds (_Build)
# Every feed file of this build, for feed_scope(). A key of its own: a page is taken from
# the last build while what its templates read is the same (publishing/record.py), and
# the feeds' articles and comments (in _Build) change far more often than their paths.
PATHS_KEY = "feeds_paths"
# By language: its feed paths and title, for a page that links another language's feed
# (the author page of someone with nothing in the page's language).
LANGUAGES_KEY = "feeds_languages"
SECONDS_KEY = "feeds_seconds"  # spent checking and selecting, for the summary line
STYLE_TEMPLATE = "partials/feed_style.css"
# The texts of the feed stylesheet; message ids here, where `invoke i18n` finds them
# (it reads templates named *.html only).
STYLE_TEXTS = {
    "kicker": N_("Feed"),
    "notice": N_(
        "This is a feed. Copy the address of this page into your feed reader (such as "
        "Feedly, NetNewsWire, Thunderbird or Outlook) to be told about everything new here."
    ),
    "published": N_("Published:"),
}


@dataclass(frozen=True)
class _Language:
    """What the feeds of one language share."""

    site: Site  # its lists' addresses are the entries' category and tag schemes
    feeds: FeedsSettings  # its paths (feeds.settings.for_language)
    gettext: Callable[[str], str]  # its translations
    subtitle: str


@dataclass(frozen=True)
class _Build:
    site: Site
    articles: tuple[Selection, ...]  # the feeds of articles, each with its articles
    comments: tuple[Selection, ...]  # the feeds of comments, with (article, comment) pairs
    gettext: Callable[[str], str]  # the UI language's translations
    languages: dict[str, _Language]  # by language code, the site's own first


def check_settings(pelican: "Pelican") -> None:
    """Refuse wrong FEEDS_* values before anything is read or written."""
    feeds = from_pelican(pelican.settings)
    if feeds.enabled:
        check_files(feeds, pelican.settings)


def add_template_helpers(generator: "Generator") -> None:
    """``feed_scope()`` for the discovery links, ``css_string`` for the feed stylesheet."""
    generator.env.globals["feed_scope"] = feed_scope
    generator.env.filters["css_string"] = css_string


def prepare(generator: "Generator") -> None:
    """Tell the templates whether feeds exist, and check the text that goes into them.

    Runs when the articles are read and before anything is written, so that a content
    error stops the build (newsroom's report) instead of a half-written site.
    """
    started = time.perf_counter()
    settings = generator.settings
    feeds = from_pelican(settings)
    site = _site(settings, feeds)
    generator.context[SETTINGS_KEY] = feeds
    generator.context[ACTIVE_KEY] = site is not None
    if site is None:
        return
    context = generator.context
    default = settings["DEFAULT_LANG"]
    of_articles: list[Selection] = []
    of_comments: list[Selection] = []
    by_language: dict[str, _Language] = {}
    titles: dict[str, str] = {}
    editions = [(default, listed(generator.articles), context)]
    for edition in other_editions(context):
        values = language_values(context, edition.lang)
        editions.append((edition.lang, edition.articles, values))
    for lang, items, values in editions:
        articles = newest_first(
            _accepted(items, settings), lambda article: content_path(article, site.content_root)
        )
        gettext = load_translations(Path(settings["THEME"]), lang).gettext
        own = for_language(feeds, lang, default)
        name = settings["SITENAME"]
        if lang != default:  # "Hafenlicht (English)": one title per language
            name = f"{name} ({language_name(lang)})"
            values.update({SETTINGS_KEY: own, TITLE_KEY: name})
        home = values.get("home_url", "")
        interviews_page = values.get("INTERVIEWS_LIST_URL", "")
        of_articles += article_feeds(articles, own, name, gettext, interviews_page, lang, home)
        of_comments += comment_feeds(articles, own, name, gettext, lang, home)
        local_site = site
        if lang != default:
            local_site = replace(
                site,
                category_scheme=f"{site.url}/{values['CATEGORIES_URL']}",
                tag_scheme=f"{site.url}/{values['TAGS_URL']}",
            )
        subtitle = values.get("SITESUBTITLE", settings.get("SITESUBTITLE", ""))
        by_language[lang] = _Language(local_site, own, gettext, subtitle)
        titles[lang] = name
    paths = {path for s in of_articles + of_comments for path in (s.spec.atom, s.spec.rss)}
    context[STATE_KEY] = _Build(
        site,
        tuple(of_articles),
        tuple(of_comments),
        by_language[default].gettext,
        by_language,
    )
    context[PATHS_KEY] = frozenset(paths)
    context[LANGUAGES_KEY] = {lang: (by_language[lang].feeds, titles[lang]) for lang in titles}
    context[SECONDS_KEY] = time.perf_counter() - started


def _accepted(articles, settings: dict) -> list:
    """The articles whose text a feed can carry; an error for each of the others."""
    accepted = []
    for article in articles:
        problems = list(_unfit_text(article, settings))
        for problem in problems:
            logger.error("%s", problem, extra={"content_path": problem.path})
        if not problems:
            accepted.append(article)
    return accepted


def write_feeds(generator: "Generator", writer: "Writer") -> None:
    """Every feed of the site, written once after the pages."""
    del writer  # feeds are not pages; model.render() makes their bytes
    started = time.perf_counter()
    seconds = generator.context.get(SECONDS_KEY, 0.0)
    settings = generator.settings
    build: _Build | None = generator.context.get(STATE_KEY)
    if build is None:
        logger.info("Feeds: none written (FEEDS_ENABLED is off, or no absolute FEEDS_SITEURL)")
        return
    default = settings["DEFAULT_LANG"]
    output = Path(settings["OUTPUT_PATH"])
    cache = DerivedCache(settings["CACHE_PATH"], "feeds", CACHE_VERSION)
    builders = {
        lang: EntryBuilder(
            language.site, generator.env, generator.context, cache, language.gettext, lang
        )
        for lang, language in build.languages.items()
    }
    folder = Path(settings["CACHE_PATH"]) / "feeds" / "files"
    folder.mkdir(parents=True, exist_ok=True)
    files = FeedFiles(output, folder, CACHE_VERSION)
    written = 0
    for selection in build.articles:
        lang = selection.spec.language or default
        entries = builders[lang]
        built = [entries.article(article) for article in selection.items]
        written += _write(files, build.languages[lang], selection.spec, built, settings)
    for selection in build.comments:
        lang = selection.spec.language or default
        entries = builders[lang]
        built = [entries.comment(article, comment) for article, comment in selection.items]
        written += _write(files, build.languages[lang], selection.spec, built, settings)
    for language in build.languages.values():
        if language.feeds.stylesheet:
            style = generator.env.get_template(STYLE_TEMPLATE)
            texts = {name: language.gettext(message) for name, message in STYLE_TEXTS.items()}
            values = {**generator.context, "SITEURL": language.site.url, "texts": texts}
            css = style.render(values)
            write_atomically(output / language.feeds.stylesheet, css.encode("utf-8"))
    cache.save()
    files.prune()
    made = sum(entries.built for entries in builders.values())
    reused = sum(entries.reused for entries in builders.values())
    built = f"{made} article {'entry' if made == 1 else 'entries'}"
    note_step(
        f"Feeds: {count_noun(written, 'file')} written ({count_noun(files.rendered, 'feed')} "
        f"rendered, {files.reused} from the cache; {built} built, {reused} from "
        f"the cache) in {seconds + time.perf_counter() - started:.2f} s",
        logger,
    )


def _write(files: FeedFiles, language: _Language, spec, built, settings) -> int:
    site, feeds = language.site, language.feeds
    feed = Feed(
        id=feed_id(site.authority, spec.atom),
        title=spec.title,
        subtitle=language.subtitle,
        page_url=site.absolute(spec.page),
        atom_url=site.absolute(spec.atom),
        rss_url=site.absolute(spec.rss),
        language=spec.language or settings["DEFAULT_LANG"],
        logo_url=site.absolute(feeds.logo) if feeds.logo else "",
        icon_url=site.absolute(feeds.icon) if feeds.icon else "",
        hub_url=feeds.hub_url,
        stylesheet_url=site.absolute(feeds.stylesheet) if feeds.stylesheet else "",
        rights=settings.get("SITE_ORGANIZATION", ""),
    )
    paths = {"atom": spec.atom, "rss": spec.rss}
    return files.write(feed, paths, [entry for entry, _ in built], [key for _, key in built])


def _site(settings: dict, feeds: FeedsSettings) -> Site | None:
    """The build's feed address, or None when no feed can be written."""
    url = (feeds.siteurl or settings.get("SITEURL") or "").rstrip("/")
    if not feeds.enabled or not url.startswith(("http://", "https://")):
        return None
    return Site(
        url=url,
        authority=feeds.id_authority or authority_of(url),
        content_root=Path(settings["PATH"]).resolve(),
        full_content=feeds.full_content,
        category_scheme=f"{url}/{settings['CATEGORIES_URL']}",
        tag_scheme=f"{url}/{settings['TAGS_URL']}",
    )


def _unfit_text(article, settings: dict):
    """Problems with characters a feed cannot carry in the texts (one per file at most);
    the header check refuses them in every header value already."""
    fields = [("", article_html(article))]
    problem = _first_problem(Path(article.source_path), fields, settings)
    if problem is not None:
        yield problem
    thread = getattr(article, handover.COMMENT_THREAD, None)
    folder = Path(settings["PATH"]) / settings.get("COMMENTS_PATH", "comments") / article.slug
    for comment in thread.flat() if thread is not None else ():
        fields = [("", comment.body_html)]
        problem = _first_problem(folder / f"{comment.id}.md", fields, settings)
        if problem is not None:
            yield problem


def _first_problem(source: Path, fields, settings: dict) -> Problem | None:
    """The first field holding a character XML forbids, with its line in ``source``
    (the file is read only then)."""
    for field, value in fields:
        if first_unfit_character(value) is None:
            continue
        try:
            text = source.read_text(encoding="utf-8")
        except OSError:
            text = None
        return unfit_text_problem(project_relative(source, settings), field, value, text)
    return None


@pass_context
def feed_scope(context) -> dict | None:
    """The feed of what this page shows, if it has one: the list's (category, tag,
    author, interviews) or, on an article page, its comments'.

    A Jinja global: the templates call ``feed_scope()`` for discovery links and the
    visible subscribe link. Pelican does not hand the template name to templates, so
    the variables of the page decide.
    """
    feeds: FeedsSettings | None = context.get(SETTINGS_KEY)
    if feeds is None or not context.get(ACTIVE_KEY):
        return None
    site = context.get(TITLE_KEY) or context.get("SITENAME", "")
    if "article" in context:  # article pages also see `category`, but are no list
        return _comments_scope(context, feeds, site)
    if "tag" in context:
        item, atom, rss = context["tag"], feeds.tag_atom, feeds.tag_rss
    elif "category" in context:
        item, atom, rss = context["category"], feeds.category_atom, feeds.category_rss
    elif "author" in context:
        item, atom, rss = context["author"], feeds.author_atom, feeds.author_rss
        own = _existing(context, _list_scope(site, item, atom, rss))
        return own or _author_elsewhere_scope(context, item)
    elif context.get("interview_list"):
        title = context.call(context.resolve("gettext"), INTERVIEWS)
        scope = {"title": f"{site}: {title}", "atom": feeds.interviews_atom}
        return _existing(context, {**scope, "rss": feeds.interviews_rss})
    else:
        return None
    return _existing(context, _list_scope(site, item, atom, rss))


def _list_scope(site: str, item, atom: str, rss: str) -> dict:
    return {
        "title": f"{site}: {item.name}",
        "atom": atom.format(slug=item.slug),
        "rss": rss.format(slug=item.slug),
    }


def _author_elsewhere_scope(context, author) -> dict | None:
    """For the page of someone who wrote nothing in its language (author_bios lists
    their work in the others): the author feed of the first language they wrote in,
    marked with that language (``hreflang``), as the listed articles are."""
    elsewhere = (context.get("author_elsewhere") or {}).get(author.slug)
    languages = context.get(LANGUAGES_KEY) or {}
    if elsewhere is None or not elsewhere.written:
        return None
    for lang in elsewhere.languages:
        if lang not in languages:
            continue
        feeds, site = languages[lang]
        scope = _list_scope(site, author, feeds.author_atom, feeds.author_rss)
        if _existing(context, scope):
            return {**scope, "hreflang": lang}
    return None


def _existing(context, scope: dict) -> dict | None:
    """``scope`` when this build writes its feed (not for someone who was only
    interviewed, nor for a hidden article's comments), else None."""
    paths: frozenset[str] | None = context.get(PATHS_KEY)
    return scope if paths is not None and scope["atom"] in paths else None


def _comments_scope(context, feeds: FeedsSettings, site: str) -> dict | None:
    article = context["article"]
    atom = feeds.article_comments_atom.format(url=article.url)
    if _existing(context, {"atom": atom}) is None:
        return None  # most articles: no comments, no feed, no title to translate
    title = context.call(context.resolve("gettext"), COMMENTS_ON, title=unquoted(article.title))
    rss = feeds.article_comments_rss.format(url=article.url)
    return {"title": f"{site}: {title}", "atom": atom, "rss": rss}


def css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string: backslash, quotes and controls as CSS escapes.

    Marked safe because it is written into a stylesheet, not into HTML, and everything
    that could end the string is escaped here.
    """
    escaped = "".join(
        char if char.isprintable() and char not in '"\\<>' else f"\\{ord(char):x} "
        for char in str(value)
    )
    return Markup(f'"{escaped}"')
