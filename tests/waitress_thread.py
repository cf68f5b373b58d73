"""The comment intake behind a real waitress server in a thread of the test process."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress import wasyncore
from waitress.server import create_server


@contextmanager
def served_by_waitress(app, port: int, threads: int = 4) -> Iterator[None]:
    """Serve ``app`` on 127.0.0.1:``port`` while the block runs.

    waitress has no stop method for a server run in a thread, and closing any of its
    sockets while another thread may still use it is a race. Closed under the loop's
    select(), a socket makes the loop fail with EBADF. The trigger (the pipe that wakes
    the loop) is written to by every worker after each response and by whoever stops
    the server; closed by a thunk of the loop, it was written to after it closed: by the
    very pull_trigger() that queued the thunk, when the loop, awake for a worker's
    earlier pull, ran the thunk before that call wrote its byte (EBADF in the test, seen
    under load), and by workers finishing their last response (EBADF in the worker, or
    the byte went to whatever file took the number meanwhile).

    So the server stops in an order in which nothing is closed while in use: the
    workers finish first (the loop still runs and sends what they wrote), then the loop
    is woken through the still open trigger and returns, and only then, with no thread
    left that polls, writes or wakes, are the sockets and the trigger closed.
    """
    sockets: dict = {}  # waitress's socket map, ours to close once the loop has ended
    server = create_server(app, map=sockets, host="127.0.0.1", port=port, threads=threads)
    stopping = threading.Event()

    def run() -> None:
        # server.run() polls until its map is empty, which only closing can bring about;
        # this loop polls the same way until it is told to stop.
        while not stopping.is_set():
            wasyncore.loop(
                timeout=server.adj.asyncore_loop_timeout,
                map=sockets,
                use_poll=server.adj.asyncore_use_poll,
                count=1,
            )

    loop = threading.Thread(target=run, name=f"waitress:{port}", daemon=True)
    loop.start()
    try:
        yield
    finally:
        workers = server.task_dispatcher
        workers.shutdown(timeout=30)  # each finishes the request it serves, then ends
        stopping.set()
        server.pull_trigger()  # a byte in the pipe: the loop's next poll returns at once
        loop.join(timeout=30)
        left = len(workers.threads)
        if not loop.is_alive() and not left:
            wasyncore.close_all(sockets)
        assert not loop.is_alive(), f"waitress on port {port} did not stop"
        assert not left, f"{left} waitress workers on port {port} still serve a request"
