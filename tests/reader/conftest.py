"""The production demo site with its search index, served at http://127.0.0.1:<port>."""

import pytest

from built_sites import build_production, serving
from chromium import chromium
from conftest import free_port


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = build_production(tmp_path_factory.mktemp("reader"), base)
    with serving(site.output, port):
        yield base, site


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, one per test module."""
    with chromium() as started:
        yield started
