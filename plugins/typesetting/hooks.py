"""Signal receivers of the typesetting plugin."""

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pelican.generators import ArticlesGenerator

from contract.pelican_internals import article_html, replace_article_html
from pictures.hooks import forget_rendered
from typesetting.links import PAID, mark_sponsored

if TYPE_CHECKING:
    from pelican.generators import Generator


def mark_paid_links(generators: "list[Generator]") -> None:
    """Outgoing links of sponsored and affiliate articles get rel="sponsored"."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        host = (urlsplit(generator.settings.get("SITEURL", "")).hostname or "").lower()
        changed = set()
        for article in generator.articles:
            html = article_html(article)
            if PAID & set(getattr(article, "disclosure", None) or ()) and html:
                replace_article_html(article, mark_sponsored(html, host))
                changed.add(id(article))
        if changed:
            forget_rendered(generator.articles[0], changed)
