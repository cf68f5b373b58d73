"""Reading content files and writing output files, the same way in every plugin.

``read_content`` turns a file that is not UTF-8 into a content error naming the file
and the line, like a header error, instead of a ``UnicodeDecodeError`` that names
neither. ``write_atomically`` writes through a temporary file with a unique name in
the target's folder and a rename: a reader never sees half a file, and two writers
at once (two builds, a build and an export) never share a temporary file.
``atomic_path`` does the same for a writer that wants a path (Pillow, a hard link).
``link_into_place`` puts a cached file into the site as a hard link (a copy across file
systems), just as atomically.
"""

import csv
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
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


def read_csv_rows(path: Path, shown: str) -> list[list[str]]:
    """The rows of an editors' CSV file (menu.csv, terms.csv): UTF-8, a BOM allowed (a
    spreadsheet writes one); ContentError naming ``shown`` and the line when not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "is not UTF-8; expected a file saved as UTF-8"
        raise ContentError(Problem(shown, "", message, line=line)) from None
    return list(csv.reader(text.splitlines()))


def read_content(path: str | Path, shown: str) -> str:
    """The text of the content file ``path``, named ``shown`` in messages."""
    return decode_content(Path(path).read_bytes(), shown)


@contextmanager
def atomic_path(target: Path, mode: int = 0o644) -> Iterator[Path]:
    """A path that does not exist yet, in ``target``'s folder, for the block to write;
    renamed to ``target`` (with ``mode``) when the block ends without an exception,
    removed when it raises. The name is unique, so writers at once never share it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        yield temporary
        temporary.chmod(mode)
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes, mode: int = 0o644, durable: bool = False) -> None:
    """Write ``data`` to ``target`` (readable by a web server: 0644, as Pelican writes
    pages) through a uniquely named temporary file in the same folder and a rename;
    ``durable`` waits until the data is on the disk (files kept in git)."""
    with atomic_path(target, mode) as temporary, temporary.open("xb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())


def files_below(folder: Path, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, os.DirEntry]]:
    """(path relative to ``folder``, its folder entry) of every file, folders sorted;
    the top-level folders named in ``skip`` are left out."""
    stack = [("", str(folder))]
    while stack:
        prefix, current = stack.pop()
        with os.scandir(current) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in reversed(entries):
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if not (prefix == "" and entry.name in skip):
                    stack.append((f"{relative}/", entry.path))
            else:
                yield relative, entry


def link_into_place(source: Path, target: Path) -> None:
    """``target`` with ``source``'s content: a hard link where both are on one file system,
    else a copy. Replacing an existing ``target`` goes through ``atomic_path``."""
    # Into a fresh build folder the target does not exist yet: one link() call, where the
    # temporary name and the rename would cost four more for each of thousands of files.
    try:
        os.link(source, target)
        return
    except OSError:  # there already, its folder missing, another file system
        pass
    with atomic_path(target) as temporary:
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copyfile(source, temporary)
