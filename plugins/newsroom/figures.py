"""Markdown extension: a lone image with a caption and a credit becomes a ``<figure>``.

Editors write::

    ![Alt text]({static}/images/diagrams/chart.svg "Caption shown below the image")
    Bildquelle: Hafenlicht Kommunikation

An image that stands alone in its paragraph and has a title (the caption) or a credit
line directly below it ("Bildquelle:", "Quelle:", "Foto:", "Grafik:", "Illustration:";
in English "Photo:", "Source:", "Graphic:", "Credit:")
is rendered as ``<figure>`` with a ``<figcaption>``; the credit may contain links.
Plain Markdown stays valid, so the file still reads well on GitHub.
"""

import re
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

CREDIT_LABELS = (
    *("Bildquelle", "Quelle", "Foto", "Fotos", "Grafik", "Illustration", "Credit"),
    *("Photo", "Photos", "Source", "Graphic"),
)
_CREDIT = re.compile(r"^\s*(?P<label>" + "|".join(CREDIT_LABELS) + r")\s*:\s*", re.IGNORECASE)


class FigureTreeprocessor(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p":
                    figure = _figure_from_paragraph(child)
                    if figure is not None:
                        parent.remove(child)
                        parent.insert(index, figure)


def _figure_from_paragraph(paragraph: ElementTree.Element) -> ElementTree.Element | None:
    children = list(paragraph)
    if not children or (paragraph.text or "").strip():
        return None
    image_holder = children[0]
    image = image_holder if image_holder.tag == "img" else image_holder.find("img")
    if image is None or (image_holder.tag == "a" and len(image_holder) != 1):
        return None
    if image_holder.tag not in ("img", "a"):
        return None

    caption = image.attrib.pop("title", "").strip()
    credit_start = image_holder.tail or ""
    credit_nodes = children[1:]
    credit_match = _CREDIT.match(credit_start) if credit_start.strip() or credit_nodes else None
    if (credit_start.strip() or credit_nodes) and credit_match is None:
        if caption:
            image.set("title", caption)
        return None  # the image is part of a sentence, not a figure
    if not caption and credit_match is None:
        return None

    figure = ElementTree.Element("figure")
    image_holder.tail = None
    figure.append(image_holder)
    figcaption = ElementTree.SubElement(figure, "figcaption")
    if caption:
        caption_span = ElementTree.SubElement(figcaption, "span", {"class": "caption"})
        caption_span.text = caption
    if credit_match is not None:
        credit = ElementTree.SubElement(figcaption, "small", {"class": "credit"})
        credit.text = f"{credit_match['label'].capitalize()}: {credit_start[credit_match.end() :]}"
        for node in credit_nodes:
            credit.append(node)
        if credit_nodes:
            credit_nodes[-1].tail = (credit_nodes[-1].tail or "").rstrip()
        else:
            credit.text = credit.text.rstrip()
    return figure


class FigureExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Priority 15: after "inline" (20), so the image is an element already.
        md.treeprocessors.register(FigureTreeprocessor(md), "newsroom_figures", 15)
