"""Signal receivers of the pictures plugin: one Store per build."""

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import get_relative_path

from contract.pelican_internals import article_html, forget_rendered, replace_article_html
from pictures.markup import rewrite_images
from pictures.settings import from_pelican
from pictures.variants import Picture, PictureError, Store

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

logger = logging.getLogger(__name__)
_current: dict[str, Store] = {}


def start(pelican: "Pelican") -> None:
    """A fresh store for this build (a failed earlier build may have left one)."""
    settings = pelican.settings
    pictures = from_pelican(settings)
    old = _current.pop("store", None)
    if old is not None:
        old.close()
    if pictures.enabled:
        _current["store"] = Store(
            Path(settings["PATH"]),
            Path(settings["CACHE_PATH"]) / "pictures",
            pictures.widths,
            pictures.format,
            (pictures.quality, pictures.thumbnail_quality),
            pictures.workers,
        )


def lookup(path: str) -> Picture | None:
    """The picture at site-relative ``path``; None (and a warning) when it is broken."""
    store = _current.get("store")
    if store is None or not path:
        return None
    try:
        return store.get(path)
    except PictureError as error:
        if path not in _warned:
            _warned.add(path)
            logger.warning("Picture %s has no size: %s", path, error)
        return None


def peek(path: str) -> Picture | None:
    """``lookup`` without showing the picture: what a page of the last build would get
    now (publishing.record asks before it takes the page over, then calls ``lookup``)."""
    store = _current.get("store")
    if store is None or not path:
        return None
    try:
        return store.get(path, shown=False)
    except PictureError:
        return None


lookup.peek = peek  # type: ignore[attr-defined]
_warned: set[str] = set()


def add_template_helpers(generator: "Generator") -> None:
    generator.env.globals["picture"] = lookup


def start_header_pictures(generator: "Generator") -> None:
    for article in [*generator.articles, *generator.translations]:
        if getattr(article, "image", None):
            lookup(article.image)


def size_content_pictures(generators: "list[Generator]") -> None:
    if "store" not in _current:
        return
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = [*generator.articles, *generator.translations]
        elif isinstance(generator, PagesGenerator):
            items = [*generator.pages, *generator.translations]
        else:
            continue
        changed = set()
        for item in items:
            html = article_html(item)
            if "<img" in html:
                replace_article_html(item, rewrite_images(html, lookup, _siteurl(item)))
                changed.add(id(item))
        if changed:  # a plugin may have read them before the pictures got their sizes
            forget_rendered(changed)


def _siteurl(item) -> str:
    """The site's URL as seen from the item's page (relative in the dev build)."""
    if item.settings.get("RELATIVE_URLS"):
        return get_relative_path(item.save_as)
    return item.settings["SITEURL"]


def place_variants(pelican: "Pelican") -> None:
    store = _current.pop("store", None)
    if store is None:
        return
    started = time.perf_counter()
    placed = store.finish(Path(pelican.settings["OUTPUT_PATH"]))
    logger.info(
        "Pictures: %d variants, %d encoded in this build (waited %.2f s)",
        placed,
        store.encoded,
        time.perf_counter() - started,
    )
