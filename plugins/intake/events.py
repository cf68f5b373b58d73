"""Named events, so that the views know nothing of e-mail (as in Isso).

A failing handler is logged and never turns an accepted comment into an error.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

logger = logging.getLogger(__name__)

# (row, article) once a comment or a verified mention is committed to the queue; the
# article is the manifest's entry with its absolute "url".
NEW_COMMENT = "comments.new:after-save"
# (comment id, action) once an editor's action on the moderation page or by a mail link
# is committed: approve, reject, spam or reply. The CI trigger listens.
MODERATED = "comments.moderated"


class Events:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)

    def on(self, name: str, handler: Callable[..., None]) -> None:
        self._handlers[name].append(handler)

    def emit(self, name: str, *args: object) -> None:
        for handler in self._handlers[name]:
            try:
                handler(*args)
            except Exception:
                logger.exception("Handler %r for %s failed", handler, name)
