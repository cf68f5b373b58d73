"""The import's report: what came along, what did not and why; printed and kept as JSON."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from wordpress_import.convert import Converted
from wordpress_import.files import (
    KEPT_DELETED,
    KEPT_EDITED,
    KEPT_FOREIGN,
    UNCHANGED,
    UPDATED,
    WRITTEN,
)
from wordpress_import.plan import Entry, ImportPlan


@dataclass
class Report:
    plan: ImportPlan
    read_items: int = 0
    dry_run: bool = False
    files: object = None  # files.Files, once written
    redirects_added: int = 0
    comments: dict = field(default_factory=dict)
    unknown_shortcodes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unknown_embeds: list[dict] = field(default_factory=list)
    missing_pictures: list[dict] = field(default_factory=list)
    pictures: set[str] = field(default_factory=set)

    def add_converted(self, entry: Entry, converted: Converted, failures: dict[str, str]) -> None:
        for name in sorted(converted.unknown_shortcodes):
            self.unknown_shortcodes[name].append(entry.path)
        for url in converted.missing_pictures:
            reason = failures.get(url, "not found (give --uploads DIR or --fetch)")
            self.missing_pictures.append({"file": entry.path, "url": url, "reason": reason})
        for url in converted.unknown_embeds:
            self.unknown_embeds.append({"file": entry.path, "url": url})
        self.pictures.update(converted.pictures)

    @property
    def needs_attention(self) -> bool:
        """Something the user may need was not carried over."""
        return bool(
            any(s.attention for s in self.plan.skipped)
            or self.missing_pictures
            or self.comments.get("unmatched")
        )

    def counts(self) -> dict:
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for entry in self.plan.entries:
            by_kind[entry.kind][entry.status] += 1
        for skipped in self.plan.skipped:
            by_kind[skipped.type]["skipped"] += 1
        counts = {kind: dict(sorted(c.items())) for kind, c in sorted(by_kind.items())}
        counts["author"] = len(self.plan.authors)
        counts["picture"] = len(self.pictures)
        counts["internal items skipped"] = self.plan.internal
        return counts

    def as_json(self) -> dict:
        files = self.files
        outcomes = files.outcomes if files is not None else {}
        return {
            "dry_run": self.dry_run,
            "items_read": self.read_items,
            "counts": self.counts(),
            "files": {
                o: sum(1 for v in outcomes.values() if v == o)
                for o in (WRITTEN, UPDATED, UNCHANGED)
            },
            "not_overwritten": [
                {"file": f"content/{p}", "why": o}
                for p, o in sorted(outcomes.items())
                if o in (KEPT_EDITED, KEPT_FOREIGN, KEPT_DELETED)
            ],
            "skipped": [
                {
                    "id": s.id,
                    "type": s.type,
                    "title": s.title,
                    "reason": s.reason,
                    "needs_attention": s.attention,
                }
                for s in self.plan.skipped
            ],
            "warnings": list(self.plan.warnings),
            "unknown_shortcodes": {k: v for k, v in sorted(self.unknown_shortcodes.items())},
            "unknown_embeds": self.unknown_embeds,
            "missing_pictures": self.missing_pictures,
            "category_choices": [
                {"file": e.path, "category": e.category, "as_tags": e.tags_from_categories}
                for e in self.plan.entries
                if e.tags_from_categories
            ],
            "sticky": [e.path for e in self.plan.entries if e.item.sticky],
            "redirects": {"planned": len(self.plan.redirects), "added": self.redirects_added},
            "comments": self.comments,
            "needs_attention": self.needs_attention,
        }

    def lines(self, limit: int = 10) -> list[str]:
        """The report for the terminal: each list cut after ``limit`` lines (the JSON
        file has everything)."""
        data = self.as_json()
        out = ["Imported:" if not self.dry_run else "Would import (dry run, nothing written):"]
        for kind, counts in data["counts"].items():
            if isinstance(counts, dict):
                out.append(f"  {kind}: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
            else:
                out.append(f"  {kind}: {counts}")
        out.append("  files: " + ", ".join(f"{n} {o}" for o, n in data["files"].items()))
        sections = [
            [f"  not overwritten: {i['file']} ({i['why']})" for i in data["not_overwritten"]],
            [
                f'  skipped: {i["type"]} {i["id"]} "{i["title"]}": {i["reason"]}'
                for i in data["skipped"]
            ],
            [f"  warning: {w}" for w in data["warnings"]],
            [
                f"  unknown shortcode [{name}] kept as text in {', '.join(sorted(set(paths)))}"
                for name, paths in data["unknown_shortcodes"].items()
            ],
            [
                f"  embed of an unknown platform kept as a link: {i['url']} in {i['file']}"
                for i in data["unknown_embeds"]
            ],
            [
                f"  missing picture (kept as a link): {i['url']} in {i['file']}: {i['reason']}"
                for i in data["missing_pictures"]
            ],
            [
                f'  category: {i["file"]} is in "{i["category"]}"; tags now: '
                + ", ".join(i["as_tags"])
                for i in data["category_choices"]
            ],
            [f"  sticky in WordPress: {path}" for path in data["sticky"]],
        ]
        for lines in sections:
            out += lines[:limit]
            if len(lines) > limit:
                out.append(f"  … and {len(lines) - limit} more like this in the JSON report")
        if self.comments:
            counts = ", ".join(f"{n} {k}" for k, n in self.comments.items() if isinstance(n, int))
            out.append(f"  comments: {counts}")
            unmatched = self.comments.get("unmatched", [])
            out += [
                f"  comment {c['id']} matched no article: {c['url']}" for c in unmatched[:limit]
            ]
        out.append(
            f"  redirects: {data['redirects']['planned']} old addresses, "
            f"{data['redirects']['added']} new in content/redirects.csv"
        )
        return out
