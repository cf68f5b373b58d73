"""A content file split into its ``Key: value`` header lines and its Markdown body.

Apart from the checks (``newsroom.headers``, which re-exports these names), so that the
rules of single kinds (``newsroom.article_rules``) can read the lines too.
"""

import re
from dataclasses import dataclass

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*)$")
_CONTINUATION_LINE = re.compile(r"^(?: {4}|\t)(?P<value>.*\S.*)$")


@dataclass(frozen=True)
class HeaderLine:
    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Source:
    """A content file split into its header lines and its Markdown body."""

    header: tuple[HeaderLine, ...]
    body: str
    body_line: int  # 1-based line number where the body starts
    # A line that ended the header without a blank line before it, e.g. "Date 2024-09-04"
    # (a colon forgotten): when required keys are missing, it is the likely cause.
    stray: HeaderLine | None = None


def split_source(text: str) -> Source:
    """Split a content file into ``Key: value`` header lines and the body.

    The rules follow Python-Markdown's meta extension, which Pelican uses: the header
    starts on the first line, a value may continue on lines indented by four spaces,
    and the header ends at the first line that is neither. We parse it ourselves to
    know the line of every key and so that a body line like "Hinweis: ..." is never
    mistaken for a header.
    """
    lines = text.removeprefix("\ufeff").splitlines()
    header: list[HeaderLine] = []
    index = 0
    for index, line in enumerate(lines):
        key_match = _KEY_LINE.match(line)
        if key_match:
            header.append(HeaderLine(key_match["key"], key_match["value"].strip(), index + 1))
            continue
        continuation = _CONTINUATION_LINE.match(line)
        if continuation and header:
            last = header[-1]
            joined = f"{last.value}\n{continuation['value'].strip()}".strip()
            header[-1] = HeaderLine(last.key, joined, last.line)
            continue
        break
    else:
        index = len(lines)
    stray = None
    if index < len(lines) and not lines[index].strip():
        index += 1  # the blank separator line belongs to neither part
    elif index < len(lines):
        stray = HeaderLine("", lines[index].strip(), index + 1)
    return Source(tuple(header), "\n".join(lines[index:]), index + 1, stray)


def key_line(text: str, key: str) -> int | None:
    """The line of header key ``key`` (any case) in a content file's ``text``, if given:
    for a problem found after reading, when only the file is left to ask."""
    wanted = key.lower()
    return next(
        (item.line for item in split_source(text).header if item.key.lower() == wanted), None
    )
