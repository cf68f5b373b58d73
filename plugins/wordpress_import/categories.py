"""Our names for WordPress's categories and tags.

WordPress tells categories apart by their slug, our site by their name: one name is one
archive (/kategorie/foo/). Here the names are made (``category_names``) and the report's
lines about categories that had to be renamed or merged (``category_notes``).

Pure: records of the export in, names and lines out.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import unquote

from newsroom.slugs import slugify_german
from wordpress_import.convert import plain_text
from wordpress_import.model import Category, Term

if TYPE_CHECKING:  # plan.py holds the entries and asks for names here
    from wordpress_import.plan import Entry

# WordPress's default category (English and German slugs): our DEFAULT_CATEGORY.
DEFAULT_CATEGORY_SLUGS = ("uncategorized", "allgemein")


def clean_name(text: str) -> str:
    """A category, tag or author name that survives our comma lists."""
    return " ".join(plain_text(text).replace(",", " ").replace(";", " ").split())


def is_default(term: Term) -> bool:
    return term.domain == "category" and unquote(term.slug) in DEFAULT_CATEGORY_SLUGS


def term_name(term: Term, default_category: str, categories: Mapping[str, str]) -> str:
    """The name a category or tag has here: WordPress's default category is ours, a
    category of the export's list has its name from ``category_names``."""
    if is_default(term):
        return default_category
    if term.domain == "category" and term.slug in categories:
        return categories[term.slug]
    return clean_name(term.name)


def category_names(categories: Mapping[str, Category]) -> Mapping[str, str]:
    """Our name for each category of the export's list (by its WordPress slug).

    WordPress tells categories apart by their slug, our site by their name (one name,
    one archive: /kategorie/foo/). Where two would have one name, the one at the top
    (else the older one) keeps it and the others are named after their parent
    ("Bar › Foo", at /kategorie/bar-foo/): the archives a reader knew stay apart.
    Categories without a parent to tell them apart are merged (``category_notes``).
    """
    return _category_names(tuple(categories.values()))


@lru_cache(maxsize=4)  # finish_post asks once per post, always for the same list
def _category_names(categories: tuple[Category, ...]) -> Mapping[str, str]:
    names = {c.slug: clean_name(c.name) for c in categories}
    by_slug = {c.slug: c for c in categories}
    renamed = {}
    for group in _same_name(categories).values():
        for category in group[1:]:
            parent = by_slug.get(category.parent)
            if parent is not None and clean_name(parent.name):
                renamed[category.slug] = f"{clean_name(parent.name)} › {names[category.slug]}"
    return MappingProxyType(names | renamed)


def _same_name(categories: Iterable[Category]) -> dict[str, list[Category]]:
    """Categories by the slug of their name, the one that keeps the name first: the one at
    the top, else the older one (the lower term id)."""
    groups: dict[str, list[Category]] = defaultdict(list)
    for category in categories:
        name = clean_name(category.name)
        if name and unquote(category.slug) not in DEFAULT_CATEGORY_SLUGS:
            groups[slugify_german(name)].append(category)
    for group in groups.values():
        group.sort(key=lambda c: (bool(c.parent), _number(c.term_id), c.slug))
    return groups


def _number(term_id: str) -> int:
    return int(term_id) if term_id.isdigit() else 0


def category_notes(entries: list["Entry"], categories: Mapping[str, Category]) -> list[str]:
    """Report lines for the categories of imported posts that were renamed or merged
    (see ``category_names``)."""
    used: dict[str, str] = {}  # WordPress slug -> our name
    for entry in entries:
        for (domain, slug), name in entry.term_names.items():
            if domain == "category" and unquote(slug) not in DEFAULT_CATEGORY_SLUGS:
                used.setdefault(slug, name)
    groups = _same_name(categories.values())
    notes, by_name = [], defaultdict(list)
    for slug, name in sorted(used.items()):
        by_name[slugify_german(name)].append(slug)
        category = categories.get(slug)
        if category is None or name == clean_name(category.name):
            continue
        own = clean_name(category.name)
        keeper = groups[slugify_german(own)][0]
        parent = clean_name(categories[category.parent].name)
        notes.append(
            f'category "{own}" ({slug}, below "{parent}") is "{name}" now: '
            f'the category "{clean_name(keeper.name)}" ({keeper.slug}) keeps the name'
        )
    for slugs in by_name.values():
        if len(slugs) > 1:
            listed = ", ".join(slugs[:-1]) + f" and {slugs[-1]}"
            notes.append(
                f'the categories {listed} are both called "{used[slugs[0]]}": '
                "they are one category here"
            )
    return notes
