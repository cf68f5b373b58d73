"""Records shared by the comment service and the Pelican plugin: states, kinds, comments."""

import enum
from dataclasses import dataclass
from datetime import datetime


class State(enum.StrEnum):
    """Where a submitted comment stands in moderation."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"


class CommentKind(enum.StrEnum):
    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"
    MENTION = "mention"  # a Webmention (the mentions package)


@dataclass(frozen=True)
class Comment:
    """An approved comment as readers see it (read from content/comments/)."""

    id: str
    author: str
    date: datetime  # timezone-aware
    website: str
    reply_to: str
    kind: str
    body_html: str  # rendered from Markdown and sanitised with nh3
    by_article_author: bool = False
    role: str = ""  # "author" or "editorial", from the file's Role header
    replies: tuple["Comment", ...] = ()

    @property
    def anchor(self) -> str:
        return f"comment-{self.id}"


@dataclass(frozen=True)
class CommentThread:
    """The comments of one article: threads, mentions (pingbacks, trackbacks), count."""

    comments: tuple[Comment, ...] = ()  # top-level, oldest first, replies nested
    mentions: tuple[Comment, ...] = ()
    count: int = 0  # comments and replies, without mentions
    open: bool = True  # whether the form is shown (`Comments: closed` keeps the thread)

    def flat(self) -> list[Comment]:
        """Every comment and reply, oldest first."""
        found: list[Comment] = []
        stack = list(self.comments)
        while stack:
            comment = stack.pop()
            found.append(comment)
            stack.extend(comment.replies)
        return sorted(found, key=lambda c: (c.date, c.id))
