"""Absolute URLs in feed content: feed readers have no page address to resolve against.

Parsed with lxml's HTML parser (feedgen depends on lxml), never with regular
expressions: every ``href``, ``src``, ``poster`` and each ``srcset`` candidate.
"""

from urllib.parse import urljoin

from lxml import html

URL_ATTRIBUTES = ("href", "src", "poster", "cite")


def absolutize(fragment: str, base_url: str) -> str:
    """``fragment`` with every relative URL resolved against ``base_url``."""
    if not fragment.strip():
        return fragment
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    for element in wrapper.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and not value.startswith(("#", "mailto:", "tel:", "data:")):
                element.set(attribute, urljoin(base_url, value.strip()))
            elif value is not None and value.startswith("#"):
                element.set(attribute, base_url.split("#")[0] + value)
        srcset = element.get("srcset")
        if srcset:
            element.set(
                "srcset",
                ", ".join(_absolute_candidate(c, base_url) for c in srcset.split(",") if c.strip()),
            )
    inner = (wrapper.text or "") + "".join(
        html.tostring(child, encoding="unicode") for child in wrapper
    )
    return inner


def _absolute_candidate(candidate: str, base_url: str) -> str:
    url, *descriptor = candidate.split()
    return " ".join([urljoin(base_url, url), *descriptor])
