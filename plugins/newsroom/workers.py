"""How many worker processes the build's pools may start."""

import multiprocessing
import os
import sys
import threading


def usable_cores() -> int:
    """The cores this process may run on: a container's or CI runner's CPU set, which
    can be smaller than the machine's ``os.cpu_count()``."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(wanted: int = 0) -> int:
    """``wanted`` workers when a setting asks for a number, else one per usable core."""
    return wanted if wanted > 0 else usable_cores()


def process_context(
    threads: int | None = None, version: tuple[int, ...] = sys.version_info
) -> multiprocessing.context.BaseContext:
    """The start method for the build's process pools: "fork" where it is safe, since
    forked workers start in milliseconds with every module imported.

    A forked child inherits every lock, also those held by threads that do not exist in
    it, so forking while other threads run (the live reload watcher and web server) can
    hang a worker; Python 3.12 and later warn about it. There, with other threads
    running, the pools start by "forkserver" instead: a clean process forked before any
    thread, which also gets its work pickled. ``threads`` and ``version`` are the
    running ones unless a test gives them.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods:  # macOS and Windows: their default, spawn
        return multiprocessing.get_context()
    running = threading.active_count() if threads is None else threads
    if tuple(version) >= (3, 12) and running > 1 and "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("fork")
