"""Feed files: rendered once per content (cached by the keys of their entries), written
atomically, each path once per build.

A feed whose entries, title and addresses did not change since the last build is
taken from ``CACHE_PATH/feeds/`` as bytes; the warm build only copies it into the
output folder (which Pelican empties before every build).
"""

import logging
from collections.abc import Sequence
from pathlib import Path

from feeds.model import Entry, Feed, render
from newsroom.cache import DerivedCache, input_key
from newsroom.files import write_atomically

logger = logging.getLogger(__name__)


class FeedFiles:
    """Renders (or takes from the cache) and writes the Atom and RSS file of each feed."""

    def __init__(self, output: Path, cache: DerivedCache, version: str) -> None:
        self.output = output
        self.cache = cache
        self.version = version
        self.written: dict[str, str] = {}  # output path -> feed title
        self.rendered = 0
        self.reused = 0

    def write(
        self, feed: Feed, paths: dict[str, str], entries: Sequence[Entry], keys: Sequence[str]
    ) -> int:
        """Write ``feed`` as each kind in ``paths`` ({"atom": path, "rss": path}); returns
        the number of files written. ``keys`` are the input keys of ``entries``."""
        count = 0
        for kind, path in paths.items():
            if path in self.written:
                logger.error(
                    'Feeds "%s" and "%s" would both be written to %s; expected a path of its '
                    "own for each feed (see the FEEDS_*_ATOM and FEEDS_*_RSS settings)",
                    self.written[path],
                    feed.title,
                    path,
                )
                continue
            key = input_key(self.version, kind, repr(feed), *keys)
            body = self.cache.get(key)
            if body is None:
                body = render(feed, entries, kind)
                self.cache.put(key, body)
                self.rendered += 1
            else:
                self.reused += 1
            write_atomically(self.output / path, body)
            self.written[path] = feed.title
            count += 1
        return count
