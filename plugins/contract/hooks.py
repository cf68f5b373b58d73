"""Signal receivers of the newsroom plugin: unwrap Pelican objects, call the pure modules."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import console

from contract import favicon, page_language, reader_cache
from contract.pelican_internals import forget_logged_warnings, resolve_every_link_in_a_tag
from contract.reader import (
    FAILED_SLUG_KEY,
    FAILED_TRANSLATION_KEY,
    PROBLEMS_KEY,
    ContractMarkdownReader,
    project_relative,
)
from newsroom import dates, handover, hyphenation, i18n, labels, listing, text
from newsroom.header_source import split_source
from newsroom.languages import language_name, language_values, other_languages
from newsroom.report import BuildReport, BuildStopped, log_problem
from newsroom.settings import from_pelican

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.readers import Readers

logger = logging.getLogger(__name__)
# Where Pelican's generators keep content of every status. Pelican files a second
# article of one slug as the first one's "translation" (the contract has no Lang key,
# so on this site every translation is that).
ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def drop_compressed_caches(pelican: "Pelican") -> None:
    """Remove reader caches written compressed before GZIP_CACHE was switched off.

    Pelican cannot read them then and warns about it once per generator; they only
    hold what the next build would read anyway.
    """
    settings = pelican.settings
    if settings.get("GZIP_CACHE", True) or not settings.get("LOAD_CONTENT_CACHE"):
        return
    for cache in Path(settings["CACHE_PATH"]).glob("*Generator-Readers"):
        with cache.open("rb") as data:
            compressed = data.read(2) == b"\x1f\x8b"  # the gzip magic number
        if compressed:
            cache.unlink()


def drop_stale_reader_caches(pelican: "Pelican") -> None:
    """Remove Pelican's reader caches when the code or settings that read them changed
    (reader_cache.py says why)."""
    settings = pelican.settings
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    cache_path = Path(settings["CACHE_PATH"])
    dropped = reader_cache.drop_stale(cache_path, reader_cache.reading_key(settings))
    if dropped:
        logger.info("The reader cache was made by other code or settings: reading anew")


def resolve_every_link(pelican: "Pelican") -> None:
    """Every ``{static}`` or ``{filename}`` link of a tag resolved, not only its last."""
    resolve_every_link_in_a_tag()


def start_report(pelican: "Pelican") -> None:
    """Collect this build's warnings and errors in a fresh report."""
    from_pelican(pelican.settings)  # refuses bad NEWSROOM_* values before any work
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, BuildReport)]:
        handler.stop_background()  # left over from a build that failed
        root.removeHandler(handler)
    # Pelican suppresses a warning it has shown before in this process; in a
    # livereload session every build must list its warnings again.
    forget_logged_warnings()
    report = BuildReport()
    root.addHandler(report)
    report.follow_ons.install()


def current_report() -> BuildReport | None:
    return next((h for h in logging.getLogger().handlers if isinstance(h, BuildReport)), None)


def note_step(line: str, step_logger: logging.Logger = logger) -> None:
    """A long step's one-line summary, printed with the others at the end of the build
    (Pelican shows no INFO messages by default, and between its progress lines they
    would be lost anyway); also logged at INFO by the step's own logger."""
    step_logger.info("%s", line)
    report = current_report()
    if report is not None:
        report.steps.append(line)


def use_contract_reader(readers: "Readers") -> None:
    """Markdown is the only source format of the content contract."""
    for extension in list(readers.reader_classes):
        if extension != "static":  # Pelican's pseudo-reader for static files
            readers.reader_classes[extension] = None
    for extension in MARKDOWN_EXTENSIONS:
        readers.reader_classes[extension] = ContractMarkdownReader


def log_content_problems(generator: "Generator", metadata: dict) -> None:
    """Log what the reader found wrong; runs for cached files as well.

    An article that failed has no page, so its comment folder names "no article":
    that is not a second mistake, and the report leaves it out (one cause, one error).
    """
    failed_slugs = metadata.pop(FAILED_SLUG_KEY, ())
    failed_translation = metadata.pop(FAILED_TRANSLATION_KEY, "")
    report = current_report()
    if report is not None:
        if failed_translation:
            report.skipped_translations.add(failed_translation)
        settings = generator.settings
        comments = Path(settings["PATH"]) / settings.get("COMMENTS_PATH", "comments")
        for slug in failed_slugs:
            report.follow_ons.add(project_relative(comments / slug, settings))
    for problem in metadata.pop(PROBLEMS_KEY, ()):
        log_problem(logger, problem)


def setup_templates(generator: "Generator") -> None:
    """UI translations and Babel date filters for every generator's Jinja environment, in
    the language of each page (contract/page_language.py)."""
    settings = generator.settings
    default = settings["DEFAULT_LANG"]
    newsroom = from_pelican(settings)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    theme = Path(settings["THEME"])
    translations = i18n.load_translations(theme, default)
    env.install_gettext_translations(translations, newstyle=True)
    # `_()` directly, looked up once per message: Jinja's own newstyle gettext formats
    # every message, even one without variables, and a page asks for thirty of them.
    env.globals.update(page_language.ui_texts(translations))
    env.context_class = page_language.LanguageContext
    for lang in other_languages(default, newsroom.languages):
        values = language_values(generator.context, lang)
        if "_" not in values:  # each build's context is new; its generators share it
            values.update(page_language.ui_texts(i18n.load_translations(theme, lang)))
    env.filters.update(
        **page_language.date_filters(default),
        isodate=dates.iso,
        plain=text.plain_text,
        shorten=text.shorten,
        pretty_url=text.pretty_url,
        soft_hyphens=hyphenation.soft_hyphens,
    )
    env.globals["DESCRIPTION_LENGTH"] = newsroom.description_length
    env.globals["kind_label"] = labels.kind_label
    env.globals["article_card"] = article_card
    env.globals["language_name"] = language_name
    env.globals["gettext_in"] = page_language.gettext_in
    env.tests["listed"] = listing.is_listed
    env.newsroom_cards = {}  # a new environment per generator and build


@pass_context
def article_card(context: Context, item) -> Markup:
    """``partials/article_card.html`` for ``item``, rendered once per build and reused.

    An article appears in the home, category, tag, author and archive lists, five or
    more times; its entry is the same in each (it depends on the article, SITEURL and the
    page's language only: an author page may list an article of another language, whose
    card keeps the page's words and dates and marks the article's language), and
    rendering it was a fifth of a cold build's template time.
    """
    cards = context.environment.newsroom_cards
    key = (
        id(item),
        getattr(item, "source_path", ""),
        context.get("SITEURL", ""),
        context.get(handover.PAGE_LANG),
    )
    html = cards.get(key)
    if html is None:
        template = context.environment.get_template("partials/article_card.html")
        html = cards[key] = Markup(template.render({**context.get_all(), "item": item}))
    return html


def index_listed(generators: "list[Generator]") -> None:
    """``listed_slugs``: the categories and tags that have a page of their own.

    A hidden article's category or tag may have none; the article page links only
    those that do, and asking a set is cheaper than scanning every tag on every page.
    """
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    context = articles.context
    context[handover.LISTED_SLUGS] = {
        "category": frozenset(category.slug for category, _ in context.get("categories", ())),
        "tag": frozenset(tag.slug for tag, _ in context.get("tags", ())),
    }


def freeze_urls(generators: "list[Generator]") -> None:
    """Fix each article's and page's ``url`` and ``save_as``: nothing changes them any more.

    Pelican formats ``url`` from its pattern on every access, and a page asks for it
    dozens of times (canonical link, cards, share links, lists, feeds): 14,000 times
    for 1,000 articles. ``override_url`` is Pelican's own way to give it directly;
    ``override_save_as`` does the same for the output path.
    """
    for generator in generators:
        for name in (*ARTICLE_LISTS, *PAGE_LISTS):
            for content in getattr(generator, name, ()):
                if not hasattr(content, "override_url"):
                    content.override_url = content.url
                if not hasattr(content, "override_save_as"):
                    content.override_save_as = content.save_as


def refuse_shared_slugs(generators: "list[Generator]") -> None:
    """Two articles (of any status: a draft is published one day) with one slug are an
    error naming both files, each with the line of its Slug (or Title); so are two pages.
    Comments, cards, feed ids and the comment intake key on the slug, so the second
    article would take the first's."""
    groups = {ArticlesGenerator: ARTICLE_LISTS, PagesGenerator: PAGE_LISTS}
    for generator in generators:
        names = next((v for k, v in groups.items() if isinstance(generator, k)), ())
        settings = generator.settings
        contents = {c.source_path: c for name in names for c in getattr(generator, name, ())}
        slugs = [listing.SlugClaim(c.slug, path, None) for path, c in contents.items() if c.slug]
        for clash in listing.shared_slugs(slugs):
            # Only the files in conflict are read again, for their lines.
            claims = [_slug_claim(contents[claim.path], settings) for claim in clash.claims]
            (shared,) = listing.shared_slugs(claims)
            for path in shared.paths:
                log_problem(logger, shared.problem(path))


def _slug_claim(content, settings: dict) -> listing.SlugClaim:
    """Where the slug of ``content`` comes from: its file's Slug line, else its Title's
    (the file is read again: Pelican keeps no lines)."""
    shown = project_relative(content.source_path, settings)
    try:
        text = Path(content.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""  # its reader reported it already
    lines = {item.key.lower(): item.line for item in split_source(text).header}
    return listing.SlugClaim.of(content.slug, shown, lines)


def stop_on_content_errors(generators: "list[Generator]") -> None:
    """Stop before anything is written when reading the content produced errors."""
    report = current_report()
    if report is not None and report.errors:
        report.stop_background()
        logging.getLogger().removeHandler(report)
        stopped = "Build stopped before writing output."
        listed = from_pelican(generators[0].settings).build_report
        raise BuildStopped(f"{stopped}\n{report.summary()}" if listed else stopped)


def add_favicon(pelican: "Pelican") -> None:
    """``favicon.ico`` at the site root, made from the theme's app icon."""
    settings = pelican.settings
    target = Path(settings["OUTPUT_PATH"]) / "favicon.ico"
    if not target.exists():
        icon = Path(settings["THEME"]) / "static" / "img" / "icon-192.png"
        favicon.write_favicon(icon, target, Path(settings["CACHE_PATH"]) / "favicon")


def finish_report(pelican: "Pelican") -> None:
    """List all warnings together at the end; fail the build when there were errors."""
    report = current_report()
    if report is None:
        return
    logging.getLogger().removeHandler(report)
    for line in report.steps:
        console.print(line, highlight=False, soft_wrap=True)
    listed = from_pelican(pelican.settings).build_report
    if report.errors:
        report.stop_background()
        raise BuildStopped(f"Build failed.\n{report.summary()}" if listed else "Build failed.")
    if report.warnings and listed:
        console.print(f"Build finished with {report.summary()}")
