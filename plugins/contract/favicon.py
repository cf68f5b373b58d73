"""``/favicon.ico``: browsers, feed readers and link previews ask for it at the site root,
whatever icon a page links; without it every such request is a 404 in the logs."""

import io
from pathlib import Path

import PIL
from PIL import Image

from newsroom.cache import input_key
from newsroom.files import link_into_place, write_atomically

SIZES = ((16, 16), (32, 32), (48, 48))


def write_favicon(picture: Path, target: Path, cache: Path | None = None) -> bool:
    """Write an ICO with the usual sizes made from ``picture`` (a square PNG); False
    when there is no picture to make it from. With ``cache`` (a folder), the ICO is made
    once per picture and linked: encoding it took a tenth of a second of every build."""
    if not picture.is_file():
        return False
    kept = None
    if cache is not None:
        data = picture.read_bytes()
        kept = cache / f"{input_key(data, repr(SIZES), PIL.__version__)[:32]}.ico"
        if kept.is_file():
            link_into_place(kept, target)
            return True
    buffer = io.BytesIO()
    with Image.open(picture) as image:
        image.convert("RGBA").save(buffer, format="ICO", sizes=SIZES)
    if kept is None:
        write_atomically(target, buffer.getvalue())
        return True
    for old in cache.glob("*.ico"):  # the icon of an earlier theme
        old.unlink(missing_ok=True)
    write_atomically(kept, buffer.getvalue())
    link_into_place(kept, target)
    return True
