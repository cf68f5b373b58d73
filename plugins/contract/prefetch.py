"""Reading articles on every core: Pelican reads one file after the other.

Converting Markdown is most of a cold build's reading time (3 ms per article) and each
file is independent of the others, so before Pelican reads the first article the files
its cache does not hold yet are read in a pool of forked processes. Their results go
into Pelican's own reader cache, where Pelican's loop then finds them: what Pelican does
with an article afterwards (signals, Content objects, the order of articles) is
unchanged. A file that fails in a worker is simply left out of the cache, so Pelican
reads it again itself and reports the problem as it always does.
"""

import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pelican.urlwrappers import URLWrapper

from contract.build_progress import phase
from contract.pelican_internals import (
    cache_is_read,
    discardable_metadata_dropped,
    forget_file_stamps,
    remember_file_stamps,
)
from newsroom.report import LogRecorder
from newsroom.settings import from_pelican
from newsroom.workers import process_context, usable_cores

logger = logging.getLogger(__name__)

MIN_FILES = 24  # below this, starting processes costs more than it saves
CHUNK = 8  # files per task: few round trips, yet both cores busy until the end

# The readers of the generator being prefetched, inherited by the forked workers.
_readers = None


def prefetch_articles(generator) -> None:
    """``article_generator_preread`` receiver: fill the reader cache once per build."""
    if getattr(generator, "_newsroom_prefetched", False):
        return
    generator._newsroom_prefetched = True
    readers = generator.readers
    # Without a reader cache (CACHE_CONTENT = False) there is nowhere to put results.
    if not (cache_is_read(readers) and from_pelican(generator.settings).parallel_reading):
        return
    # Asking the cache below hashes every file, and Pelican's loop asks again (until
    # forget_stamps, when all are read).
    remember_file_stamps(readers)
    # The very string Pelican's read_file makes its cache key of.
    paths = [
        os.path.abspath(os.path.join(generator.path, name))  # noqa: PTH100, PTH118
        for name in generator.get_files(
            generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
        )
    ]
    todo = [
        path
        for path in paths
        if Path(path).suffix.lstrip(".") in readers.readers
        and readers.get_cached_data(path, None) is None
    ]
    workers = _worker_count(len(todo))
    if workers < 2:
        return
    started = time.perf_counter()
    read = 0
    with phase("Reading articles", len(todo), "articles") as progress:
        for path, result, records in _read_in_pool(readers, todo, workers):
            for record in records:
                logging.getLogger(record.name).handle(record)
            if result is not None:
                _wrappers_use(result[1], readers.settings)
                readers.cache_data(path, result)
                read += 1
            progress.advance()
    logger.info(
        "Read %d of %d articles in %d processes in %.1f s",
        read,
        len(paths),
        workers,
        time.perf_counter() - started,
    )


def forget_stamps(generator) -> None:
    """``article_generator_pretaxonomy`` receiver: every article is read; the stamps kept
    for reading them (see prefetch_articles) must not outlive it."""
    forget_file_stamps(generator.readers)


def _worker_count(files: int) -> int:
    # The workers get Pelican's readers by fork (see above); where forking is not safe
    # (newsroom.workers.process_context), Pelican reads the files itself, one by one.
    if files < MIN_FILES or process_context().get_start_method() != "fork":
        return 0
    return min(usable_cores(), files // CHUNK)


def _read_in_pool(readers, paths: list[str], workers: int) -> Iterator[tuple[str, Any, list]]:
    global _readers  # handed to the forked workers, see above
    _readers = readers
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for path, (result, records) in zip(
                paths, pool.map(_read, paths, chunksize=CHUNK), strict=True
            ):
                yield path, result, records
    finally:
        _readers = None


def _read(path: str) -> tuple[Any, list[logging.LogRecord]]:
    """In a worker: what the reader makes of ``path``, as Pelican would cache it."""
    root = logging.getLogger()
    collect = LogRecorder(picklable=True)
    handlers, root.handlers = root.handlers, [collect]
    try:
        reader = _readers.readers[Path(path).suffix.lstrip(".")]
        content, metadata = reader.read(path)
        metadata = discardable_metadata_dropped(metadata)
        _wrappers_use(metadata, None)
        return (content, metadata), collect.records
    except Exception:  # noqa: BLE001 (Pelican reads the file again and reports it)
        return None, collect.records
    finally:
        root.handlers = handlers


def _wrappers_use(metadata: dict[str, Any], settings: dict | None) -> None:
    """Point the category, author and tag objects at ``settings``.

    Each of them holds the whole settings dict. Sent from a worker as they are, every
    article would carry its own copy of the settings (5 KB each way, unpickled in the
    build process, then kept and cached a thousand times); they travel without, and
    get the build's own settings back, as if Pelican had read the file itself.
    """
    for value in metadata.values():
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, URLWrapper):
                item.settings = settings
