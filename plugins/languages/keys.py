"""Translations by their key: the articles (or pages) that carry one ``Translation:`` key
are one text in several languages.

Both files carry the key, so neither needs to know the other's slug, file name or URL:
a translation may have a slug of its own (``/2024/09/zu-wem-gehoert…/`` and
``/en/2024/09/who-owns…/``), and renaming or moving either file keeps them joined.

Pure: it takes plain records of the files and returns the groups and the problems; the
hooks make the records from Pelican's content and log the problems.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsroom.listing import LISTED_STATUS
from newsroom.schema import Problem, Severity

FIELD = "Translation"
HIDDEN = "hidden"


@dataclass(frozen=True)
class Version:
    """One file of a text in one language."""

    key: str  # its Translation value ("" without one)
    lang: str
    path: str  # shown path, for messages
    status: str  # published, hidden or draft (Pelican makes a future date a draft)
    item: Any = None  # the content object it stands for
    date: Any = None  # its Date (pages have none): the oldest version is the original

    @property
    def public(self) -> bool:
        return self.status in (LISTED_STATUS, HIDDEN)


def join(
    versions: Iterable[Version],
    line_of: Callable[[str], int | None],
    what: str = "article",
    skipped: Collection[str] = (),
) -> tuple[dict[str, list[Version]], list[Problem]]:
    """The versions by key (only keys that two or more files carry), and a problem for
    every key that joins nothing or joins two files of one language. ``skipped`` are the
    keys of files the build skipped for their own errors: a key alone for that reason is
    no second problem.

    ``line_of(path)`` is the line of the Translation key in that file. A key carried by
    one file only is a warning (the text is published, just without its translation);
    two files of one language with one key are an error for each, naming the other:
    which of them is the translation could only be guessed.
    """
    by_key: dict[str, list[Version]] = defaultdict(list)
    for version in versions:
        if version.key:
            by_key[version.key].append(version)
    groups: dict[str, list[Version]] = {}
    problems: list[Problem] = []
    for key, members in sorted(by_key.items()):
        members.sort(key=lambda version: version.path)
        if len(members) == 1:
            if key in skipped:
                continue
            only = members[0]
            message = (
                f'is "{key}", but no other {what} has it; expected the same '
                f'"{FIELD}: {key}" in the {what} this one translates (or no {FIELD} line)'
            )
            problems.append(
                Problem(only.path, FIELD, message, Severity.WARNING, line_of(only.path))
            )
            continue
        clashing = _same_language(members)
        for version in clashing:
            others = ", ".join(v.path for v in clashing if v is not version)
            message = (
                f'is "{key}", like in {others}, which is in "{version.lang}" too; expected '
                f"one {what} per language with one key (give one of them another {FIELD})"
            )
            problems.append(Problem(version.path, FIELD, message, line=line_of(version.path)))
        if not clashing:
            groups[key] = members
    return groups, problems


def _same_language(members: Sequence[Version]) -> list[Version]:
    by_language: dict[str, list[Version]] = defaultdict(list)
    for version in members:
        by_language[version.lang].append(version)
    return [v for group in by_language.values() if len(group) > 1 for v in group]


def visible_siblings(version: Version, members: Sequence[Version]) -> list[Version]:
    """The other versions a reader of ``version`` may be sent to: published ones, and
    from a hidden page also hidden ones. A draft (or a scheduled one) is linked nowhere,
    and nothing public links a hidden page."""
    if not version.public:
        return []
    allowed = (LISTED_STATUS, HIDDEN) if version.status == HIDDEN else (LISTED_STATUS,)
    return [v for v in members if v is not version and v.status in allowed]


def original(members: Sequence[Version], default: str) -> Version:
    """The version the others translate: the oldest, and of two of one day the one in the
    site's own language (pages have no date: the site's own language)."""

    def rank(version: Version) -> tuple:
        day = version.date.date() if version.date is not None else None
        return (day is None, day or 0, version.lang != default, version.path)

    return min(members, key=rank)
