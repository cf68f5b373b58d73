"""pictures: width, height and responsive WebP variants for every picture a page shows."""

from pelican import signals

from pictures.hooks import add_template_helpers, place_variants, size_content_pictures, start


def register() -> None:
    signals.initialized.connect(start)
    # Every Jinja environment gets picture(path).
    signals.generator_init.connect(add_template_helpers)
    # Pictures in articles and pages get their size and variants before any page is
    # written; their encoding starts here and runs while the pages are written.
    signals.all_generators_finalized.connect(size_content_pictures)
    signals.finalized.connect(place_variants)
