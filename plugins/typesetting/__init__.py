"""typesetting: rel="sponsored" on the outgoing links of paid articles."""

from pelican import signals

from typesetting.hooks import mark_paid_links


def register() -> None:
    signals.all_generators_finalized.connect(mark_paid_links)
