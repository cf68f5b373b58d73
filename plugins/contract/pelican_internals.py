"""The places where the site reaches into Pelican beyond its documented API, in one
module, checked against the Pelican of the lock (requirements.txt).

- ``LimitFilter`` drops a warning it has logged before in the same process. A
  livereload session (and the test suite) runs many builds in one process, and each
  must list its own warnings again.
- ``_filter_discardable_metadata`` is what Pelican's reader applies before caching;
  the parallel reading workers (prefetch.py) store what Pelican would store.
- ``Readers._cache_data_policy`` says whether Pelican will read its cache at all.
- ``Readers._filestamp_func`` makes the stamp of a source file (with
  ``CHECK_MODIFIED_METHOD = "md5"`` it reads and hashes the whole file); a build asks for
  each file's stamp two or three times, so it is kept while the articles are read.

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
            (readers.Readers, "_get_file_stamp"),
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


def remember_file_stamps(generator_readers: readers.Readers) -> None:
    """Let ``generator_readers`` hash each source file once, until ``forget_file_stamps``.

    The stamp taken first (before any worker reads the file) is the one kept: a file
    saved meanwhile then looks changed to the next build, never unchanged.
    """
    stamp = getattr(generator_readers, "_filestamp_func", None)
    if stamp is None or getattr(stamp, "remembered", False):
        return
    known: dict = {}

    def remembered(filename):
        if filename not in known:
            known[filename] = stamp(filename)
        return known[filename]

    remembered.remembered = True
    remembered.original = stamp
    generator_readers._filestamp_func = remembered


def forget_file_stamps(generator_readers: readers.Readers) -> None:
    """Back to a stamp per question: the live preview reads an edited file again with
    the same readers, after the build."""
    stamp = getattr(generator_readers, "_filestamp_func", None)
    if getattr(stamp, "remembered", False):
        generator_readers._filestamp_func = stamp.original
