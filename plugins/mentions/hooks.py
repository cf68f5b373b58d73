"""Signal receivers of the mentions plugin: the endpoints every commentable article names."""

from typing import TYPE_CHECKING

from comments.settings import from_pelican as comments_settings
from mentions.settings import endpoints, from_pelican

if TYPE_CHECKING:
    from pelican.generators import Generator

CONTEXT_KEY = "mentions_endpoints"  # {"webmention": URL, "pingback": URL}, or {} without intake


def advertise(generator: "Generator") -> None:
    """Give the templates the endpoint URLs (``<link rel="webmention">`` and ``pingback``)."""
    settings = generator.settings
    webmention, pingback = endpoints(
        comments_settings(settings).intake_url, settings.get("SITEURL", ""), from_pelican(settings)
    )
    generator.context[CONTEXT_KEY] = (
        {"webmention": webmention, "pingback": pingback} if webmention else {}
    )
