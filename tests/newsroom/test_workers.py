import pytest

from newsroom.workers import process_context, usable_cores, worker_count


def test_a_setting_names_the_workers_else_one_per_usable_core():
    assert worker_count(3) == 3
    assert worker_count(0) == usable_cores() >= 1


@pytest.mark.parametrize(
    ("version", "threads", "method"),
    [
        ((3, 11, 7), 4, "fork"),  # as before on 3.11
        ((3, 12, 1), 1, "fork"),  # one thread: forking is safe and fast
        ((3, 12, 1), 3, "forkserver"),  # the live reload watcher runs: no fork
        ((3, 13, 0), 2, "forkserver"),
    ],
)
def test_pools_fork_only_where_it_is_safe(version, threads, method):
    assert process_context(threads, version).get_start_method() == method
