"""Signal receivers of social_cards: one card per article, page, author, category and site."""

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import ArticlesGenerator, PagesGenerator

from author_bios.avatars import background, initials
from newsroom.headers import Problem, split_source
from newsroom.hooks import current_report, note_step, stop_on_content_errors
from newsroom.i18n import load_translations
from newsroom.labels import kind_label
from newsroom.reader import project_relative
from newsroom.report import BuildStopped
from social_cards import templating
from social_cards.batch import Drawing, Failure, Job, Result, Style
from social_cards.layout import Branding, Layout
from social_cards.meta import CardImage
from social_cards.render import CardInput, Person
from social_cards.settings import SocialCardsSettings, check_files, from_pelican

logger = logging.getLogger(__name__)

RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # SVG cannot be drawn by Pillow
STATE_KEY = "_social_cards"  # the build's Drawing and what goes with it, in the context


@dataclass(frozen=True)
class _Owner:
    """What a card belongs to, and where its pictures come from (for error messages)."""

    kind: str  # "article", "page", "author", "category" or "site"
    item: object
    alt_title: str
    pictures: tuple[tuple[str, str, str, str], ...] = ()  # (absolute, source, field, value)


def check_settings(pelican) -> None:
    """Refuse bad SOCIAL_CARDS_* values before any file is read."""
    cards = from_pelican(pelican.settings)
    if cards.enabled:
        check_files(cards, Path(pelican.settings["THEME"]))


def add_template_helpers(generator) -> None:
    """social_tags() and share_links() for the templates, with the settings read once."""
    templating.install(generator.env, generator.settings)


def start_cards(generator) -> None:
    """Start checking the pictures of the new article, author, category and site cards
    and drawing them, while the other plugins and the pages generator still work."""
    settings = generator.settings
    cards = from_pelican(settings)
    if not cards.enabled:
        return
    gettext = load_translations(Path(settings["THEME"]), settings["DEFAULT_LANG"]).gettext
    style = _style(settings, cards)
    drawing = Drawing(
        style, Path(settings["CACHE_PATH"]) / "social_cards", cards.workers, background=True
    )
    report = current_report()
    if report is not None:  # a build stopped by a content error stops drawing too
        report.add_background(drawing.close)
    owners: dict[str, _Owner] = {}
    drawing.add(_collect_from_articles(generator, cards, settings, gettext, owners))
    generator.context[STATE_KEY] = (drawing, owners, style, gettext)  # for the hooks below


def add_page_cards(generators) -> None:
    """The pages' cards join the drawing; every page learns its card's address and size
    (its length in bytes, for feed enclosures, once it is drawn). Nothing is written
    yet: a broken picture stops the build here."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    started = articles.context.get(STATE_KEY)
    if started is None:
        return
    drawing, owners, style, gettext = started
    settings = articles.settings
    drawing.add(_collect_from_pages(pages, owners))
    failures = drawing.broken_pictures()
    if failures:
        drawing.close()
        _report_failures(failures, owners, settings)
        stop_on_content_errors(generators)  # nothing is written with a card missing
    cards = from_pelican(settings)
    _attach(
        _expected(drawing, settings, cards),
        owners,
        style,
        cards,
        settings,
        gettext,
        articles.context,
        warn=False,
    )


def finish_cards(generator, writer) -> None:
    """After the pages: wait for the last card and put every card into the output."""
    del writer
    started = generator.context.pop(STATE_KEY, None)
    if started is None:
        return
    drawing, owners, style, gettext = started
    settings = generator.settings
    cards = from_pelican(settings)
    outcome = drawing.finish(Path(settings["OUTPUT_PATH"]) / cards.output_path)
    stats = outcome.stats
    note_step(
        f"Social cards: {stats.rendered} rendered, {stats.cached} from cache "
        f"({stats.seconds:.2f} s drawing, {stats.workers} workers)",
        logger,
    )
    if outcome.failures:  # only if a picture changed after it was checked
        _report_failures(outcome.failures, owners, settings)
        raise BuildStopped("Build stopped: a social card could not be drawn.")
    _attach(outcome.results, owners, style, cards, settings, gettext, generator.context)


def _expected(drawing: Drawing, settings: dict, cards: SocialCardsSettings) -> list[Result]:
    """The cards as they will be: length 0 until drawn, no warning about their titles."""
    output = Path(settings["OUTPUT_PATH"]) / cards.output_path
    return [
        Result(job.name, output / f"{job.name}.{drawing.style.extension}", 0, 10**6, False)
        for job in drawing.jobs
    ]


def _style(settings: dict, cards: SocialCardsSettings) -> Style:
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


def _collect_from_articles(
    articles, cards: SocialCardsSettings, settings: dict, gettext, owners: dict[str, _Owner]
) -> list[Job]:
    """One job per article, profile and category, and the site's, named like its file."""
    content = Path(settings["PATH"])
    jobs: list[Job] = []

    def add(name: str, card: CardInput, owner: _Owner) -> None:
        jobs.append(Job(name, card))
        owners[name] = owner

    for article in [*articles.articles, *articles.hidden_articles]:
        label = kind_label(getattr(article, "type", None), getattr(article, "disclosure", ()))
        profiles = getattr(article, "author_profiles", ())
        picture, found = _picture(article, content, settings)
        add(
            f"{article.date:%Y-%m}-{article.slug}",
            CardInput(
                article.title,
                gettext(label) if label else article.category.name,
                _byline(article, profiles, content),
                picture,
            ),
            _Owner("article", article, article.title, found + _photos(profiles, content)),
        )
    for profile in articles.context.get("author_profiles", {}).values():
        add(
            f"autor-{profile.slug}",
            CardInput(
                profile.name,
                gettext("Guest") if profile.guest else gettext("Author"),
                (_person(profile, content),),
                note=profile.role_line,
            ),
            _Owner("author", profile, profile.name, _photos((profile,), content)),
        )
    if cards.category_cards:
        for category, _items in articles.categories:
            add(
                f"kategorie-{category.slug}",
                CardInput(category.name, gettext("Category")),
                _Owner("category", category, category.name),
            )
    subtitle = settings.get("SITESUBTITLE") or settings["SITENAME"]
    add("site", CardInput(subtitle, ""), _Owner("site", None, subtitle))
    return jobs


def _collect_from_pages(pages, owners: dict[str, _Owner]) -> list[Job]:
    jobs = []
    for page in [*pages.pages, *pages.hidden_pages]:
        name = f"seite-{page.slug}"
        # No label: the brand line above the title already names the site.
        jobs.append(Job(name, CardInput(page.title, "")))
        owners[name] = _Owner("page", page, page.title)
    return jobs


def _attach(
    results: list[Result],
    owners: dict[str, _Owner],
    style: Style,
    cards: SocialCardsSettings,
    settings: dict,
    gettext,
    context: dict,
    warn: bool = True,
) -> None:
    """``card_image`` on articles and pages; author, category and site cards in the context."""
    attached: dict[str, dict] = {"author": {}, "category": {}}
    site_card = None
    for result in results:
        owner = owners[result.name]
        card = CardImage(
            f"{cards.output_path}/{result.path.name}",
            style.layout.width,
            style.layout.height,
            style.mime_type,
            result.length,
            gettext("Card: %(title)s – %(site)s")
            % {"title": owner.alt_title, "site": settings["SITENAME"]},
        )
        if owner.kind == "site":
            site_card = card
        elif owner.kind in attached:
            attached[owner.kind][owner.item.slug] = card
        else:
            owner.item.card_image = card
            if owner.kind == "article" and warn:
                _warn_about_long_title(owner.item, result, style.layout, settings)
    context.update(
        site_card=site_card, author_cards=attached["author"], category_cards=attached["category"]
    )


def _picture(article, content: Path, settings: dict) -> tuple[str | None, tuple]:
    """The article's own raster picture, if it has one (an SVG gives a card without)."""
    value = getattr(article, "image", None)
    if not value or not value.lower().endswith(RASTER):
        return None, ()
    path = str(content / value)
    return path, ((path, project_relative(article.source_path, settings), "Image", value),)


def _photos(profiles, content: Path) -> tuple:
    return tuple(
        (str(content / p.photo), p.source, "Photo", p.photo)
        for p in profiles
        if p.photo and p.photo.lower().endswith(RASTER)
    )


def _byline(article, profiles, content: Path) -> tuple[Person, ...]:
    """Everyone in the byline, in its order; someone without a profile gets initials."""
    by_slug = {profile.slug: profile for profile in profiles}
    return tuple(
        _person(by_slug[author.slug], content)
        if author.slug in by_slug
        else Person(author.name, None, initials(author.name), background(author.slug))
        for author in getattr(article, "authors", ())
    )


def _person(profile, content: Path) -> Person:
    photo = (
        str(content / profile.photo)
        if profile.photo and profile.photo.lower().endswith(RASTER)
        else None
    )
    return Person(profile.name, photo, initials(profile.name), background(profile.slug))


def _report_failures(failures: list[Failure], owners: dict[str, _Owner], settings: dict) -> None:
    """One error per file and field, however many cards show the broken picture."""
    reported = set()
    for failure in failures:
        for picture, source, field, value in owners[failure.name].pictures:
            if picture != failure.picture or (source, field) in reported:
                continue
            reported.add((source, field))
            problem = Problem(
                source,
                field,
                f"points to {value}, which cannot be drawn on the social card "
                f"({failure.reason}); expected a JPEG, PNG, WebP or GIF picture",
                line=_line_of(Path(settings["PATH"]).parent / source, field),
            )
            logger.error("%s", problem, extra={"content_path": source})


def _line_of(path: Path, field: str) -> int | None:
    try:
        header = split_source(path.read_text(encoding="utf-8")).header
    except OSError:
        return None
    return next((line.line for line in header if line.key.lower() == field.lower()), None)


def _warn_about_long_title(article, result: Result, layout: Layout, settings: dict) -> None:
    if not result.truncated and result.title_size >= layout.shrink_warning_size:
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


def write_mastodon_page(generator, writer) -> None:
    """Our own page that asks for the reader's Mastodon instance."""
    cards = from_pelican(generator.settings)
    if not cards.enabled or "mastodon" not in cards.share_links:
        return
    writer.write_file(
        f"{cards.mastodon_share_url}index.html",
        generator.get_template("share_mastodon"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
    )
