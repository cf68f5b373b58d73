"""The places where the site reaches into Pelican beyond its documented API, in one
module, checked against the Pelican of the lock (requirements.txt).

- ``LimitFilter`` drops a warning it has logged before in the same process. A
  livereload session (and the test suite) runs many builds in one process, and each
  must list its own warnings again.
- ``_filter_discardable_metadata`` is what Pelican's reader applies before caching;
  the parallel reading workers (prefetch.py) store what Pelican would store.
- ``Readers._cache_data_policy`` says whether Pelican will read its cache at all.
- ``Content._content`` is the reader's HTML, and ``Content.get_content`` memoises what
  Pelican made of it (``.cache``, one for all items): plugins that set the HTML anew
  (``replace_article_html``) forget that (``forget_rendered``).
- ``Readers._filestamp_func`` makes the stamp of a source file (with
  ``CHECK_MODIFIED_METHOD = "md5"`` it reads and hashes the whole file); a build asks for
  each file's stamp two or three times, so it is kept while the articles are read.
- ``Content._link_replacer`` and ``Content.get_static_links`` see one ``{static}``
  (``{filename}``, ``{attach}``) link per HTML tag, the last: their pattern starts at
  the tag's ``<`` and matches never overlap, so ``<video poster="{static}/a.jpg"
  src="{static}/a.mp4">`` kept a literal ``{static}`` poster (Pelican's issue #3419).
  ``resolve_every_link_in_a_tag`` makes both read the earlier ones too.

When another Pelican is installed, the first two still work if their names exist;
``unchecked_internals()`` says what differs, and a test fails on a version change.
"""

import copy
import logging
import re
from collections.abc import Iterator

import pelican
from pelican import readers
from pelican.contents import Content
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
            (Content, "_link_replacer"),
            (Content, "get_static_links"),
            (Content, "_get_intrasite_link_regex"),
            (Content.__dict__.get("get_content"), "cache"),
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
    it may have been rendered forgets that (``forget_rendered``).
    """
    content._content = html


def forget_rendered(changed: set[int]) -> None:
    """Forget what Pelican memoised of ``get_content`` for the items whose ``id`` is in
    ``changed`` (one memo for all items): a plugin may have read an item's content before
    another replaced its HTML."""
    memo = Content.__dict__["get_content"].cache
    for key in [key for key in memo if id(key[0]) in changed]:
        del memo[key]


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


def resolve_every_link_in_a_tag() -> None:
    """Let Pelican resolve every intrasite link of a tag, not only its last one.

    A match of Pelican's pattern holds the tag up to the link's attribute in its
    ``markup`` group; the tag's earlier links sit there, and the same pattern finds them.
    Done once per process: the methods are Pelican's class's.
    """
    if getattr(Content._link_replacer, "every_link", False):
        return
    Content._link_replacer = _with_earlier_links_replaced(Content._link_replacer)
    Content.get_static_links = _with_earlier_static_links(Content.get_static_links)


def _with_earlier_links_replaced(link_replacer):
    def replace_every_link(self, siteurl: str, match: re.Match) -> str:
        resolved = link_replacer(self, siteurl, match)  # the markup, then the link
        markup = match.group("markup")
        earlier = self._get_intrasite_link_regex().sub(
            lambda inner: replace_every_link(self, siteurl, inner), markup
        )
        return earlier + resolved[len(markup) :]

    replace_every_link.every_link = True
    return replace_every_link


def _with_earlier_static_links(get_static_links):
    def every_static_link(self) -> set[str]:
        found = get_static_links(self)
        shadow = None
        for markup in earlier_links_markup(self._content or "", self._get_intrasite_link_regex()):
            # Pelican's own reading of an earlier link: the last of its markup. One markup
            # at a time: the pattern crosses lines, so joined ones would match as one.
            shadow = shadow or copy.copy(self)
            shadow._content = markup
            found |= get_static_links(shadow)
        return found

    return every_static_link


def earlier_links_markup(html: str, links: re.Pattern) -> Iterator[str]:
    """Each part of a tag before one of its links that holds a link itself, at any depth
    (``<video poster="{static}/a.jpg" src=`` for the tag above)."""
    for match in links.finditer(html):
        markup = match.group("markup")
        if links.search(markup):
            yield markup
            yield from earlier_links_markup(markup, links)
