"""assets: content-hashed names for the theme's files, precompressed .gz/.br siblings."""

from pelican import signals

from assets.hooks import add_template_helpers, finish_site, hash_theme


def register() -> None:
    signals.initialized.connect(hash_theme)
    # Every Jinja environment gets asset(path).
    signals.generator_init.connect(add_template_helpers)
    # Last plugin in PLUGINS: its receiver runs after the others wrote their files.
    signals.finalized.connect(finish_site)
