"""feeds: Atom 1.0 and RSS 2.0 for the site, categories, tags, authors, interviews and
comments, built with feedgen. Listed last in PLUGINS: it uses what the other plugins
attached to articles (card images, comment threads, disclosure notices)."""

from pelican import signals

from feeds.hooks import add_template_helpers, expose_settings, write_feeds


def register() -> None:
    # `feed_scope()` for the discovery links of every page.
    signals.generator_init.connect(add_template_helpers)
    # Discovery links need the feed paths in the context before pages are written.
    signals.article_generator_finalized.connect(expose_settings)
    # Feeds are written once, after the article pages.
    signals.article_writer_finalized.connect(write_feeds)
