"""pictures: width, height and responsive WebP variants for every picture a page shows."""

from pelican import signals

from pictures.hooks import (
    add_template_helpers,
    place_variants,
    size_content_pictures,
    start,
    start_header_pictures,
)


def register() -> None:
    signals.initialized.connect(start)
    # Every Jinja environment gets picture(path).
    signals.generator_init.connect(add_template_helpers)
    # Header pictures are encoded from the moment the articles are read (beside the
    # card drawing), so that the build rarely waits for them at its end.
    signals.article_generator_finalized.connect(start_header_pictures)
    # Pictures in articles and pages get their size and variants before any page is
    # written; their encoding starts here and runs while the pages are written.
    signals.all_generators_finalized.connect(size_content_pictures)
    signals.finalized.connect(place_variants)
