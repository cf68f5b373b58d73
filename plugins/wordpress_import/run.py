"""`invoke import wordpress`: two passes over the export, then the report.

The first pass reads the whole export (so a broken file stops the import before anything
is written) and plans every file and old address; the second converts one item at a
time and writes it. Comments go through the comment importer afterwards.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wordpress_import import content, oldurls
from wordpress_import.convert import Attachment, Context, convert, plain_text
from wordpress_import.files import Files
from wordpress_import.model import Author, Category, Item, Site
from wordpress_import.pictures import Pictures
from wordpress_import.plan import (
    INTERNAL_TYPES,
    Entry,
    ImportPlan,
    Planner,
    Skipped,
    clean_name,
    finish_pages,
    finish_post,
    made_title,
)
from wordpress_import.report import Report
from wordpress_import.wxr import iter_export

SEO_DESCRIPTIONS = ("_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description")


@dataclass
class Options:
    export: Path
    content: Path  # the content folder (settings PATH)
    state: Path  # var/ of the project: the record of written files
    timezone: str = "Europe/Berlin"
    default_category: str = "Allgemein"
    uploads: Path | None = None
    fetch: bool = False
    dry_run: bool = False
    include_private: bool = False
    comments: Callable[[dict[str, list[str]], dict[str, str]], dict] | None = None
    progress: Callable[[str], None] = lambda message: None


@dataclass
class _Read:
    site: Site = field(default_factory=Site)
    authors: dict[str, Author] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    attachments: dict[int, Item] = field(default_factory=dict)
    items: int = 0


def _first_pass(options: Options) -> tuple[_Read, ImportPlan]:
    read = _Read()
    planner = Planner(options.timezone, options.default_category, options.include_private)
    for record in iter_export(options.export):
        if isinstance(record, Site):
            read.site = record
        elif isinstance(record, Author):
            read.authors[record.login] = record
        elif isinstance(record, Category):
            read.categories[record.slug] = record
        else:
            read.items += 1
            if read.items % 500 == 0:
                options.progress(f"  read {read.items} items …")
            if record.type == "attachment":
                read.attachments[record.id] = record.without_content()
            elif record.type in ("post", "page"):
                made = "" if plain_text(record.title) else made_title(record.content)
                planner.add(record.without_content(), made)
            elif record.type in INTERNAL_TYPES:
                planner.plan.internal += 1
            else:
                planner.plan.skipped.append(
                    Skipped(
                        record.id,
                        record.type,
                        plain_text(record.title),
                        f'is of the type "{record.type}", which has no place on our site',
                        True,
                    )
                )
    plan = planner.plan
    finish_pages(plan)
    for entry in plan.entries:
        if entry.kind == "post":
            finish_post(entry, read.categories, options.default_category)
            entry.authors = _authors(entry.item, read.authors, plan)
    return read, plan


def _authors(item: Item, known: dict[str, Author], plan: ImportPlan) -> list[str]:
    logins = [item.creator or "redaktion"]
    logins += [t.slug.removeprefix("cap-") for t in item.terms if t.domain == "author"]
    names = []
    for login in dict.fromkeys(logins):
        author = known.get(login) or Author(login, login)
        author = Author(
            author.login,
            clean_name(author.display_name) or author.login,
            author.first_name,
            author.last_name,
            author.meta,
        )
        plan.authors[login] = author
        names.append(author.display_name)
    return list(dict.fromkeys(names))


def _context(read: _Read, plan: ImportPlan, pictures: Pictures) -> Context:
    attachments = {
        number: Attachment(
            number,
            item.attachment_url or item.guid,
            plain_text(item.title),
            plain_text(item.excerpt),
            plain_text(item.meta.get("_wp_attachment_image_alt", "")),
            item.parent,
            item.menu_order,
        )
        for number, item in read.attachments.items()
    }
    children: dict[int, list[int]] = defaultdict(list)
    for attachment in sorted(attachments.values(), key=lambda a: (a.order, a.id)):
        children[attachment.parent].append(attachment.id)
    urls = {e.item.link: e.url for e in plan.entries if e.status == "published" and e.item.link}
    urls.update({old: new for old, new in plan.redirects if "?" not in old})
    return Context(pictures, attachments, children, urls)


def _summary(entry: Entry, excerpt: str, before_more: str, markdown: str) -> str:
    """The SEO plugin's description, the excerpt, the text before <!--more-->, or the
    first paragraph of text."""
    for key in SEO_DESCRIPTIONS:
        if entry.item.meta.get(key, "").strip():
            return plain_text(entry.item.meta[key])
    if plain_text(excerpt) or before_more:
        return plain_text(excerpt) or before_more
    not_text = ("#", "!", "[", "`", ">", "-", "|", "~", "Einbettung:")
    paragraphs = (p.strip() for p in markdown.split("\n\n"))
    first = next((p for p in paragraphs if p and not p.startswith(not_text)), "")
    return " ".join(re.sub(r"[*_\\]", "", first).split())


def _featured(entry: Entry, context: Context) -> tuple[str | None, str]:
    number = entry.item.meta.get("_thumbnail_id", "").strip()
    attachment = context.attachments.get(int(number)) if number.isdigit() else None
    if attachment is None or not attachment.url:
        return None, ""
    path = context.picture([attachment.url])
    return path, "" if path else attachment.url


def run(options: Options) -> Report:
    options.progress(f"Reading {options.export} …")
    read, plan = _first_pass(options)
    existing_redirects = _existing_redirects(options)
    pages = {e.slug for e in plan.entries if e.kind == "page" and not e.parent}
    for slug in ("impressum", "datenschutz"):
        if slug not in pages and not (options.content / "pages" / f"{slug}.md").exists():
            plan.warnings.append(
                f"the export has no page for /{slug}/, which every page of the site links: "
                f"write content/pages/{slug}.md"
            )
    files = Files(options.content, options.state / "import-wordpress-files.json", options.dry_run)
    pictures = Pictures(
        files,
        read.site.base_blog_url or read.site.link,
        options.uploads,
        options.fetch,
        options.progress,
    )
    author_slugs = {login: content.profile_slug(a) for login, a in plan.authors.items()}
    oldurls.build(plan, read.site, read.categories, read.attachments, author_slugs)
    report = Report(plan=plan, read_items=read.items, dry_run=options.dry_run)
    context = _context(read, plan, pictures)
    entries = {e.item.id: e for e in plan.entries}
    done = 0
    for record in iter_export(options.export):
        if not isinstance(record, Item) or record.id not in entries:
            continue
        entry = entries[record.id]
        if record.type != entry.kind:
            continue
        context.post_id = record.id
        converted = convert(record.content, context)
        summary = _summary(entry, record.excerpt, converted.summary, converted.markdown)
        if entry.kind == "post":
            image, missing = _featured(entry, context)
            if missing:
                converted.missing_pictures.append(missing)
            text = content.article(entry, converted.markdown, summary, image)
        else:
            text = content.page(entry, converted.markdown, summary)
        files.write(entry.path, text.encode("utf-8"))
        report.add_converted(entry, converted, pictures.failures)
        done += 1
        if done % 50 == 0:
            options.progress(f"  converted {done} of {len(entries)} posts and pages …")
    for login, author in sorted(plan.authors.items()):
        files.write(f"authors/{author_slugs[login]}.md", content.profile(author).encode("utf-8"))
    report.redirects_added = _write_redirects(options, plan, existing_redirects)
    files.save()
    report.files = files
    if options.comments is not None and not options.dry_run:
        published = [e for e in plan.entries if e.kind == "post" and e.status == "published"]
        articles = {e.slug: [e.slug, Path(e.path).stem] for e in published}
        aliases = {e.item.link.rstrip("/"): e.slug for e in published if e.item.link}
        report.comments = options.comments(articles, aliases)
    return report


def _existing_redirects(options: Options) -> list:
    """The redirect table as it is (read before anything is written: a broken one stops
    the import with the line to fix)."""
    from redirects.table import read_redirects

    return read_redirects(options.content / "redirects.csv")


def _write_redirects(options: Options, plan: ImportPlan, existing: list) -> int:
    """Add the plan's redirects to content/redirects.csv; rows already there stay as they are."""
    from newsroom.files import write_atomically
    from redirects.table import Redirect, format_redirects

    path = options.content / "redirects.csv"
    known = {r.old for r in existing}
    added = [Redirect(old, new) for old, new in plan.redirects if old not in known]
    if added and not options.dry_run:
        write_atomically(path, format_redirects([*existing, *added]).encode("utf-8"))
    return len(added)
