"""social_cards: card images, Open Graph / X / JSON-LD metadata and share links.

Needs author_bios before it in PLUGINS (author pictures), and feeds after it (enclosures)."""

from pelican import signals

from social_cards.hooks import (
    add_page_cards,
    add_template_helpers,
    finish_cards,
    start_cards,
    write_mastodon_page,
)


def register() -> None:
    # social_tags() and share_links() for the templates. The first generator of a build
    # reads the settings for the whole build (a new context each build, which initialized,
    # sent once per Pelican instance, has not yet): a wrong colour or font path stops the
    # build there, before any file is read.
    signals.generator_init.connect(add_template_helpers)
    # Articles, their author profiles and the categories are known here: their cards
    # are drawn while the other plugins work and the pages are read and written.
    signals.article_generator_finalized.connect(start_cards)
    # The pages' cards join them; nothing is written yet, so every page can link its card.
    signals.all_generators_finalized.connect(add_page_cards)
    # Placed once every page is written (a search indexer may start then, while the
    # last cards are drawn), before the feeds need their lengths.
    signals.page_writer_finalized.connect(finish_cards)
    # The page that asks for the reader's Mastodon instance.
    signals.article_writer_finalized.connect(write_mastodon_page)
