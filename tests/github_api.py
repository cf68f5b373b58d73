"""A local HTTP server standing in for GitHub's API (repository_dispatch) in the tests of
the CI trigger: it records every call and answers as told, and may run what the workflow
would run on each accepted call (``on_dispatch``)."""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Call:
    path: str
    headers: dict[str, str]  # names in lower case
    body: dict


class GitHubStandIn:
    """POST /repos/<owner>/<name>/dispatches: 204, or the next of ``answers``
    (status, body, headers) while there are any."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.answers: list[tuple[int, str, dict[str, str]]] = []
        self.on_dispatch: Callable[[Call], None] | None = None
        self.hold = threading.Event()  # cleared: answers wait until it is set
        self.hold.set()
        self.changed = threading.Condition()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                headers = {name.lower(): value for name, value in self.headers.items()}
                call = Call(self.path, headers, json.loads(self.rfile.read(length)))
                stand_in.hold.wait(timeout=60)
                status, text, headers = (
                    stand_in.answers.pop(0) if stand_in.answers else (204, "", {})
                )
                # Recorded before the answer: the caller, once answered, may look at
                # ``calls`` at once (after the answer, this thread raced the caller's test).
                with stand_in.changed:
                    stand_in.calls.append(call)
                    stand_in.changed.notify_all()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(text.encode())))
                self.end_headers()
                self.wfile.write(text.encode())
                if status == 204 and stand_in.on_dispatch:
                    stand_in.on_dispatch(call)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def dispatches_url(self, repository: str = "hafenlicht/blog") -> str:
        return f"{self.url}/repos/{repository}/dispatches"

    def wait_for_calls(self, count: int, seconds: float = 60) -> list[Call]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.calls) >= count, timeout=seconds)
            return list(self.calls)

    def close(self) -> None:
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()
