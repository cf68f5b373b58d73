"""mentions: Webmention and pingback, received by the comment intake, moderated like
comments, shown under "Erwähnungen", and sent to the sites our articles link to.

The receiving side (``intake.receive_mentions``, ``intake.verify_mentions``, ``mentions.fetcher``)
runs inside the intake service without Pelican; the build only advertises the endpoints.
"""


def register() -> None:
    # Imported here: the intake imports this package and must run without Pelican.
    from pelican import signals

    from mentions.hooks import advertise

    signals.article_generator_finalized.connect(advertise)
