"""What lazy-load plugins wrote into a post, read as the markup they rewrote.

A lazy-load plugin keeps the address of a picture or an iframe in a ``data-`` attribute
while ``src`` holds a placeholder (a data: URI, a 1x1 GIF, its spinner, ``about:blank``)
or is left out, until its script swaps them; the ``srcset`` of an ``<img>`` or of a
``<picture>``'s ``<source>`` moves to ``data-srcset`` the same way. Most plugins follow the
element with a copy of it as it was, in ``<noscript>``, for browsers without scripts.
WP Rocket (and Lazy Load by WP Rocket) and Jetpack write data-lazy-*, a3 Lazy Load,
lazysizes and Smush data-*, jQuery Lazy Load data-original.

The import reads the element's own address and drops the copy: a lazy picture,
``<picture>`` or iframe comes out as the element without the plugin does, once.
"""

from urllib.parse import urlsplit

LAZY_SOURCES = ("data-lazy-src", "data-src", "data-original")
LAZY_SRCSETS = ("data-lazy-srcset", "data-srcset")


def lazy_source(element) -> str:
    """The address a lazy-load plugin keeps in a ``data-`` attribute, "" without one."""
    return next((v.strip() for a in LAZY_SOURCES if (v := element.get(a) or "").strip()), "")


def own_source(element) -> str:
    """The address an ``<img>`` or ``<iframe>`` shows: a lazy-load plugin's, whose ``src``
    is a placeholder, unless ``src`` names the same file (Jetpack keeps the real one there)."""
    src = (element.get("src") or "").strip()
    lazy = lazy_source(element)
    if lazy and urlsplit(src).path != urlsplit(lazy).path:
        return lazy
    return src


def _is_lazy(element) -> bool:
    """A picture or an iframe a lazy-load plugin rewrote; a ``<picture>`` when its
    ``<img>`` or one of its ``<source>`` is (WP Rocket and a3 rewrite both)."""
    if element.name in ("img", "iframe"):
        return bool(lazy_source(element))
    if element.name == "picture":
        return any(lazy_source(img) for img in element.find_all("img")) or any(
            (source.get(a) or "").strip()
            for source in element.find_all("source")
            for a in LAZY_SRCSETS
        )
    return False


def drop_noscript_copies(soup) -> None:
    """Each ``<noscript>`` right after a lazy picture, ``<picture>`` or iframe that holds
    only the same kind of element again: the element is imported from the lazy one (its
    data-srcset has the larger variants), and the copy would come along a second time.
    A ``<noscript>`` after anything else stays: WP Rocket's YouTube preview, an empty
    ``<div>`` its script fills, has the video only in the ``<noscript>`` after it."""
    for noscript in soup.find_all("noscript"):
        before = noscript.find_previous_sibling()
        if before is None or not _is_lazy(before) or noscript.get_text(strip=True):
            continue
        copy = "iframe" if before.name == "iframe" else "img"
        if noscript.find(copy) is not None:
            noscript.decompose()
