"""Markdown extension: typography in the article's language. "Zitat" becomes „Zitat“ in
German and “quote” in English, geht's becomes geht’s, -- and --- become – and —, ...
becomes ….

This replaces Python-Markdown's smarty extension. Smarty adds a dozen inline patterns,
and the inline processor tries every pattern at every position of every text, so smarty
alone cost as much as the rest of Markdown (1.2 of 2.5 ms per article). Here one pass over
the finished tree with one regular expression does the job, and a quote's direction is
decided from the text before it even when that text sits in another element, as in
"*Betont*" or "[Link](…)".

Code (``code``, ``pre``, ``kbd``, ``samp``) stays as written, and so does a character the
editor escaped: ``\\"`` is still a placeholder while this runs and becomes ``"`` later.
"""

import re
from xml.etree import ElementTree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

OPENING_DOUBLE = "\u201e"  # „
CLOSING_DOUBLE = "\u201c"  # “
OPENING_SINGLE = "\u2018"  # ‘
APOSTROPHE = "\u2019"  # ’, also the closing single quote
ENGLISH_CLOSING_DOUBLE = "\u201d"  # ”
# (opening double, closing double) by language; German for any other language.
DOUBLE_QUOTES = {
    "de": (OPENING_DOUBLE, CLOSING_DOUBLE),
    "en": (CLOSING_DOUBLE, ENGLISH_CLOSING_DOUBLE),
}
EN_DASH = "\u2013"
EM_DASH = "\u2014"
ELLIPSIS = "\u2026"

_MARKS = re.compile(r"(?<!-)---(?!-)|(?<!-)--(?!-)|(?<!\.)\.\.\.(?!\.)|[\"']")
_REPLACED = {"---": EM_DASH, "--": EN_DASH, "...": ELLIPSIS}
# A quote after one of these (or at the start of a block) opens; anywhere else it closes.
_OPENS_AFTER = frozenset(" \t\n\r\u00a0([{/-\u2013\u2014" + OPENING_SINGLE)
_BLOCK_START = " "
_VERBATIM_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
# Text in these never continues the text before them: a quote at their start opens.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "blockquote", "figure", "figcaption", "table", "caption"),
        *("thead", "tbody", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "details", "summary"),
    }
)


def educate(text: str, before: str = _BLOCK_START, lang: str = "de") -> str:
    """``text`` with typographic quotes, dashes and ellipses; ``before`` is the
    character that precedes it in its block (a space at the start of a block)."""
    opening, closing = DOUBLE_QUOTES.get(lang[:2], DOUBLE_QUOTES["de"])
    opens_after = _OPENS_AFTER | {opening}

    def replace(match: re.Match[str]) -> str:
        mark = match.group()
        if mark in _REPLACED:
            return _REPLACED[mark]
        start = match.start()
        previous = text[start - 1] if start else before
        following = text[start + 1 : start + 2]
        # At the end of a text an element follows, as in "*Betont*": that opens too.
        opens = previous in opens_after and not following.isspace()
        if mark == '"':
            return opening if opens else closing
        # '90er and 's are elisions, so their mark is an apostrophe even after a space.
        return OPENING_SINGLE if opens and not following.isdigit() else APOSTROPHE

    return _MARKS.sub(replace, text)


class TypographyTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, lang: str) -> None:
        super().__init__(md)
        self.lang = lang

    def run(self, root: ElementTree.Element) -> None:
        _educate_element(root, _BLOCK_START, self.lang)


def _educate_element(element: ElementTree.Element, before: str, lang: str) -> str:
    """Educates the text below ``element``; returns the last character seen, which
    precedes whatever follows the element in its block."""
    if element.tag in _VERBATIM_TAGS:
        return "x"  # code reads like a word: a quote right after it closes
    if element.tag in _BLOCK_TAGS:
        before = _BLOCK_START
    before = _educate_text(element, "text", before, lang)
    for child in element:
        before = _educate_element(child, before, lang)
        if child.tag in _BLOCK_TAGS:
            before = _BLOCK_START
        before = _educate_text(child, "tail", before, lang)
    return before


def _educate_text(element: ElementTree.Element, attribute: str, before: str, lang: str) -> str:
    text = getattr(element, attribute)
    if not text:
        return before
    if not isinstance(text, AtomicString):
        text = educate(text, before, lang)
        setattr(element, attribute, text)
    return text[-1]


class TypographyExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"lang": ["de", "the text's language: its quotation marks (de or en)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # \" and \' keep a straight quote, as they did with smarty.
        md.ESCAPED_CHARS.extend(char for char in "\"'" if char not in md.ESCAPED_CHARS)
        # After the inline patterns (20), so links and emphasis are elements already;
        # before the table of contents (5), so heading texts match the headings.
        processor = TypographyTreeprocessor(md, self.getConfig("lang"))
        md.treeprocessors.register(processor, "typography", 15)


def makeExtension(**kwargs) -> TypographyExtension:  # noqa: N802 (Markdown's API)
    return TypographyExtension(**kwargs)
