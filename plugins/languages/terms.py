"""The editors' mapping of categories and tags into every language: ``content/terms.csv``.

UTF-8 CSV with the header row ``kind`` plus one column per language the site publishes
in (``kind,de,en``), then one row per category or tag::

    kind,de,en
    category,PR & Krisenkommunikation,PR & crisis communication
    tag,Recht,Law

An article names its category and tags in its own language (or in the site's: an
English article may write ``Category: PR & Krisenkommunikation``); the row gives the
name in the other language, the slug is made from that name, and the lists of the two
languages know each other (``/kategorie/pr-krisenkommunikation/`` and
``/en/category/pr-crisis-communication/`` are one list in two languages).

Pure: text in, records out; a broken file is a ContentError naming file, line and field.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsroom.files import read_csv_rows
from newsroom.schema import ContentError, Problem
from newsroom.slugs import slugify_german

KINDS = ("category", "tag")


@dataclass(frozen=True)
class Term:
    """One category or tag in every language of the row: names by language code."""

    kind: str
    names: dict[str, str]
    line: int


@dataclass(frozen=True)
class Terms:
    """The rows of the file, found by any of their names (compared by slug)."""

    rows: tuple[Term, ...] = ()
    path: str = ""  # as shown in messages
    _index: dict[tuple[str, str], Term] = field(default_factory=dict, repr=False)

    def find(self, kind: str, name: str) -> Term | None:
        """The row of the category or tag ``name`` (in any language), or None."""
        return self._index.get((kind, slugify_german(name)))

    def name_in(self, kind: str, name: str, lang: str) -> str | None:
        """The name of ``name`` in ``lang``, or None when no row names it."""
        term = self.find(kind, name)
        return term.names.get(lang) if term is not None else None


def read_terms(path: Path, shown: str, languages: Sequence[str]) -> Terms:
    """The mapping in ``path``; an empty one when the file does not exist."""
    if not path.is_file():
        return Terms(path=shown)
    rows = read_csv_rows(path, shown)
    expected = ("kind", *languages)
    header = tuple(cell.strip().lower() for cell in rows[0]) if rows else ()
    if sorted(header) != sorted(expected) or header[:1] != ("kind",):
        found = ",".join(rows[0]) if rows else "nothing"
        raise _error(shown, 1, "", f'is "{found}"; expected the header row "{",".join(expected)}"')
    terms: list[Term] = []
    index: dict[tuple[str, str], Term] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not "".join(row).strip():
            continue
        if len(row) != len(header):
            raise _error(
                shown,
                line,
                "",
                f"has {len(row)} fields; expected {len(header)}, {', '.join(header)} "
                '(put a name with a comma in quotes: "Presse, Medien")',
            )
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        term = _checked(Term(cells.pop("kind").lower(), cells, line), shown)
        for name in term.names.values():
            key = (term.kind, slugify_german(name))
            known = index.get(key)
            if known is not None and known is not term:
                raise _error(
                    shown,
                    line,
                    _column_of(term, name),
                    f'is "{name}", already a {term.kind} of line {known.line}; expected '
                    f"one row per {term.kind}",
                )
            index[key] = term
        terms.append(term)
    return Terms(tuple(terms), shown, index)


def _checked(term: Term, shown: str) -> Term:
    if term.kind not in KINDS:
        raise _error(shown, term.line, "kind", f'is "{term.kind}"; expected category or tag')
    for lang, name in term.names.items():
        if not name:
            raise _error(
                shown,
                term.line,
                lang,
                f"is empty; expected the {term.kind}'s name in this language (a "
                f"{term.kind} of one language needs no row)",
            )
        if not slugify_german(name):
            raise _error(shown, term.line, lang, f'is "{name}", which gives no URL part')
        if "," in name and term.kind == "category":
            raise _error(shown, term.line, lang, f'is "{name}"; a category has no comma')
    return term


def _column_of(term: Term, name: str) -> str:
    return next(lang for lang, value in term.names.items() if value == name)


def _error(shown: str, line: int, field_name: str, message: str) -> ContentError:
    return ContentError(Problem(shown, field_name, message, line=line))


def missing_message(
    kind: str, name: str, lang: str, terms: Terms, languages: Sequence[str], column: str = ""
) -> str:
    """What an editor needs to fill the gap: the row to add to the mapping, with ``name``
    in the column of its language (``column``, default ``lang``: an English article may
    name a German category)."""
    header = ",".join(("kind", *languages))
    column = column or lang
    cells = ",".join(f"<{code}>" if code != column else _quoted(name) for code in languages)
    return (
        f'is "{name}", which {terms.path or "the terms file"} does not name in "{lang}"; '
        f'its page in that language has no counterpart: expected a row "{kind},{cells}" '
        f'below "{header}"'
    )


def _quoted(name: str) -> str:
    return f'"{name}"' if "," in name or '"' in name else name
