"""WordPress's ``wpautop`` in short: blank lines make paragraphs, single line breaks
``<br>``, and block-level HTML is left as it is.

Classic-editor posts are stored without ``<p>``; WordPress adds them on every page view.
Block-editor posts carry their own markup and are not touched (WordPress does the same).
"""

import re

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object"
)
_STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})[\s/>]", re.IGNORECASE)
_BLOCK_BOUNDARY = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_BLOCK_END = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
# A line break, with the <br> the editor may have written before it (one break, not two).
_LINE_BREAK = re.compile(r"(?:<br\s*/?>)?[ \t]*\n", re.IGNORECASE)
_NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript>", re.IGNORECASE | re.DOTALL)
_KEPT = '<div data-autop-kept="{}"></div>'


def autop(text: str) -> str:
    """Paragraphs and line breaks for classic-editor HTML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A <noscript> around a block (a lazy-load plugin's copy of an iframe) is one block of
    # its own: split into paragraphs, it would end before its copy, and the copy would
    # come along beside the lazy iframe (see ``lazy``).
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        if not _BLOCK_BOUNDARY.search(match[0]):
            return match[0]
        kept.append(match[0])
        return _KEPT.format(len(kept) - 1)

    text = _NOSCRIPT.sub(keep, text)
    # Block tags on lines of their own, so that they never end up inside a paragraph.
    text = _BLOCK_BOUNDARY.sub(r"\n\n\1", text)
    text = _BLOCK_END.sub(r"\1\n\n", text)
    chunks = [chunk.strip("\n") for chunk in re.split(r"\n\s*\n", text)]
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _STARTS_WITH_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + _LINE_BREAK.sub("<br>\n", chunk.strip()) + "</p>")
    text = "\n\n".join(out)
    for number, noscript in enumerate(kept):
        text = text.replace(_KEPT.format(number), noscript)
    return text
