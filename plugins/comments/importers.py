"""Importing comments from a WordPress export (WXR) or a Disqus export.

Both formats are read into one list of ``Imported`` records; the caller decides where
each goes (approved: into git; pending and spam: into the queue). Articles are matched
by slug, by the old URL's last path segment or by the old post name; everything that
matches nothing comes back in ``unmatched``, so no comment is lost silently.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from comments.model import CommentKind, State
from newsroom.slugs import slugify_german

WP_KINDS = {"pingback": CommentKind.PINGBACK, "trackback": CommentKind.TRACKBACK}


class ImportFormatError(ValueError):
    """The file is not the export format it was said to be; names the file."""


@dataclass(frozen=True)
class Imported:
    id: str
    article: str  # our slug, or "" when unmatched
    source_title: str  # the post's title in the old system
    source_url: str
    reply_to: str
    kind: str
    author: str
    email: str
    website: str
    text: str
    created: datetime
    state: State


@dataclass(frozen=True)
class ImportResult:
    comments: tuple[Imported, ...]
    unmatched: tuple[Imported, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # e.g. deleted in the old system


def detect(path: Path) -> str:
    """ "wordpress" or "disqus", from the document itself."""
    root = _parse(path).getroot()
    if etree.QName(root).localname == "rss" and any(
        "wordpress.org/export" in (ns or "") for ns in root.nsmap.values()
    ):
        return "wordpress"
    if etree.QName(root).localname == "disqus":
        return "disqus"
    raise ImportFormatError(f"{path}: neither a WordPress export (WXR) nor a Disqus export")


def read_export(path: Path, kind: str, articles: Mapping[str, Iterable[str]]) -> ImportResult:
    """Read ``path`` as ``kind``; ``articles`` maps our slugs to their old names/URLs."""
    found = detect(path)
    if found != kind:
        raise ImportFormatError(f"{path}: this is a {found} export, not a {kind} export")
    items = _wordpress(path) if kind == "wordpress" else _disqus(path)
    matcher = _Matcher(articles)
    matched, unmatched, skipped = [], [], []
    for item in items:
        if isinstance(item, str):
            skipped.append(item)
            continue
        slug = matcher.match(item.source_url, item.article)
        if slug:
            matched.append(_with(item, article=slug))
        else:
            unmatched.append(_with(item, article=""))
    return ImportResult(tuple(matched), tuple(unmatched), tuple(skipped))


class _Matcher:
    def __init__(self, articles: Mapping[str, Iterable[str]]) -> None:
        self.by_key: dict[str, str] = {}
        for slug, aliases in articles.items():
            self.by_key[slug] = slug
            for alias in aliases:
                self.by_key[_key(alias)] = slug

    def match(self, url: str, name: str) -> str:
        for candidate in (name, _last_segment(url), url):
            if candidate and _key(candidate) in self.by_key:
                return self.by_key[_key(candidate)]
        return ""


def _key(value: str) -> str:
    return slugify_german(_last_segment(value) or value)


def _last_segment(url: str) -> str:
    path = urlsplit(url).path if "//" in url else url
    parts = [part for part in path.split("/") if part and part not in ("index.html",)]
    return parts[-1].removesuffix(".html") if parts else ""


def _with(item: Imported, **changes) -> Imported:
    return Imported(**{**item.__dict__, **changes})


def _parse(path: Path) -> etree._ElementTree:
    try:
        return etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except (OSError, etree.XMLSyntaxError) as error:
        raise ImportFormatError(f"{path}: not readable as XML ({error})") from error


def _text(element, name: str) -> str:
    found = element.find(name) if ":" not in name else None
    if found is None:
        found = next((child for child in element if etree.QName(child).localname == name), None)
    return (found.text or "").strip() if found is not None else ""


def _wordpress(path: Path):
    for post in _parse(path).getroot().iter("item"):
        title, link = _text(post, "title"), _text(post, "link")
        name = _text(post, "post_name")
        for comment in (c for c in post if etree.QName(c).localname == "comment"):
            approved = _text(comment, "comment_approved")
            if approved == "trash":
                yield f"WordPress comment {_text(comment, 'comment_id')} was in the trash"
                continue
            state = {"1": State.APPROVED, "spam": State.SPAM}.get(approved, State.PENDING)
            parent = _text(comment, "comment_parent")
            created = _text(comment, "comment_date_gmt") or _text(comment, "comment_date")
            yield Imported(
                id=f"wp-{_text(comment, 'comment_id')}",
                article=name,
                source_title=title,
                source_url=link,
                reply_to=f"wp-{parent}" if parent not in ("", "0") else "",
                kind=WP_KINDS.get(_text(comment, "comment_type"), CommentKind.COMMENT),
                author=_text(comment, "comment_author") or "Anonym",
                email=_text(comment, "comment_author_email"),
                website=_text(comment, "comment_author_url"),
                text=_text(comment, "comment_content"),
                created=datetime.fromisoformat(created).replace(tzinfo=UTC),
                state=state,
            )


DISQUS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _disqus(path: Path):
    root = _parse(path).getroot()
    threads = {
        t.get(DSQ_ID): (_text(t, "title"), _text(t, "link"), _text(t, "id"))
        for t in root.iter(f"{DISQUS}thread")
        if t.get(DSQ_ID) and len(t)
    }
    for post in root.iter(f"{DISQUS}post"):
        post_id = post.get(DSQ_ID)
        if _text(post, "isDeleted") == "true":
            yield f"Disqus post {post_id} was deleted"
            continue
        title, link, identifier = threads.get(
            post.find(f"{DISQUS}thread").get(DSQ_ID), ("", "", "")
        )
        author = post.find(f"{DISQUS}author")
        parent = post.find(f"{DISQUS}parent")
        yield Imported(
            id=f"disqus-{post_id}",
            article=identifier,
            source_title=title,
            source_url=link,
            reply_to=f"disqus-{parent.get(DSQ_ID)}" if parent is not None else "",
            kind=CommentKind.COMMENT,
            author=_text(author, "name") or _text(author, "username") or "Anonym",
            email=_text(author, "email"),
            website="",
            text=_text(post, "message"),
            created=datetime.fromisoformat(_text(post, "createdAt").replace("Z", "+00:00")),
            state=State.SPAM if _text(post, "isSpam") == "true" else State.APPROVED,
        )
