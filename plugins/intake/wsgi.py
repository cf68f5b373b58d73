"""The intake as a WSGI application for a production server (waitress; the unit runs it
with ``python -m intake.serve``, waitress stopped gracefully).

Settings come from ``COMMENTS_*`` environment variables over the documented defaults
(docs/operations.md, "The intake as a service"), for example::

    PYTHONPATH=plugins COMMENTS_DB_PATH=/var/lib/hafenlicht/comments.sqlite3 \\
        COMMENTS_MANIFEST_PATH=/var/www/blog/kommentare/artikel.json \\
        COMMENTS_SITE_URL=https://blog.hafenlicht.example COMMENTS_PROXIES=1 \\
        waitress-serve --listen=127.0.0.1:8090 --trusted-proxy=127.0.0.1 \\
        --trusted-proxy-headers=x-forwarded-for --trusted-proxy-count=1 \\
        intake.wsgi:application

waitress removes ``X-Forwarded-For`` unless it is told to trust the proxy; without the
``--trusted-proxy`` flags every reader would share the web server's address, and one
rate limit would hold for the whole site.

In production (``COMMENTS_PUBLIC_URL`` https) it refuses to start without
``COMMENTS_SECRET_KEY``, and it refuses a queue it cannot write or whose folder is
missing, and a PostgreSQL queue whose address, password or database is wrong: one
sentence in the log, exit status 78 (intake.startup); a database server that cannot be
reached is exit status 1, and the unit starts it again.

No Pelican here: the service runs on the web server without the build.
"""

import atexit
import logging

from comments.settings import from_environment
from intake.app import create_app
from intake.startup import EXIT_CONFIG, StartupError, check
from intake.store import QueueMisconfigured, QueueUnavailable

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

settings = from_environment()
try:
    check(settings)
    application = create_app(settings, proxies=settings.proxies)
    atexit.register(application.close)  # a stopping server first sends what it promised
except StartupError as refusal:
    # One line in the journal and the exit status of a configuration error, which the
    # systemd unit does not restart for (RestartPreventExitStatus=).
    logging.getLogger(__name__).critical("The intake does not start: %s", refusal)
    raise SystemExit(EXIT_CONFIG) from None
except QueueMisconfigured as error:  # a wrong password or address: no restart loop
    logging.getLogger("intake").critical("The intake does not start: %s", error)
    raise SystemExit(EXIT_CONFIG) from None
except QueueUnavailable as error:  # e.g. the database server is not up (yet): restarted
    logging.getLogger("intake").critical("%s", error)
    raise SystemExit(1) from None
