"""related: "Weiterlesen", three articles to read next under every article, chosen at
build time (same topic first, then the same category; listed articles only)."""

from pelican import signals

from related.hooks import attach_related


def register() -> None:
    # A join across all articles, so on every build (also when Pelican's cache served
    # the articles themselves); after interviews, which labels the kinds of piece.
    signals.article_generator_finalized.connect(attach_related)
