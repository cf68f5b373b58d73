"""Deprecated: the intake's WSGI entry point moved to ``intake.wsgi:application``.

``comments.wsgi:application`` keeps working for one release, with one warning in the log,
so that a server started by the old command survives the update; change the command of
the service (docs/operations.md) to ``intake.wsgi:application``.
"""

import logging

from intake.wsgi import application

__all__ = ["application"]

logging.getLogger(__name__).warning(
    "comments.wsgi:application is deprecated and goes with the next release; "
    "start the intake as intake.wsgi:application"
)
