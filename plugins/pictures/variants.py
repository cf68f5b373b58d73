"""Responsive variants of the site's pictures: sizes, names, cache, encoding.

A raster picture ``images/articles/hafen.jpg`` (1600 px wide) gets WebP variants
``images/articles/hafen-360.<hash>.webp``, ``…-720.…`` and ``…-1080.…`` beside it. The hash
covers the picture's bytes, the format, the quality and this module's version, so a
variant's name changes whenever its content could (the web server may cache it for a
year). Variants are encoded once into CACHE_PATH/pictures/ and linked into the output;
encoding runs in processes beside the build (at its priority: the build waits for them
at its end, and at a lower one they starve on a busy machine) while it writes its pages.
"""

import hashlib
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from newsroom.files import atomic_path, link_into_place
from newsroom.workers import process_context, worker_count

VERSION = "2"  # bump when encoding changes what a variant looks like
RASTER = {".jpg", ".jpeg", ".png", ".webp"}
MIME_TYPES = {"webp": "image/webp", "avif": "image/avif"}
_SVG_LENGTH = re.compile(r"\s*([0-9.]+)\s*(px)?\s*$")


class PictureError(ValueError):
    """A picture the pages show cannot be read; names the file."""


@dataclass(frozen=True)
class Variant:
    path: str  # site-relative, e.g. images/articles/hafen-360.3f2a9c1b7d.webp
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What a page needs to show a picture: its size and the variants' srcset."""

    path: str  # site-relative path of the original
    width: int
    height: int
    variants: tuple[Variant, ...] = ()
    mime_type: str = ""

    def srcset(self, siteurl: str) -> str:
        return ", ".join(f"{siteurl}/{v.path} {v.width}w" for v in self.variants)

    @property
    def smallest(self) -> str:
        return self.variants[0].path if self.variants else self.path


def measure(source: Path) -> tuple[int, int]:
    """Width and height in CSS pixels of a raster picture or an SVG file."""
    if source.suffix.lower() == ".svg":
        return _svg_size(source)
    try:
        with Image.open(source) as image:
            return image.size
    except (OSError, UnidentifiedImageError) as error:
        raise PictureError(f"{source}: not a picture Pillow can read ({error})") from None


def _svg_size(source: Path) -> tuple[int, int]:
    """From width/height, else the viewBox; only the start of the file is read."""
    from xml.etree import ElementTree

    try:
        with source.open("rb") as data:
            root = next(ElementTree.iterparse(data, events=("start",)))[1]
    except (OSError, ElementTree.ParseError, StopIteration) as error:
        raise PictureError(f"{source}: not a readable SVG file ({error})") from None
    width, height = (_SVG_LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    raise PictureError(f"{source}: the SVG has no width/height and no viewBox")


def plan(
    path: str, source: Path, widths: tuple[int, ...], image_format: str, quality: tuple[int, int]
) -> tuple[Picture, str]:
    """The picture with its variants (not yet encoded) and the key of its cache files."""
    width, height = measure(source)
    if source.suffix.lower() not in RASTER:
        return Picture(path, width, height), ""
    key = _key(source.read_bytes(), image_format, quality)
    chosen = sorted({w for w in widths if w < width}) or [width]
    stem = PurePosixPath(path)
    variants = tuple(
        Variant(
            str(stem.with_name(f"{stem.stem}-{w}.{key}.{image_format}")),
            w,
            max(1, round(height * w / width)),
        )
        for w in chosen
    )
    return Picture(path, width, height, variants, MIME_TYPES[image_format]), key


def _key(data: bytes, image_format: str, quality: tuple[int, int]) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"|{image_format}|{quality}|{VERSION}".encode())
    return digest.hexdigest()[:10]


THUMBNAIL = 240  # variants up to this width are encoded at the thumbnail quality


def encode(
    source: str, targets: list[tuple[str, int, int]], image_format: str, quality: tuple[int, int]
):
    """Write each (cache file, width, height) of ``source``; runs in a worker process.

    JPEG pictures are decoded at the smallest scale that still covers the widest
    variant (Pillow's draft mode), which makes the decoding several times faster."""
    widest = max(target[1] for target in targets)
    with Image.open(source) as image:
        if image.format == "JPEG":
            image.draft("RGB", (widest, widest * image.height // image.width))
        picture = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    for target, width, height in targets:
        # reducing_gap 2: a picture reduced 4 times or more is first shrunk by whole
        # pixels, then resampled; 360 and 200 px take less than half the time, and
        # differ from plain Lanczos by less than 0.3 of 255 levels on average.
        resized = (
            picture
            if picture.width == width
            else picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
        )
        # method 2: a tenth larger than the default 4 at well under half its time.
        level = quality[1] if width <= THUMBNAIL else quality[0]
        with atomic_path(Path(target)) as temporary:
            resized.save(temporary, image_format.upper(), quality=level, method=2)


class Store:
    """The variants of one build: looked up by the templates, encoded beside the build."""

    def __init__(self, content: Path, cache: Path, widths, image_format, quality, workers):
        self.content = content
        self.cache = cache
        self.widths, self.format, self.quality = tuple(widths), image_format, quality
        self.workers = workers
        self.pictures: dict[str, Picture | PictureError | None] = {}
        # The pictures a page of this build shows; a picture only looked at (the site
        # record asking whether a page of the last build is still right) is not placed.
        self.shown: set[str] = set()
        self.jobs: list[Future] = []
        self.encoded = 0
        self._pool: ProcessPoolExecutor | None = None

    def get(self, path: str, shown: bool = True) -> Picture | None:
        """The picture at site-relative ``path``, None for a file that is not in the
        content (e.g. an avatar the build draws); raises PictureError for a broken one.
        ``shown``: a page shows it, so its variants are placed in the site."""
        path = path.lstrip("/")
        if shown:
            self.shown.add(path)
        if path in self.pictures:
            known = self.pictures[path]
        elif not (self.content / path).is_file():
            known = self.pictures[path] = None
        else:
            try:
                known, key = plan(path, self.content / path, self.widths, self.format, self.quality)
                self._encode_missing(known, key)
            except PictureError as error:
                known = error
            self.pictures[path] = known
        if isinstance(known, PictureError):
            raise known
        return known

    def _encode_missing(self, picture: Picture, key: str) -> None:
        todo = [
            (str(self._cached(v)), v.width, v.height)
            for v in picture.variants
            if not self._cached(v).exists()
        ]
        if not todo:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        source = str(self.content / picture.path)
        self.jobs.append(
            self._ensure_pool().submit(encode, source, todo, self.format, self.quality)
        )
        self.encoded += len(todo)

    def _cached(self, variant: Variant) -> Path:
        return self.cache / PurePosixPath(variant.path).name

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                worker_count(self.workers), mp_context=process_context()
            )
        return self._pool

    def finish(self, output: Path) -> int:
        """Wait for the encoding, then link every variant into ``output``; the count."""
        try:
            for job in self.jobs:
                job.result()
        finally:
            self.close()
        used = set()
        for path in self.shown:
            picture = self.pictures.get(path)
            if not isinstance(picture, Picture):
                continue
            for variant in picture.variants:
                link_into_place(self._cached(variant), output / variant.path)
                used.add(self._cached(variant).name)
        prune(self.cache, used)
        return len(used)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def prune(cache: Path, used: set[str]) -> None:
    """Remove cached variants no page of this build shows (a replaced picture's)."""
    if cache.is_dir():
        for path in cache.iterdir():
            if path.name not in used:
                path.unlink(missing_ok=True)
