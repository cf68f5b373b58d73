"""The moderation report (`invoke comments.export --format csv|json`): the queue for the
editorial team, without e-mail addresses; and the list of imported comments that matched
no article (`invoke comments.import`)."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from intake.importers import Imported
from intake.store import Row

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


def write_unmatched(path: Path, unmatched: Iterable[Imported]) -> None:
    """The comments of an import that matched no article, as JSON for the editors."""
    records = [
        {
            "id": item.id,
            "post": item.source_title,
            "url": item.source_url,
            "author": item.author,
            "date": item.created.isoformat(),
            "text": item.text,
        }
        for item in unmatched
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
