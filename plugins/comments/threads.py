"""Approved comments in git: reading ``content/comments/<slug>/<id>.md`` and threading them.

Pure: text in, frozen records and problems out. A comment's Markdown is rendered and
then sanitised with nh3 (the Rust ammonia library): only a small set of tags survives,
links get ``rel="nofollow ugc noopener"``, and only http, https and mailto URLs stay.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import nh3

from comments.model import Comment, CommentKind, CommentThread
from newsroom.headers import Kind, Problem, check_header, parse_iso_date, split_source
from newsroom.slugs import slugify_german

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise(html: str) -> str:
    """HTML a commenter may use; everything else (script, style, events…) is removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


@dataclass(frozen=True)
class CommentFile:
    """One comment file, checked and rendered."""

    article_slug: str  # the folder name
    comment: Comment
    source: str  # the file, relative to the project root
    reply_line: int | None = None


def read_comment(
    display_path: str, text: str, render_markdown: Callable[[str], str], timezone: str
) -> tuple[CommentFile | None, tuple[Problem, ...]]:
    """Parse one comment file; None when it breaks the contract."""
    source = split_source(text)
    header = check_header(Kind.COMMENT, display_path, source)
    if header.errors:
        return None, header.problems
    values = header.values
    date = parse_iso_date(str(values["date"]))
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo(timezone))
    path = PurePosixPath(display_path)
    website = str(values.get("website", ""))
    comment = Comment(
        id=path.stem,
        author=str(values["author"]),
        date=date,
        website=website if website.startswith(("http://", "https://")) else "",
        reply_to=str(values.get("reply-to", "")),
        kind=str(values.get("kind", CommentKind.COMMENT)),
        body_html=sanitise(render_markdown(source.body)),
    )
    return CommentFile(
        path.parent.name, comment, display_path, header.lines.get("reply-to")
    ), header.problems


def build_thread(
    files: Iterable[CommentFile], author_names: Iterable[str], is_open: bool
) -> tuple[CommentThread, tuple[Problem, ...]]:
    """Nest replies in their parents; mark comments by the article's authors."""
    authors = {slugify_german(name) for name in author_names}
    problems: list[Problem] = []
    ordered = sorted(files, key=lambda f: (f.comment.date, f.comment.id))
    known = {f.comment.id for f in ordered}
    children: dict[str, list[Comment]] = {}
    top, mentions = [], []
    for item in ordered:
        comment = replace(
            item.comment, by_article_author=slugify_german(item.comment.author) in authors
        )
        if comment.kind != CommentKind.COMMENT:
            mentions.append(comment)
        elif comment.reply_to and comment.reply_to not in known:
            problems.append(
                Problem(
                    item.source,
                    "Reply-To",
                    f'is "{comment.reply_to}", but '
                    "this article has no comment with that id; expected the "
                    "file name (without .md) of another comment",
                    line=item.reply_line,
                )
            )
        elif comment.reply_to:
            children.setdefault(comment.reply_to, []).append(comment)
        else:
            top.append(comment)

    def nest(comment: Comment, depth: int = 0) -> Comment:
        replies = children.get(comment.id, [])
        if depth > 50:  # a Reply-To cycle cannot happen (parents are older) but stay safe
            return comment
        return replace(comment, replies=tuple(nest(r, depth + 1) for r in replies))

    threads = tuple(nest(c) for c in top)
    count = sum(1 for _ in _walk(threads))
    return CommentThread(threads, tuple(mentions), count, is_open), tuple(problems)


def _walk(comments: Iterable[Comment]):
    for comment in comments:
        yield comment
        yield from _walk(comment.replies)
