"""The one pass over the export: what it gathers for the plan and the conversion.

Authors, categories, tags and menus are kept; attachments as small records (their alt text
and caption for the pictures); posts and pages are planned as they come, their text and
comments set aside in the spool; menu entries kept for the menu; everything else counted
or listed. An export of an old WordPress with unescaped ``]]>`` in CDATA is read a second
time through ``cdata.repaired`` (``wxr.read_repairing``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wordpress_import.convert import Attachment, plain_text
from wordpress_import.model import Author, Category, Item, Menu, Notice, Site
from wordpress_import.plan import INTERNAL_TYPES, Planner, Skipped, made_title, rss_date
from wordpress_import.spool import Spool
from wordpress_import.wxr import iter_export, read_repairing

if TYPE_CHECKING:  # run.py holds the options and calls this module
    from wordpress_import.run import Options

OLD_CDATA = (
    'the export has "]]>" unescaped inside CDATA (an export of WordPress before 3.1); '
    "it was read the way WordPress's importer reads it"
)


@dataclass
class Read:
    """What the one pass over the export found."""

    spool: Spool
    site: Site = field(default_factory=Site)
    authors: dict[str, Author] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)  # by slug
    terms: dict[str, dict[str, Category]] = field(default_factory=lambda: defaultdict(dict))
    menus: list[Menu] = field(default_factory=list)
    attachments: dict[int, Item] = field(default_factory=dict)
    pictures: dict[int, Attachment] = field(default_factory=dict)
    menu_items: list[Item] = field(default_factory=list)
    others: dict[int, Item] = field(default_factory=dict)  # not imported, with comments
    notices: list[str] = field(default_factory=list)
    items: int = 0

    @property
    def user_ids(self) -> dict[str, str]:
        """WordPress login -> user id (a comment's comment_user_id names it: the badge)."""
        return {login: author.id for login, author in self.authors.items()}


def read_export(options: "Options") -> tuple[Read, Planner]:
    """The one pass; an old export with unescaped CDATA is read through ``cdata``."""
    (read, planner), repaired = read_repairing(lambda repair: _read(options, repair))
    if repaired:
        read.notices.insert(0, OLD_CDATA)
    return read, planner


def _read(options: "Options", repair: bool) -> tuple[Read, Planner]:
    read = Read(Spool())
    planner = Planner(options.timezone, options.default_category, options.include_private)
    seen: dict[int, int] = {}  # WordPress id -> line
    size = options.export.stat().st_size
    try:
        with options.progress("Reading the export", size, unit="bytes") as bar:
            for record in iter_export(options.export, bar.update, repair):
                _take(record, read, planner, seen)
    except BaseException:
        read.spool.close()
        raise
    return read, planner


def _take(record, read: Read, planner: Planner, seen: dict[int, int]) -> None:
    if isinstance(record, Notice):
        read.notices.append(f"line {record.line}: {record.message}")
    elif isinstance(record, Site):
        read.site = record
        planner.export_date = rss_date(record.pub_date, planner.timezone) or planner.export_date
    elif isinstance(record, Author):
        read.authors.setdefault(record.login, record)
    elif isinstance(record, Category):
        read.terms[record.taxonomy].setdefault(record.term_id, record)
        if record.taxonomy == "category":
            read.categories.setdefault(record.slug, record)
    elif isinstance(record, Menu):
        read.menus.append(record)
    else:
        read.items += 1
        _take_item(record, read, planner, seen)


def _take_item(item: Item, read: Read, planner: Planner, seen: dict[int, int]) -> None:
    title = plain_text(item.title)
    if not item.type:
        reason = f"has no wp:post_type (line {item.line}); WordPress skips it too"
        planner.plan.skipped.append(Skipped(item.id, "", title, reason, True))
        if item.comments:
            read.others.setdefault(-item.line, item.slim())  # its id may be missing or taken
            read.spool.put(-item.line, item)
        return
    if item.type in INTERNAL_TYPES:
        planner.plan.internal += 1
        if item.type == "nav_menu_item":
            read.menu_items.append(item.slim())
        return
    if item.id in seen:
        reason = f"has the id of the item on line {seen[item.id]} (line {item.line})"
        planner.plan.skipped.append(Skipped(item.id, item.type, title, reason, True))
        return
    seen[item.id] = item.line
    if item.type == "attachment":
        read.attachments[item.id] = item.slim()
        read.pictures[item.id] = Attachment(
            item.id,
            item.attachment_url or item.guid,
            title,
            plain_text(item.excerpt),
            plain_text(item.meta.get("_wp_attachment_image_alt", "")),
            item.parent,
            item.menu_order,
        )
    elif item.type in ("post", "page"):
        made = "" if title else made_title(item.content)
        if planner.add(item.slim(), made) is not None:
            read.spool.put(item.id, item)
            return
    else:
        reason = f'is of the type "{item.type}", which has no place on our site'
        planner.plan.skipped.append(Skipped(item.id, item.type, title, reason, True))
    if item.comments:
        read.others[item.id] = item.slim()
        read.spool.put(item.id, item)
