"""Markdown extension: ``Einbettung: URL "Titel"`` alone in a paragraph becomes a two-click embed.

Editors write::

    Einbettung: https://www.youtube.com/watch?v=abc123xyz "Unser Messerundgang 2024"

The page shows a box with the title, a note that the platform receives data once the
content is loaded, a button (shown by ``embeds.js`` only) and a link to the platform
that works without JavaScript. Nothing is loaded from the platform before the click:
the iframe address is a ``data-`` attribute until then. A URL of a platform we do not
know becomes a plain link.
"""

import re
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor

from embeds.providers import Embed, recognise

LABELS = ("Einbettung", "Embed")
_LINE = re.compile(
    r"^(?:"
    + "|".join(LABELS)
    + r"):[ \t]+(?P<url>https?://\S+)(?:[ \t]+\"(?P<title>[^\"\n]*)\")?[ \t]*$",
    re.IGNORECASE,
)

TEXTS = {
    "de": {
        "note": "Beim Laden überträgt {provider} Daten wie Ihre IP-Adresse an {provider}.",
        "load": "Inhalt von {provider} laden",
        "open": "Auf {provider} öffnen",
        "frame": "Inhalt von {provider}",
    },
    "en": {
        "note": "Loading it sends data such as your IP address to {provider}.",
        "load": "Load content from {provider}",
        "open": "Open on {provider}",
        "frame": "Content from {provider}",
    },
}


def embed_line(url: str, title: str = "") -> str:
    """The Markdown line for an embed (what the WordPress import writes)."""
    title = title.replace('"', "'").strip()
    return f'Einbettung: {url} "{title}"' if title else f"Einbettung: {url}"


def render(embed: Embed, title: str, lang: str = "de") -> ElementTree.Element:
    """The consent box of one embed, as an element tree."""
    texts = {k: v.format(provider=embed.provider) for k, v in TEXTS.get(lang, TEXTS["de"]).items()}
    figure = ElementTree.Element(
        "figure",
        {
            "class": f"embed embed-{embed.kind}",
            "data-embed-frame": embed.frame,
            "data-embed-title": title or texts["frame"],
        },
    )
    box = ElementTree.SubElement(figure, "div", {"class": "embed-consent"})
    if title:
        ElementTree.SubElement(box, "p", {"class": "embed-title"}).text = title
    ElementTree.SubElement(box, "p", {"class": "embed-note"}).text = texts["note"]
    actions = ElementTree.SubElement(box, "p", {"class": "embed-actions"})
    button = ElementTree.SubElement(
        actions, "button", {"type": "button", "class": "embed-load", "hidden": "hidden"}
    )
    button.text = texts["load"]
    button.tail = " "
    link = ElementTree.SubElement(actions, "a", {"href": embed.url, "class": "embed-link"})
    link.text = texts["open"]
    return figure


class EmbedProcessor(BlockProcessor):
    def __init__(self, parser, lang: str) -> None:
        super().__init__(parser)
        self.lang = lang

    def test(self, parent: ElementTree.Element, block: str) -> bool:
        return bool(_LINE.match(block.strip()))

    def run(self, parent: ElementTree.Element, blocks: list[str]) -> None:
        match = _LINE.match(blocks.pop(0).strip())
        url, title = match["url"], (match["title"] or "").strip()
        embed = recognise(url)
        if embed is None:
            paragraph = ElementTree.SubElement(parent, "p")
            ElementTree.SubElement(paragraph, "a", {"href": url}).text = title or url
            return
        parent.append(render(embed, title, self.lang))


class EmbedExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"lang": ["de", "language of the texts around the embed (de or en)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Above paragraphs (10), below code blocks and lists, so a line in code stays code.
        md.parser.blockprocessors.register(
            EmbedProcessor(md.parser, self.getConfig("lang")), "embeds", 25
        )


def makeExtension(**kwargs) -> EmbedExtension:  # noqa: N802 (Markdown's loader name)
    return EmbedExtension(**kwargs)
