"""``/favicon.ico``: browsers, feed readers and link previews ask for it at the site root,
whatever icon a page links; without it every such request is a 404 in the logs."""

import io
from pathlib import Path

from PIL import Image

from newsroom.files import write_atomically

SIZES = ((16, 16), (32, 32), (48, 48))


def write_favicon(picture: Path, target: Path) -> bool:
    """Write an ICO with the usual sizes made from ``picture`` (a square PNG); False
    when there is no picture to make it from."""
    if not picture.is_file():
        return False
    buffer = io.BytesIO()
    with Image.open(picture) as image:
        image.convert("RGBA").save(buffer, format="ICO", sizes=SIZES)
    write_atomically(target, buffer.getvalue())
    return True
