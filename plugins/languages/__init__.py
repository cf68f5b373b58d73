"""languages: articles, pages and author profiles in every language of the site, each
language's lists, feeds, search and pages, and the links between the versions of a page
(hreflang, the language switcher, the sitemap). The core is newsroom/languages.py."""

from pelican import signals

from languages.hooks import link_languages, make_editions, sort_articles, sort_pages
from languages.lists import write_lists
from languages.templating import add_template_helpers


def register() -> None:
    # page_alternates() and language_switch() for every Jinja environment.
    signals.generator_init.connect(add_template_helpers)
    # After reading, before Pelican groups the articles into categories, tags and
    # archives: the other languages' articles go into Pelican's translation lists, so
    # that Pelican's own lists stay the site's language, exactly as before.
    signals.article_generator_pretaxonomy.connect(sort_articles)
    # First of the plugins (listed after contract): the others list content per edition.
    signals.article_generator_finalized.connect(make_editions)
    # Pages are read after the articles: their languages, and each language's footer.
    signals.page_generator_finalized.connect(sort_pages)
    # Every URL is final (contract froze them): the table of alternates.
    signals.all_generators_finalized.connect(link_languages)
    # The other languages' lists, as Pelican writes the site's own.
    signals.article_writer_finalized.connect(write_lists)
