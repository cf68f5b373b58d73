"""Stable entry ids: RFC 4151 tag URIs.

``tag:blog.hafenlicht.example,2024-04-22:2024/krisenkommunikation`` is made of the
site's domain (no scheme: http → https changes nothing), the day the article was
first published (never changes) and the article's source file path below content/
without ".md" (a title edit changes neither file name nor id). Renaming a published
file is the one thing that gives its entries a new id; `invoke check` shows the file
path of every article, so editors know.
"""

from datetime import datetime
from pathlib import PurePosixPath


def entry_id(authority: str, published: datetime, source_path: str) -> str:
    identifier = PurePosixPath(source_path).with_suffix("").as_posix()
    return f"tag:{authority},{published:%Y-%m-%d}:{identifier}"


def comment_id(authority: str, published: datetime, source_path: str, comment: str) -> str:
    return f"{entry_id(authority, published, source_path)}/comment-{comment}"


def feed_id(authority: str, path: str) -> str:
    return f"tag:{authority},2014:{path}"
