"""author_bios: author profiles from content/authors/, bio boxes, author pages."""

from pelican import signals

from author_bios.hooks import add_template_helpers, join_profiles, write_avatars_and_extra_pages


def register() -> None:
    # Every Jinja environment gets author_picture() and person_ld().
    signals.generator_init.connect(add_template_helpers)
    # A join across files: runs on every build, so a changed bio is never stale even
    # when Pelican's content cache reuses the articles.
    signals.article_generator_finalized.connect(join_profiles)
    # Avatars and the pages of people without own articles, after the article pages.
    signals.article_writer_finalized.connect(write_avatars_and_extra_pages)
