"""Settings of the feeds plugin (prefix ``FEEDS_``).

Pelican's own ``FEED_*`` settings are switched off in pelicanconf.py; this plugin
writes every feed. docs/reader.md ("Feeds") documents the keys.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from newsroom import config, urls
from newsroom.config import SettingsError
from newsroom.languages import words as language_words

PREFIX = "FEEDS_"

# RFC 4151: a tagging authority is a DNS name or an e-mail address.
_DNS_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*$")
_EMAIL = re.compile(r"^[^@\s]+@[a-z0-9.-]+$")
_TAG_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class FeedsSettings:
    enabled: bool = True
    # Absolute address the feeds link to; "" means SITEURL. A feed needs absolute URLs,
    # so without either no feed is written (and pages link none).
    siteurl: str = ""
    # Authority of the entry ids (RFC 4151 tag URIs): a domain the site owns, without
    # scheme or port. Set once and never changed, so that neither https nor a staging
    # host nor a new domain changes an id. "" means the host of the feeds' address.
    id_authority: str = ""
    max_items: int = 20  # entries per feed, newest first
    full_content: bool = True  # False: summaries only
    hub_url: str = ""  # a WebSub hub, announced in every feed
    # Where feeds are written, below the output folder; {slug} is the category/tag/
    # author slug, {url} the article's URL path.
    site_atom: str = f"{urls.FEEDS}/atom.xml"
    site_rss: str = f"{urls.FEEDS}/rss.xml"
    category_atom: str = f"{urls.CATEGORY}/{{slug}}/atom.xml"
    category_rss: str = f"{urls.CATEGORY}/{{slug}}/rss.xml"
    tag_atom: str = f"{urls.TAG}/{{slug}}/atom.xml"
    tag_rss: str = f"{urls.TAG}/{{slug}}/rss.xml"
    author_atom: str = f"{urls.AUTHOR}/{{slug}}/atom.xml"
    author_rss: str = f"{urls.AUTHOR}/{{slug}}/rss.xml"
    interviews_atom: str = f"{urls.INTERVIEWS}/atom.xml"
    interviews_rss: str = f"{urls.INTERVIEWS}/rss.xml"
    comments_atom: str = f"{urls.FEEDS}/kommentare.atom.xml"
    comments_rss: str = f"{urls.FEEDS}/kommentare.rss.xml"
    article_comments_atom: str = "{url}kommentare.atom.xml"
    article_comments_rss: str = "{url}kommentare.rss.xml"
    # A CSS stylesheet that makes a feed readable when opened in a browser, written
    # from theme/templates/partials/feed_style.css. "" writes none.
    stylesheet: str = f"{urls.FEEDS}/feed.css"
    # Pictures feed readers show for the site, below the output folder.
    logo: str = "theme/img/icon-512.png"
    icon: str = "theme/img/icon-192.png"

    @property
    def paths(self) -> dict[str, str]:
        """Every output path template by its setting name (without the prefix)."""
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name.endswith(("_atom", "_rss"))
        }


def from_pelican(settings: Mapping[str, Any]) -> FeedsSettings:
    """The plugin's settings, every value checked; raises SettingsError naming the key."""
    loaded = config.load(settings, PREFIX, FeedsSettings)
    if loaded.siteurl and not _is_absolute(loaded.siteurl):
        _refuse("SITEURL", loaded.siteurl, 'an absolute address such as "https://blog.example"')
    if loaded.id_authority and not (
        _DNS_NAME.match(loaded.id_authority) or _EMAIL.match(loaded.id_authority)
    ):
        _refuse(
            "ID_AUTHORITY",
            loaded.id_authority,
            'a domain name in lower case without scheme or port, e.g. "blog.example"',
        )
    if loaded.max_items < 1:
        _refuse("MAX_ITEMS", loaded.max_items, "a number of entries, at least 1")
    if loaded.hub_url and not _is_absolute(loaded.hub_url):
        _refuse("HUB_URL", loaded.hub_url, 'the absolute address of a WebSub hub, or ""')
    seen: dict[str, str] = {}
    for name, template in loaded.paths.items():
        _check_path(name, template)
        if template in seen:
            _refuse(name.upper(), template, f"a path of its own ({PREFIX}{seen[template]} has it)")
        seen[template] = name.upper()
    if loaded.stylesheet:
        _check_output_path("STYLESHEET", loaded.stylesheet, ".css")
    return loaded


def for_language(feeds: FeedsSettings, lang: str, default: str) -> FeedsSettings:
    """The feeds of ``lang``: the site's own as set; another language's below its folder,
    named in its URL words (``en/feeds/atom.xml``, ``en/category/<slug>/atom.xml``,
    ``<article URL>comments.atom.xml``)."""
    if lang == default:
        return feeds
    words = language_words(lang, default)
    base = f"{lang}/"
    paths = {}
    for name, word in (
        ("category", words.category),
        ("tag", words.tag),
        ("author", words.author),
    ):
        for kind in ("atom", "rss"):
            file = PurePosixPath(getattr(feeds, f"{name}_{kind}")).name
            paths[f"{name}_{kind}"] = f"{base}{word}/{{slug}}/{file}"
    for kind in ("atom", "rss"):
        paths[f"site_{kind}"] = f"{base}{urls.FEEDS}/{kind}.xml"
        paths[f"interviews_{kind}"] = f"{base}{words.interviews}/{kind}.xml"
        paths[f"comments_{kind}"] = f"{base}{urls.FEEDS}/{words.comments}.{kind}.xml"
        paths[f"article_comments_{kind}"] = f"{{url}}{words.comments}.{kind}.xml"
    stylesheet = f"{base}{feeds.stylesheet}" if feeds.stylesheet else ""
    return replace(feeds, stylesheet=stylesheet, **paths)


def check_files(feeds: FeedsSettings, settings: Mapping[str, Any]) -> None:
    """Refuse a logo or icon that no file of the theme or the content will become."""
    theme_static = f"{settings.get('THEME_STATIC_DIR', 'theme')}/"
    for key in ("logo", "icon"):
        value = getattr(feeds, key)
        if not value:
            continue
        _check_output_path(key.upper(), value, "")
        if value.startswith(theme_static):
            source = Path(settings["THEME"]) / "static" / value.removeprefix(theme_static)
        else:
            source = Path(settings["PATH"]) / value
        if not source.is_file():
            _refuse(key.upper(), value, f"a picture the site publishes ({source} does not exist)")


def authority_of(siteurl: str) -> str:
    """The host of ``siteurl``: the default id authority (a port is no part of it)."""
    return (urlsplit(siteurl).hostname or "").lower()


def _is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check_path(name: str, template: str) -> None:
    key = name.upper()
    placeholder = "{url}" if name.startswith("article_") else "{slug}"
    needs_placeholder = name.startswith(("category_", "tag_", "author_", "article_"))
    if needs_placeholder and placeholder not in template:
        _refuse(key, template, f"a path containing {placeholder}, e.g. {FEEDS_DEFAULTS[name]}")
    try:
        sample = template.format(slug="x", url="x/")
    except (KeyError, IndexError, ValueError):
        _refuse(key, template, f"a path whose only placeholder is {placeholder}")
    _check_output_path(key, sample, ".xml")


def _check_output_path(key: str, value: str, suffix: str) -> None:
    path = PurePosixPath(value)
    if not value or path.is_absolute() or ".." in path.parts or not value.endswith(suffix):
        expected = f"a path below the output folder ending in {suffix}" if suffix else ""
        _refuse(key, value, expected or "a path below the output folder")


def _refuse(key: str, value: object, expected: str) -> None:
    raise SettingsError(f"Setting {PREFIX}{key} is {value!r}; expected {expected}")


FEEDS_DEFAULTS = {name: field.default for name, field in FeedsSettings.__dataclass_fields__.items()}
