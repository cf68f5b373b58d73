"""Precompressed siblings for servers that serve them (docs/reader.md, "Reader: loading,
weight, caching").

For every HTML, CSS, JS, XML, JSON, SVG and TXT file of the site, ``X.gz`` and ``X.br``
with the same content. Pages are compressed at levels that cost the build little
(gzip 5, Brotli 4: measured in docs/reader.md); files with a hashed name, which a browser
keeps for a year, at the highest levels. Each compressed file is kept in the cache by
the hash of its input, so an unchanged page is not compressed again; what the site no
longer holds leaves the cache at the end of the build (it would grow with every edit).
A file that is the very file compressed last time (a feed, linked from the feeds' own
cache) is not even read: its inode, size and mtime name its key.
"""

import gzip
import hashlib
import json
import os
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from assets.hashing import HASHED_NAME
from newsroom.files import link_into_place, write_atomically
from newsroom.workers import process_context, worker_count

SUFFIXES = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")
STAMPS = "stamps.json"  # (inode, size, mtime) of each file compressed last -> its key
MIN_SIZE = 256  # smaller files gain nothing: their headers outweigh the saving
BEST = (9, 11)  # gzip level, Brotli quality for files cached a year


def compressible(
    output: Path, skip: tuple[str, ...] = (), done: Collection[str] = ()
) -> list[Path]:
    """The files to compress, without those below the top-level folders in ``skip`` and
    those (relative to ``output``) in ``done``, which have their siblings already."""
    found = []
    folders = [("", str(output))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prefix or entry.name not in skip:
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif (
                    entry.name.endswith(SUFFIXES)
                    and f"{prefix}{entry.name}" not in done
                    and entry.stat().st_size >= MIN_SIZE
                ):
                    found.append(Path(entry.path))
    return sorted(found)


def compress_file(path: Path, levels: tuple[int, int], cache: Path | None) -> tuple[str, bool]:
    """Write ``path``.gz and ``path``.br: (their cache key, True when they came from
    ``cache``)."""
    data = path.read_bytes()
    gzip_level, brotli_quality = BEST if HASHED_NAME.search(path.name) else levels
    key = hashlib.sha256(data).hexdigest()[:32] + _suffix(path, levels)
    cached = [cache / f"{key}.gz", cache / f"{key}.br"] if cache else []
    if cached and all(c.exists() for c in cached):
        for source, suffix in zip(cached, (".gz", ".br"), strict=True):
            link_into_place(source, path.with_name(path.name + suffix))
        return key, True
    bodies = (
        gzip.compress(data, gzip_level, mtime=0),
        brotli.compress(data, quality=brotli_quality),
    )
    for body, suffix, kept in zip(bodies, (".gz", ".br"), cached or (None, None), strict=True):
        target = path.with_name(path.name + suffix)
        write_atomically(target, body)
        if kept is not None:
            link_into_place(target, kept)
    return key, False


def compress_all(
    paths: list[Path], levels: tuple[int, int], cache: Path | None, workers: int
) -> tuple[int, int, int]:
    """Compress ``paths`` on ``workers`` processes, then drop from ``cache`` what none
    of them used: (compressed, cached, pruned)."""
    known: list[tuple[str, bool]] = []
    stamps: dict[str, str] = {}
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        paths, known, stamps = _linked_by_stamp(paths, levels, cache)
    workers = max(1, min(worker_count(workers), len(paths) // 50 or 1))
    if workers == 1:
        results = [compress_file(p, levels, cache) for p in paths]
        done = paths
    else:
        context = process_context()
        chunks = [paths[i::workers] for i in range(workers)]
        done = [path for chunk in chunks for path in chunk]  # the order of the results
        # Same priority as the build: it waits for these right away (niced workers
        # starve on a busy machine while the build does nothing).
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = [
                r
                for part in pool.map(_compress_chunk, chunks, [levels] * workers, [cache] * workers)
                for r in part
            ]
    if cache:
        for path, (key, _from_cache) in zip(done, results, strict=True):
            stamps[_stamp(path)] = key
        write_atomically(cache / STAMPS, json.dumps(stamps).encode("utf-8"), mode=0o600)
    results += known
    cached = sum(from_cache for _key, from_cache in results)
    pruned = prune(cache, {key for key, _from_cache in results}) if cache else 0
    return len(results) - cached, cached, pruned


def _linked_by_stamp(
    paths: list[Path], levels: tuple[int, int], cache: Path
) -> tuple[list[Path], list[tuple[str, bool]], dict[str, str]]:
    """Link the compressed files of the paths that are the very files compressed by an
    earlier build (same inode, size and mtime: a feed or card linked from its own cache)
    without reading them; the other paths, what was linked, and the stamps now known."""
    try:
        earlier = json.loads((cache / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = {}
    rest, linked, stamps = [], [], {}
    for path in paths:
        stamp = _stamp(path)
        key = earlier.get(stamp) if isinstance(earlier, dict) else None
        kept = [cache / f"{key}.gz", cache / f"{key}.br"] if key else []
        if not kept or not key.endswith(_suffix(path, levels)) or not all(map(Path.exists, kept)):
            rest.append(path)
            continue
        for source, suffix in zip(kept, (".gz", ".br"), strict=True):
            link_into_place(source, path.with_name(path.name + suffix))
        stamps[stamp] = key
        linked.append((key, True))
    return rest, linked, stamps


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


def _suffix(path: Path, levels: tuple[int, int]) -> str:
    gzip_level, brotli_quality = BEST if HASHED_NAME.search(path.name) else levels
    return f"-{gzip_level}-{brotli_quality}"


def prune(cache: Path, used: set[str]) -> int:
    """Delete the cache's compressed files whose key is not in ``used``; their number."""
    pruned = 0
    for entry in cache.iterdir():
        if entry.suffix in (".gz", ".br") and entry.stem not in used:
            entry.unlink(missing_ok=True)
            pruned += 1
    return pruned


def _compress_chunk(
    paths: list[Path], levels: tuple[int, int], cache: Path | None
) -> list[tuple[str, bool]]:
    return [compress_file(p, levels, cache) for p in paths]
