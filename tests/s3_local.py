"""A real S3 API on 127.0.0.1 for the tests of `publish --target s3`: moto's standalone
server in a thread (its buckets live in this process, so a server started again
finds them), and a TCP relay in front of it that a test can cut like a broken line."""

import functools
import logging
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import unquote

import boto3
from moto.server import ThreadedMotoServer
from pelican.log import LimitFilter

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_DEFAULT_REGION": "eu-central-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
}


@contextmanager
def s3_server() -> Iterator[str]:
    """Yields the endpoint URL of a moto S3 server on a free port of 127.0.0.1."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


class RequestLog(logging.Handler):
    """The requests the S3 server answered, from its own access log (werkzeug's):
    ``("PUT", "bucket/key")`` in the order they were served. ``on_request`` is called
    from the server's thread after each one (a test can break the line there)."""

    LINE = re.compile(r'"([A-Z]+) /([^ ?]*)\S* HTTP/1\.1" (\d{3})')

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.requests: list[tuple[str, str, int]] = []
        self.on_request = None

    def emit(self, record: logging.LogRecord) -> None:
        found = self.LINE.search(record.getMessage())
        if found:
            method, path, status = found.group(1), unquote(found.group(2)), int(found.group(3))
            self.requests.append((method, path, status))
            if self.on_request:
                self.on_request(method, path)

    def puts(self, bucket: str) -> list[str]:
        """Keys written in ``bucket`` with success, in order."""
        return [
            path.removeprefix(bucket + "/")
            for method, path, status in self.requests
            if method == "PUT" and status == 200 and path.startswith(bucket + "/")
        ]

    @contextmanager
    def listening(self) -> Iterator["RequestLog"]:
        access = logging.getLogger("werkzeug")
        level, propagate, filters = access.level, access.propagate, list(access.filters)
        access.setLevel(logging.INFO)
        access.propagate = False  # keep the test's output readable
        # Pelican's logger class drops a message it has logged before: two requests with
        # the same line in the same second (a publish's manifest after the last one's)
        # would be missed.
        access.filters = [f for f in filters if not isinstance(f, LimitFilter)]
        access.addHandler(self)
        try:
            yield self
        finally:
            access.removeHandler(self)
            access.filters = filters
            access.setLevel(level)
            access.propagate = propagate


@functools.cache  # making a client takes a quarter of a second
def client(endpoint: str):
    return boto3.session.Session(
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
    ).client("s3", endpoint_url=endpoint)


class Relay:
    """Forwards TCP connections from a free port to ``upstream`` until `cut()`, which
    closes the port and every open connection: the client meets a real network error."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.endpoint = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.cut_done = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                near, _ = self.listener.accept()
            except OSError:
                return  # cut
            far = socket.create_connection(self.upstream)
            with self.lock:
                if self.cut_done:
                    near.close()
                    far.close()
                    return
                self.sockets += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with self.lock:
            self.cut_done = True
            with suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
            self.listener.close()
            for sock in self.sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
