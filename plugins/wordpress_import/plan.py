"""Decisions made before anything is written: which items come along, their slugs, files,
dates, category, tags and authors, and which old address goes where.

Pure: the records of the first pass over the export in, an ``ImportPlan`` out.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from newsroom.escaping import texturized_dashes
from newsroom.slugs import MAX_SLUG_LENGTH, shorten_slug, slug_for_title, slugify_german
from newsroom.urls import RESERVED_WORDS
from redirects.table import normalise_old, old_problem, redirect_key
from wordpress_import.categories import (
    category_names,
    is_default,
    term_name,
)
from wordpress_import.categories import (
    clean_name as clean_name,  # run.py and the tests take it from here
)
from wordpress_import.convert import plain_text
from wordpress_import.model import Author, Category, Item, Site

# Types WordPress keeps for itself; skipping them loses nothing an editor wrote.
INTERNAL_TYPES = frozenset(
    [
        "nav_menu_item",
        "revision",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",
        "wp_block",
        "wp_template",
        "wp_template_part",
        "wp_global_styles",
        "wp_navigation",
        "wp_font_family",
        "wp_font_face",
        "feedback",
        "jp_pay_order",
        "jp_pay_product",
    ]
)
NO_DATE = "0000-00-00 00:00:00"
# Top-level names our site uses itself; a page slug must not take them.
# Pages our site links itself (footer, comment form) under a slug of its own.
SITE_PAGES = {
    "datenschutz": ("datenschutzerklaerung", "datenschutzerklarung", "privacy-policy", "privacy"),
    "impressum": ("imprint", "legal-notice", "impressum-2"),
}
# Who wrote a post whose export names nobody (dc:creator empty).
DEFAULT_AUTHOR = Author("redaktion", "Redaktion")


@dataclass
class Entry:
    item: Item
    kind: str  # "post" or "page"
    title: str
    slug: str
    path: str  # below content/
    url: str  # the new site path, "/2019/03/slug/"
    status: str  # published, draft or scheduled
    date: datetime
    modified: datetime | None
    authors: list[str] = field(default_factory=list)
    category: str = ""
    tags: list[str] = field(default_factory=list)
    tags_from_categories: list[str] = field(default_factory=list)
    parent: str = ""  # pages: the parent pages' slugs joined by "/"
    title_made: bool = False
    # posts: (domain, WordPress slug) of each category and tag -> the name it has here
    term_names: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    id: int
    type: str
    title: str
    reason: str
    attention: bool  # whether the user may need it (then the import ends with status 1)


@dataclass
class ImportPlan:
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    internal: int = 0
    authors: dict[str, Author] = field(default_factory=dict)  # login -> author with posts
    redirects: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_date(local: str, gmt: str, timezone: str) -> datetime | None:
    """The moment of a WordPress date pair in the site's time zone (gmt wins)."""
    zone = ZoneInfo(timezone)
    for value, source_zone in ((gmt, UTC), (local, zone)):
        if value and value != NO_DATE:
            try:
                return datetime.fromisoformat(value).replace(tzinfo=source_zone).astimezone(zone)
            except ValueError:
                continue
    return None


def rss_date(value: str, timezone: str) -> datetime | None:
    """An RSS date (``Tue, 09 Apr 2013 13:37:45 +0000``) in the site's time zone."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if moment.year < 1971:  # WordPress writes 1970 or year 0 for "no date"
        return None
    zone = ZoneInfo(timezone)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)


def first_date(item: Item, timezone: str) -> tuple[datetime | None, str]:
    """The item's date and, when ``post_date`` was empty, what stood in for it."""
    date = parse_date(item.date, item.date_gmt, timezone)
    if date is not None:
        return date, ""
    date = parse_date(item.modified, item.modified_gmt, timezone)
    if date is not None:
        return date, "its last change"
    date = rss_date(item.pub_date, timezone)
    return (date, "its RSS pubDate") if date is not None else (None, "")


def made_title(content: str) -> str:
    words = plain_text(content).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "") if words else ""


def _status(item: Item, include_private: bool) -> tuple[str, str, bool]:
    """(our status, reason for skipping, attention)."""
    if item.password and not include_private:
        return "", "password-protected (import it as a draft with --private)", True
    match item.status:
        case "publish":
            return ("draft" if item.password else "published"), "", False
        case "draft" | "pending" | "":
            return "draft", "", False
        case "future":
            return "scheduled", "", False
        case "private":
            if include_private:
                return "draft", "", False
            return "", "private (import it as a draft with --private)", True
        case "trash":
            return "", "in the trash", False
        case "auto-draft" | "inherit":
            return "", "an automatic draft WordPress keeps for itself", False
    return "", f'has the unknown status "{item.status}"', True


class Planner:
    def __init__(
        self,
        timezone: str,
        default_category: str,
        include_private: bool = False,
        export_date: datetime | None = None,
        now: datetime | None = None,
    ):
        self.timezone = timezone
        # The moment of the import: a scheduled post whose date has passed by then is
        # settled once its file is known (``settle_schedule``).
        self.now = now or datetime.now(UTC)
        self.default_category = default_category
        self.include_private = include_private
        # A post without any date is dated like the export, else like the epoch: never
        # "now", so that importing the same export twice writes the same file.
        self.export_date = export_date or datetime(1970, 1, 1, tzinfo=ZoneInfo(timezone))
        self.plan = ImportPlan()
        # Slugs taken so far (-> the item's id), one table per kind: the build knows an
        # article by its slug among articles and a page by its slug among pages (Pelican
        # files a second one of a slug as a "translation"), but a post's /2019/03/team/
        # and a page's /team/ or /ueber-uns/team/ never meet.
        self.slugs: dict[str, dict[str, int]] = {"post": {}, "page": {}}

    def unique(self, item: Item, slug: str) -> str:
        """``slug``, or, when another item of its kind has it or it is one of our site's
        own top-level names (pages only), the first free ``slug-2``, ``slug-3`` …; a
        change is reported."""
        taken = self.slugs.setdefault(item.type, {})
        reserved = RESERVED_WORDS if item.type == "page" else frozenset()
        wanted, number = slug, 2
        while slug in taken or slug in reserved:
            suffix = f"-{number}"
            slug, number = shorten_slug(wanted, MAX_SLUG_LENGTH - len(suffix)) + suffix, number + 1
        taken[slug] = item.id
        if slug != wanted:
            why = (
                f"of {item.type} {taken[wanted]}"
                if wanted in taken
                else "that our site uses for its own pages"
            )
            self.warn(item, f'has the slug "{wanted}" {why}; it is "{slug}" now')
        return slug

    def warn(self, item: Item, message: str) -> None:
        self.plan.warnings.append(item_warning(item, message))

    def add(self, item: Item, made: str) -> Entry | None:
        """Plan one post or page (``made``: a title from the first words, if it has none)."""
        status, reason, attention = _status(item, self.include_private)
        title = texturized_dashes(plain_text(item.title))  # as WordPress showed it
        if not status:
            self.plan.skipped.append(Skipped(item.id, item.type, title, reason, attention))
            return None
        if not item.status:
            self.warn(item, "has no wp:status; imported as a draft")
        date, stand_in = first_date(item, self.timezone)
        if date is None:
            date = self.export_date.astimezone(ZoneInfo(self.timezone)).replace(microsecond=0)
            if status == "published":
                status = "draft"
            self.warn(item, f"has no date; imported as a draft dated {date:%Y-%m-%d %H:%M}")
        elif stand_in:
            self.warn(item, f"has no wp:post_date; dated by {stand_in}, {date:%Y-%m-%d %H:%M}")
        modified = parse_date(item.modified, item.modified_gmt, self.timezone)
        if modified is not None and modified.replace(second=0) <= date.replace(second=0):
            modified = None
        entry = Entry(item, item.type, title, "", "", "", status, date, modified)
        if not title:
            entry.title, entry.title_made = made or f"Ohne Titel ({item.id})", True
            self.warn(item, f'has no title; it is called "{entry.title}" now')
        slug = slugify_german(unquote(item.name))
        if len(slug) > MAX_SLUG_LENGTH:
            self.warn(item, f"has a slug of {len(slug)} characters; cut to {MAX_SLUG_LENGTH}")
            slug = shorten_slug(slug)
        slug = slug or slug_for_title(entry.title)
        if item.type == "page" and not item.parent:
            ours = next((s for s, old in SITE_PAGES.items() if slug in old), "")
            if ours and ours not in self.slugs["page"]:
                self.plan.warnings.append(f'page "{slug}" is our "{ours}" page now: /{ours}/')
                slug = ours
        entry.slug = self.unique(item, slug or f"{item.type}-{item.id}")
        self.plan.entries.append(entry)
        return entry


def item_warning(item: Item, message: str) -> str:
    """A line of the report about one item: its type, id, what happened and its line."""
    return f"{item.type} {item.id} {message} (line {item.line})"


def settle_schedule(entry: Entry, now: datetime, shown_before: bool) -> str:
    """The status of a scheduled post (or page) whose date has passed by ``now``, and the
    report's line about it ("" when its date is still to come).

    Such a post did not appear in WordPress (its cron missed it, or the export was made
    before it was due), so its first import makes it a draft: the import does not publish
    what WordPress did not. But when its file from an earlier import is there and is no
    draft (``shown_before``: the import wrote it while the date was still to come, or an
    editor published it since), our site has shown it from its date on, and importing
    again must not take it offline: it stays published, and its file as it is."""
    if entry.status != "scheduled" or entry.date > now:
        return ""
    when = f"{entry.date:%Y-%m-%d %H:%M}"
    if shown_before:
        entry.status = "published"
        return item_warning(
            entry.item,
            f"was scheduled for {when}, which has passed; its file from an earlier import is "
            "no draft (the site has shown it since that date), so it stays published",
        )
    entry.status = "draft"
    return item_warning(
        entry.item, f"was scheduled for {when}, which has passed: imported as a draft"
    )


def finish_pages(plan: ImportPlan) -> None:
    """Paths of pages: a child page lives below its parent (content/pages/ueber-uns/team.md)."""
    pages = {e.item.id: e for e in plan.entries if e.kind == "page"}
    for entry in pages.values():
        chain, parent, seen = [], pages.get(entry.item.parent), {entry.item.id}
        while parent is not None and parent.item.id not in seen:
            seen.add(parent.item.id)
            chain.insert(0, parent.slug)
            parent = pages.get(parent.item.parent)
        entry.parent = "/".join(chain)
        entry.url = f"/{entry.parent}/{entry.slug}/" if chain else f"/{entry.slug}/"
        entry.path = f"pages/{entry.parent + '/' if chain else ''}{entry.slug}.md"


def finish_post(entry: Entry, categories: dict[str, Category], default_category: str) -> None:
    entry.url = f"/{entry.date:%Y}/{entry.date:%m}/{entry.slug}/"
    entry.path = f"{entry.date:%Y}/{entry.slug}.md"
    listed = [t for t in entry.item.terms if t.domain == "category"]
    primary_id = entry.item.meta.get("_yoast_wpseo_primary_category") or entry.item.meta.get(
        "rank_math_primary_category"
    )
    by_id = {c.term_id: c.slug for c in categories.values()}
    primary = next((t for t in listed if t.slug == by_id.get(primary_id or "")), None)
    primary = primary or (listed[0] if listed else None)
    names = category_names(categories)
    entry.term_names = {
        (t.domain, t.slug): term_name(t, default_category, names)
        for t in entry.item.terms
        if t.domain in ("category", "post_tag")
    }
    if primary is None or is_default(primary):
        entry.category = default_category
    else:
        entry.category = entry.term_names[("category", primary.slug)] or default_category
    # WordPress's default category says nothing about a post: no tag of its own. Each
    # name once: categories of one name are one here (category_notes reports it).
    seen = {slugify_german(entry.category)}
    entry.tags_from_categories = [
        name
        for name in (entry.term_names[("category", t.slug)] for t in listed if not is_default(t))
        if name and not (slugify_german(name) in seen or seen.add(slugify_german(name)))
    ]
    tags = [
        entry.term_names[("post_tag", t.slug)] for t in entry.item.terms if t.domain == "post_tag"
    ]
    seen = set()
    entry.tags = [
        t
        for t in [*tags, *entry.tags_from_categories]
        if t
        and t != entry.category
        and not (slugify_german(t) in seen or seen.add(slugify_german(t)))
    ]


def old_path(url: str, prefix: str = "") -> str:
    """The site path of an old address (with its query); "" for another site's address."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if prefix and not path.startswith(prefix):
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


def blog_prefix(site: Site) -> str:
    return urlsplit(site.base_blog_url or site.link).path.rstrip("/")


def add_redirect(plan: ImportPlan, old: str, new: str, taken: set[str]) -> None:
    """Plan ``old`` -> ``new`` in the table's normal spelling, once per address (all its
    spellings are one), never for an address the new site has a page at (``taken`` holds
    their keys) and never where old and new are one address."""
    old = normalise_old(old) if old else old  # the query as browsers send it, too
    if not old or old_problem(old):
        return
    key = redirect_key(old)
    if key in taken or key == redirect_key(new):
        return
    taken.add(key)
    plan.redirects.append((normalise_old(old), new))
