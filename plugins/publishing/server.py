"""`invoke serve` and `invoke livereload`: the built site over HTTP, as the web server
answers (``/x/`` serves ``x/index.html``, a missing page gets ``404.html``, status 404,
or the ``404.html`` of its language folder: ``/en/x`` gets ``en/404.html``);
livereload also rebuilds on every change (live.py tells how)."""

import os
import threading
import time
from datetime import datetime
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from publishing import live
from publishing.logs import own_handler_for
from publishing.preview import build_into_place
from publishing.project import Project, Refused


def not_found_page(root: Path, path: str) -> Path:
    """The 404 page for a missing ``path`` (a URL path): that of the language folder it
    is in (``/en/x`` gets ``en/404.html``, as deploy/nginx.conf answers), else the site's."""
    first = path.lstrip("/").split("/", 1)[0]
    if first and not first.startswith("."):
        own = root / first / "404.html"
        if own.is_file():
            return own
    return root / "404.html"


class _SiteHandler(SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = not_found_page(Path(self.directory), self.path.split("?", 1)[0])
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # one line per request drowns the build's messages


class _ReusableServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


def site_server(root: Path, host: str, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the built site in ``root`` (port 0: any free port)."""
    return _ReusableServer((host, port), partial(_SiteHandler, directory=str(root)))


def serve_site(project: Project, port: int) -> None:
    """`invoke serve`: the built site in output/ until Ctrl+C; refuses without one."""
    if not (project.output / "index.html").is_file():
        raise Refused(
            f"{project.shown(project.output)}/ holds no built site: run `invoke build` "
            "(or `invoke preview` for the production site) first, or `invoke livereload`, "
            "which builds and serves."
        )
    try:
        server = site_server(project.output, project.host, port)
    except OSError as error:
        raise _port_refused("serve", project.host, port, error) from None
    print(
        f"Serving {project.shown(project.output)}/ at http://{project.host}:{port}/ (Ctrl+C stops)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


def _port_refused(task: str, host: str, port: int, error: OSError) -> Refused:
    return Refused(
        f"Cannot serve at http://{host}:{port}/: {error.strerror}. Is another preview "
        f"running? Stop it, or use another port: invoke {task} --port {port + 1}"
    )


def serve_live(project: Project, settings_file: Path, output: Path, port: int, **overrides):
    """Build, serve at ``port``; after each change the edited articles' pages first,
    then the whole site, and the browser reloads (livereload watches a stamp file)."""
    # Every full build is a real one: the quick pass needs its articles in memory.
    preview = _LivePreview(
        project, settings_file, output, {**overrides, "PUBLISHING_SNAPSHOT": False}
    )
    preview.start()
    server = _live_server()
    server.SFH = _live_files(output)
    server.watch(str(preview.stamp))
    print(f"Serving {project.shown(output)}/ at http://{project.host}:{port}/ (Ctrl+C stops)")
    try:
        server.serve(host=project.host, port=port, root=str(output))
    except OSError as error:  # most often: another preview holds the port
        raise _port_refused("livereload", project.host, port, error) from None


class _LivePreview:
    """The builds behind `invoke livereload`, run by one thread after each change."""

    def __init__(self, project: Project, settings_file: Path, output: Path, overrides: dict):
        from pelican import signals

        self.project, self.settings_file, self.output = project, settings_file, output
        self.overrides = overrides
        settings = project.read_settings(settings_file, **overrides)
        self.stamp = Path(settings["CACHE_PATH"]) / "livereload.stamp"  # touched: reload
        self.built: dict[str, object] = {}
        signals.all_generators_finalized.connect(self._remember, weak=False)
        self.watcher = live.ChangeWatcher(
            [
                Path(settings["PATH"]),
                Path(settings["THEME"]),
                *(Path(p) for p in settings["PLUGIN_PATHS"]),
                project.settings_base,
                Path(settings_file),
            ]
        )

    def start(self) -> None:
        # Watching starts before the first build, so a file saved during it counts.
        try:
            self.watcher.start()
        except OSError as error:  # nothing to watch: the preview would never rebuild
            raise Refused(str(error), 2) from None
        self.full_build()
        threading.Thread(target=self._rebuild_on_changes, name="live-preview", daemon=True).start()

    def _remember(self, generators) -> None:
        self.built["pending"] = live.articles_generator(generators)

    def full_build(self) -> None:
        if build_into_place(self.project, self.settings_file, self.output, **self.overrides):
            self.built["last"] = self.built.pop("pending", None)
        self._touch("full build")

    def _rebuild_on_changes(self) -> None:
        while True:
            changed = self.watcher.settled_changes()
            started = time.perf_counter()
            fresh = live.quick_pass(changed, self.built.get("last"), self.output)
            if fresh:
                self._touch("quick")
                pages = ", ".join(str(page.relative_to(self.output)) for page in fresh)
                print(
                    f"Fresh: {pages} ({time.perf_counter() - started:.2f} s); "
                    "the whole site follows.",
                    flush=True,
                )
            self.full_build()

    def _touch(self, what: str) -> None:
        self.stamp.parent.mkdir(parents=True, exist_ok=True)
        self.stamp.write_text(f"{what} {datetime.now().isoformat()}", encoding="utf-8")


def _live_server():
    """livereload's server, without the plain handler it puts on its own and tornado's
    loggers at every start (their messages would print twice, once through the build's
    console handler): both print through a console handler of their own, once."""
    from livereload import Server

    class LiveServer(Server):
        def _setup_logging(self) -> None:
            own_handler_for("livereload", "tornado")

    return LiveServer()


def _live_files(output: Path):
    """livereload's file handler, answering a missing page with ``404.html`` (status 404)
    as the web server will, instead of tornado's bare error page."""
    from livereload.handlers import StaticFileHandler
    from tornado.web import HTTPError

    class SiteFiles(StaticFileHandler):
        # Tornado takes a file's size from a stat of its path and opens the path again to
        # send it; a full build swaps output/ in between, and the reader got the new page
        # cut to the old one's length (seen as IncompleteRead). One open file answers both.
        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            path = super().validate_absolute_path(root, absolute_path)
            if path is not None:
                try:
                    with Path(path).open("rb") as opened:
                        self._stat_result = os.fstat(opened.fileno())
                        self._served = opened.read()
                except FileNotFoundError:  # the instant between the two renames of a swap
                    raise HTTPError(404) from None
            return path

        def get_content_size(self) -> int:
            return len(self._served)

        def get_content(self, abspath: str, start: int | None = None, end: int | None = None):
            yield self._served[start:end]

        @classmethod
        def get_content_version(cls, abspath: str) -> str:
            # The ETag's hash reads the file itself (a class method, no request's bytes).
            return StaticFileHandler.get_content_version(abspath)

        def write_error(self, status_code, **kwargs):
            page = not_found_page(output, self.request.path)
            if status_code != 404 or not page.is_file():
                super().write_error(status_code, **kwargs)
                return
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())

    return SiteFiles
