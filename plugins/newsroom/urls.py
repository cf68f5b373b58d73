"""The words of the site's own URLs, defined once, in every language the site publishes in.

Pelican's URL settings (pelicanconf.py) and the plugins' defaults build their paths from
these words, and whatever must keep clear of them (an imported page whose slug would
take ``/kategorie/``) reads :data:`RESERVED_WORDS`: no second list to forget.

The site's own language (German) has its lists at the root; every other language has the
same lists below its code, in its own words (:data:`WORDS`): ``/en/category/…``.
"""

from dataclasses import astuple, dataclass

# Lists Pelican writes (pelicanconf.py: CATEGORY_URL, TAG_URL, …).
CATEGORY = "kategorie"
TAG = "thema"
AUTHOR = "autor"
ARCHIVES = "archiv"
CATEGORIES = "kategorien"
TAGS = "themen"
AUTHORS = "autoren"
SEARCH = "suche"
PAGE_OF_LIST = "seite"  # page 2 of a list: <list>/seite/2/
# Folders of the plugins and of the build.
FEEDS = "feeds"  # feeds: the site's and the lists' feeds, their stylesheet
COMMENTS = "kommentare"  # comments: the intake's article list, its 502 page, its paths
INTERVIEWS = "interviews"  # interviews: the list of interviews and its feed
TRANSPARENCY = "transparenz"  # interviews: the disclosure page
IMAGES = "images"  # the content's pictures (STATIC_PATHS)
MEDIA = "media"  # the content's video and audio files (STATIC_PATHS)
THEME_STATIC = "theme"  # the theme's files (THEME_STATIC_DIR)
SEARCH_INDEX = "pagefind"  # Pagefind's index
SHARE = "teilen"  # social_cards: the Mastodon share page, teilen/mastodon/


@dataclass(frozen=True)
class Words:
    """The words of one language's lists and plugin pages (not of articles and pages,
    whose slugs the editors write)."""

    category: str
    tag: str
    author: str
    archives: str
    categories: str
    tags: str
    authors: str
    search: str
    page_of_list: str  # page 2 of a list: <list>/<page_of_list>/2/
    comments: str  # the comment feeds' file names
    interviews: str
    transparency: str
    share: str


GERMAN = Words(
    CATEGORY,
    TAG,
    AUTHOR,
    ARCHIVES,
    CATEGORIES,
    TAGS,
    AUTHORS,
    SEARCH,
    PAGE_OF_LIST,
    COMMENTS,
    INTERVIEWS,
    TRANSPARENCY,
    SHARE,
)
ENGLISH = Words(
    category="category",
    tag="topic",
    author="author",
    archives="archive",
    categories="categories",
    tags="topics",
    authors="authors",
    search="search",
    page_of_list="page",
    comments="comments",
    interviews="interviews",
    transparency="transparency",
    share="share",
)
# By language code. A language in NEWSROOM_LANGUAGES needs its words here; the site's own
# language (DEFAULT_LANG) uses the constants above, whatever its code.
WORDS = {"de": GERMAN, "en": ENGLISH}

RESERVED_WORDS = frozenset(
    {
        *astuple(GERMAN),
        FEEDS,
        IMAGES,
        MEDIA,
        THEME_STATIC,
        SEARCH_INDEX,
        # The folders of the other languages' pages: /en/…
        *WORDS,
    }
)
