"""Rendering all cards of a build: the cached ones placed, a process pool for the rest.

Cards whose key is in the cache (``cache.py`` says what a key hashes) are only placed
into the output; the others are drawn in parallel, one worker per core.
"""

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

from contract.build_progress import phase
from newsroom.files import write_atomically
from newsroom.workers import process_context, worker_count
from social_cards.cache import CardCache
from social_cards.layout import Branding, Layout
from social_cards.render import EXTENSIONS, MIME_TYPES, CardInput, CardPainter, PictureError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str  # file name without extension, unique in the build
    card: CardInput


@dataclass(frozen=True)
class Style:
    """Everything a card looks like besides its text; part of every key."""

    layout: Layout
    branding: Branding
    fonts: tuple[str, ...]
    name_fonts: tuple[str, ...]
    image_format: str = "jpeg"
    quality: int = 88

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.image_format]

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.image_format]


@dataclass(frozen=True)
class Result:
    name: str
    path: Path  # the card in the output folder
    length: int
    title_size: int
    truncated: bool


@dataclass(frozen=True)
class Failure:
    name: str  # the job
    picture: str  # the picture that could not be drawn
    reason: str


@dataclass(frozen=True)
class Stats:
    rendered: int
    cached: int
    failed: int
    seconds: float  # wall time spent drawing
    workers: int


@dataclass(frozen=True)
class Outcome:
    results: list[Result]
    failures: list[Failure]
    stats: Stats


@dataclass(frozen=True)
class _Painted:
    title_size: int = 0
    truncated: bool = False
    failed_picture: str = ""
    reason: str = ""
    finished: float = 0.0  # time.monotonic() when drawn: the same clock in every process


def render_all(
    jobs: Sequence[Job], style: Style, cache_dir: Path, output_dir: Path, workers: int = 0
) -> Outcome:
    """Make sure every job's card exists in ``output_dir``; draw only what is new."""
    drawing = Drawing(style, cache_dir, workers)
    drawing.add(jobs, check=False)  # a broken picture fails its own card only
    return drawing.finish(output_dir)


class Drawing:
    """The cards of one build: which are new, their pictures checked, drawn, placed.

    A build adds its cards in batches as their content becomes known (the articles'
    first, so drawing starts while the other plugins still work). The workers open each
    batch's new pictures first, then draw; the build goes on meanwhile and asks
    ``broken_pictures`` before it writes any page (a broken picture stops it there).
    The drawing processes run at the build's own priority (the build waits for them:
    at a lower one they starve on a busy machine) and write each card into the cache
    themselves. ``finish`` waits for the last card and puts every card into the output.
    """

    def __init__(self, style: Style, cache_dir: Path, workers: int = 0) -> None:
        self.jobs: list[Job] = []
        self.todo: list[Job] = []  # the new cards, in the order they are drawn
        self.keys: dict[str, str] = {}
        self.style = style
        self.cache = CardCache(
            cache_dir, repr(style), [style.branding.logo, *style.fonts, *style.name_fonts]
        )
        self._wanted_workers = workers
        self.workers = 0
        self._build = uuid.uuid4().hex  # see _painter
        self._pool: ProcessPoolExecutor | None = None
        self._painted: list[Iterator[_Painted]] = []
        self._checks: list[tuple[list[Job], Iterator[tuple[str, str]]]] = []
        self._started = 0.0

    def add(self, jobs: Sequence[Job], check: bool = True) -> None:
        """Add ``jobs`` and start drawing the new ones; returns at once.

        With ``check``, the pictures of the new cards are opened first, ahead of any
        drawing; ``broken_pictures`` waits for that and says what failed.
        """
        keys = {
            job.name: self.cache.key(
                repr(job.card), [job.card.picture, *(p.photo for p in job.card.people)]
            )
            for job in jobs
        }
        todo = [job for job in jobs if not self.cache.has(keys[job.name], self.style.extension)]
        if todo and not self._started:
            self._started = time.monotonic()
            self.workers = _worker_count(self._wanted_workers, len(todo))
        self.jobs += jobs
        self.keys.update(keys)
        self.todo += todo
        if check:
            self._checks.append((todo, self._check_pictures(todo)))
        self._start(todo)

    def broken_pictures(self) -> list[Failure]:
        """Waits for the picture checks; one Failure per new card showing a broken one.
        (Those cards fail to draw too: the build is expected to stop.)"""
        failures = []
        for todo, results in self._checks:
            broken = {path: reason for path, reason in results if reason}
            failures += [
                Failure(job.name, path, broken[path])
                for job in todo
                for path in (job.card.picture, *(p.photo for p in job.card.people))
                if path in broken
            ]
        return failures

    def _check_pictures(self, todo: list[Job]) -> Iterator[tuple[str, str]]:
        wanted: dict[tuple[str, str], None] = {}
        for job in todo:
            if job.card.picture:
                wanted[("picture", job.card.picture)] = None
            for person in job.card.people:
                if person.photo:
                    wanted[("photo", person.photo)] = None
        if not wanted:
            return iter(())
        pool = self._ensure_pool(len(todo))
        kinds, paths = zip(*wanted, strict=True)
        args = (repeat(self.style), repeat(self._build), kinds, paths)
        # Submitted before the drawing, so the workers answer these first.
        return pool.map(_check, *args) if pool else iter(list(map(_check, *args)))

    def _start(self, todo: list[Job]) -> None:
        if not todo:
            return
        pool = self._ensure_pool(len(todo))
        args = (
            repeat(self.style),
            repeat(self._build),
            [job.card for job in todo],
            [str(self.cache.card_path(self.keys[job.name], self.style.extension)) for job in todo],
        )
        if pool is None:
            self._painted.append(map(_paint, *args))
        else:
            chunk = max(1, min(16, len(todo) // (self.workers * 4)))
            self._painted.append(pool.map(_paint, *args, chunksize=chunk))

    def finish(self, output_dir: Path) -> Outcome:
        """Wait for the new cards, then place every card into ``output_dir``."""
        output_dir.mkdir(parents=True, exist_ok=True)
        ext = self.style.extension
        failures = []
        last_drawn = self._started
        try:
            for job, painted in zip(self.todo, self._progress(), strict=True):
                if painted.failed_picture:
                    failures.append(Failure(job.name, painted.failed_picture, painted.reason))
                    continue
                self.cache.fitted[self.keys[job.name]] = [painted.title_size, painted.truncated]
                last_drawn = max(last_drawn, painted.finished)
        finally:
            self.close()
        failed = {failure.name for failure in failures}
        results = []
        for job in self.jobs:
            if job.name in failed:
                continue
            key = self.keys[job.name]
            target = output_dir / f"{job.name}.{ext}"
            _place(self.cache.card_path(key, ext), target)
            size, truncated = self.cache.fitted[key]
            results.append(Result(job.name, target, target.stat().st_size, size, truncated))
        used = {self.keys[job.name] for job in self.jobs if job.name not in failed}
        self.cache.save(used, ext)
        stats = Stats(
            rendered=len(self.todo) - len(failures),
            cached=len(self.jobs) - len(self.todo),
            failed=len(failures),
            seconds=round(last_drawn - self._started, 3) if self.todo else 0.0,
            workers=self.workers,
        )
        write_atomically(
            self.cache.folder / "stats.json",
            json.dumps({**asdict(stats), "format": self.style.image_format}).encode("utf-8"),
        )
        return Outcome(results, failures, stats)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _ensure_pool(self, todo: int) -> ProcessPoolExecutor | None:
        if self._pool is None and self.workers > 1 and todo >= 8:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=process_context())
        return self._pool

    def _progress(self) -> Iterator[_Painted]:
        """The painted cards in order; a large build shows how far the drawing is."""
        with phase("Drawing social cards", len(self.todo), "cards") as progress:
            for result in chain.from_iterable(self._painted):
                progress.advance()
                yield result


def _worker_count(wanted: int, todo: int) -> int:
    if not todo:
        return 0
    return max(1, min(worker_count(wanted), todo))


@lru_cache(maxsize=1)
def _painter(style: Style, build: str) -> CardPainter:
    """The painter of this process for this build (fonts and shared layers)."""
    return CardPainter(style.layout, style.branding, style.fonts, style.name_fonts)


def _paint(style: Style, build: str, card: CardInput, target: str) -> _Painted:
    """Draws ``card`` into the cache file ``target``. The worker writes it itself, so the
    card's bytes never travel back through a pipe to the busy build process."""
    try:
        rendered = _painter(style, build).render(card, style.image_format, style.quality)
    except PictureError as error:
        return _Painted(failed_picture=error.path, reason=error.reason)
    write_atomically(Path(target), rendered.data)
    return _Painted(rendered.title.size, rendered.title.truncated, finished=time.monotonic())


def _check(style: Style, build: str, kind: str, path: str) -> tuple[str, str]:
    """(path, why it cannot be drawn), the reason empty when it can. The picture stays
    in this worker's painter, so the card that shows it does not decode it again."""
    try:
        _painter(style, build).warm(kind, path)
    except PictureError as error:
        return path, error.reason
    return path, ""


def _place(source: Path, target: Path) -> None:
    """Put a cached card into the output: a hard link where possible, else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
