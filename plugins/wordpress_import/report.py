"""The import's report: what came along, what did not and why; printed and kept as JSON.

Each finding is listed once (a picture missing from a post is one line, however often the
post shows it). The terminal shows the first ten lines of each list; the JSON file has
all of them, in a dry run too.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin

from wordpress_import.convert import Converted
from wordpress_import.files import (
    KEPT_DELETED,
    KEPT_EDITED,
    KEPT_FOREIGN,
    UNCHANGED,
    UPDATED,
    WRITTEN,
    Files,
)
from wordpress_import.plan import Entry, ImportPlan

NOT_FOUND = "not found (give --uploads DIR or --fetch)"


@dataclass
class Report:
    plan: ImportPlan
    site_url: str = ""
    read_items: int = 0
    dry_run: bool = False
    files: Files | None = None
    redirects_added: int = 0
    comments: dict = field(default_factory=dict)
    menu: dict = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # what the reader tolerated
    unknown_shortcodes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unknown_embeds: list[dict] = field(default_factory=list)
    missing_pictures: list[dict] = field(default_factory=list)
    missing_media: list[dict] = field(default_factory=list)
    missing_alt: list[dict] = field(default_factory=list)
    left_out: list[dict] = field(default_factory=list)
    old_links: list[dict] = field(default_factory=list)
    pictures: set[str] = field(default_factory=set)
    media: set[str] = field(default_factory=set)

    def add_converted(self, entry: Entry, converted: Converted, failures: dict[str, str]) -> None:
        file = entry.path
        for name in sorted(converted.unknown_shortcodes):
            self.unknown_shortcodes[name].append(file)
        for found, url in _once(converted.missing_pictures, self.missing_pictures):
            found.append({"file": file, "url": url, "reason": self._why(url, failures)})
        for found, url in _once(converted.missing_media, self.missing_media):
            found.append({"file": file, "url": url, "reason": self._why(url, failures)})
        for found, picture in _once(converted.missing_alt, self.missing_alt):
            found.append({"file": file, "picture": picture})
        for found, url in _once(converted.unknown_embeds, self.unknown_embeds):
            found.append({"file": file, "url": url})
        for found, what in _once(converted.dropped, self.left_out):
            found.append({"file": file, "what": what})
        for found, url in _once(converted.old_links, self.old_links):
            found.append({"file": file, "url": url})
        self.pictures.update(converted.pictures)
        self.media.update(converted.media)

    def _why(self, url: str, failures: dict[str, str]) -> str:
        absolute = urljoin(self.site_url.rstrip("/") + "/", url.strip())
        return failures.get(url) or failures.get(absolute) or NOT_FOUND

    @property
    def needs_attention(self) -> bool:
        """Something the user may need was not carried over."""
        return bool(
            any(s.attention for s in self.plan.skipped)
            or self.missing_pictures
            or self.missing_media
            or self.old_links
            or self.comments.get("unmatched")
        )

    def counts(self) -> dict:
        by_kind: dict[str, Counter] = defaultdict(Counter)
        for entry in self.plan.entries:
            by_kind[entry.kind][entry.status] += 1
        for skipped in self.plan.skipped:
            by_kind[skipped.type or "(no type)"]["skipped"] += 1
        counts = {kind: dict(sorted(c.items())) for kind, c in sorted(by_kind.items())}
        counts["author"] = len(self.plan.authors)
        counts["picture"] = len(self.pictures)
        counts["video and audio"] = len(self.media)
        counts["internal items skipped"] = self.plan.internal
        return counts

    def as_json(self) -> dict:
        outcomes = self.files.outcomes if self.files is not None else {}
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
            "warnings": list(dict.fromkeys(self.plan.warnings)),
            "read_anyway": self.notices,
            "unknown_shortcodes": {
                k: sorted(set(v)) for k, v in sorted(self.unknown_shortcodes.items())
            },
            "unknown_embeds": self.unknown_embeds,
            "missing_pictures": self.missing_pictures,
            "missing_video_and_audio": self.missing_media,
            "pictures_without_alt_text": self.missing_alt,
            "left_out": self.left_out,
            "links_to_the_old_blog": self.old_links,
            "category_choices": [
                {"file": e.path, "category": e.category, "as_tags": e.tags_from_categories}
                for e in self.plan.entries
                if e.tags_from_categories
            ],
            "sticky": [e.path for e in self.plan.entries if e.item.sticky],
            "menu": self.menu,
            "redirects": {"planned": len(self.plan.redirects), "added": self.redirects_added},
            "comments": self.comments,
            "needs_attention": self.needs_attention,
        }

    def lines(self, limit: int = 10) -> list[str]:
        """The report for the terminal: each list cut after ``limit`` lines (the JSON
        file has everything)."""
        data = self.as_json()
        out = ["Imported:" if not self.dry_run else "Would import (dry run, no content written):"]
        for kind, counts in data["counts"].items():
            if isinstance(counts, dict):
                out.append(f"  {kind}: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
            else:
                out.append(f"  {kind}: {counts}")
        out.append("  files: " + ", ".join(f"{n} {o}" for o, n in data["files"].items()))
        for lines in _sections(data):
            out += lines[:limit]
            if len(lines) > limit:
                out.append(f"  … and {len(lines) - limit} more like this in the JSON report")
        if self.comments:
            counts = ", ".join(f"{n} {k}" for k, n in self.comments.items() if isinstance(n, int))
            out.append(f"  comments: {counts}")
        out.append(
            f"  redirects: {data['redirects']['planned']} old addresses, "
            f"{data['redirects']['added']} new in content/redirects.csv"
        )
        return out


def _once(found: list, listed: list):
    """Each distinct value of ``found`` (in order) with the list to add it to."""
    for value in dict.fromkeys(found):
        yield listed, value


def _sections(data: dict) -> list[list[str]]:
    comments = data["comments"] or {}
    menu = data["menu"] or {}
    return [
        [f"  not overwritten: {i['file']} ({i['why']})" for i in data["not_overwritten"]],
        [
            f'  skipped: {i["type"]} {i["id"]} "{i["title"]}": {i["reason"]}'
            for i in data["skipped"]
        ],
        [f"  warning: {w}" for w in data["warnings"]],
        [f"  read anyway: {n}" for n in data["read_anyway"]],
        [
            f"  unknown shortcode [{name}] kept as text in {', '.join(paths)}"
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
            f"  missing video or audio (kept as a link): {i['url']} in {i['file']}: {i['reason']}"
            for i in data["missing_video_and_audio"]
        ],
        [
            f"  picture without alt text: {i['picture']} in {i['file']} (describe it)"
            for i in data["pictures_without_alt_text"]
        ],
        [f"  left out: {i['what']} in {i['file']}" for i in data["left_out"]],
        [
            f"  link to the old blog without a new address: {i['url']} in {i['file']}"
            for i in data["links_to_the_old_blog"]
        ],
        [
            f'  category: {i["file"]} is in "{i["category"]}"; tags now: ' + ", ".join(i["as_tags"])
            for i in data["category_choices"]
        ],
        [f"  sticky in WordPress: {path}" for path in data["sticky"]],
        [f"  menu: {line}" for line in menu.get("lines", [])],
        [
            f"  comment {c['id']} matched no article ({c['reason']}): {c['url']}"
            for c in comments.get("unmatched", [])
        ],
        [f"  comment: {w}" for w in comments.get("warnings", [])],
    ]
