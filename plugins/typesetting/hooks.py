"""Signal receivers of the typesetting plugin."""

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pelican.generators import ArticlesGenerator

from contract.pelican_internals import article_html, forget_rendered, replace_article_html
from typesetting.fitting import fit_words
from typesetting.links import PAID, mark_sponsored
from typesetting.tables import scrolling_tables

if TYPE_CHECKING:
    from pelican.generators import Generator


def add_filters(generator: "Generator") -> None:
    """``fit_words`` (headlines) and ``scrolling_tables`` (article bodies) for every Jinja
    environment."""
    generator.env.filters["fit_words"] = fit_words
    generator.env.filters["scrolling_tables"] = scrolling_tables


def mark_paid_links(generators: "list[Generator]") -> None:
    """Outgoing links of sponsored and affiliate articles get rel="sponsored"."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        host = (urlsplit(generator.settings.get("SITEURL", "")).hostname or "").lower()
        changed = set()
        for article in [*generator.articles, *generator.translations]:
            html = article_html(article)
            if PAID & set(getattr(article, "disclosure", None) or ()) and html:
                replace_article_html(article, mark_sponsored(html, host))
                changed.add(id(article))
        if changed:
            forget_rendered(changed)
