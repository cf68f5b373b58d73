"""Reading content files and writing output files, the same way in every plugin.

``read_content`` turns a file that is not UTF-8 into a content error naming the file
and the line, like a header error, instead of a ``UnicodeDecodeError`` that names
neither. ``write_atomically`` writes through a temporary file with a unique name in
the target's folder and a rename: a reader never sees half a file, and two writers
at once (two builds, a build and an export) never share a temporary file.
"""

import os
import tempfile
from pathlib import Path

from newsroom.headers import ContentError, Problem

UTF8_EXPECTED = (
    'expected UTF-8 text; save the file as UTF-8 (in most editors: "Save with encoding" → UTF-8)'
)


def decode_content(data: bytes, shown: str) -> str:
    """``data`` as text; ContentError naming ``shown`` and the line when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise ContentError(
            Problem(
                shown,
                "",
                f"has the byte 0x{byte:02x}, which is not UTF-8; {UTF8_EXPECTED}",
                line=line,
            )
        ) from None


def read_content(path: str | Path, shown: str) -> str:
    """The text of the content file ``path``, named ``shown`` in messages."""
    return decode_content(Path(path).read_bytes(), shown)


def write_atomically(target: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``target`` (readable by a web server: 0644, as Pelican writes
    pages) through a uniquely named temporary file in the same folder and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.chmod(mode)
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)
