"""How many worker processes the build's pools may start."""

import os


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
