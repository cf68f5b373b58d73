"""The words of the site's own URLs, defined once.

Pelican's URL settings (pelicanconf.py) and the plugins' defaults build their paths from
these words, and whatever must keep clear of them (an imported page whose slug would
take ``/kategorie/``) reads :data:`RESERVED_WORDS`: no second list to forget.
"""

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

RESERVED_WORDS = frozenset(
    {
        CATEGORY,
        TAG,
        AUTHOR,
        ARCHIVES,
        CATEGORIES,
        TAGS,
        AUTHORS,
        SEARCH,
        PAGE_OF_LIST,
        FEEDS,
        COMMENTS,
        INTERVIEWS,
        TRANSPARENCY,
        IMAGES,
        MEDIA,
        THEME_STATIC,
        SEARCH_INDEX,
    }
)
