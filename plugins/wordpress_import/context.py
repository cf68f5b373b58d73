"""What the conversion of one post needs from the rest of the import: the attachments
(pictures with their alt text and caption), where pictures and media are stored, and the
new addresses of the old blog's pages."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from redirects.table import redirect_key
from wordpress_import.pictures import original_url

SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's thumbnails: -300x200.jpg


@dataclass(frozen=True)
class Attachment:
    id: int
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: int = 0
    order: int = 0


@dataclass
class Context:
    """What the conversion of one post needs from the rest of the import."""

    picture: Callable[[list[str]], str | None]  # candidate URLs -> path below content/
    attachments: Mapping[int, Attachment] = field(default_factory=dict)
    media: Callable[[list[str]], str | None] = lambda candidates: None  # video, audio
    children: Mapping[int, list[int]] = field(default_factory=dict)  # post -> its attachments
    urls: Mapping[str, str] = field(default_factory=dict)  # old URL, or its key -> new path
    old_hosts: frozenset[str] = frozenset()  # the old blog's host names
    post_id: int = 0
    by_url: Mapping[str, Attachment] = field(default_factory=dict)  # see attachment_key

    def attachment(self, img, candidates: list[str]) -> Attachment | None:
        """The attachment a picture shows: by WordPress's ``wp-image-<id>`` class or
        ``data-id``, else by its file's address."""
        classes = " ".join(img.get("class") or [])
        number = re.search(r"\bwp-image-(\d+)\b", classes) or re.match(
            r"^(\d+)$", img.get("data-id") or ""
        )
        if number and int(number[1]) in self.attachments:
            return self.attachments[int(number[1])]
        return next(
            (self.by_url[k] for k in map(attachment_key, candidates) if k in self.by_url), None
        )

    def new_address(self, href: str) -> str | None:
        """The new path of a link to the old blog (by URL, or by the redirect key of its
        path when it is on the old host or relative), None for any other link."""
        found = self.urls.get(href) or self.urls.get(href.rstrip("/") + "/")
        if found:
            return found
        parts = urlsplit(href.strip())
        ours = not parts.netloc or (parts.hostname or "") in self.old_hosts
        if parts.scheme not in ("", "http", "https") or not ours:
            return None
        if not parts.path.startswith("/"):
            return None
        return self.urls.get(redirect_key(parts.path + (f"?{parts.query}" if parts.query else "")))

    def into_old_blog(self, href: str) -> bool:
        """Whether a link leads into the old blog: its host (or WordPress.com's host of its
        uploads, ``<blog>.files.wordpress.com``), or a path from the root."""
        parts = urlsplit(href.strip())
        if parts.scheme not in ("", "http", "https"):
            return False
        if not parts.netloc:
            return parts.path.startswith("/")
        host = (parts.hostname or "").lower()
        blog = host.removesuffix(".files.wordpress.com")
        return host in self.old_hosts or (
            blog != host and f"{blog}.wordpress.com" in self.old_hosts
        )

    @cached_property
    def new_paths(self) -> frozenset[str]:
        return frozenset(self.urls.values())


def attachment_key(url: str) -> str:
    """A picture's address without scheme, CDN, query and WordPress's size suffix, so that
    every variant of one upload finds its attachment."""
    plain = original_url(url).split("://", 1)[-1]
    return SIZE_SUFFIX.sub("", plain).lower()
