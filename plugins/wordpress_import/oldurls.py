"""Every old address of the WordPress blog that has a new home on our site.

Posts and pages (their permalink, ``?p=``, ``?page_id=``, the guid), attachment pages,
category, tag and author archives, month archives and the feeds. Only published
content is a target: drafts and scheduled posts have no page yet.
"""

from collections.abc import Mapping
from urllib.parse import quote

from newsroom.slugs import slugify_german
from redirects.table import redirect_key
from wordpress_import.categories import category_notes
from wordpress_import.model import Category, Item, Site
from wordpress_import.plan import (
    Entry,
    ImportPlan,
    add_redirect,
    blog_prefix,
    old_path,
)

FEEDS = ("feed/", "feed/atom/", "feed/rss/", "feed/rss2/", "feed/rdf/")
SITE_FEED = "/feeds/atom.xml"


def _category_path(slug: str, categories: Mapping[str, Category]) -> str:
    chain, seen = [slug], {slug}
    parent = categories.get(slug)
    while parent is not None and parent.parent and parent.parent not in seen:
        seen.add(parent.parent)
        chain.insert(0, parent.parent)
        parent = categories.get(parent.parent)
    return "/".join(chain)


def _page_path(entry: Entry, pages: Mapping[int, Item], prefix: str) -> str:
    """``/ueber-uns/team/`` from the WordPress slugs of the page and its parents ("" when
    one of them has none, or a parent was not imported)."""
    names: list[str] = []
    item: Item | None = entry.item
    while item is not None:
        if not item.name:
            return ""
        names.insert(0, item.name)
        if not item.parent:
            break
        item = pages.get(item.parent)
        if item is None or len(names) > len(pages):  # not imported, or a loop
            return ""
    return f"{prefix}/{'/'.join(names)}/"


def build(
    plan: ImportPlan,
    site: Site,
    categories: Mapping[str, Category],
    attachments: Mapping[int, Item],
    author_slugs: Mapping[str, str],
) -> None:
    """Fill ``plan.redirects`` (old site path, new site path)."""
    prefix = blog_prefix(site)
    published = [e for e in plan.entries if e.status == "published"]
    taken = {redirect_key(e.url) for e in plan.entries} | {"/"}
    by_id = {e.item.id: e for e in published}
    pages = {e.item.id: e.item for e in plan.entries if e.kind == "page"}
    for entry in published:
        item, query = entry.item, "page_id" if entry.kind == "page" else "p"
        for old in (item.link, item.guid):
            add_redirect(plan, old_path(old, prefix), entry.url, taken)
        add_redirect(plan, f"{prefix}/?{query}={item.id}", entry.url, taken)
        if entry.kind == "page":
            # WordPress's pretty path of a page: its parents' slugs and its own. It differs
            # from ours when a slug had to change (the report says which and why).
            add_redirect(plan, _page_path(entry, pages, prefix), entry.url, taken)
        if entry.kind == "post":
            link = old_path(item.link, prefix)
            if link and "?" not in link:
                add_redirect(plan, link.rstrip("/") + "/feed/", entry.url, taken)
    for attachment in attachments.values():
        parent = by_id.get(attachment.parent)
        if parent is not None:
            add_redirect(plan, old_path(attachment.link, prefix), parent.url, taken)
            add_redirect(plan, f"{prefix}/?attachment_id={attachment.id}", parent.url, taken)
    _archives(plan, published, categories, prefix, taken)
    # Here, once every post has its category: which categories were renamed or merged.
    plan.warnings += category_notes(plan.entries, categories)
    authors = {e_author for e in published for e_author in e.authors}
    for login, slug in author_slugs.items():
        author = plan.authors.get(login)
        if author is not None and author.display_name in authors:
            add_redirect(plan, f"{prefix}/author/{quote(login)}/", f"/autor/{slug}/", taken)
    for feed in FEEDS:
        add_redirect(plan, f"{prefix}/{feed}", SITE_FEED, taken)
    add_redirect(plan, f"{prefix}/?feed=rss2", SITE_FEED, taken)
    add_redirect(plan, f"{prefix}/?feed=atom", SITE_FEED, taken)


def _archives(plan, published, categories, prefix: str, taken: set[str]) -> None:
    our_categories = {slugify_german(e.category) for e in published}
    our_tags = {slugify_german(t) for e in published for t in e.tags}
    # Each term by the name the plan gave it ("Uncategorized" is our default category).
    terms: dict[tuple[str, str], str] = {}
    for entry in published:
        for key, name in entry.term_names.items():
            terms.setdefault(key, name)
    for (domain, slug), name in sorted(terms.items()):
        ours = slugify_german(name)
        if ours in our_categories and domain == "category":
            target = f"/kategorie/{ours}/"
        elif ours in our_tags:
            target = f"/thema/{ours}/"
        elif ours in our_categories:
            target = f"/kategorie/{ours}/"
        else:
            continue
        base = "category" if domain == "category" else "tag"
        paths = {slug, _category_path(slug, categories)} if domain == "category" else {slug}
        for path in sorted(paths):
            add_redirect(plan, f"{prefix}/{base}/{path}/", target, taken)
            add_redirect(plan, f"{prefix}/{base}/{path}/feed/", f"{target}atom.xml", taken)
        query = "cat" if domain == "category" else "tag"
        if domain == "post_tag":
            add_redirect(plan, f"{prefix}/?{query}={slug}", target, taken)
    months = sorted({(e.date.year, e.date.month) for e in published if e.kind == "post"})
    for year, month in months:
        add_redirect(plan, f"{prefix}/{year}/{month:02d}/", f"/{year}/", taken)
