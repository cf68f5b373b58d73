"""Fixtures of the intake tests: the real intake on a temporary SQLite file, the copy of
the ``comments`` fixture site the queue tasks work on (tests/comments/conftest.py),
another blog on 127.0.0.1 for mentions (tests/mentions/conftest.py), and the intake
with a local relay for the readers' features (tests/intake/readers_intake.py); a fresh
queue on each backend (``address``, ``database``) for the store's tests."""

import pytest

from intake.store import Database
from tests.comments.conftest import (  # noqa: F401 (fixtures)
    exports,
    form,
    make_client,
    make_settings,
    project,
)
from tests.intake.readers_intake import make_desk  # noqa: F401 (fixtures)
from tests.mentions.conftest import other_blog, start_intake  # noqa: F401 (fixtures)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def address(request, tmp_path) -> str:
    """Where a fresh queue lives: a SQLite file, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "var" / "comments.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def database(address):
    with Database(address) as opened:
        yield opened
