"""typesetting: rel="sponsored" on the outgoing links of paid articles; headlines that
break a word only where it cannot fit; tables that scroll in a box of their own."""

from pelican import signals

from typesetting.hooks import add_filters, mark_paid_links


def register() -> None:
    # Each generator has its own Jinja environment.
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(mark_paid_links)
