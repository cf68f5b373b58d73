"""Signal receivers of social_cards: one card per article, page, author, category and site.

Which cards there are and what they say is decided in ``jobs.py``; the drawing and its
cache are ``batch.py`` and ``cache.py``. The hooks read the settings once per build,
hand the content to those modules and attach the drawn cards.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pelican.generators import ArticlesGenerator, PagesGenerator

from contract.hooks import current_report, note_step, stop_on_content_errors
from contract.reader import project_relative
from newsroom import handover
from newsroom.header_source import key_line
from newsroom.headers import Kind, Problem, field_of
from newsroom.i18n import load_translations
from newsroom.languages import language_values, other_editions
from newsroom.languages import words as language_words
from newsroom.report import BuildStopped
from social_cards import jobs, templating
from social_cards.batch import Drawing, Failure, Result, Style
from social_cards.layout import Branding, Layout
from social_cards.settings import SocialCardsSettings, check_files, from_pelican

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)
TITLE = field_of(Kind.ARTICLE, "title")  # its length limit is the contract's

SETTINGS_KEY = "social_cards_settings"  # this build's _Plugin, in the shared context
STATE_KEY = "_social_cards"  # the build's _Cards while they are drawn, in the context


@dataclass(frozen=True)
class _Plugin:
    """The plugin's settings and translations, read once per build."""

    cards: SocialCardsSettings
    gettext: Callable[[str], str]


@dataclass(frozen=True)
class _Cards:
    """The cards of one build while they are drawn, and what they belong to."""

    drawing: Drawing
    owners: dict[str, jobs.Owner]  # by card name; the pages' cards join later
    style: Style
    plugin: _Plugin
    gettexts: dict[str, Callable[[str], str]]  # the other languages' translations


def add_template_helpers(generator: "Generator") -> None:
    """social_tags() and share_links() for the templates, with the settings read once."""
    plugin = _plugin(generator)
    templating.install(generator.env, generator.settings, plugin.cards, plugin.gettext)


def _plugin(generator: "Generator") -> _Plugin:
    """The settings of this build, read when its first generator starts: all generators
    share one context, and Pelican makes a new one for every build. A wrong colour or
    font path stops the build there, before any file is read."""
    plugin = generator.context.get(SETTINGS_KEY)
    if plugin is None:
        settings = generator.settings
        cards = from_pelican(settings)
        if cards.enabled:
            check_files(cards, Path(settings["THEME"]))
        translations = load_translations(Path(settings["THEME"]), settings["DEFAULT_LANG"])
        plugin = generator.context[SETTINGS_KEY] = _Plugin(cards, translations.gettext)
    return plugin


def start_cards(generator: ArticlesGenerator) -> None:
    """Start checking the pictures of the new article, author, category and site cards
    and drawing them, while the other plugins and the pages generator still work."""
    settings = generator.settings
    plugin = _plugin(generator)
    cards = plugin.cards
    if not cards.enabled:
        return
    style = _style(settings, cards)
    drawing = Drawing(style, Path(settings["CACHE_PATH"]) / "social_cards", cards.workers)
    report = current_report()
    if report is not None:  # a build stopped by a content error stops drawing too
        report.add_background(drawing.close)
    content = Path(settings["PATH"])
    gettext = plugin.gettext
    planned = [
        *jobs.article_cards(
            [*generator.articles, *generator.hidden_articles],
            content,
            gettext,
            lambda path: project_relative(path, settings),
        ),
        *jobs.author_cards(
            generator.context.get(handover.AUTHOR_PROFILE_INDEX, {}).values(), content, gettext
        ),
        *(
            jobs.category_cards([category for category, _ in generator.categories], gettext)
            if cards.category_cards
            else ()
        ),
        jobs.site_card(settings.get("SITESUBTITLE") or settings["SITENAME"]),
    ]
    gettexts = {}
    if "mastodon" in cards.share_links:  # one page in every language (languages plugin)
        generator.context["mastodon_share_url"] = cards.mastodon_share_url
    for edition in other_editions(generator.context):  # each language's cards in it
        lang = edition.lang
        values = language_values(generator.context, lang)
        gettexts[lang] = own = load_translations(Path(settings["THEME"]), lang).gettext
        profiles = values.get(handover.AUTHOR_PROFILE_INDEX, {}).values()
        planned += jobs.article_cards(
            [*edition.articles, *edition.hidden],
            content,
            own,
            lambda path: project_relative(path, settings),
        )
        words = language_words(lang, settings["DEFAULT_LANG"])
        planned += jobs.author_cards(profiles, content, own, lang, words.author)
        if cards.category_cards:
            categories = [category for category, _ in edition.categories]
            planned += jobs.category_cards(categories, own, lang, words.category)
        planned.append(jobs.site_card(values.get("SITESUBTITLE") or settings["SITENAME"], lang))
        setup = generator.env.globals[templating.GLOBAL]
        templating.localise(values, setup, own, localised_share_url(cards, lang, edition))
    state = _Cards(drawing, {}, style, plugin, gettexts)
    _add(state, planned)
    generator.context[STATE_KEY] = state  # for the hooks below


def add_page_cards(generators: list["Generator"]) -> None:
    """The pages' cards join the drawing; every page learns its card's address and size
    (its length in bytes, for feed enclosures, once it is drawn). Nothing is written
    yet: a broken picture stops the build here."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    state: _Cards | None = articles.context.get(STATE_KEY)
    if state is None:
        return
    settings = articles.settings
    _add(state, jobs.page_cards([*pages.pages, *pages.hidden_pages]))
    failures = state.drawing.broken_pictures()
    if failures:
        state.drawing.close()
        _report_failures(failures, state.owners, settings)
        stop_on_content_errors(generators)  # nothing is written with a card missing
    _attach(_expected(state, settings), state, settings, articles.context, warn=False)


def finish_cards(generator: PagesGenerator, writer: "Writer") -> None:
    """After the pages: wait for the last card and put every card into the output."""
    del writer
    state: _Cards | None = generator.context.pop(STATE_KEY, None)
    if state is None:
        return
    settings = generator.settings
    outcome = state.drawing.finish(Path(settings["OUTPUT_PATH"]) / state.plugin.cards.output_path)
    stats = outcome.stats
    note_step(
        f"Social cards: {stats.rendered} rendered, {stats.cached} from cache "
        f"({stats.seconds:.2f} s drawing, {stats.workers} workers)",
        logger,
    )
    if outcome.failures:  # only if a picture changed after it was checked
        _report_failures(outcome.failures, state.owners, settings)
        raise BuildStopped("Build stopped: a social card could not be drawn.")
    _attach(outcome.results, state, settings, generator.context)


def write_mastodon_page(generator: ArticlesGenerator, writer: "Writer") -> None:
    """Our own page that asks for the reader's Mastodon instance, in every language."""
    cards = _plugin(generator).cards
    if not cards.enabled or "mastodon" not in cards.share_links:
        return
    pages = [(cards.mastodon_share_url, {})]
    for edition in other_editions(generator.context):
        url = localised_share_url(cards, edition.lang, edition)
        pages.append((url, {handover.PAGE_LANG: edition.lang}))
    for url, language in pages:
        writer.write_file(
            f"{url}index.html",
            generator.get_template("share_mastodon"),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            **language,
        )


def localised_share_url(cards: SocialCardsSettings, lang: str, edition) -> str:
    """The Mastodon share page of ``lang``: below its folder, in its words."""
    page = cards.mastodon_share_url.rstrip("/").rsplit("/", 1)[-1]
    words = language_words(lang, edition.settings["DEFAULT_LANG"])
    return f"{edition.settings['INDEX_URL']}{words.share}/{page}/"


def _add(state: _Cards, planned: list[jobs.PlannedCard]) -> None:
    state.owners.update((card.job.name, card.owner) for card in planned)
    state.drawing.add([card.job for card in planned])


def _expected(state: _Cards, settings: dict[str, Any]) -> list[Result]:
    """The cards as they will be: length 0 until drawn, no warning about their titles."""
    output = Path(settings["OUTPUT_PATH"]) / state.plugin.cards.output_path
    extension = state.style.extension
    return [
        Result(job.name, output / f"{job.name}.{extension}", 0, 10**6, False)
        for job in state.drawing.jobs
    ]


def _style(settings: dict[str, Any], cards: SocialCardsSettings) -> Style:
    theme = Path(settings["THEME"])
    return Style(
        Layout(),
        Branding(
            settings["SITENAME"],
            urlsplit(settings["SITEURL"]).netloc or settings["SITENAME"],  # under the names
            str(theme / cards.logo),
            cards.background,
            cards.text,
            cards.muted,
            cards.accent,
            cards.accent_text,
            cards.secondary,
        ),
        tuple(str(theme / f) for f in cards.fonts),
        tuple(str(theme / f) for f in cards.name_fonts),
        cards.format,
        cards.jpeg_quality,
    )


def _attach(
    results: list[Result],
    state: _Cards,
    settings: dict[str, Any],
    context: dict[str, Any],
    warn: bool = True,
) -> None:
    """``card_image`` on articles and pages; author, category and site cards in the context."""
    attached: dict[str, dict] = defaultdict(lambda: {"author_cards": {}, "category_cards": {}})
    output_path = state.plugin.cards.output_path
    for result in results:
        owner = state.owners[result.name]
        lang = owner.lang or getattr(owner.item, "lang", "")
        card = jobs.card_image(
            owner,
            f"{output_path}/{result.path.name}",
            state.style,
            result.length,
            settings["SITENAME"],
            state.gettexts.get(lang, state.plugin.gettext),
        )
        if owner.kind == "site":
            attached[owner.lang]["site_card"] = card
        elif owner.kind in ("author", "category"):
            attached[owner.lang][f"{owner.kind}_cards"][owner.item.slug] = card
        else:
            setattr(owner.item, handover.CARD_IMAGE, card)
            if owner.kind == "article" and warn:
                _warn_about_long_title(owner.item, result, state.style.layout, settings)
    for lang, cards in attached.items():
        if lang:
            language_values(context, lang).update(cards)
        else:
            context.update(cards)


def _report_failures(
    failures: list[Failure], owners: dict[str, jobs.Owner], settings: dict[str, Any]
) -> None:
    """One error per file and field, however many cards show the broken picture."""
    for picture, reason in jobs.broken_pictures(failures, owners):
        problem = Problem(
            picture.source,
            picture.field,
            f"points to {picture.value}, which cannot be drawn on the social card "
            f"({reason}); expected a JPEG, PNG, WebP or GIF picture",
            line=_line_of(Path(settings["PATH"]).parent / picture.source, picture.field),
        )
        logger.error("%s", problem, extra={"content_path": picture.source})


def _line_of(path: Path, field: str) -> int | None:
    try:
        return key_line(path.read_text(encoding="utf-8"), field)
    except OSError:
        return None


def _warn_about_long_title(article, result: Result, layout: Layout, settings: dict) -> None:
    """What the card did to a title that fits the contract's length (a longer one has the
    contract's warning, reported once: by the header check)."""
    if not result.truncated and result.title_size >= layout.shrink_warning_size:
        return
    if len(article.title) > TITLE.warn_above:
        return
    source = project_relative(article.source_path, settings)
    cut = "; its end is cut off" if result.truncated else ""
    logger.warning(
        '%s: "Title" has %d characters; the social card sets it at %d px%s; a title '
        "under about 70 characters reads better when shared",
        source,
        len(article.title),
        result.title_size,
        cut,
        extra={"content_path": source},
    )
