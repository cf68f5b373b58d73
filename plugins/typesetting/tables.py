"""Tables that scroll in a box of their own.

A table of five columns is wider than a phone; set in the text column it made the whole
page scroll sideways. Each table of an article's HTML is wrapped in a region that scrolls
instead, focusable so that a keyboard can scroll it, named for screen readers.
"""

import re

from markupsafe import escape

_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def scrolling_tables(html: str, label: str) -> str:
    """``html`` with every outermost table in ``<div class="table-scroll">``. The region
    is named by the table's caption, else by ``label`` with ``{number}`` (the table's
    number in the text) filled in."""
    parts: list[str] = []
    depth, start, last, number = 0, 0, 0, 0
    for tag in _TABLE_TAG.finditer(html):
        if not tag[1]:
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                number += 1
                table = html[start : tag.end()]
                caption = _CAPTION.search(table)
                name = _TAG.sub("", caption[1]).strip() if caption else ""
                name = name or label.format(number=number)
                parts += [
                    html[last:start],
                    f'<div class="table-scroll" role="region" tabindex="0" '
                    f'aria-label="{escape(name)}">{table}</div>',
                ]
                last = tag.end()
    return "".join(parts) + html[last:] if parts else html
