"""Markdown extension: every heading gets an id made by our slug function, so that
"## Größer denken" can be linked as #groesser-denken.

Python-Markdown's toc extension gives the same ids, but it also builds a table of
contents nobody shows, rendering each heading's HTML once more through every
postprocessor: a fifth of an article's Markdown time. This only names the headings.
Ids are unique in the page ("fazit", "fazit_1", as toc numbers them); an id the editor
set ({#eigene-id}, attr_list) is kept.
"""

import html
import re
from collections.abc import Iterator
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX

from newsroom.slugs import slugify_german
from newsroom.tags import strip_tags

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ESCAPED = re.compile(f"{STX}([0-9]+){ETX}")  # a backslash-escaped character


class HeadingIdTreeprocessor(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        headings = []
        used = set()
        for element in root.iter():
            if element.tag in HEADINGS:
                headings.append(element)
            if "id" in element.attrib:
                used.add(element.attrib["id"])
        for heading in headings:
            if "id" not in heading.attrib:
                heading.set("id", _unique(slugify_german(self._text(heading)), used))

    def _text(self, heading: ElementTree.Element) -> str:
        """The heading as a reader sees it: raw HTML reduced to its text, escapes and
        entities resolved, footnote markers left out."""
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), "".join(_texts(heading)))
        text = HTML_PLACEHOLDER_RE.sub(self._stashed_text, text)
        return html.unescape(text).strip()

    def _stashed_text(self, match: re.Match[str]) -> str:
        try:
            raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        except (IndexError, TypeError, ValueError):
            return ""
        return strip_tags(str(raw))


def _texts(element: ElementTree.Element) -> Iterator[str]:
    """The text inside ``element`` (not its tail), without footnote references."""
    yield element.text or ""
    for child in element:
        if not (child.tag == "sup" and child.get("id", "").startswith("fnref")):
            yield from _texts(child)
        yield child.tail or ""


def _unique(base: str, used: set[str]) -> str:
    """``base``, or ``base_1``, ``base_2`` … when the page already has it."""
    candidate, number = base, 0
    while not candidate or candidate in used:
        number += 1
        candidate = f"{base}_{number}"
    used.add(candidate)
    return candidate


class HeadingIdExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Where toc runs: after the inline patterns and our typography, after attr_list.
        md.treeprocessors.register(HeadingIdTreeprocessor(md), "heading_ids", 5)


def makeExtension(**kwargs) -> HeadingIdExtension:  # noqa: N802 (Markdown's API)
    return HeadingIdExtension(**kwargs)
