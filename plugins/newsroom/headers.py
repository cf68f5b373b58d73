"""The content contract: the header keys of every kind of content file, and their checks.

docs/writing.md ("Content conventions") documents the same keys for editors. Every plugin
reads headers through this module, so a key is defined once; a new key goes into
``FIELDS`` and into docs/writing.md, never into one plugin alone.

The module is pure: it takes text and paths and returns frozen records, so the
rules are unit-tested without a Pelican build.
"""

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.article_rules import CROSS_FIELD_RULES, ReportProblem
from newsroom.header_source import HeaderLine, Source, split_source
from newsroom.schema import (
    COMMENT_KINDS,
    COMMENT_STATES,
    DEFAULT_TIMEZONE,
    DISCLOSURE_KINDS,
    FIELDS,
    PATH_SEGMENT_KEYS,
    STATUSES,
    TYPES,
    ContentError,
    Field,
    FieldType,
    Kind,
    Problem,
    Severity,
    field_of,
)
from newsroom.text import first_unfit_character, unfit_message
from newsroom.values import (
    DATE_EXAMPLE,
    InvalidValue,
    normalise_content_path,
    parse_iso_date,
    parse_value,
    shortened,
    split_list,
)

# The schema and the value helpers are re-exported: plugins import the whole contract
# from this module.
__all__ = [
    "COMMENT_KINDS",
    "COMMENT_STATES",
    "DATE_EXAMPLE",
    "DEFAULT_TIMEZONE",
    "DISCLOSURE_KINDS",
    "FIELDS",
    "PATH_SEGMENT_KEYS",
    "STATUSES",
    "TYPES",
    "ContentError",
    "Field",
    "FieldType",
    "HeaderLine",
    "Kind",
    "Problem",
    "Severity",
    "Source",
    "field_of",
    "normalise_content_path",
    "parse_iso_date",
    "split_list",
    "split_source",
]


@dataclass(frozen=True)
class Header:
    """The checked header: values by lower-case key, their lines, and what was wrong."""

    values: dict[str, str | list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def check_header(
    kind: Kind,
    path: str,
    source: Source,
    content_root: Path | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    languages: Collection[str] = (),
) -> Header:
    """Check ``source``'s header against the contract for ``kind``.

    ``path`` is how the file is named in messages (relative to the project root);
    ``content_root`` is where FILE values are looked up (skipped when None);
    ``timezone`` is what a date without an offset means; ``languages`` are the ones the
    site publishes in (NEWSROOM_LANGUAGES), which a ``Lang`` must name (not checked
    when empty).
    """
    fields = {f.name: f for f in FIELDS[kind]}
    problems: list[Problem] = []
    values: dict[str, str | list[str]] = {}
    lines: dict[str, int] = {}

    def problem(
        spec_key: str, message: str, line: int | None, severity: Severity = Severity.ERROR
    ) -> None:
        problems.append(Problem(path, spec_key, message, severity, line))

    for item in source.header:
        _read_line(item, fields, values, lines, problem, content_root)

    missing = [spec for spec in fields.values() if spec.required and spec.name not in lines]
    if missing and source.stray is not None:
        # One cause, one message: the keys below this line are "missing" only because
        # the header ended there.
        problem("", _stray_line_message(source.stray, bool(source.header)), source.stray.line)
        return Header(values, lines, tuple(problems))
    for spec in missing:
        problem(spec.key, f"is missing; expected {_expectation(spec)}", None)

    if languages and values.get("lang") and values["lang"] not in languages:
        known = ", ".join(languages)
        message = f'is "{values.pop("lang")}"; the site publishes in {known}: expected one of them'
        problem("Lang", f"{message} (NEWSROOM_LANGUAGES)", lines["lang"])
    rules = CROSS_FIELD_RULES.get(kind)
    if rules:
        rules(values, lines, source, problem, ZoneInfo(timezone))
    return Header(values, lines, tuple(problems))


def _read_line(
    item: HeaderLine,
    fields: dict[str, Field],
    values: dict[str, str | list[str]],
    lines: dict[str, int],
    problem: ReportProblem,
    content_root: Path | None,
) -> None:
    """Read one header line into ``values`` and ``lines``, or report what is wrong."""
    name = item.key.lower()
    spec = fields.get(name)
    character = first_unfit_character(item.value)
    if spec is None:
        if character is not None:
            problem(item.key, unfit_message(character), item.line)
        unknown = _unknown_key_message(item.key, fields.values())
        problem(item.key, unknown, item.line, Severity.WARNING)
        return
    if name in lines:
        problem(spec.key, f"is given twice (lines {lines[name]} and {item.line})", item.line)
        return
    lines[name] = item.line
    if character is not None:  # a feed could not carry it, nor a page show it
        problem(spec.key, unfit_message(character), item.line)
        return
    if not item.value:
        if spec.required:
            problem(spec.key, f"is empty; expected {_expectation(spec)}", item.line)
        return
    try:
        values[name] = parse_value(spec, item.value, content_root)
    except InvalidValue as invalid:
        problem(spec.key, str(invalid), item.line)
        return
    if spec.warn_above and len(item.value) > spec.warn_above:  # the contract's warning
        length = f"has {len(item.value)} characters; {spec.shown_where} show about"
        problem(spec.key, f"{length} {spec.warn_above}", item.line, Severity.WARNING)


def _stray_line_message(stray: HeaderLine, after_header: bool) -> str:
    where = "ends the header" if after_header else "is where the header should start"
    return (
        f'"{shortened(stray.value)}" {where}, but it is not a "Key: value" line; '
        'expected "Key: value" header lines from the first line on (e.g. "Title: …"), '
        "then a blank line, then the text"
    )


def _expectation(spec: Field) -> str:
    match spec.type:
        case FieldType.DATE:
            return DATE_EXAMPLE
        case FieldType.CHOICE | FieldType.CHOICE_LIST:
            return "one of: " + ", ".join(spec.choices)
        case FieldType.LIST:
            return "a comma-separated list"
        case _:
            return "a value"


def _unknown_key_message(key: str, fields: Iterable[Field]) -> str:
    known = [f.key for f in fields]
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6) or difflib.get_close_matches(
        key.lower(), [k.lower() for k in known], n=1, cutoff=0.6
    )
    hint = f' (did you mean "{_spelled(guess[0], known)}"?)' if guess else ""
    return f"is not a known header key{hint}; known keys: {', '.join(known)}"


def _spelled(guess: str, known: list[str]) -> str:
    return next((k for k in known if k.lower() == guess.lower()), guess)
