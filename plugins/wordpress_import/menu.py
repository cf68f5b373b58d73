"""The header menu from the export's WordPress menu: ``content/menu.csv``.

The file's form is the site's (docs, "Writing"): UTF-8 CSV with the header ``label,url``,
one row per entry in menu order, ``url`` a site path (``/kategorie/social-media/``) or an
absolute ``https://`` address; the theme reads it. An export names no theme location, so
the menu is chosen by name (primary, main, header, Haupt…, Navigation), else the one with
the most entries that lead somewhere; ``--menu SLUG`` chooses another. The header menu is
one row: sub-entries, placeholders (``#``), entries pointing at drafts or at nothing
imported, and a second entry for one address are left out and listed. WordPress's
"Uncategorized" is our default category, so its entry leads to that archive.
"""

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsroom.slugs import slugify_german
from wordpress_import.categories import category_names, term_name
from wordpress_import.convert import plain_text
from wordpress_import.model import Category, Item, Menu, Term

_HEADER_NAMES = re.compile(r"primary|main|haupt|header|kopf|top|navigation|\bnav\b", re.I)


@dataclass
class MenuPlan:
    chosen: str = ""  # the menu's slug
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, url
    lines: list[str] = field(default_factory=list)  # for the report

    def as_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["label", "url"])
        writer.writerows(self.rows)
        return buffer.getvalue()


@dataclass(frozen=True)
class Targets:
    """Where menu entries can point on the new site."""

    entries: Mapping[int, tuple[str, str, bool]]  # WordPress id -> (title, url, published)
    categories: Mapping[str, Category]  # by term id
    tags: Mapping[str, Category]  # by term id
    archives: set[str]  # our category and tag paths that exist
    new_address: Callable[[str], str | None]  # an old address -> our path
    old_hosts: frozenset[str] = frozenset()  # the old blog's host names
    default_category: str = "Allgemein"  # what WordPress's "Uncategorized" is called here


def choose(menus: list[Menu], items: list[Item], wanted: str, targets: Targets) -> MenuPlan:
    """The menu to use and its rows; ``wanted`` a slug given with ``--menu`` ("" to choose)."""
    plan = MenuPlan()
    by_menu: dict[str, list[Item]] = {m.slug: [] for m in menus}
    for item in items:
        for term in item.terms:
            if term.domain == "nav_menu":
                by_menu.setdefault(term.slug, []).append(item)
    if not any(by_menu.values()):
        plan.lines.append("the export has no menu; the theme shows its default menu")
        return plan
    resolved = {slug: _rows(entries, targets) for slug, entries in by_menu.items()}
    if wanted and wanted not in by_menu:
        names = ", ".join(sorted(by_menu))
        raise ValueError(f'--menu "{wanted}" is no menu of the export; it has: {names}')
    named = sorted(slug for slug in by_menu if by_menu[slug] and _HEADER_NAMES.search(slug))
    chosen = wanted or (named[0] if named else "")
    if not chosen:
        chosen = max(sorted(resolved), key=lambda slug: len(resolved[slug][0]))
    plan.chosen = chosen
    plan.rows, left_out = resolved[chosen]
    others = [s for s in sorted(by_menu) if s != chosen and by_menu[s]]
    plan.lines.append(
        f'"{chosen}" with {len(plan.rows)} entries is content/menu.csv'
        + (f" (other menus: {', '.join(others)}; choose one with --menu SLUG)" if others else "")
    )
    plan.lines += left_out
    return plan


def _rows(items: list[Item], targets: Targets) -> tuple[list[tuple[str, str]], list[str]]:
    rows, left_out = [], []
    for item in sorted(items, key=lambda i: (i.menu_order, i.id)):
        found_label, url, reason = _target(item, targets)
        label = plain_text(item.title) or found_label
        shown = label or f"menu item {item.id}"
        if item.meta.get("_menu_item_menu_item_parent", "0").strip() not in ("", "0"):
            left_out.append(f'sub-entry "{shown}" left out (the header menu is one row)')
            continue
        if not url or not label:
            left_out.append(f'entry "{shown}" left out: {reason or "it has no label"}')
            continue
        # The site takes each address once in its menu (a second would stop the build),
        # and two WordPress entries can lead to one page here ("Uncategorized" and our
        # default category, an old address and its page).
        earlier = next((row_label for row_label, row_url in rows if row_url == url), None)
        if earlier is not None:
            left_out.append(f'entry "{shown}" left out: it leads to {url}, like "{earlier}"')
            continue
        rows.append((label, url))
    return rows, left_out


def _target(item: Item, targets: Targets) -> tuple[str, str, str]:
    """(label of the target, our address, why there is none)."""
    kind = item.meta.get("_menu_item_type", "")
    number = item.meta.get("_menu_item_object_id", "").strip()
    if kind == "post_type":
        found = targets.entries.get(int(number)) if number.isdigit() else None
        if found is None:
            return "", "", "it points at something that was not imported"
        title, url, published = found
        return (title, url, "") if published else (title, "", "it points at a draft")
    if kind == "taxonomy":
        terms = targets.categories if item.meta.get("_menu_item_object") == "category" else {}
        terms = terms or targets.tags
        term = terms.get(number)
        if term is None:
            return "", "", "it points at a category or tag the export does not have"
        # The name the import gave the term, as for the posts and the old archive's
        # redirect: "Bar › Foo" beside a "Foo", and WordPress's "Uncategorized" is our
        # default category (its archive is where /category/uncategorized/ leads).
        names = category_names({c.slug: c for c in targets.categories.values()})
        plain = Term(term.taxonomy, term.slug, term.name)
        name = term_name(plain, targets.default_category, names)
        for path in (f"/kategorie/{slugify_german(name)}/", f"/thema/{slugify_german(name)}/"):
            if path in targets.archives:
                return name, path, ""
        return term.name, "", "no imported post is in that category or tag"
    url = item.meta.get("_menu_item_url", "").strip()
    if not url or url.startswith("#"):
        return "", "", "a placeholder without address"
    ours = targets.new_address(url)
    if ours:
        return "", ours, ""
    if (urlsplit(url).hostname or "") in targets.old_hosts:
        return "", "", f"{url} is an address of the old blog that has no page here"
    if url.startswith("https://"):
        return "", url, ""
    return "", "", f"{url} is no https:// address (the menu takes site paths and https://)"
