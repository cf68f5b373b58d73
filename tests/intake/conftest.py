"""Fixtures of the intake tests: the real intake on a temporary SQLite file, the copy of
the ``comments`` fixture site the queue tasks work on (tests/comments/conftest.py),
another blog on 127.0.0.1 for mentions (tests/mentions/conftest.py), and the intake
with a local relay for the readers' features (tests/intake/readers_intake.py)."""

from tests.comments.conftest import (  # noqa: F401 (fixtures)
    exports,
    form,
    make_client,
    make_settings,
    project,
)
from tests.intake.readers_intake import make_desk  # noqa: F401 (fixtures)
from tests.mentions.conftest import other_blog, start_intake  # noqa: F401 (fixtures)
