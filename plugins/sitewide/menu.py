"""The header menu: ``content/menu.csv``, kept by the editors (or written by the WordPress
import), read and checked; the default menu without that file; which entry a page belongs
to. Pure: text and paths in, records out.

The file is UTF-8 CSV with the header row ``label,url`` and one row per entry, in menu
order; ``url`` is a site path starting with "/" (``/kategorie/social-media/``) or an
absolute ``https://`` address.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsroom.files import read_csv_rows
from newsroom.schema import ContentError, Problem

HEADER = ("label", "url")
LONGEST_LABEL = 40  # a menu entry is a word or two; a sentence pushed into it is a mistake


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str  # as written: "/kategorie/social-media/" or "https://…"
    line: int = 0  # in menu.csv; 0 for the default menu

    @property
    def external(self) -> bool:
        return not self.url.startswith("/")

    @property
    def path(self) -> str:
        """A site path as Pelican writes URLs (``kategorie/social-media/``, "" for the
        home page), without query and fragment; "" for an external address."""
        if self.external:
            return ""
        return self.url.split("#", 1)[0].split("?", 1)[0].lstrip("/")


def read_menu(path: Path, shown_path: str) -> tuple[MenuEntry, ...]:
    """The entries of ``path``; ContentError naming ``shown_path``, the line and the field
    for anything else than the contract above."""
    rows = read_csv_rows(path, shown_path)
    if not rows or tuple(cell.strip().lower() for cell in rows[0]) != HEADER:
        found = ",".join(rows[0]) if rows else "nothing"
        raise _error(shown_path, 1, "", f'is "{found}"; expected the header row "label,url"')
    entries: list[MenuEntry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not "".join(row).strip():
            continue
        if len(row) != len(HEADER):
            raise _error(
                shown_path,
                line,
                "",
                f"has {len(row)} fields; expected two, the label and the url "
                '(put a label with a comma in quotes: "PR, Presse",/kategorie/pr/)',
            )
        label, url = (cell.strip() for cell in row)
        entries.append(_checked(MenuEntry(label, url, line), shown_path))
        if url in seen:
            raise _error(
                shown_path, line, "url", f'is "{url}", already the url of line {seen[url]}'
            )
        seen[url] = line
    if not entries:
        raise _error(shown_path, 1, "", "has no entries; expected one row per menu entry")
    return tuple(entries)


def _checked(entry: MenuEntry, shown_path: str) -> MenuEntry:
    if not entry.label:
        raise _error(shown_path, entry.line, "label", "is empty; expected the text of the entry")
    if len(entry.label) > LONGEST_LABEL:
        raise _error(
            shown_path,
            entry.line,
            "label",
            f'is "{entry.label}"; expected at most {LONGEST_LABEL} characters',
        )
    url = entry.url
    site_path = url.startswith("/") and not url.startswith("//")
    address = url.startswith("https://") and len(url) > len("https://")
    if not (site_path or address) or any(character.isspace() for character in url):
        raise _error(
            shown_path,
            entry.line,
            "url",
            f'is "{url}"; expected a site path starting with "/", such as '
            "/kategorie/social-media/, or an address starting with https://",
        )
    return entry


def _error(shown_path: str, line: int, field: str, message: str) -> ContentError:
    return ContentError(Problem(shown_path, field, message, line=line))


def default_menu(sections: Iterable[tuple[str, str, int]], size: int) -> tuple[MenuEntry, ...]:
    """Without menu.csv: the ``size`` categories with the most articles, largest first
    (``sections`` are name, URL and number of articles). Never every category: a site
    with thirty would get a header of thirty links. (The hooks add the interviews' list
    when the site has interviews.)"""
    biggest = sorted(sections, key=lambda section: (-section[2], section[0].casefold()))
    return tuple(MenuEntry(name, "/" + url) for name, url, _count in biggest[:size])


def current_marks(
    entries: Sequence[MenuEntry], own_path: str, section_paths: Iterable[str] = ()
) -> list[str | None]:
    """The ``aria-current`` value of each entry on the page at ``own_path``: "page" for the
    entry of this very page, "true" for the section it belongs to; None for the others.

    ``section_paths`` are the lists the page belongs to, the most telling first (for an
    interview the interviews' list before its category). At most one entry is marked: the
    one of the page itself, else the longest that holds the page's own path (page 2 of a
    category), else the longest that holds its first section that has one. The home
    page's "/" holds only itself.
    """
    own = own_path.lstrip("/")
    unmarked: list[str | None] = [None] * len(entries)
    for index, entry in enumerate(entries):
        if not entry.external and entry.path == own:
            unmarked[index] = "page"
            return unmarked
    for path in (own, *(section.lstrip("/") for section in section_paths)):
        holders = [
            index
            for index, entry in enumerate(entries)
            if not entry.external and entry.path and path.startswith(entry.path)
        ]
        if holders:
            unmarked[max(holders, key=lambda index: len(entries[index].path))] = "true"
            return unmarked
    return unmarked


def missing_targets(entries: Iterable[MenuEntry], output: Path) -> list[MenuEntry]:
    """The entries whose site path is no file the build wrote into ``output``."""
    missing = []
    for entry in entries:
        if entry.external:
            continue
        target = output / entry.path
        if not (target / "index.html").is_file() and not (entry.path and target.is_file()):
            missing.append(entry)
    return missing
