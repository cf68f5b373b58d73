"""Signal receivers of social_cards: one card per article, page, author and the site."""

import logging
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context
from pelican.generators import ArticlesGenerator, PagesGenerator

from author_bios.avatars import background, initials
from author_bios.profiles import person_json_ld
from newsroom.i18n import load_translations
from newsroom.labels import N_, kind_label
from newsroom.reader import project_relative
from newsroom.text import pretty_url
from social_cards import meta
from social_cards.batch import HEIGHT, MIME_TYPE, WIDTH, Job, Style, render_all
from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, Person
from social_cards.settings import from_pelican

logger = logging.getLogger(__name__)

RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")
SHARE_LABELS = {
    "linkedin": N_("Share on LinkedIn"),
    "xing": N_("Share on XING"),
    "x": N_("Share on X"),
    "facebook": N_("Share on Facebook"),
    "mastodon": N_("Share on Mastodon"),
    "whatsapp": N_("Share on WhatsApp"),
    "email": N_("Share by e-mail"),
    "copy": N_("Copy link"),
}


def render_cards(generators) -> None:
    """Draw (or reuse) every card and attach it before any page is written."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    cards = from_pelican(settings)
    if not cards.enabled:
        return
    theme, content = Path(settings["THEME"]), Path(settings["PATH"])
    gettext = load_translations(theme, settings["DEFAULT_LANG"]).gettext
    domain = urlsplit(settings["SITEURL"]).netloc or settings["SITENAME"]
    style = Style(
        Layout(),
        Branding(
            settings["SITENAME"],
            domain,
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
    )
    owners: dict[str, object] = {}
    jobs: list[Job] = []

    def add(name: str, card: CardInput, owner: object) -> None:
        jobs.append(Job(name, card))
        owners[name] = owner

    for article in [*articles.articles, *articles.hidden_articles]:
        label = kind_label(getattr(article, "type", None), getattr(article, "disclosure", ()))
        people = tuple(_person(p, content) for p in getattr(article, "author_profiles", ()))
        picture = getattr(article, "image", None)
        picture = str(content / picture) if picture and picture.lower().endswith(RASTER) else None
        add(
            f"{article.date:%Y-%m}-{article.slug}",
            CardInput(
                article.title, gettext(label) if label else article.category.name, people, picture
            ),
            article,
        )
    for page in pages.pages:
        add(f"seite-{page.slug}", CardInput(page.title, settings["SITENAME"]), page)
    for profile in articles.context.get("author_profiles", {}).values():
        add(
            f"autor-{profile.slug}",
            CardInput(
                profile.name,
                gettext("Guest") if profile.guest else gettext("Author"),
                (_person(profile, content),),
                note=profile.role_line,
            ),
            profile,
        )
    add("site", CardInput(settings.get("SITESUBTITLE") or settings["SITENAME"], ""), None)

    output = Path(settings["OUTPUT_PATH"]) / cards.output_path
    results, stats = render_all(
        jobs, style, Path(settings["CACHE_PATH"]) / "social_cards", output, cards.workers
    )
    logger.info(
        "Social cards: %d rendered, %d from cache (%.2f s drawing, %d workers)",
        stats.rendered,
        stats.cached,
        stats.seconds,
        stats.workers,
    )

    author_cards, site_card = {}, None
    for result in results:
        owner = owners[result.name]
        card = meta.CardImage(
            f"{cards.output_path}/{result.name}.jpg",
            WIDTH,
            HEIGHT,
            MIME_TYPE,
            result.length,
            _alt(gettext, owner, settings["SITENAME"]),
        )
        if owner is None:
            site_card = card
        elif hasattr(owner, "bio_html"):
            author_cards[owner.slug] = card
        else:
            owner.card_image = card
            _warn_about_long_title(owner, result, settings)
    articles.context.update(site_card=site_card, author_cards=author_cards)


def _person(profile, content: Path) -> Person:
    photo = (
        str(content / profile.photo)
        if profile.photo and profile.photo.lower().endswith(RASTER)
        else None
    )
    return Person(profile.name, photo, initials(profile.name), background(profile.slug))


def _alt(gettext, owner, site: str) -> str:
    if owner is None:
        return site
    name = getattr(owner, "title", None) or owner.name
    return gettext("Card: %(title)s – %(site)s") % {"title": name, "site": site}


def _warn_about_long_title(owner, result, settings: dict) -> None:
    layout = Layout()
    if not result.truncated and result.title_size >= layout.shrink_warning_size:
        return
    source = project_relative(owner.source_path, settings)
    cut = "; its end is cut off" if result.truncated else ""
    logger.warning(
        '%s: "Title" has %d characters; the social card sets it at %d px%s; a title '
        "under about 70 characters reads better when shared",
        source,
        len(owner.title),
        result.title_size,
        cut,
        extra={"content_path": source},
    )


def add_template_helpers(generator) -> None:
    generator.env.globals["social_tags"] = social_tags
    generator.env.globals["share_links"] = share_links


@pass_context
def social_tags(context, title: str, text: str) -> dict:
    """Open Graph / X properties and JSON-LD for the page being rendered."""
    settings_cards = from_pelican(context)
    siteurl = context.get("SITEURL", "")
    url = f"{siteurl}/{pretty_url(context.get('output_file', ''))}"
    common = {
        "siteurl": siteurl,
        "site_name": context["SITENAME"],
        "lang": context["DEFAULT_LANG"],
        "twitter_site": settings_cards.twitter_site,
    }
    article, page, author = context.get("article"), context.get("page"), context.get("author")
    if article is not None and getattr(article, "card_image", None):
        image = article.card_image
        authors = [a.name for a in article.authors]
        modified = (getattr(article, "modified", None) or article.date).isoformat()
        tags = meta.open_graph(
            kind="article",
            title=article.title,
            text=article.summary,
            url=url,
            image=image,
            article={
                "published": article.date.isoformat(),
                "modified": modified,
                "authors": [f"{siteurl}/{a.url}" for a in article.authors],
                "section": article.category.name,
                "tags": [t.name for t in getattr(article, "tags", [])],
            },
            **common,
        )
        profiles = {p.name: p for p in getattr(article, "author_profiles", ())}
        people = [
            person_json_ld(
                profiles[name],
                f"{siteurl}/{a.url}",
                f"{siteurl}/{profiles[name].photo}" if profiles[name].photo else "",
            )
            if name in profiles
            else {"@type": "Person", "name": name, "url": f"{siteurl}/{a.url}"}
            for name, a in zip(authors, article.authors, strict=True)
        ]
        posting = meta.blog_posting(
            headline=article.title,
            text=article.summary,
            url=url,
            image_url=f"{siteurl}/{image.url}",
            published=article.date.isoformat(),
            modified=modified,
            authors=people,
            publisher=context.get("SITE_ORGANIZATION", context["SITENAME"]),
            logo_url=f"{siteurl}/theme/img/icon-512.png",
            section=article.category.name,
            keywords=[t.name for t in getattr(article, "tags", [])],
            lang=context["DEFAULT_LANG"],
        )
        return {"tags": tags, "json_ld": posting}
    if page is not None and getattr(page, "card_image", None):
        return {
            "tags": meta.open_graph(
                kind="website",
                title=page.title,
                text=page.summary or page.content,
                url=url,
                image=page.card_image,
                **common,
            ),
            "json_ld": None,
        }
    author_cards = context.get("author_cards") or {}
    if author is not None and author.slug in author_cards:
        return {
            "tags": meta.open_graph(
                kind="profile",
                title=author.name,
                text=text,
                url=url,
                image=author_cards[author.slug],
                **common,
            ),
            "json_ld": None,
        }
    site_card = context.get("site_card")
    if site_card is None:
        return {"tags": [], "json_ld": None}
    return {
        "tags": meta.open_graph(
            kind="website", title=title, text=text, url=url, image=site_card, **common
        ),
        "json_ld": None,
    }


@pass_context
def share_links(context, article) -> list[meta.ShareLink]:
    cards = from_pelican(context)
    gettext = context.environment.globals["gettext"]
    labels = {name: context.call(gettext, label) for name, label in SHARE_LABELS.items()}
    siteurl = context.get("SITEURL", "")
    return meta.share_links(
        cards.share_links,
        f"{siteurl}/{article.url}",
        article.title,
        labels,
        f"{siteurl}/{cards.mastodon_share_url}",
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
