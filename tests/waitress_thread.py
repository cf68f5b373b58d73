"""The comment intake behind a real waitress server in a thread of the test process."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress import wasyncore
from waitress.server import create_server


@contextmanager
def served_by_waitress(app, port: int, threads: int = 4) -> Iterator[None]:
    """Serve ``app`` on 127.0.0.1:``port`` while the block runs.

    waitress has no stop method for a server run in a thread: closing its sockets from
    another thread while its loop waits in select() makes the loop fail with EBADF.
    So the sockets are closed by the loop itself (a thunk through the server's
    trigger); the loop ends when its map is empty, and then the workers stop.
    """
    sockets: dict = {}  # waitress's socket map, ours so that the loop can empty it
    server = create_server(app, map=sockets, host="127.0.0.1", port=port, threads=threads)
    loop = threading.Thread(target=server.run, name=f"waitress:{port}", daemon=True)
    loop.start()
    try:
        yield
    finally:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))
        loop.join(timeout=30)
        server.task_dispatcher.shutdown()
        assert not loop.is_alive(), f"waitress on port {port} did not stop"
