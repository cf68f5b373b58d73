"""What the plugins hand each other, by name: one place where the coupling through
strings (attributes on Pelican's content objects, keys of the shared context, Jinja
filters and globals) is visible. Use these names, not the strings, in Python code, both
where a plugin sets the thing (``setattr(article, handover.X, …)``) and where another
reads it; the templates use the same words.

Each entry says who sets it and who reads it.
"""

# Attributes of articles (and pages) -------------------------------------------
# author_bios: a tuple of Profile, one per Author/Authors name; read by interviews,
# social_cards (bylines on the cards, JSON-LD) and the templates (bio boxes).
AUTHOR_PROFILES = "author_profiles"
# comments: the article's Thread; read by feeds (comment feeds) and the templates.
COMMENT_THREAD = "comment_thread"
# social_cards: a CardImage (address, size, alt text); read by feeds (entry pictures)
# and the templates (Open Graph tags).
CARD_IMAGE = "card_image"
# interviews: a tuple of Profile for Interviewee names that have one; the templates.
INTERVIEWEE_PROFILES = "interviewee_profiles"
# site_search: compound-word parts for Pagefind; the article template.
SEARCH_TERMS = "search_terms"
# related: a tuple of related.teasers.Teaser, the articles to read next; the templates.
RELATED_ARTICLES = "related_articles"
# languages: the other languages' versions of an article or page, a list (Pelican's own
# attribute, which Pelican's grouping would fill); read by social_cards (JSON-LD), the
# templates (language switcher, hreflang) and sitewide.
TRANSLATIONS = "translations"
# languages: the version the others translate (the oldest), on each translation a reader
# may see, else None; read by social_cards (JSON-LD translationOfWork).
TRANSLATION_ORIGINAL = "translation_original"

# Keys of the shared context ----------------------------------------------------
# author_bios: Profile by slug, every profile of content/authors/; read by
# interviews and social_cards (author cards).
AUTHOR_PROFILE_INDEX = "author_profiles"
# author_bios: every author page of a language by slug (a pelican Author with its URL):
# the authors of its articles and a page for every other profile; in each language's
# values. Read by languages (the switcher, hreflang and the sitemap pair them).
AUTHOR_PAGES = "author_pages"
# author_bios: the slugs of profiles that could not be read (their errors are logged
# once); read by interviews, which then names no missing profile again.
AUTHOR_PROFILES_UNREADABLE = "author_profiles_unreadable"
# interviews: the disclosure notices by kind, in the site's language; read by feeds.
DISCLOSURE_NOTICES = "disclosure_notices"
# contract: the slugs of listed articles (newsroom.listing); read by the templates.
LISTED_SLUGS = "listed_slugs"
# readers: what the site's pages promise readers who come back, a dict
# ({"reply_interval_seconds": …}); read by comments, which writes it into the intake's
# list of articles, so that the intake keeps what the pages promise.
READER_PROMISES = "reader_promises"
# sitewide: the header menu, a tuple of sitewide.menu.MenuEntry; the templates.
SITE_MENU = "site_menu"
# sitewide: (first year, last year) of the listed articles, or None; the footer.
SITE_YEARS = "site_years"
# languages: newsroom.languages.Edition by language, the site in each language; read by
# every plugin that lists content per language (feeds, sitewide, interviews, author_bios).
EDITIONS = "language_editions"
# every plugin with a value that differs by language: {lang: {context key: value}}, what
# pages in that language see instead of the site's own values (newsroom.languages
# .language_values adds to it; contract's template context reads it).
LANGUAGE_CONTEXT = "language_context"
# The language of the page being written (a template variable; contract sets the site's
# own, a writer of another language's list passes its own).
PAGE_LANG = "page_lang"
# languages: a page's alternates (languages.alternates.Alternates) by its URL path; the
# templates (hreflang, language switcher, sitemap).
ALTERNATES = "language_alternates"

# Jinja filters and globals -----------------------------------------------------
# interviews: split_interview(html, interviewees) as a filter; feeds uses it too.
AS_INTERVIEW = "as_interview"
# interviews: the version of split_interview's output, for the feeds' entry cache.
INTERVIEWS_VERSION = "interviews_version"

# Attributes of the Pelican instance ---------------------------------------------
# publishing (its site record): the output paths, relative to the site, of pages taken
# from the last build together with their .gz and .br; read by assets, which compresses
# everything else.
PRECOMPRESSED = "newsroom_precompressed"
