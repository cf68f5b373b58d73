"""Rendering all cards of a build: cache keyed by every input, a process pool for the rest.

A card's key hashes its text inputs, the bytes of every picture it shows, the layout,
the branding, the fonts and this module's version. Cards whose key is in the cache
(CACHE_PATH/social_cards/, outside output/) are only copied; the others are drawn in
parallel, one worker per core. A manifest remembers, per card, the key and how the
title was set, so a warm build warns about a shrunk title without drawing it again.
"""

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, CardPainter

logger = logging.getLogger(__name__)

VERSION = "1"  # bump when the drawing code changes what a card looks like
WIDTH, HEIGHT = 1200, 630
MIME_TYPE = "image/jpeg"


@dataclass(frozen=True)
class Job:
    name: str  # file name without extension, unique in the build
    card: CardInput


@dataclass(frozen=True)
class Result:
    name: str
    path: Path  # the card in the output folder
    length: int
    title_size: int
    truncated: bool


@dataclass(frozen=True)
class Stats:
    rendered: int
    cached: int
    seconds: float  # wall time spent drawing
    workers: int


@dataclass(frozen=True)
class Style:
    """Everything a card looks like besides its text; part of every key."""

    layout: Layout
    branding: Branding
    fonts: tuple[str, ...]
    name_fonts: tuple[str, ...]


def render_all(
    jobs: Sequence[Job], style: Style, cache_dir: Path, output_dir: Path, workers: int
) -> tuple[list[Result], Stats]:
    """Make sure every job's card exists in ``output_dir``; draw only what is new."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    output_dir.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(cache_dir)
    digests: dict[str, str] = {}
    style_key = _style_key(style, digests)
    keys = {job.name: _key(job.card, style_key, digests) for job in jobs}
    todo = [
        job
        for job in jobs
        if not (cache_dir / f"{keys[job.name]}.jpg").is_file()
        or keys[job.name] not in manifest.get("fitted", {})
    ]
    started = time.perf_counter()
    fitted = dict(manifest.get("fitted", {}))
    used_workers = 0
    if todo:
        used_workers = min(workers or os.cpu_count() or 1, len(todo))
        for job, (data, size, truncated) in zip(
            todo, _draw(todo, style, used_workers), strict=True
        ):
            key = keys[job.name]
            _write_atomically(cache_dir / f"{key}.jpg", data)
            fitted[key] = [size, truncated]
    seconds = time.perf_counter() - started

    results = []
    for job in jobs:
        key = keys[job.name]
        target = output_dir / f"{job.name}.jpg"
        _place(cache_dir / f"{key}.jpg", target)
        size, truncated = fitted[key]
        results.append(Result(job.name, target, target.stat().st_size, size, truncated))
    used = {keys[job.name] for job in jobs}
    _write_manifest(
        cache_dir, {"version": VERSION, "fitted": {k: v for k, v in fitted.items() if k in used}}
    )
    _prune(cache_dir, used)
    stats = Stats(len(todo), len(jobs) - len(todo), round(seconds, 3), used_workers)
    (cache_dir / "stats.json").write_text(json.dumps(asdict(stats)), encoding="utf-8")
    return results, stats


def _draw(jobs: Sequence[Job], style: Style, workers: int) -> list[tuple[bytes, int, bool]]:
    if workers <= 1 or len(jobs) < 8:
        painter = CardPainter(style.layout, style.branding, style.fonts, style.name_fonts)
        return [_paint(painter, job.card) for job in jobs]
    # "fork" starts workers in milliseconds and they inherit the imported modules;
    # the painter (fonts, logo, background) is made once per worker.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(style,)
    ) as pool:
        return list(
            pool.map(
                _paint_in_worker,
                [job.card for job in jobs],
                chunksize=max(1, len(jobs) // (workers * 4)),
            )
        )


_WORKER_PAINTER: list[CardPainter] = []  # the painter of this worker process (set once)


def _start_worker(style: Style) -> None:
    _WORKER_PAINTER.append(CardPainter(style.layout, style.branding, style.fonts, style.name_fonts))


def _paint_in_worker(card: CardInput) -> tuple[bytes, int, bool]:
    return _paint(_WORKER_PAINTER[0], card)


def _paint(painter: CardPainter, card: CardInput) -> tuple[bytes, int, bool]:
    rendered = painter.render(card)
    return rendered.data, rendered.title.size, rendered.title.truncated


def _style_key(style: Style, digests: dict[str, str]) -> str:
    files = [style.branding.logo, *style.fonts, *style.name_fonts]
    return _hash(
        VERSION,
        repr(style.layout),
        repr(style.branding),
        *(_file_digest(path, digests) for path in files),
    )


def _key(card: CardInput, style_key: str, digests: dict[str, str]) -> str:
    pictures = [card.picture, *(person.photo for person in card.people)]
    return _hash(style_key, repr(card), *(_file_digest(path, digests) for path in pictures if path))


def _file_digest(path: str, digests: dict[str, str]) -> str:
    if path not in digests:
        digests[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return digests[path]


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _place(source: Path, target: Path) -> None:
    """Put a cached card into the output: a hard link where possible, else a copy."""
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _read_manifest(cache_dir: Path) -> dict:
    try:
        manifest = json.loads((cache_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        logger.debug("Social cards: no usable manifest (%s); cards are checked anew", error)
        return {}
    return manifest if manifest.get("version") == VERSION else {}


def _write_manifest(cache_dir: Path, manifest: dict) -> None:
    _write_atomically(
        cache_dir / "manifest.json", json.dumps(manifest, sort_keys=True).encode("utf-8")
    )


def _prune(cache_dir: Path, used: set[str]) -> None:
    for path in cache_dir.glob("*.jpg"):
        if path.stem not in used:
            path.unlink(missing_ok=True)
