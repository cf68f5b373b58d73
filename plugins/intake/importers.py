"""Importing comments from a WordPress export (WXR) or a Disqus export.

Both formats are read into one list of ``Imported`` records; the caller decides where
each goes (approved: into git; pending and spam: into the queue). Articles are matched
by slug, by the old URL's last path segment, by the old post's title, or through a map
file the editors write (old URL or slug -> our slug); everything that matches nothing
comes back in ``unmatched``, so no comment is lost silently.
"""

import csv
import html
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from comments.model import CommentKind, State
from newsroom.escaping import html_text_markdown
from newsroom.headers import Kind, check_header, split_source
from newsroom.slugs import slugify_german

WP_KINDS = {"pingback": CommentKind.PINGBACK, "trackback": CommentKind.TRACKBACK}
WP_STATES = {"1": State.APPROVED, "approve": State.APPROVED, "spam": State.SPAM}
WP_GONE = ("trash", "post-trashed")
WP_NO_DATE = "0000-00-00 00:00:00"  # WordPress's "never", e.g. for pending comments


class ImportFormatError(ValueError):
    """The file is not the export format it was said to be; names the file."""


@dataclass(frozen=True)
class Imported:
    id: str
    article: str  # our slug once matched; before, the old post name or identifier
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
    role: str = ""  # "author": written by the post's author, logged in to the old blog


@dataclass(frozen=True)
class ImportResult:
    comments: tuple[Imported, ...]
    unmatched: tuple[Imported, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # e.g. deleted in the old system


def detect(path: Path) -> str:
    """ "wordpress" or "disqus", from the document's root element (read as a stream: an
    export may be hundreds of megabytes)."""
    try:
        _event, root = next(
            etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True)
        )
    except (OSError, etree.XMLSyntaxError, StopIteration) as error:
        raise ImportFormatError(f"{path}: not readable as XML ({error})") from None
    if etree.QName(root).localname == "rss" and any(
        "wordpress.org/export" in (ns or "") for ns in root.nsmap.values()
    ):
        return "wordpress"
    if etree.QName(root).localname == "disqus":
        return "disqus"
    _parse(path)  # a broken file is named as such, not as an unknown format
    raise ImportFormatError(f"{path}: neither a WordPress export (WXR) nor a Disqus export")


def read_export(
    path: Path,
    kind: str,
    articles: Mapping[str, Iterable[str]],
    timezone: str = "Europe/Berlin",
    aliases: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read ``path`` as ``kind``; ``articles`` maps our slugs to their other names (title
    slug, file name), ``aliases`` old URLs or slugs to our slugs (from a map file)."""
    found = detect(path)
    if found != kind:
        raise ImportFormatError(f"{path}: this is a {found} export, not a {kind} export")
    items = _wordpress(path, timezone) if kind == "wordpress" else _disqus(path)
    matcher = _Matcher(articles, aliases or {})
    matched, unmatched, skipped = [], [], []
    for item in items:
        if isinstance(item, str):
            skipped.append(item)
            continue
        slug = matcher.match(item.source_url, item.article, item.source_title)
        if slug:
            matched.append(replace(item, article=slug))
        else:
            unmatched.append(replace(item, article=""))
    return ImportResult(tuple(matched), tuple(unmatched), tuple(skipped))


def read_map(path: Path, known: Iterable[str]) -> dict[str, str]:
    """The editors' map file: one ``old URL or old slug,our slug`` per line, ``#`` comments.

    Every target must be one of our slugs; a line that is not is named with its number.
    """
    known = set(known)
    aliases = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"{path}: cannot be read ({error})") from error
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ImportFormatError(
                f"{path}:{number}: expected two columns, the old URL or slug and our slug"
            )
        old, new = row[0].strip(), row[1].strip()
        if new not in known:
            raise ImportFormatError(f'{path}:{number}: "{new}" is the slug of no article')
        aliases[_key(old)] = new
        aliases[old.rstrip("/")] = new
    return aliases


def article_names(content: Path, excluded: Iterable[str]) -> dict[str, list[str]]:
    """Our article slugs (``content/<folders>/*.md``), each with its title's slug and file
    name, to match old posts by; files in ``excluded`` top folders are no articles."""
    excluded = set(excluded)
    names = {}
    for path in sorted(content.rglob("*.md")):
        if path.relative_to(content).parts[0] in excluded:
            continue
        header = check_header(Kind.ARTICLE, str(path), split_source(path.read_text("utf-8")))
        if "title" not in header.values:
            continue
        title = str(header.values["title"])
        slug = str(header.values.get("slug") or slugify_german(title))
        names[slug] = [slugify_german(title), path.stem]
    return names


class _Matcher:
    def __init__(self, articles: Mapping[str, Iterable[str]], aliases: Mapping[str, str]) -> None:
        self.exact = {old: new for old, new in aliases.items() if "/" in old}
        self.by_key: dict[str, str] = {}
        for slug, others in articles.items():
            for other in others:
                self.by_key.setdefault(_key(other), slug)
        for slug in articles:
            self.by_key[slug] = slug  # a slug wins over another article's title
        self.by_key.update({old: new for old, new in aliases.items() if "/" not in old})

    def match(self, url: str, name: str, title: str) -> str:
        if url.rstrip("/") in self.exact:
            return self.exact[url.rstrip("/")]
        for candidate in (name, _last_segment(url), url, title):
            if candidate and _key(candidate) in self.by_key:
                return self.by_key[_key(candidate)]
        return ""


def _key(value: str) -> str:
    return slugify_german(_last_segment(value) or value)


def _last_segment(url: str) -> str:
    path = urlsplit(url).path if "//" in url else url
    parts = [part for part in path.split("/") if part and part not in ("index.html",)]
    return parts[-1].removesuffix(".html").removesuffix(".htm") if parts else ""


def _parse(path: Path) -> etree._ElementTree:
    try:
        return etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except (OSError, etree.XMLSyntaxError) as error:
        raise ImportFormatError(f"{path}: not readable as XML ({error})") from error


def _text(element, name: str) -> str:
    if element is None:
        return ""
    found = next((child for child in element if etree.QName(child).localname == name), None)
    return (found.text or "").strip() if found is not None else ""


def _wordpress(path: Path, timezone: str) -> Iterator[Imported | str]:
    """The comments of a WordPress export, read by the import's streaming reader (one
    item at a time, as ``invoke import wordpress`` reads it)."""
    from wordpress_import.model import Author, Item
    from wordpress_import.wxr import ExportError, iter_export, read_repairing

    def read(repair: bool) -> list[Imported | str]:
        records = iter_export(path, repair=repair)
        return list(_wordpress_records(records, path, timezone, Author, Item))

    try:
        yield from read_repairing(read)[0]
    except ExportError as error:
        raise ImportFormatError(str(error)) from None


def _wordpress_records(records, path: Path, timezone: str, author_type, item_type):
    from wordpress_import.plan import first_date

    # The badge: a comment by the logged-in user who wrote the post (WordPress's user
    # ids, never the typed name).
    user_ids: dict[str, str] = {}
    for record in records:
        if isinstance(record, author_type):
            user_ids[record.login] = record.id
        elif isinstance(record, item_type) and record.comments:
            post_date = first_date(record, timezone)[0]  # for a comment WordPress left undated
            for comment in record.comments:
                yield wordpress_comment(comment, record, path, timezone, user_ids, post_date)


def wordpress_comment(
    comment, post, path: Path, timezone: str, user_ids: Mapping[str, str], fallback=None
) -> Imported | str:
    """One comment of a WordPress export (``wordpress_import.model.Comment`` of the item
    ``post``) as an ``Imported`` record, or why it was left out (in the trash).

    A comment WordPress left without a date is dated ``fallback`` (the post's date) when
    there is one; an unreadable date is ImportFormatError naming file and comment."""
    if comment.approved in WP_GONE:
        return f"WordPress comment {comment.id} was in the trash"
    post_author = user_ids.get(post.creator, "")
    return Imported(
        id=f"wp-{comment.id}",
        article=post.name,
        source_title=post.title,
        source_url=post.link,
        reply_to=f"wp-{comment.parent}" if comment.parent not in ("", "0") else "",
        kind=WP_KINDS.get(comment.type, CommentKind.COMMENT),
        # WordPress keeps names HTML-escaped (a pingback's name is the linking
        # page's title: "Ping 1 &laquo; What&#8217;s new"); git gets the text.
        author=html.unescape(comment.author) or "Anonym",
        email=comment.email,
        website=comment.url,
        # Stored as WordPress shows it (text with a few tags); Markdown here.
        text=html_text_markdown(comment.content.strip()),
        created=_wordpress_date(path, comment, timezone, fallback),
        state=WP_STATES.get(comment.approved, State.PENDING),
        role="author" if post_author and comment.user_id == post_author else "",
    )


def _wordpress_date(path: Path, comment, timezone: str, fallback=None) -> datetime:
    """``comment_date_gmt``, or (when WordPress left it empty) the blog's local time, or
    (when both are empty) ``fallback``."""
    gmt, local = comment.date_gmt, comment.date
    if not any(v and v != WP_NO_DATE for v in (gmt, local)) and fallback is not None:
        return fallback
    value, zone = (gmt, UTC) if gmt and gmt != WP_NO_DATE else (local, ZoneInfo(timezone))
    try:
        return datetime.fromisoformat(value).replace(tzinfo=zone)
    except ValueError:
        raise ImportFormatError(
            f'{path}: WordPress comment {comment.id}: "comment_date_gmt" is "{gmt}" and '
            f'"comment_date" is "{local}"; expected a date such as 2025-03-11 09:15:00'
        ) from None


DISQUS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _disqus(path: Path) -> Iterator[Imported | str]:
    root = _parse(path).getroot()
    threads = {
        t.get(DSQ_ID): (_text(t, "title"), _text(t, "link"), _text(t, "id"))
        for t in root.iter(f"{DISQUS}thread")
        if t.get(DSQ_ID) and len(t)
    }
    # The badge: a post by the account that opened the thread (never the typed name).
    openers = {
        t.get(DSQ_ID): _text(t.find(f"{DISQUS}author"), "username")
        for t in root.iter(f"{DISQUS}thread")
        if t.get(DSQ_ID) and len(t)
    }
    for post in root.iter(f"{DISQUS}post"):
        post_id = post.get(DSQ_ID)
        if _text(post, "isDeleted") == "true":
            yield f"Disqus post {post_id} was deleted"
            continue
        thread = post.find(f"{DISQUS}thread")
        title, link, identifier = threads.get(
            thread.get(DSQ_ID) if thread is not None else None, ("", "", "")
        )
        author = post.find(f"{DISQUS}author")
        parent = post.find(f"{DISQUS}parent")
        created = _text(post, "createdAt")
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise ImportFormatError(
                f'{path}: Disqus post {post_id}: "createdAt" is "{created}"; '
                "expected a date such as 2025-02-02T08:30:00Z"
            ) from None
        if _text(post, "isSpam") == "true":
            state = State.SPAM
        elif _text(post, "isApproved") == "false":
            state = State.PENDING
        else:
            state = State.APPROVED
        yield Imported(
            id=f"disqus-{post_id}",
            article=identifier,
            source_title=title,
            source_url=link,
            reply_to=f"disqus-{parent.get(DSQ_ID)}" if parent is not None else "",
            kind=CommentKind.COMMENT,
            author=html.unescape(_text(author, "name") or _text(author, "username")) or "Anonym",
            email=_text(author, "email"),
            website="",
            text=_text(post, "message"),
            created=moment if moment.tzinfo else moment.replace(tzinfo=UTC),
            state=state,
            role=_disqus_role(
                author, openers.get(thread.get(DSQ_ID) if thread is not None else "")
            ),
        )


def _disqus_role(author, opener: str | None) -> str:
    username = _text(author, "username")
    return "author" if opener and username == opener else ""
