"""social_cards: card images, Open Graph / X / JSON-LD metadata and share links.

Needs author_bios and interviews before it in PLUGINS (author pictures, labels)."""

from pelican import signals

from social_cards.hooks import (
    add_template_helpers,
    check_settings,
    finish_cards,
    start_cards,
    write_mastodon_page,
)


def register() -> None:
    # A wrong colour or font path stops the build before any file is read.
    signals.initialized.connect(check_settings)
    # social_tags() and share_links() for the templates.
    signals.generator_init.connect(add_template_helpers)
    # Articles (with their author profiles), pages and categories all exist here, and
    # nothing is written yet: every page can link its card. New cards are drawn while
    # the article pages are written and placed after them, before the feeds need them.
    signals.all_generators_finalized.connect(start_cards)
    signals.article_writer_finalized.connect(finish_cards)
    # The page that asks for the reader's Mastodon instance.
    signals.article_writer_finalized.connect(write_mastodon_page)
