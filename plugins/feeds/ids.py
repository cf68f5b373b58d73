"""Stable entry ids: RFC 4151 tag URIs.

``tag:blog.hafenlicht.example,2024-04-22:2024/krisenkommunikation`` is made of

- the tagging authority, a domain the site owns (``FEEDS_ID_AUTHORITY``), written
  without scheme or port: moving from http to https, a staging host or a new domain
  changes no id;
- the day the article was first published (its ``Date``), which also keeps apart two
  articles that, years apart, come from files of the same name;
- the article's source file below ``content/`` without ``.md``: a title edit changes
  neither the file name nor the id, and the file name is what identifies an article
  in git.

Renaming a published file or moving its Date to another day gives its entries a new
id (feed readers then show it once more). Alternatives rejected: the URL (changes with
the scheme and with every slug edit), the title (changes with every edit), a hash of
the content (changes with every correction).

Pure: plain values in, strings out.
"""

from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import quote

# A path below the content folder as it appears in an id: letters, digits and the
# characters RFC 3986 allows in a path stay; anything else (spaces, umlauts) is
# percent-encoded, so the id is a valid URI in RSS as well as in Atom.
_SAFE = "/-._~!$&'()*+,;=:@"
# The date of the feed ids (feeds are not published on a day of their own).
FEED_ID_DATE = "2014"


def entry_id(authority: str, published: datetime, source_path: str) -> str:
    """The id of an article's entry; ``source_path`` is relative to the content folder."""
    identifier = quote(PurePosixPath(source_path).with_suffix("").as_posix(), safe=_SAFE)
    return f"tag:{authority},{published:%Y-%m-%d}:{identifier}"


def comment_id(authority: str, published: datetime, source_path: str, comment: str) -> str:
    """The id of a comment's entry: its article's id plus the comment's own id."""
    return f"{entry_id(authority, published, source_path)}/comment-{quote(comment, safe='')}"


def feed_id(authority: str, path: str) -> str:
    """The id of a feed: its path below the site (the Atom path; RSS has no feed id)."""
    return f"tag:{authority},{FEED_ID_DATE}:{quote(path, safe=_SAFE)}"
