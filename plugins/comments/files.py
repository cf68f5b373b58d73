"""Approved comments into git: one Markdown file per comment, byte-for-byte reproducible.

The file name is the comment's id (given once, at intake), the header follows the
content contract (Author, Date, Website, Reply-To, Kind) and never holds an e-mail
address. Writing a file that exists with the same bytes changes nothing, so running
the export twice leaves git clean. Also here: the moderation report (CSV, JSON).
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from comments.model import CommentKind
from intake.store import Row
from newsroom.files import write_atomically

_REPLY_TO_LINE = re.compile(r"^reply-to:", re.IGNORECASE)


def comment_file(row: Row, timezone: str, reply_to: str | None = None) -> str:
    """The Markdown file of an approved comment; ``reply_to`` overrides the row's parent
    (when that one is not published)."""
    local = datetime.fromisoformat(row.created).astimezone(ZoneInfo(timezone))
    parent = row.reply_to if reply_to is None else reply_to
    lines = [f"Author: {_one_line(row.author)}", f"Date: {local.isoformat(timespec='minutes')}"]
    if row.website:
        lines.append(f"Website: {_one_line(row.website)}")
    if parent:
        lines.append(f"Reply-To: {parent}")
    if row.kind != CommentKind.COMMENT:
        lines.append(f"Kind: {row.kind}")
    if getattr(row, "role", ""):
        lines.append(f"Role: {row.role}")  # only the editors' tools set it
    body = row.text.strip().replace("\r\n", "\n")
    return "\n".join(lines) + "\n\n" + body + "\n"


def write_text(target: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file holds it already; whether it changed."""
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    # Two exports (or a sync beside an export) never share a temporary file.
    write_atomically(target, text.encode("utf-8"), durable=True)
    return True


def set_reply_to(text: str, parent: str) -> str:
    """``text`` of a comment file with its Reply-To line naming ``parent`` (or removed).

    Only the header is touched (it ends at the first blank line), so a body line that
    happens to start with "Reply-To:" stays as it is.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            break
        if _REPLY_TO_LINE.match(line):
            if parent:
                lines[number] = f"Reply-To: {parent}"
            else:
                del lines[number]
            break
    return "\n".join(lines)


def reply_to_of(text: str) -> str:
    """The Reply-To value in the header of a comment file ("" when there is none)."""
    for line in text.split("\n"):
        if not line.strip():
            break
        if _REPLY_TO_LINE.match(line):
            return line.split(":", 1)[1].strip()
    return ""


REPORT_FIELDS = (
    "id",
    "status",
    "article",
    "author",
    "date",
    "website",
    "reply_to",
    "kind",
    "text",
    "spam_reasons",
    "reject_reason",
    "file",
)


def report(rows: Iterable[Row], kind: str, timezone: str) -> str:
    """The moderation report (CSV or JSON) for the editorial team; without e-mail addresses."""
    zone = ZoneInfo(timezone)
    records = [
        {
            "id": r.id,
            "status": r.state,
            "article": r.article,
            "author": r.author,
            "date": datetime.fromisoformat(r.created)
            .astimezone(zone)
            .isoformat(timespec="minutes"),
            "website": r.website,
            "reply_to": r.reply_to,
            "kind": r.kind,
            "text": r.text,
            "spam_reasons": "; ".join(r.spam_reasons) if kind == "csv" else list(r.spam_reasons),
            "reject_reason": r.reject_reason,
            "file": r.exported_path,
        }
        for r in rows
    ]
    if kind == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_FIELDS)
    writer.writeheader()
    writer.writerows({k: _inert_cell(v) for k, v in record.items()} for record in records)
    return buffer.getvalue()


def _inert_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a commenter's "=HYPERLINK(…)" must not run
    as a formula on the editor's machine (OWASP, "CSV injection")."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _one_line(value: str) -> str:
    return " ".join(value.split())
