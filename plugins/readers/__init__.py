"""readers: what the site offers readers who come back, on the site's side: the
newsletter's subscribe form, "Kommentar melden" under comments and mentions, the link
to "Meine Kommentare" (templates in theme/templates/partials/). The forms post to the
comment intake, which does the rest (plugins/intake/: subscriptions, newsletter,
replies, readers_data, reports)."""


def register() -> None:
    from pelican import signals

    from readers.hooks import add_template_helpers

    # reader_address() for the templates, before any template is rendered.
    signals.generator_init.connect(add_template_helpers)
