"""Feed files: rendered once per content (cached by the keys of their entries), each
path once per build.

A feed is kept as a file in ``CACHE_PATH/feeds/files/``, named by the key of its entries,
title and addresses, and linked into the site (like the social cards): a feed that did
not change since the last build is neither rendered nor written again, and the files
of a site that holds hundreds of feeds do not travel through a pickle on every build.
Files no feed of the build uses are removed at its end.
"""

import logging
from collections.abc import Sequence
from pathlib import Path

from feeds.model import Entry, Feed, render
from newsroom.cache import input_key
from newsroom.files import link_into_place, write_atomically

logger = logging.getLogger(__name__)


class FeedFiles:
    """Renders (or takes from the cache) and writes the Atom and RSS file of each feed."""

    def __init__(self, output: Path, folder: Path, version: str) -> None:
        self.output = output
        self.folder = folder  # the feeds' files, by key
        self.version = version
        self.used: set[str] = set()
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
            name = f"{input_key(self.version, kind, repr(feed), *keys)[:32]}.xml"
            kept = self.folder / name
            if kept.is_file():
                self.reused += 1
            else:
                write_atomically(kept, render(feed, entries, kind))
                self.rendered += 1
            self.used.add(name)
            target = self.output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            link_into_place(kept, target)
            self.written[path] = feed.title
            count += 1
        return count

    def prune(self) -> None:
        """Remove the kept feeds this build did not use (an edit leaves the old ones)."""
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)
