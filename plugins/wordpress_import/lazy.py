"""What lazy-load plugins wrote into a post, read as the markup they rewrote.

A lazy-load plugin keeps the address of a picture, an iframe, a video, an audio file or an
``<embed>`` (and of a ``<video>``'s or ``<audio>``'s ``<source>``) in a ``data-`` attribute
while ``src`` holds a placeholder (a data: URI, a 1x1 GIF, its spinner, ``about:blank``)
or is left out, until its script swaps them; the ``srcset`` of an ``<img>`` or of a
``<picture>``'s ``<source>`` moves to ``data-srcset`` the same way, and a video's poster to
``data-poster`` (``poster`` then holds the spinner, or is left out). Most plugins follow the
element with a copy of it as it was, in ``<noscript>``, for browsers without scripts.
WP Rocket (and Lazy Load by WP Rocket) and Jetpack write data-lazy-*, a3 Lazy Load,
lazysizes and Smush data-*, jQuery Lazy Load data-original; all of them data-poster.

The import reads the element's own address and drops the copy: a lazy picture,
``<picture>``, iframe, video, audio file or ``<embed>`` comes out as the element without
the plugin does, once.
"""

from urllib.parse import urlsplit

LAZY_SOURCES = ("data-lazy-src", "data-src", "data-original")
LAZY_SRCSETS = ("data-lazy-srcset", "data-srcset")
LAZY_POSTERS = ("data-poster",)
PLAYER_TAGS = ("video", "audio")


def lazy_source(element, attributes: tuple[str, ...] = LAZY_SOURCES) -> str:
    """The address a lazy-load plugin keeps in a ``data-`` attribute (one of
    ``attributes``), "" without one."""
    return next((v.strip() for a in attributes if (v := element.get(a) or "").strip()), "")


def _own_address(element, attribute: str, lazy_attributes: tuple[str, ...]) -> str:
    """The address ``attribute`` shows once the plugin's script ran: the lazy one, since
    ``attribute`` holds a placeholder or nothing, unless it names the same file (Jetpack
    keeps the real one there, lazysizes a video's src)."""
    value = (element.get(attribute) or "").strip()
    lazy = lazy_source(element, lazy_attributes)
    if lazy and urlsplit(value).path != urlsplit(lazy).path:
        return lazy
    return value


def own_source(element) -> str:
    """The address an ``<img>``, ``<iframe>``, ``<video>``, ``<audio>``, ``<embed>`` or a
    player's ``<source>`` shows (see ``_own_address``)."""
    return _own_address(element, "src", LAZY_SOURCES)


def own_poster(video) -> str:
    """The poster a ``<video>`` shows: its data-poster, not the plugin's spinner in poster
    (see ``_own_address``)."""
    return _own_address(video, "poster", LAZY_POSTERS)


def _is_lazy(element) -> bool:
    """An element a lazy-load plugin rewrote; a ``<picture>``, ``<video>`` or ``<audio>``
    also when one of its ``<source>`` (or its ``<img>``) is (WP Rocket and a3 rewrite
    those), a video also when only its poster is (lazysizes keeps src)."""
    if element.name in ("img", "iframe", "embed"):
        return bool(lazy_source(element))
    if element.name in PLAYER_TAGS:
        return bool(lazy_source(element) or lazy_source(element, LAZY_POSTERS)) or any(
            lazy_source(source) for source in element.find_all("source")
        )
    if element.name == "picture":
        return any(lazy_source(img) for img in element.find_all("img")) or any(
            (source.get(a) or "").strip()
            for source in element.find_all("source")
            for a in LAZY_SRCSETS
        )
    return False


def _holds_only_copies(noscript, name: str) -> bool:
    """``noscript`` holds ``name`` elements and no text beside them (the text of a player
    for browsers that cannot play it is inside the copy, and part of it)."""
    copies = {id(copy) for copy in noscript.find_all(name)}
    return bool(copies) and not any(
        text.strip() and not any(id(parent) in copies for parent in text.parents)
        for text in noscript.find_all(string=True)
    )


def drop_noscript_copies(soup) -> None:
    """Each ``<noscript>`` right after a lazy element that holds only the same kind of
    element again (a picture for a ``<picture>``): the element is imported from the lazy
    one (a picture's data-srcset has the larger variants), and the copy would come along a
    second time. A ``<noscript>`` after anything else stays: WP Rocket's YouTube preview, an
    empty ``<div>`` its script fills, has the video only in the ``<noscript>`` after it."""
    for noscript in soup.find_all("noscript"):
        before = noscript.find_previous_sibling()
        if before is None or not _is_lazy(before):
            continue
        copy = "img" if before.name in ("img", "picture") else before.name
        if _holds_only_copies(noscript, copy):
            noscript.decompose()
