"""`invoke import wordpress`: one pass over the export, a plan, every file converted into a
staging folder, then all of it moved into place at once (``transaction.commit``).

The one pass (``wxr.iter_export``) reads authors, categories, menus, attachments and
items with their comments; what is converted later waits in a ``spool.Spool``. Nothing
below ``content/`` changes before the whole export has been read and converted: a broken
export, a broken ``content/redirects.csv`` or a failure while converting leave it as it
was, and a failure while moving the files puts every one of them back.
"""

import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from markdown import Markdown

from newsroom.escaping import plain_markdown
from newsroom.header_source import split_source
from newsroom.progress import Progress
from newsroom.typography import TypographyExtension
from redirects.table import format_redirects, merge_redirects, read_redirects, redirect_key
from wordpress_import import content, oldurls, transaction
from wordpress_import.collect import Read, read_export
from wordpress_import.comment_import import Comments, Queue
from wordpress_import.convert import Context, attachment_key, convert, plain_text
from wordpress_import.files import Files
from wordpress_import.menu import Targets, choose
from wordpress_import.model import Author, Item, Site
from wordpress_import.pictures import Pictures
from wordpress_import.plan import (
    DEFAULT_AUTHOR,
    Entry,
    ImportPlan,
    clean_name,
    finish_pages,
    finish_post,
    settle_schedule,
)
from wordpress_import.report import Report

SEO_DESCRIPTIONS = ("_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description")
MANIFEST = "import-wordpress-files.json"


@dataclass
class Options:
    export: Path
    content: Path  # the content folder (settings PATH)
    state: Path  # var/ of the project: the record of written files, the journal
    timezone: str = "Europe/Berlin"
    default_category: str = "Allgemein"
    uploads: Path | None = None
    fetch: bool = False
    dry_run: bool = False
    include_private: bool = False
    queue: Path | str | None = None  # the comment queue (file or URL); None: comments stay
    comments_folder: str = "comments"  # below the content folder
    menu: str = ""  # the slug of the menu for content/menu.csv ("" to choose)
    note: Callable[[str], None] = lambda message: None  # a line for the terminal
    progress: Callable[..., Progress] = Progress


def run(options: Options) -> Report:
    queue = Queue(options.queue) if options.queue is not None else None
    recovered = transaction.recover(options.state, queue.remove if queue else _nothing)
    if recovered:
        options.note(recovered)
    # Read before anything else: a broken table stops the import with the line to fix.
    existing = read_redirects(options.content / "redirects.csv")
    options.note(f"Reading {options.export} …")
    read, planner = read_export(options)
    try:
        return _import(options, read, planner.plan, planner.now, queue, existing)
    finally:
        read.spool.close()


def _nothing(_ids: list[str]) -> None:
    pass


def _import(
    options: Options, read: Read, plan: ImportPlan, now: datetime, queue, existing: list
) -> Report:
    staging = None
    if not options.dry_run:
        options.state.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="import-wordpress-", dir=options.state))
    comments = None
    try:
        files = Files(options.content, options.state / MANIFEST, staging)
        _finish_plan(options, read, plan, now, files)
        comments = Comments(
            options.timezone, read.user_ids, options.export, _writer(options, files)
        )
        report = _convert(options, read, plan, files, comments)
        merged, added = merge_redirects(existing, plan.redirects)
        report.redirects_added = len(added)
        if added and staging is not None:
            (staging / "redirects.csv").write_text(format_redirects(merged), encoding="utf-8")
        known = queue.existing(comments.states) if queue is not None else set()
        new = [number for number in comments.states if number not in known]
        counted = Counter(comments.states[number] for number in new)
        report.comments = {
            **{state: counted[state] for state in ("approved", "pending", "spam")},
            "left out (in the trash)": comments.trashed,
            "imported before": len(known),
            **report.comments,
        }
        if staging is not None:
            rows = (row for row in comments.rows if row.id not in known)
            _commit(options, staging, files, queue, new, rows, bool(added))
        return report
    finally:
        if comments is not None:
            comments.rows.close()
        # A journal still there names this staging folder: the next import needs it to
        # take back what was moved (transaction.recover); else it is thrown away.
        if staging is not None and not (options.state / transaction.JOURNAL).exists():
            shutil.rmtree(staging, ignore_errors=True)


def _finish_plan(
    options: Options, read: Read, plan: ImportPlan, now: datetime, files: Files
) -> None:
    finish_pages(plan)
    for entry in plan.entries:
        if entry.kind == "post":
            finish_post(entry, read.categories, options.default_category)
            entry.authors = _authors(entry.item, read.authors, plan)
    for entry in plan.entries:  # now that each has its file
        line = settle_schedule(entry, now, _shown_before(files, entry.path))
        if line:
            plan.warnings.append(line)
    pages = {e.slug for e in plan.entries if e.kind == "page" and not e.parent}
    for slug in ("impressum", "datenschutz"):
        if slug not in pages and not (options.content / "pages" / f"{slug}.md").exists():
            plan.warnings.append(
                f"the export has no page for /{slug}/, which every page of the site links: "
                f"write content/pages/{slug}.md"
            )


def _shown_before(files: Files, relative: str) -> bool:
    """Whether an earlier import wrote ``relative`` (it is in its record) and the file
    there is no draft: the site shows it, from its date on."""
    path = files.root / relative
    if relative not in files.hashes or not path.is_file():
        return False
    header = split_source(path.read_text(encoding="utf-8", errors="replace")).header
    return not any(h.key.lower() == "status" and h.value.lower() == "draft" for h in header)


def _authors(item: Item, known: dict[str, Author], plan: ImportPlan) -> list[str]:
    logins = [item.creator] if item.creator else []
    logins += [t.slug.removeprefix("cap-") for t in item.terms if t.domain == "author"]
    if not logins:
        logins = [DEFAULT_AUTHOR.login]
        plan.warnings.append(
            f'{item.type} {item.id} names no author; "Author: {DEFAULT_AUTHOR.display_name}" '
            f"(line {item.line})"
        )
    names = []
    for login in dict.fromkeys(logins):
        author = plan.authors.get(login)
        if author is None:
            author = known.get(login) or (
                DEFAULT_AUTHOR if login == DEFAULT_AUTHOR.login else Author(login, login)
            )
            author = _own_profile(
                replace(author, display_name=clean_name(author.display_name) or author.login),
                plan,
            )
            plan.authors[login] = author
        names.append(author.display_name)
    return list(dict.fromkeys(names))


def _own_profile(author: Author, plan: ImportPlan) -> Author:
    """``author``, renamed when another login's name gives the same profile (the site
    knows an author by the slug of the name: two "Anna Schmidt" would share one page,
    and one profile file would overwrite the other)."""
    taken = {content.profile_slug(a): a.login for a in plan.authors.values()}
    if content.profile_slug(author) not in taken:
        return author
    other = plan.authors[taken[content.profile_slug(author)]]
    number = 2
    renamed = replace(author, display_name=f"{author.display_name} (2)")
    while content.profile_slug(renamed) in taken:
        number += 1
        renamed = replace(author, display_name=f"{author.display_name} ({number})")
    plan.warnings.append(
        f'the WordPress users "{other.login}" and "{author.login}" are both named '
        f'"{author.display_name}" here: the second is "{renamed.display_name}" (rename it '
        f"in its articles and its profile if you like)"
    )
    return renamed


def _site_url(site: Site) -> str:
    return site.base_blog_url or site.link or site.base_site_url


def _context(read: Read, plan: ImportPlan, pictures: Pictures) -> Context:
    children: dict[int, list[int]] = defaultdict(list)
    for attachment in sorted(read.pictures.values(), key=lambda a: (a.order, a.id)):
        children[attachment.parent].append(attachment.id)
    published = [e for e in plan.entries if e.status == "published"]
    urls = {e.item.link: e.url for e in published if e.item.link}
    urls.update({redirect_key(old): new for old, new in plan.redirects})
    hosts = {
        urlsplit(u).hostname or ""
        for u in (read.site.base_blog_url, read.site.base_site_url, read.site.link)
        if u
    }
    return Context(
        picture=pictures,
        attachments=read.pictures,
        media=pictures.media,
        children=children,
        urls=urls,
        old_hosts=frozenset(h for h in hosts if h),
        by_url={attachment_key(a.url): a for a in read.pictures.values() if a.url},
    )


def _summary(entry: Entry, excerpt: str, before_more: str, markdown: str) -> str:
    """The SEO plugin's description, the excerpt, the text before <!--more-->, or the
    first paragraph of text; as the Markdown of the ``Summary`` header, showing that
    text as it is (``C:\\xampp``, ``5*3*2``, ``snake_case``)."""
    for key in SEO_DESCRIPTIONS:
        if entry.item.meta.get(key, "").strip():
            return plain_markdown(plain_text(entry.item.meta[key]))
    if plain_text(excerpt) or before_more:
        return plain_markdown(plain_text(excerpt) or before_more)
    not_text = ("#", "!", "[", "`", ">", "-", "|", "~", "<", "Einbettung:")
    paragraphs = (p.strip() for p in markdown.split("\n\n"))
    first = next((p for p in paragraphs if p and not p.startswith(not_text)), "")
    return plain_markdown(markdown_text(first))


def markdown_text(markdown: str) -> str:
    """The text a paragraph of the converter's Markdown shows: links keep their words,
    escapes their character, as the site's Markdown reads them (its typography lets a
    backslash escape a quote too)."""
    _TEXT_OF.reset()
    return plain_text(_TEXT_OF.convert(markdown))


_TEXT_OF = Markdown(extensions=[TypographyExtension()])


def _featured(entry: Entry, context: Context) -> tuple[str | None, str, str]:
    """The header picture: its path, its alt text, and its address when it is missing."""
    number = entry.item.meta.get("_thumbnail_id", "").strip()
    attachment = context.attachments.get(int(number)) if number.isdigit() else None
    if attachment is None or not attachment.url:
        return None, "", ""
    path = context.picture([attachment.url])
    return path, attachment.alt or attachment.caption, "" if path else attachment.url


def _writer(options: Options, files: Files) -> Callable[[str, str], object]:
    """Where an approved comment's file goes: staged below the comment folder at once."""

    def write(relative: str, text: str) -> object:
        return files.write(f"{options.comments_folder}/{relative}", text.encode("utf-8"))

    return write


def _convert(
    options: Options, read: Read, plan: ImportPlan, files: Files, comments: Comments
) -> Report:
    site_url = _site_url(read.site)
    pictures = Pictures(files, site_url, options.uploads, options.fetch, options.note)
    author_slugs = {login: content.profile_slug(a) for login, a in plan.authors.items()}
    oldurls.build(plan, read.site, read.categories, read.attachments, author_slugs)
    report = Report(plan, site_url, read.items, options.dry_run, files, notices=read.notices)
    context = _context(read, plan, pictures)
    with options.progress("Converting", len(plan.entries), unit="posts and pages") as bar:
        for entry in plan.entries:
            html, excerpt, item_comments = read.spool.get(entry.item.id)
            context.post_id = entry.item.id
            converted = convert(html, context)
            summary = _summary(entry, excerpt, converted.summary, converted.markdown)
            if entry.kind == "post":
                image, alt, missing = _featured(entry, context)
                if missing:
                    converted.missing_pictures.append(missing)
                text = content.article(entry, converted.markdown, summary, image, alt)
            else:
                text = content.page(entry, converted.markdown, summary)
            files.write(entry.path, text.encode("utf-8"))
            report.add_converted(entry, converted, pictures.failures)
            comments.add(entry.item, entry, item_comments)
            bar.advance()
    skipped = {s.id: s for s in plan.skipped if s.type}
    for key, item in read.others.items():
        found = skipped.get(key)
        why = found.reason if found else (f"a {item.type}" if item.type else "an item without type")
        attention = found.attention if found else True
        comments.add(item, None, read.spool.get(key)[2], why, attention)
    for login, author in sorted(plan.authors.items()):
        files.write(f"authors/{author_slugs[login]}.md", content.profile(author).encode("utf-8"))
    report.comments = {
        "skipped": comments.skipped,
        "unmatched": comments.unmatched,
        "warnings": list(dict.fromkeys(comments.warnings)),
    }
    _menu(options, read, plan, files, context, report)
    return report


def _menu(options, read: Read, plan: ImportPlan, files: Files, context, report: Report) -> None:
    published = {e.url for e in plan.entries if e.status == "published"}
    archives = {new for _old, new in plan.redirects if new.startswith(("/kategorie/", "/thema/"))}
    archives |= {
        f"/{kind}/{slug}/"
        for e in plan.entries
        if e.status == "published" and e.kind == "post"
        for kind, slug in [("kategorie", _slug(e.category)), *(("thema", _slug(t)) for t in e.tags)]
    }

    def new_address(url: str) -> str | None:
        found = context.new_address(url)
        path = urlsplit(url).path or "/"
        ours = not urlsplit(url).netloc or (urlsplit(url).hostname or "") in context.old_hosts
        return found or (path if ours and (path in published | archives or path == "/") else None)

    targets = Targets(
        {e.item.id: (e.title, e.url, e.status == "published") for e in plan.entries},
        read.terms["category"],
        read.terms["post_tag"],
        archives,
        new_address,
        context.old_hosts,
        options.default_category,
    )
    menu = choose(read.menus, read.menu_items, options.menu, targets)
    report.menu = {"chosen": menu.chosen, "entries": len(menu.rows), "lines": menu.lines}
    if menu.rows:
        report.menu["file"] = files.write("menu.csv", menu.as_csv().encode("utf-8"))


def _slug(name: str) -> str:
    from newsroom.slugs import slugify_german

    return slugify_german(name)


def _commit(options, staging: Path, files: Files, queue, ids: list, rows, table: bool) -> None:
    """Move the staged files into place and the comments into the queue, all at once."""
    moves = [(staged, options.content / relative) for relative, staged in files.staged.items()]
    if table:
        moves.append((staging / "redirects.csv", options.content / "redirects.csv"))
    manifest = staging / MANIFEST
    manifest.write_bytes(files.manifest_bytes())
    moves.append((manifest, options.state / MANIFEST))
    transaction.commit(
        options.state,
        staging,
        moves,
        ids,
        (lambda: queue.add_all(rows)) if queue is not None and ids else (lambda: None),
        queue.remove if queue is not None else _nothing,
    )
