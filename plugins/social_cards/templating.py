"""Template globals: ``social_tags()`` for every page's head, ``share_links()`` under articles.

Both run once per written page, so everything that does not depend on the page (the
settings, the translated link labels, the logo's address) is prepared once per Jinja
environment by :func:`install`.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from jinja2 import Environment, pass_context

from author_bios.profiles import person_json_ld
from newsroom import handover
from newsroom.i18n import N_
from newsroom.text import pretty_url
from social_cards import meta
from social_cards.settings import SocialCardsSettings

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
GLOBAL = "social_cards_setup"  # the name of the prepared values among the Jinja globals


@dataclass(frozen=True)
class Setup:
    cards: SocialCardsSettings
    share_labels: dict[str, str]
    logo_path: str  # site-relative address of the publisher logo
    mastodon_url: str = ""  # our Mastodon share page in the page's language (default: cards')


def install(
    env: Environment, settings: dict, cards: SocialCardsSettings, gettext: Callable[[str], str]
) -> None:
    """Prepare ``Setup`` from the build's ``cards`` settings and add the two globals."""
    # The logo is a theme file below static/, which Pelican copies to THEME_STATIC_DIR.
    logo = f"{settings['THEME_STATIC_DIR']}/{cards.logo.removeprefix('static/')}"
    env.globals[GLOBAL] = Setup(
        cards, {name: gettext(label) for name, label in SHARE_LABELS.items()}, logo
    )
    env.globals["social_tags"] = social_tags
    env.globals["share_links"] = share_links


def localise(values: dict, setup: Setup, gettext: Callable[[str], str], mastodon_url: str) -> None:
    """The share links' labels and the Mastodon page of another language, in ``values``
    (what its pages see: newsroom.languages.language_values)."""
    labels = {name: gettext(label) for name, label in SHARE_LABELS.items()}
    values[GLOBAL] = replace(setup, share_labels=labels, mastodon_url=mastodon_url)
    values["mastodon_share_url"] = mastodon_url


@pass_context
def social_tags(context, title: str, text: str) -> dict:
    """Open Graph / X properties and JSON-LD for the page being rendered."""
    setup: Setup = context[GLOBAL]
    siteurl = context.get("SITEURL", "")
    url = f"{siteurl}/{pretty_url(context.get('output_file', ''))}"
    lang = context.get(handover.PAGE_LANG) or context["DEFAULT_LANG"]
    common = {
        "siteurl": siteurl,
        "site_name": context["SITENAME"],
        "lang": lang,
        "twitter_site": setup.cards.twitter_site,
        "other_langs": _other_languages(context, lang),
    }
    publisher = meta.Publisher(
        context.get("SITE_ORGANIZATION") or context["SITENAME"],
        f"{siteurl}/",
        f"{siteurl}/{setup.logo_path}",
    )
    article, page = context.get("article"), context.get("page")
    if article is not None and getattr(article, handover.CARD_IMAGE, None):
        return _article_tags(article, url, siteurl, common, publisher)
    if page is not None and getattr(page, handover.CARD_IMAGE, None):
        tags = meta.open_graph(
            kind="website",
            title=page.title,
            text=page.summary or page.content,
            url=url,
            image=page.card_image,
            **common,
        )
        return {"tags": tags, "json_ld": None}
    # An author page already carries a ProfilePage (author.html): only the card here.
    author, category = context.get("author"), context.get("category")
    author_card = (context.get("author_cards") or {}).get(getattr(author, "slug", None))
    if author is not None and author_card:
        tags = meta.open_graph(
            kind="profile", title=author.name, text=text, url=url, image=author_card, **common
        )
        return {"tags": tags, "json_ld": None}
    category_card = (context.get("category_cards") or {}).get(getattr(category, "slug", None))
    site_card = context.get("site_card")
    image = category_card if category is not None and category_card else site_card
    if image is None:
        return {"tags": [], "json_ld": None}
    tags = meta.open_graph(kind="website", title=title, text=text, url=url, image=image, **common)
    json_ld = None
    if context.get("output_file") == "index.html":  # the home page describes the blog
        json_ld = meta.blog(
            name=context["SITENAME"],
            text=text,
            url=url,
            image_url=f"{siteurl}/{image.url}",
            publisher=publisher,
            lang=lang,
        )
    return {"tags": tags, "json_ld": json_ld}


def _other_languages(context, lang: str) -> tuple[str, ...]:
    """The languages this page has other versions in (og:locale:alternate)."""
    found = (context.get(handover.ALTERNATES) or {}).get(pretty_url(context.get("output_file", "")))
    return tuple(code for code, _url in found.versions if code != lang) if found else ()


def _article_tags(article, url: str, siteurl: str, common: dict, publisher: meta.Publisher) -> dict:
    image = article.card_image
    modified = (getattr(article, "modified", None) or article.date).isoformat()
    tag_names = [t.name for t in getattr(article, "tags", [])]
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
            "tags": tag_names,
        },
        **common,
    )
    profiles = {p.name: p for p in getattr(article, handover.AUTHOR_PROFILES, ())}
    people = []
    for author in article.authors:
        profile = profiles.get(author.name)
        if profile is None:  # a warning in the dev build; the byline still names them
            people.append(
                {"@type": "Person", "name": author.name, "url": f"{siteurl}/{author.url}"}
            )
            continue
        photo = f"{siteurl}/{profile.photo}" if profile.photo else ""
        people.append(person_json_ld(profile, f"{siteurl}/{author.url}", photo))
    posting = meta.blog_posting(
        headline=article.title,
        text=article.summary,
        url=url,
        image=image,
        image_url=f"{siteurl}/{image.url}",
        published=article.date.isoformat(),
        modified=modified,
        authors=people,
        section=article.category.name,
        keywords=tag_names,
        publisher=publisher,
        lang=common["lang"],
        translations=_versions(article, siteurl),
    )
    return {"tags": tags, "json_ld": posting}


def _versions(article, siteurl: str) -> dict:
    """``workTranslation`` (on the version the others translate) or ``translationOfWork``
    (on a translation), each version as the BlogPosting at its address."""
    original = getattr(article, handover.TRANSLATION_ORIGINAL, None)
    if original is not None:
        return {"translationOfWork": meta.version(f"{siteurl}/{original.url}", original.lang)}
    others = getattr(article, handover.TRANSLATIONS, None) or ()
    if not others:
        return {}
    return {"workTranslation": [meta.version(f"{siteurl}/{o.url}", o.lang) for o in others]}


@pass_context
def share_links(context, article) -> list[meta.ShareLink]:
    setup: Setup = context[GLOBAL]
    siteurl = context.get("SITEURL", "")
    return meta.share_links(
        setup.cards.share_links,
        f"{siteurl}/{article.url}",
        article.title,
        setup.share_labels,
        f"{siteurl}/{setup.mastodon_url or setup.cards.mastodon_share_url}",
    )
