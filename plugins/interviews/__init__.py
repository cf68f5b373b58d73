"""interviews: interviews and guest articles as first-class content, disclosure notes,
calls to action and the transparency page. Needs author_bios (listed before it)."""

from pelican import signals

from interviews.hooks import add_template_helpers, join_interviews, write_pages


def register() -> None:
    # The `as_interview` filter for every Jinja environment.
    signals.generator_init.connect(add_template_helpers)
    # Joins across files (profiles from author_bios): on every build, after author_bios.
    signals.article_generator_finalized.connect(join_interviews)
    # The interview list and the transparency page, after the article pages.
    signals.article_writer_finalized.connect(write_pages)
