"""Exports of old WordPress versions (before 3.1) with ``]]>`` unescaped inside CDATA.

Such a file is no XML: the first ``]]>`` ends the section, and the parser stops. Newer
WordPress writes ``]]]]><![CDATA[>`` instead, and WordPress's importer reads the old
files with its regex parser: a section that opens right after an element's start tag
runs to the ``]]></name>`` that closes the element. ``repaired`` streams the file with
exactly that reading, escaping every ``]]>`` inside such a section the way new exports
do; nothing else changes (not even a line break, so messages keep their line numbers).
"""

import io
import re
from typing import BinaryIO

OPEN, END = b"<![CDATA[", b"]]>"
ESCAPED = b"]]]]><![CDATA[>"
CHUNK = 1 << 16
_START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>[ \t\r\n]*$")
_CONTEXT = 4096  # bytes kept of what was sent, to find the start tag before a section


def _sections(stream: BinaryIO):
    """The repaired bytes, in pieces."""
    pending, sent, finished = b"", b"", False

    def more() -> bool:
        nonlocal pending, finished
        data = stream.read(CHUNK)
        finished = not data
        pending += data
        return bool(data)

    while True:
        start = pending.find(OPEN)
        if start < 0:
            if finished:
                yield pending
                return
            cut = max(0, len(pending) - len(OPEN) + 1)  # a marker may straddle two reads
            piece, pending = pending[:cut], pending[cut:]
            sent = (sent + piece)[-_CONTEXT:]
            yield piece
            more()
            continue
        before, pending = pending[:start], pending[start:]
        sent = (sent + before)[-_CONTEXT:]
        yield before
        tag = _START_TAG.search(sent)
        closing = b"]]></" + tag[1] + b">" if tag else END
        while pending.find(closing, len(OPEN)) < 0 and more():
            pass
        end = pending.find(closing, len(OPEN))
        if end < 0:  # no end at all: leave it to the parser to name the line
            yield pending
            pending = b""
            continue
        body = pending[len(OPEN) : end]
        if tag and ESCAPED not in body:
            body = body.replace(END, ESCAPED)
        piece = OPEN + body + END
        pending = pending[end + len(END) :]
        sent = (sent + piece)[-_CONTEXT:]
        yield piece


class _Reader(io.RawIOBase):
    """A file object over the repaired pieces (what lxml's parser reads from)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.pieces = _sections(stream)
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            piece = next(self.pieces, None)
            if piece is None:
                break
            self.buffer += piece
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def repaired(stream: BinaryIO) -> BinaryIO:
    """``stream`` with each ``]]>`` inside a CDATA section escaped (see the module)."""
    return _Reader(stream)
