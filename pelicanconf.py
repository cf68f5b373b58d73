"""Settings of the Hafenlicht blog for the development build (`invoke build`).

`publishconf.py` imports this file and holds only what differs in production.
"""

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent

# Our plugins import each other by top-level name (`from newsroom import headers`),
# exactly as the tests do (pytest's `pythonpath`), so there is one module object per
# plugin. Pelican's PLUGIN_PATHS alone would not make them importable by each other.
if str(PROJECT_ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))

from newsroom import urls  # noqa: E402 (the words of our URLs, needs the path above)

# --- Site -----------------------------------------------------------------------
SITENAME = "Hafenlicht"
SITESUBTITLE = "Das Blog der Agentur für Kommunikation und Social Media"
SITE_ORGANIZATION = "Hafenlicht Kommunikation GmbH"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"  # the site's own language; NEWSROOM_LANGUAGES lists every language
# The other languages' pages are below /<code>/ (docs/languages.md); their lists' URL words
# are in newsroom/urls.py. Translations are joined by their Translation key (languages
# plugin), not by Pelican's grouping by slug.
NEWSROOM_LANGUAGES = ("de", "en")
LANGUAGES_SITESUBTITLE = {"en": "The blog of an agency for communication and social media"}
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# --- Content layout (see docs/writing.md, "Content conventions") ----------------
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
# Author profiles and comments are read by their plugins, images (and video and audio
# files, content/media/) are static files.
ARTICLE_EXCLUDES = ["pages", "authors", "comments", urls.IMAGES, urls.MEDIA]
STATIC_PATHS = [urls.IMAGES, urls.MEDIA]
DEFAULT_CATEGORY = "Allgemein"
# A future date makes an article a draft until a build runs on or after that date.
WITH_FUTURE_DATES = False

# --- URLs: pretty, stable, German ------------------------------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
# Drafts get no public page: a draft must never be reachable.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# Articles and pages in another language (Lang: en): below their language's folder.
ARTICLE_LANG_URL = "{lang}/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
CATEGORY_URL = f"{urls.CATEGORY}/{{slug}}/"
CATEGORY_SAVE_AS = f"{urls.CATEGORY}/{{slug}}/index.html"
TAG_URL = f"{urls.TAG}/{{slug}}/"
TAG_SAVE_AS = f"{urls.TAG}/{{slug}}/index.html"
AUTHOR_URL = f"{urls.AUTHOR}/{{slug}}/"
AUTHOR_SAVE_AS = f"{urls.AUTHOR}/{{slug}}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
ARCHIVES_URL = f"{urls.ARCHIVES}/"
ARCHIVES_SAVE_AS = f"{urls.ARCHIVES}/index.html"
CATEGORIES_URL = f"{urls.CATEGORIES}/"
CATEGORIES_SAVE_AS = f"{urls.CATEGORIES}/index.html"
TAGS_URL = f"{urls.TAGS}/"
TAGS_SAVE_AS = f"{urls.TAGS}/index.html"
AUTHORS_URL = f"{urls.AUTHORS}/"
AUTHORS_SAVE_AS = f"{urls.AUTHORS}/index.html"
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
NOTFOUND_SAVE_AS = "404.html"
SEARCH_URL = f"{urls.SEARCH}/"
SEARCH_SAVE_AS = f"{urls.SEARCH}/index.html"
# The front page ("index") is written by the sitewide plugin, its lead article first.
DIRECT_TEMPLATES = [
    "archives",
    "categories",
    "tags",
    "authors",
    "sitemap",
    "robots",
    "notfound",
    "search",
]

# Page 2 of anything lives in a "seite/<n>/" folder below its list. Slugs cannot
# contain "/", so page 3 of tag "thema-2" (thema/thema-2/seite/3/) can never
# overwrite tag "thema-23" (thema/thema-23/), nor any article or page.
# Twelve: full rows of three, two or one cards (and lead, two beside it, nine below).
DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "author": None,
    "interviews": None,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (
        2,
        f"{{base_name}}/{urls.PAGE_OF_LIST}/{{number}}/",
        f"{{base_name}}/{urls.PAGE_OF_LIST}/{{number}}/index.html",
    ),
)

# --- Feeds ----------------------------------------------------------------------
# The feeds plugin writes every feed (Atom and RSS, with stable ids); Pelican's own
# feed writing is switched off here, in one place.
FEED_ALL_ATOM = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = False

# --- Theme and plugins -----------------------------------------------------------
THEME = "theme"
# Autoescape: only HTML we produced and sanitised is marked |safe in the templates.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    # Every build makes new environments, so templates need not be checked for
    # changes on each include (a stat per include and page).
    "auto_reload": False,
}
PLUGIN_PATHS = ["plugins"]
# The order is the order in which the plugins receive each signal: profiles and
# labels exist before cards are drawn, cards and comments before feeds are written.
PLUGINS = [
    "contract",  # the content contract: reader, checks, build report (core in newsroom/)
    # Right after it: every other plugin lists content per language (its "editions").
    "languages",
    # Before the plugins whose templates show pictures: every environment gets picture().
    "pictures",
    "typesetting",  # rel="sponsored" on the links of paid articles
    "author_bios",
    # Early, so that card drawing starts before the plugins below do their work.
    "social_cards",
    "interviews",
    "comments",
    "mentions",  # after comments: it names the endpoints of the comment intake
    "readers",  # the newsletter form, "Kommentar melden", "Meine Kommentare" (the intake's)
    "site_search",
    "related",  # "Weiterlesen": three articles to read next under every article
    # The header menu (content/menu.csv), the footer's years, the front page with its lead.
    # Before redirects: a menu address must be a page, not a redirect to one.
    "sitewide",
    "feeds",
    # Last: the pages at old URLs never overwrite a page the build wrote.
    "redirects",
    # Last: hashes the theme's files and compresses what the others wrote.
    "assets",
]
FOOTER_PAGES = ("impressum", "datenschutz")  # slugs of pages linked in the footer

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        # Heading ids from our slug function: "## Größer denken" is #groesser-denken.
        "newsroom.headings": {},
        # German quotation marks „…“ for "…", ’ for the apostrophe, – and — for -- and ---.
        "newsroom.typography": {},
        # Two-click embeds: "Einbettung: URL" loads nothing from the platform before a click.
        "embeds.markdown": {},
    },
    "output_format": "html5",
}

# --- author_bios: profiles in content/authors/ -----------------------------------
# A missing profile is a warning here and an error in production (publishconf.py).
AUTHOR_BIOS_STRICT = False

# --- comments: see docs/comments.md ------------------------------------------------------
# No intake here: the dev build shows threads but no form. To try the form locally, run
# `invoke comments.serve` and `COMMENTS_INTAKE_URL=http://localhost:8090/ invoke livereload`.
COMMENTS_INTAKE_URL = os.environ.get("COMMENTS_INTAKE_URL", "")

# --- readers: newsletter, reply notifications, readers' data (docs/comments.md) ----
# The provider's identification in every newsletter (§ 5 DDG), as on content/pages/impressum.md.
READERS_IMPRESSUM = (
    "Hafenlicht Kommunikation GmbH | Laternenkai 7 | 20457 Hamburg | "
    "Vertreten durch Jana Albers, Geschäftsführerin | Telefon: +49 40 66969-210 | "
    "E-Mail: redaktion@hafenlicht.example | Amtsgericht Hamburg, HRB 999817 | "
    "USt-IdNr. DE999999999"
)

# --- social_cards: see docs/reader.md, "Social cards and sharing" ------------------------
SOCIAL_CARDS_TWITTER_SITE = "@hafenlicht"
# Under each article the first four are shown, the others behind "Mehr": LinkedIn for a
# B2B audience, Mastodon (the open network this blog recommends), e-mail and the copied
# link for every chat and intranet.
SOCIAL_CARDS_SHARE_LINKS = [
    "linkedin",
    "mastodon",
    "email",
    "copy",
    "xing",
    "whatsapp",
    "x",
    "facebook",
]

# --- feeds: see docs/reader.md, "Feeds" ----------------------------------------------
# The dev build has no absolute SITEURL; its feeds point at the livereload server.
FEEDS_SITEURL = "http://localhost:8000"
# Entry ids are tag URIs of this domain (docs/reader.md, "Feeds"): never change it, also not
# when the site moves, or every feed reader shows every article once more.
FEEDS_ID_AUTHORITY = "blog.hafenlicht.example"

# --- Build -----------------------------------------------------------------------
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git"]
CACHE_PATH = "cache/dev"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Uncompressed: a cold build compressed the reader cache while both cores waited for it,
# and a warm one decompressed it; it is a few megabytes on disk either way.
GZIP_CACHE = False
CHECK_MODIFIED_METHOD = "md5"  # mtimes change on every git checkout
