"""contract: the content contract in Pelican, the reader that checks every header,
German slugs and UI translations in the templates, and the build report.

The contract itself is plain Python in `newsroom`; this plugin wires it to Pelican's
signals. Every other plugin builds on it, so it is listed first in PLUGINS.
"""

from pelican import signals

from contract.build_progress import count_written, start_writing, stop_writing
from contract.hooks import (
    add_favicon,
    drop_compressed_caches,
    drop_stale_reader_caches,
    finish_report,
    freeze_urls,
    index_listed,
    log_content_problems,
    refuse_shared_slugs,
    resolve_every_link,
    setup_templates,
    start_report,
    stop_on_content_errors,
    use_contract_reader,
)
from contract.order import settle_articles, settle_pages
from contract.prefetch import forget_stamps, prefetch_articles


def register() -> None:
    # A fresh report per build, before any file is read. get_generators fires at
    # the start of every run(); initialized only once per Pelican instance, which
    # `pelican --autoreload` reuses for many builds.
    signals.get_generators.connect(start_report)
    # Before the generators load their caches.
    signals.get_generators.connect(drop_compressed_caches)
    signals.get_generators.connect(drop_stale_reader_caches)
    # A tag's links all resolved (a poster beside a src), not only its last.
    signals.initialized.connect(resolve_every_link)
    # Our reader checks headers and writes German slugs; Markdown only.
    signals.readers_init.connect(use_contract_reader)
    # Uncached articles are read on every core before Pelican's loop asks for them.
    signals.article_generator_preread.connect(prefetch_articles)
    # Each file is hashed once while the articles are read, not after (the live preview).
    signals.article_generator_pretaxonomy.connect(forget_stamps)
    # Articles (pages) of the same date in the same order in every build, before the
    # other plugins and Pelican's taxonomies read the lists.
    signals.article_generator_pretaxonomy.connect(settle_articles)
    signals.page_generator_finalized.connect(settle_pages)
    # The metadata passes here on every build, also when it came from the cache.
    signals.article_generator_context.connect(log_content_problems)
    signals.page_generator_context.connect(log_content_problems)
    # Each generator has its own Jinja environment.
    signals.generator_init.connect(setup_templates)
    # Content errors stop the build before a single file is written.
    signals.all_generators_finalized.connect(refuse_shared_slugs)
    signals.all_generators_finalized.connect(stop_on_content_errors)
    # From here on URLs are final: later plugins and the templates read them often.
    signals.all_generators_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(index_listed)
    # A large build shows how far the writing is (once nothing can stop it any more).
    signals.all_generators_finalized.connect(start_writing)
    signals.content_written.connect(count_written)
    signals.page_writer_finalized.connect(stop_writing)
    signals.finalized.connect(add_favicon)
    # Warnings listed together at the end; errors while writing fail the build.
    signals.finalized.connect(finish_report)
