"""Production builds of the demo site with their search index, served over real HTTP.

Shared by the reader tests (Chromium) and the deploy tests (nginx): the site is built
for the address it is served at, because the production build writes absolute URLs.
"""

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import ROOT, Site, build_site
from publishing.search import build_search_index, indexed_pages


def build_production(project: Path, siteurl: str, search: bool = True) -> Site:
    """The demo content built with publishconf.py for ``siteurl`` (plus Pagefind)."""
    shutil.copytree(ROOT / "content", project / "content")
    site = build_site(project, "publishconf.py", SITEURL=siteurl, FEED_DOMAIN=siteurl)
    assert site.ok, site.stopped
    if search:
        build_search_index(site.output, indexed_pages(site.settings))
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serving(folder: Path, port: int) -> Iterator[None]:
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
