"""The places where the site reaches into Pelican beyond its documented API, in one
module, checked against the Pelican of the lock (requirements.txt).

- ``LimitFilter`` drops a warning it has logged before in the same process. A
  livereload session (and the test suite) runs many builds in one process, and each
  must list its own warnings again.
- ``_filter_discardable_metadata`` is what Pelican's reader applies before caching;
  the parallel reading workers (prefetch.py) store what Pelican would store.
- ``Readers._cache_data_policy`` says whether Pelican will read its cache at all.

When another Pelican is installed, the first two still work if their names exist;
``unchecked_internals()`` says what differs, and a test fails on a version change.
"""

import logging

import pelican
from pelican import readers
from pelican.log import LimitFilter

logger = logging.getLogger(__name__)

CHECKED_WITH = "4.12.0"


def unchecked_internals() -> str:
    """What differs from the Pelican this module was checked against; "" when nothing."""
    version = getattr(pelican, "__version__", "unknown")
    if version != CHECKED_WITH:
        return f"pelican {version} is installed"
    missing = [
        name
        for owner, name in (
            (LimitFilter, "_raised_messages"),
            (LimitFilter, "_group_count"),
            (readers, "_filter_discardable_metadata"),
        )
        if not hasattr(owner, name)
    ]
    return f"pelican {version} has no {', '.join(missing)}" if missing else ""


def forget_logged_warnings() -> None:
    """Let Pelican's LimitFilter show every warning again (a new build begins)."""
    for name in ("_raised_messages", "_group_count"):
        remembered = getattr(LimitFilter, name, None)
        if remembered is not None:
            remembered.clear()


def discardable_metadata_dropped(metadata: dict) -> dict:
    """``metadata`` as Pelican's reader caches it."""
    return readers._filter_discardable_metadata(metadata)


def cache_is_read(generator_readers: readers.Readers) -> bool:
    """Whether Pelican reads (and writes) its content cache in this build."""
    return bool(getattr(generator_readers, "_cache_data_policy", False))


def article_html(content) -> str:
    """The HTML the reader made of an article or page (Pelican's ``_content``): before
    Pelican resolves ``{filename}`` links and ``{static}`` paths, as ``content`` does."""
    return content._content or ""


def replace_article_html(content, html: str) -> None:
    """Give an article or page new HTML; ``content`` and the written page show it.

    Pelican memoises ``get_content`` per site URL: a caller that changes the HTML after
    it may have been rendered forgets that (``pictures.hooks.forget_rendered``).
    """
    content._content = html
