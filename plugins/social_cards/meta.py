"""What a page says about itself when shared: Open Graph, X card, JSON-LD, share links.

Pure: plain values in, lists of (property, content) pairs and dicts out; the template
writes them into the page head, escaped by Jinja.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from newsroom.dates import REGIONS
from newsroom.text import plain_text, shorten

DESCRIPTION_LIMIT = 200
LOCALES = REGIONS  # og:locale: the region of the dates


@dataclass(frozen=True)
class CardImage:
    """The picture a page is shared with; attached to articles as ``card_image``."""

    url: str  # below the site, e.g. "social-cards/2024-09-zu-wem-gehoert.jpg"
    width: int
    height: int
    mime_type: str
    length: int  # bytes
    alt: str


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str  # accessible name, e.g. "Auf LinkedIn teilen"
    url: str


def description(html_or_text: str) -> str:
    """Plain text of at most about 200 characters, cut at a word."""
    return shorten(plain_text(html_or_text), DESCRIPTION_LIMIT)


def locale(lang: str) -> str:
    return LOCALES.get(lang, lang.replace("-", "_"))


def open_graph(
    *,
    kind: str,
    title: str,
    text: str,
    url: str,
    image: CardImage,
    siteurl: str,
    site_name: str,
    lang: str,
    twitter_site: str = "",
    article: dict | None = None,
    other_langs: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """The og:, article: and twitter: properties of one page, in a stable order;
    ``other_langs`` are the languages of its other versions."""
    image_url = f"{siteurl}/{image.url}"
    tags = [
        ("og:type", kind),
        ("og:title", title),
        ("og:description", description(text)),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", locale(lang)),
        *(("og:locale:alternate", locale(other)) for other in other_langs),
        ("og:image", image_url),
        ("og:image:type", image.mime_type),
        ("og:image:width", str(image.width)),
        ("og:image:height", str(image.height)),
        ("og:image:alt", image.alt),
    ]
    if article:
        tags += [
            ("article:published_time", article["published"]),
            ("article:modified_time", article["modified"]),
            *(("article:author", author) for author in article["authors"]),
            ("article:section", article["section"]),
            *(("article:tag", tag) for tag in article["tags"]),
        ]
    tags += [
        ("twitter:card", "summary_large_image"),
        ("twitter:image", image_url),
        ("twitter:image:alt", image.alt),
    ]
    if twitter_site:
        tags.append(("twitter:site", twitter_site))
    return tags


@dataclass(frozen=True)
class Publisher:
    """The organisation behind the site, for JSON-LD; URLs absolute in production."""

    name: str
    url: str
    logo_url: str

    def json_ld(self) -> dict:
        return {
            "@type": "Organization",
            "name": self.name,
            "url": self.url,
            "logo": {"@type": "ImageObject", "url": self.logo_url},
        }


def blog_posting(
    *,
    headline: str,
    text: str,
    url: str,
    image: CardImage,
    image_url: str,
    published: str,
    modified: str,
    authors: Sequence[dict],
    publisher: Publisher,
    section: str,
    keywords: Sequence[str],
    lang: str,
    translations: dict | None = None,
) -> dict:
    """schema.org BlogPosting for an article page; ``translations`` its
    ``workTranslation`` or ``translationOfWork`` (see :func:`version`)."""
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": headline,
        "description": description(text),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": {
            "@type": "ImageObject",
            "url": image_url,
            "width": image.width,
            "height": image.height,
        },
        "datePublished": published,
        "dateModified": modified,
        "author": list(authors),
        "publisher": publisher.json_ld(),
        "articleSection": section,
        "keywords": list(keywords),
        "inLanguage": lang,
        **(translations or {}),
    }


def version(url: str, lang: str) -> dict:
    """Another language's version of an article, as JSON-LD names it."""
    return {"@type": "BlogPosting", "@id": url, "url": url, "inLanguage": lang}


def blog(
    *, name: str, text: str, url: str, image_url: str, publisher: Publisher, lang: str
) -> dict:
    """schema.org Blog for the home page."""
    return {
        "@context": "https://schema.org",
        "@type": "Blog",
        "name": name,
        "description": description(text),
        "url": url,
        "image": image_url,
        "inLanguage": lang,
        "publisher": publisher.json_ld(),
    }


def share_links(
    networks: Sequence[str], url: str, title: str, labels: dict[str, str], mastodon_page: str
) -> list[ShareLink]:
    """Plain links that send nothing anywhere until the reader clicks one."""
    text = f"{title} {url}"
    # Each value is quoted once (as urlencode would) and shared by the links using it.
    q_url, q_title, q_text = quote_plus(url), quote_plus(title), quote_plus(text)
    targets = {
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}",
        "xing": f"https://www.xing.com/spi/shares/new?url={q_url}",
        "x": f"https://x.com/intent/post?url={q_url}&text={q_title}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={q_url}",
        "mastodon": f"{mastodon_page}?text={q_text}",
        "whatsapp": f"https://wa.me/?text={q_text}",
        "email": f"mailto:?subject={quote(title)}&body={quote(text)}",
        "copy": url,
    }
    return [ShareLink(name, labels[name], targets[name]) for name in networks]
