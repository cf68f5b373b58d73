"""Approved comments in git: reading ``content/comments/<slug>/<id>.md`` and threading them.

Pure: text in, frozen records and problems out. A comment's Markdown is rendered and
then sanitised with nh3 (the Rust ammonia library): only a small set of tags survives,
links get ``rel="nofollow ugc noopener"``, and only http, https and mailto URLs stay.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import nh3

from comments.files import COMMENT_ID, ID_EXPECTATION
from comments.model import Comment, CommentKind, CommentThread
from newsroom.headers import Kind, Problem, check_header, parse_iso_date, split_source

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
    """Parse one comment file; None when it breaks the contract.

    The date is shown in the site's time zone, whatever offset the file gives, so that
    a thread never mixes summer time and UTC.
    """
    path = PurePosixPath(display_path)
    if not COMMENT_ID.match(path.stem):
        return None, (
            Problem(
                display_path,
                "",
                f'has the name "{path.name}", which is no comment id: it becomes the '
                f"anchor #comment-<id>; {ID_EXPECTATION} plus .md",
            ),
        )
    source = split_source(text)
    header = check_header(Kind.COMMENT, display_path, source)
    if header.errors:
        return None, header.problems
    values = header.values
    reply_to = str(values.get("reply-to", ""))
    if reply_to and not COMMENT_ID.match(reply_to):
        return None, (
            *header.problems,
            Problem(
                display_path,
                "Reply-To",
                f'is "{reply_to}"; {ID_EXPECTATION}',
                line=header.lines["reply-to"],
            ),
        )
    zone = ZoneInfo(timezone)
    date = parse_iso_date(str(values["date"]))
    date = date.replace(tzinfo=zone) if date.tzinfo is None else date.astimezone(zone)
    website = str(values.get("website", ""))
    comment = Comment(
        id=path.stem,
        author=str(values["author"]),
        date=date,
        website=website if website.startswith(("http://", "https://")) else "",
        reply_to=reply_to,
        kind=str(values.get("kind", CommentKind.COMMENT)),
        body_html=sanitise(render_markdown(source.body)),
        role=str(values.get("role", "")),
    )
    return CommentFile(
        path.parent.name, comment, display_path, header.lines.get("reply-to")
    ), header.problems


def build_thread(
    files: Iterable[CommentFile], is_open: bool
) -> tuple[CommentThread, tuple[Problem, ...]]:
    """Nest replies in their parents; mark the replies the editors wrote as the author.

    A Reply-To that names no comment of this article, names a pingback, or runs in a
    circle is a problem naming the file: such a reply would otherwise vanish unseen.
    """
    ordered = sorted(files, key=lambda f: (f.comment.date, f.comment.id))
    by_id = {f.comment.id: f for f in ordered}
    problems: list[Problem] = []
    broken: set[str] = set()
    children: dict[str, list[Comment]] = {}
    top: list[Comment] = []
    mentions: list[Comment] = []
    for item in ordered:
        # The badge comes from the Role header that only the editors' tools write, never
        # from the name: a reader could type an author's name into the form.
        comment = replace(item.comment, by_article_author=item.comment.role == "author")
        parent = by_id.get(comment.reply_to)
        if comment.kind != CommentKind.COMMENT:
            mentions.append(comment)
        elif not comment.reply_to:
            top.append(comment)
        elif parent is None or parent.comment.kind != CommentKind.COMMENT:
            what = "no comment" if parent is None else f"a {parent.comment.kind}"
            problems.append(
                _reply_problem(
                    item,
                    f"this article has {what} with that id; expected the file name "
                    "(without .md) of another comment of the same article",
                )
            )
            broken.add(comment.id)
        else:
            children.setdefault(comment.reply_to, []).append(comment)

    def nest(comment: Comment) -> Comment:
        placed.add(comment.id)
        return replace(comment, replies=tuple(nest(r) for r in children.get(comment.id, [])))

    placed: set[str] = set()
    threads = tuple(nest(c) for c in top)
    problems += _circles(ordered, by_id, placed, broken)
    count = sum(1 for _ in _walk(threads))
    return CommentThread(threads, tuple(mentions), count, is_open), tuple(problems)


def _reply_problem(item: CommentFile, reason: str) -> Problem:
    return Problem(
        item.source,
        "Reply-To",
        f'is "{item.comment.reply_to}", but {reason}',
        line=item.reply_line,
    )


def _circles(
    ordered: list[CommentFile], by_id: dict[str, CommentFile], placed: set[str], broken: set[str]
) -> list[Problem]:
    """One problem per circle of replies (a → b → a), named at its oldest comment."""
    problems, seen = [], set(placed)
    for item in ordered:
        if item.comment.kind != CommentKind.COMMENT or item.comment.id in seen:
            continue
        chain, current = [], item
        while current is not None and current.comment.id not in seen:
            seen.add(current.comment.id)
            chain.append(current.comment.id)
            current = by_id.get(current.comment.reply_to)
        if current is None or current.comment.id not in chain or current.comment.id in broken:
            continue  # below a reply that is reported already
        circle = chain[chain.index(current.comment.id) :]
        first = min((by_id[i] for i in circle), key=lambda f: (f.comment.date, f.comment.id))
        route = " → ".join([*circle, circle[0]])
        problems.append(
            _reply_problem(
                first,
                f"the replies run in a circle ({route}); expected each Reply-To to name "
                "an older comment",
            )
        )
    return problems


def _walk(comments: Iterable[Comment]) -> Iterator[Comment]:
    for comment in comments:
        yield comment
        yield from _walk(comment.replies)
