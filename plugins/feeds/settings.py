"""Settings of the feeds plugin (prefix ``FEEDS_``).

Pelican's own ``FEED_*`` settings are switched off in pelicanconf.py; this plugin
writes every feed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom import config

PREFIX = "FEEDS_"


@dataclass(frozen=True)
class FeedsSettings:
    enabled: bool = True
    # Absolute address feeds link to; defaults to SITEURL. The dev build sets the
    # livereload address, because a feed needs absolute URLs to be of any use.
    siteurl: str = ""
    # Authority of the entry ids (RFC 4151 tag URIs): a domain the site owns. It has no
    # scheme, so moving from http to https changes no id.
    id_authority: str = ""
    max_items: int = 20  # entries per feed, newest first
    full_content: bool = True  # False: summaries only
    hub_url: str = ""  # a WebSub hub, announced in every feed
    # Where feeds are written; {slug} is the category/tag/author slug, {url} the
    # article's URL path.
    site_atom: str = "feeds/atom.xml"
    site_rss: str = "feeds/rss.xml"
    category_atom: str = "kategorie/{slug}/atom.xml"
    category_rss: str = "kategorie/{slug}/rss.xml"
    tag_atom: str = "thema/{slug}/atom.xml"
    tag_rss: str = "thema/{slug}/rss.xml"
    author_atom: str = "autor/{slug}/atom.xml"
    author_rss: str = "autor/{slug}/rss.xml"
    interviews_atom: str = "interviews/atom.xml"
    interviews_rss: str = "interviews/rss.xml"
    comments_atom: str = "feeds/kommentare.atom.xml"
    comments_rss: str = "feeds/kommentare.rss.xml"
    article_comments_atom: str = "{url}kommentare.atom.xml"
    article_comments_rss: str = "{url}kommentare.rss.xml"
    # Makes feeds readable in a browser; written from theme/templates/feedstyle.html
    # (a direct template, FEEDSTYLE_SAVE_AS in pelicanconf.py), so it speaks the UI language.
    stylesheet: str = "feeds/feed.xsl"
    logo: str = "theme/img/icon-512.png"
    icon: str = "theme/img/icon-192.png"


def from_pelican(settings: Mapping[str, Any]) -> FeedsSettings:
    return config.load(settings, PREFIX, FeedsSettings)
