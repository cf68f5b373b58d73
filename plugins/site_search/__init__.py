"""site_search: what the static search index (Pagefind) needs beyond the pages.

The index itself is built after the build by `invoke preview` / `invoke publish`
(see plugins/publishing/search.py); the search page is theme/templates/search.html.
"""

from pelican import signals

from site_search.hooks import add_search_terms


def register() -> None:
    # A join across all articles (the site's vocabulary), so on every build.
    signals.article_generator_finalized.connect(add_search_terms)
