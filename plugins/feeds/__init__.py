"""feeds: Atom 1.0 and RSS 2.0 for the site, categories, tags, authors, interviews and
comments, built with feedgen. Listed last in PLUGINS: it uses what the other plugins
attached to articles (card images, comment threads, disclosure notices)."""

from pelican import signals

from feeds.hooks import add_template_helpers, check_settings, prepare, write_feeds


def register() -> None:
    # Wrong FEEDS_* values stop the build before anything is read; at the start of every
    # build (livereload reuses the Pelican object), after newsroom started its report.
    signals.get_generators.connect(check_settings)
    # feed_scope() for the discovery links, css_string for the feed stylesheet.
    signals.generator_init.connect(add_template_helpers)
    # Articles and comment threads exist, nothing is written yet: the feed paths for the
    # templates, and content that no feed could carry stops the build here.
    signals.article_generator_finalized.connect(prepare)
    # Every page is written and the social cards are placed (their lengths are the
    # enclosures' lengths): the feeds.
    signals.page_writer_finalized.connect(write_feeds)
