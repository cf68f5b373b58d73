"""Approved comments into git: one Markdown file per comment, byte-for-byte reproducible.

The file name is the comment's id (given once, at intake), the header follows the
content contract (Author, Date, Website, Reply-To, Kind) and never holds an e-mail
address. Writing a file that exists with the same bytes changes nothing, so running
the export twice leaves git clean.
"""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from comments.model import CommentKind
from comments.store import Row


def comment_file(row: Row, timezone: str) -> str:
    """The Markdown file of an approved comment."""
    local = datetime.fromisoformat(row.created).astimezone(ZoneInfo(timezone))
    lines = [f"Author: {_one_line(row.author)}", f"Date: {local.isoformat(timespec='minutes')}"]
    if row.website:
        lines.append(f"Website: {_one_line(row.website)}")
    if row.reply_to:
        lines.append(f"Reply-To: {row.reply_to}")
    if row.kind != CommentKind.COMMENT:
        lines.append(f"Kind: {row.kind}")
    body = row.text.strip().replace("\r\n", "\n")
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_comment(row: Row, folder: Path, timezone: str) -> tuple[Path, bool]:
    """Write ``row`` below ``folder``; returns the path and whether anything changed."""
    target = folder / row.article / f"{row.id}.md"
    text = comment_file(row, timezone)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    return target, True


REPORT_FIELDS = (
    "id",
    "state",
    "article",
    "author",
    "created",
    "website",
    "text",
    "spam_reasons",
    "reject_reason",
    "exported_path",
)


def report(rows: Iterable[Row], kind: str) -> str:
    """The moderation report (CSV or JSON) for the editorial team; without e-mail addresses."""
    records = [
        {
            name: (", ".join(getattr(r, name)) if name == "spam_reasons" else getattr(r, name))
            for name in REPORT_FIELDS
        }
        for r in rows
    ]
    if kind == "json":
        return json.dumps(records, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_FIELDS)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def _one_line(value: str) -> str:
    return " ".join(value.split())
