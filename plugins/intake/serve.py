"""The intake's server in production: waitress, with the command line of ``waitress-serve``,
stopped gracefully (``python -m intake.serve --listen=… intake.wsgi:application``).

waitress-serve stops on SIGINT by leaving its loop at once: the worker threads get five
seconds, but the answers they write are sent by that loop, and queued requests are
dropped, so readers whose comment was in flight saw their connection reset (whether it
was stored or not). Here SIGINT and SIGTERM first close the listening sockets (new
connections are refused: nginx sends them to another host or shows its page), then the
loop goes on until every accepted request is answered and sent, at most
``DRAIN_SECONDS``; idle keep-alive connections are closed. Then the workers stop, and
Python's shutdown runs the intake's atexit handlers (the mails it promised).
"""

import ctypes
import logging
import signal
import socket
import struct
import sys
import time
from types import FrameType

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.runner import run as waitress_run
from waitress.server import BaseWSGIServer, create_server

logger = logging.getLogger("intake.serve")

# Below the unit's TimeoutStopSec= (30 s), which must leave room for the mails after it.
DRAIN_SECONDS = 8.0
# A connection that sent nothing for this long and has nothing in flight is idle.
QUIET_SECONDS = 1.0
# How long handshakes under way when the stop began have to complete.
HANDSHAKE_SECONDS = 0.1
SO_ATTACH_FILTER = 26  # Linux's number; Python's socket module does not name it


def main(argv: list[str]) -> int:
    kw, args = Adjustments.parse_args(argv[1:])
    if kw["help"] or kw["call"] or len(args) != 1:
        return waitress_run(argv)  # its help and its errors, word for word
    del kw["help"], kw["call"]
    if logging.getLogger("waitress").level == logging.NOTSET:
        logging.getLogger("waitress").setLevel(logging.INFO)
    import pkgutil

    application = pkgutil.resolve_name(args[0])
    sockets: dict = {}
    server = create_server(application, map=sockets, **kw)
    stopping: list[int] = []

    def request_stop(number: int, _frame: FrameType | None) -> None:
        stopping.append(number)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    server.print_listen("Serving on http://{}:{}")
    adjustments = server.adj
    while not stopping:
        # One round at a time (at most a second), so that a signal is seen at once.
        wasyncore.loop(timeout=1.0, map=sockets, use_poll=adjustments.asyncore_use_poll, count=1)
    drain(sockets, adjustments.asyncore_use_poll)
    server.task_dispatcher.shutdown(timeout=DRAIN_SECONDS)
    wasyncore.close_all(sockets)
    return 0


def drain(sockets: dict, use_poll: bool) -> None:
    """Refuse new connections; serve what was accepted until it is answered and sent."""
    servers = [d for d in list(sockets.values()) if isinstance(d, BaseWSGIServer)]
    for server in servers:
        drop_new_handshakes(server.socket)
    # A handshake the filter let through completes in a moment (at once over loopback,
    # where nginx is): the loop goes on accepting and serving meanwhile.
    deadline = time.monotonic() + HANDSHAKE_SECONDS
    while time.monotonic() < deadline:
        wasyncore.loop(timeout=0.01, map=sockets, use_poll=use_poll, count=1)
    for server in servers:
        take_waiting(server, sockets)
        # Only the listening socket (new connections are refused): the server's own
        # close() also closes the trigger the workers wake this loop with.
        wasyncore.dispatcher.close(server)
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        busy = 0
        for channel in [d for d in list(sockets.values()) if isinstance(d, HTTPChannel)]:
            working = channel.requests or channel.request is not None
            # Just accepted, or its client just sent something: it may be a request on
            # its way (waitress's last_activity is time.time()).
            recent = time.time() - channel.last_activity < QUIET_SECONDS
            if working or channel.total_outbufs_len or recent:
                busy += 1
            else:
                channel.close()  # an idle keep-alive connection: nothing of it is lost
        if not busy:
            return
        wasyncore.loop(timeout=0.05, map=sockets, use_poll=use_poll, count=1)
    logger.warning("Stopped with requests still in flight after %.0f s", DRAIN_SECONDS)


def drop_new_handshakes(listening: socket.socket) -> None:
    """From now on the kernel drops the first packet of every new connection to
    ``listening`` (a SYN without ACK); handshakes under way complete as before.

    Closing a listening socket resets the connections the kernel completed and nobody
    accepted. Accepting them all first left a gap of microseconds between the last
    accept and the close, and a connection completed in it was reset (in 4 of 120
    stops with eight readers). A SYN this filter drops is sent again a second later,
    when the socket is closed: that reader's connection is refused, and nginx tries the
    next host. A socket filter runs on the TCP header: its byte 13 holds the flags. Where
    the filter cannot be set (not Linux), the gap stays."""
    if listening.family not in (socket.AF_INET, socket.AF_INET6):
        return
    program = [
        (0x30, 0, 0, 13),  # load the byte of the TCP flags
        (0x54, 0, 0, 0x12),  # keep SYN and ACK
        (0x15, 0, 1, 0x02),  # SYN alone: a new connection
        (0x06, 0, 0, 0),  # drop it
        (0x06, 0, 0, 0xFFFFFFFF),  # anything else: keep it whole
    ]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *i) for i in program))
    try:
        listening.setsockopt(
            socket.SOL_SOCKET,
            SO_ATTACH_FILTER,
            struct.pack("HL", len(program), ctypes.addressof(code)),
        )
    except OSError:
        logger.debug("No socket filter: a connection may be reset as the stop begins")


def take_waiting(server: BaseWSGIServer, sockets: dict) -> None:
    """Accept every connection the kernel has completed but the loop has not taken yet.

    Closing a listening socket resets the connections in its queue: readers whose
    request may already be on its way. Taken first, they are served like the others
    (``drop_new_handshakes`` keeps new ones from completing meanwhile)."""
    while True:
        count = len(sockets)
        server.handle_accept()  # a non-blocking accept: nothing waiting adds nothing
        if len(sockets) == count:
            return


if __name__ == "__main__":
    sys.exit(main(sys.argv))
