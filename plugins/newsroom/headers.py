"""The content contract: the header keys of every kind of content file, and their checks.

README.md ("Content conventions") documents the same keys for editors. Every plugin
reads headers through this module, so a key is defined once; a new key goes into
``FIELDS`` and into the README, never into one plugin alone.

The module is pure: it takes text and paths and returns frozen records, so the
rules are unit-tested without a Pelican build.
"""

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.dates import aware
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
    "Kind",
    "Problem",
    "Severity",
    "field_of",
    "normalise_content_path",
    "parse_iso_date",
    "split_list",
]


_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*)$")
_CONTINUATION_LINE = re.compile(r"^(?: {4}|\t)(?P<value>.*\S.*)$")
_QUESTION = re.compile(r"^###[ \t]+\S", re.MULTILINE)


@dataclass(frozen=True)
class HeaderLine:
    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Source:
    """A content file split into its header lines and its Markdown body."""

    header: tuple[HeaderLine, ...]
    body: str
    body_line: int  # 1-based line number where the body starts
    # A line that ended the header without a blank line before it, e.g. "Date 2024-09-04"
    # (a colon forgotten): when required keys are missing, it is the likely cause.
    stray: HeaderLine | None = None


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


def split_source(text: str) -> Source:
    """Split a content file into ``Key: value`` header lines and the body.

    The rules follow Python-Markdown's meta extension, which Pelican uses: the header
    starts on the first line, a value may continue on lines indented by four spaces,
    and the header ends at the first line that is neither. We parse it ourselves to
    know the line of every key and so that a body line like "Hinweis: ..." is never
    mistaken for a header.
    """
    lines = text.removeprefix("\ufeff").splitlines()
    header: list[HeaderLine] = []
    index = 0
    for index, line in enumerate(lines):
        key_match = _KEY_LINE.match(line)
        if key_match:
            header.append(HeaderLine(key_match["key"], key_match["value"].strip(), index + 1))
            continue
        continuation = _CONTINUATION_LINE.match(line)
        if continuation and header:
            last = header[-1]
            joined = f"{last.value}\n{continuation['value'].strip()}".strip()
            header[-1] = HeaderLine(last.key, joined, last.line)
            continue
        break
    else:
        index = len(lines)
    stray = None
    if index < len(lines) and not lines[index].strip():
        index += 1  # the blank separator line belongs to neither part
    elif index < len(lines):
        stray = HeaderLine("", lines[index].strip(), index + 1)
    return Source(tuple(header), "\n".join(lines[index:]), index + 1, stray)


def check_header(
    kind: Kind,
    path: str,
    source: Source,
    content_root: Path | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> Header:
    """Check ``source``'s header against the contract for ``kind``.

    ``path`` is how the file is named in messages (relative to the project root);
    ``content_root`` is where FILE values are looked up (skipped when None);
    ``timezone`` is what a date without an offset means.
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
        name = item.key.lower()
        spec = fields.get(name)
        character = first_unfit_character(item.value)
        if spec is None:
            if character is not None:
                problem(item.key, unfit_message(character), item.line)
            problem(
                item.key,
                _unknown_key_message(item.key, fields.values()),
                item.line,
                Severity.WARNING,
            )
            continue
        if name in lines:
            problem(spec.key, f"is given twice (lines {lines[name]} and {item.line})", item.line)
            continue
        lines[name] = item.line
        if character is not None:  # a feed could not carry it, nor a page show it
            problem(spec.key, unfit_message(character), item.line)
            continue
        if not item.value:
            if spec.required:
                problem(spec.key, f"is empty; expected {_expectation(spec)}", item.line)
            continue
        try:
            values[name] = parse_value(spec, item.value, content_root)
        except InvalidValue as invalid:
            problem(spec.key, str(invalid), item.line)
            continue
        if spec.warn_above and len(item.value) > spec.warn_above:
            problem(
                spec.key,
                f"has {len(item.value)} characters; {spec.shown_where} show about "
                f"{spec.warn_above}",
                item.line,
                Severity.WARNING,
            )

    missing = [spec for spec in fields.values() if spec.required and spec.name not in lines]
    if missing and source.stray is not None:
        # One cause, one message: the keys below this line are "missing" only because
        # the header ended there.
        problem("", _stray_line_message(source.stray, bool(source.header)), source.stray.line)
        return Header(values, lines, tuple(problems))
    for spec in missing:
        problem(spec.key, f"is missing; expected {_expectation(spec)}", None)

    rules = _CROSS_FIELD_RULES.get(kind)
    if rules:
        rules(values, lines, source, problem, ZoneInfo(timezone))
    return Header(values, lines, tuple(problems))


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


# Reports one problem: (key as shown, message, line or None[, severity]).
ReportProblem = Callable[..., None]
Values = dict[str, str | list[str]]  # the parsed values by lower-case key
Lines = dict[str, int]  # the line of each key that was given


def _article_rules(
    values: Values, lines: Lines, source: Source, problem: ReportProblem, zone: ZoneInfo
) -> None:
    """Rules that join several keys of an article."""
    _author_rules(lines, source, problem)
    _date_rules(values, lines, problem, zone)
    _interview_rules(values, lines, source, problem)
    _call_to_action_rules(values, lines, problem)
    if "summary" not in values and values.get("status") != "draft":
        problem(
            "Summary",
            "is missing; lists, feeds and social cards fall back to the first words of the text",
            None,
            Severity.WARNING,
        )


def _author_rules(lines: Lines, source: Source, problem: ReportProblem) -> None:
    if "author" in lines and "authors" in lines:
        problem("Authors", 'and "Author" are both given; use one of them', lines["authors"])
    elif not any(item.value for item in source.header if item.key.lower() in ("author", "authors")):
        # (a value that was given but is invalid has its own message)
        problem(
            "Author",
            "is missing; expected the display name of a profile in "
            "content/authors/ (Authors: for several)",
            None,
        )


def _date_rules(values: Values, lines: Lines, problem: ReportProblem, zone: ZoneInfo) -> None:
    if "date" in values and "modified" in values:
        published = parse_iso_date(values["date"])
        modified = parse_iso_date(values["modified"])
        if aware(modified, zone) < aware(published, zone):
            problem(
                "Modified",
                f'is "{values["modified"]}", which is before Date '
                f'"{values["date"]}"; expected a later date',
                lines["modified"],
            )


def _interview_rules(values: Values, lines: Lines, source: Source, problem: ReportProblem) -> None:
    is_interview = values.get("type") == "interview"
    if is_interview and "interviewee" not in values:
        problem(
            "Interviewee",
            "is missing; an interview (Type: interview) names the "
            "interviewed person(s), comma-separated",
            lines.get("type"),
        )
    if is_interview and not _QUESTION.search(source.body):
        problem(
            "Type",
            'is "interview", but the text has no question; expected each '
            'question as a "### " heading followed by its answer',
            lines.get("type"),
        )
    if "interviewee" in values and not is_interview:
        problem(
            "Interviewee",
            'is only used when "Type" is interview',
            lines["interviewee"],
            Severity.WARNING,
        )


def _call_to_action_rules(values: Values, lines: Lines, problem: ReportProblem) -> None:
    if "cta" in lines and "cta-url" not in values and "cta-url" not in lines:
        problem("CTA-URL", 'is missing; "CTA" needs the address its button links to', lines["cta"])
    if "cta-url" in lines and "cta" not in lines:
        problem(
            "CTA", 'is missing; "CTA-URL" needs the text of its call to action', lines["cta-url"]
        )


_CROSS_FIELD_RULES = {Kind.ARTICLE: _article_rules}
