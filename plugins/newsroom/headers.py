"""The content contract: the header keys of every kind of content file, and their checks.

README.md ("Content conventions") documents the same keys for editors. Every plugin
reads headers through this module, so a key is defined once; a new key goes into
``FIELDS`` and into the README, never into one plugin alone.

The module is pure: it takes text and paths and returns frozen records, so the
rules are unit-tested without a Pelican build.
"""

import difflib
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsroom.slugs import is_valid_slug


class Kind(enum.StrEnum):
    """The kinds of content file, each with its own set of header keys."""

    ARTICLE = "article"
    PAGE = "page"
    PROFILE = "profile"
    COMMENT = "comment"


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, phrased for the editor who has to fix it."""

    path: str
    field: str
    message: str
    severity: Severity = Severity.ERROR
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        subject = f'"{self.field}" ' if self.field else ""
        return f"{where}: {subject}{self.message}"


class ContentError(ValueError):
    """A content file breaks the contract; carries the file and the field."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.path = problem.path
        self.field = problem.field


class FieldType(enum.Enum):
    TEXT = "text"
    DATE = "date"
    LIST = "list"  # comma-separated display names or words
    CHOICE = "choice"
    CHOICE_LIST = "choice list"
    SLUG = "slug"
    FILE = "file"  # a file below the content folder
    URL = "url"
    HANDLE_OR_URL = "handle or url"
    YES_NO = "yes/no"


@dataclass(frozen=True)
class Field:
    key: str  # spelled as editors write it
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The lower-case key Pelican uses for metadata."""
        return self.key.lower()


TYPES = ("article", "guest", "interview")
STATUSES = ("draft", "published", "hidden")
COMMENT_STATES = ("open", "closed")
DISCLOSURE_KINDS = ("sponsored", "partner", "affiliate", "ai-assisted", "guest-opinion")
COMMENT_KINDS = ("comment", "pingback", "trackback")

FIELDS: Mapping[Kind, tuple[Field, ...]] = {
    Kind.ARTICLE: (
        Field("Title", required=True),
        Field("Date", FieldType.DATE, required=True),
        Field("Modified", FieldType.DATE),
        Field("Author"),
        Field("Authors", FieldType.LIST),
        Field("Category", required=True),
        Field("Tags", FieldType.LIST),
        Field("Slug", FieldType.SLUG),
        Field("Summary"),
        Field("Image", FieldType.FILE),
        Field("Image-Alt"),  # what the header picture shows, for readers who cannot see it
        Field("Type", FieldType.CHOICE, choices=TYPES),
        Field("Interviewee", FieldType.LIST),
        Field("Disclosure", FieldType.CHOICE_LIST, choices=DISCLOSURE_KINDS),
        Field("Comments", FieldType.CHOICE, choices=COMMENT_STATES),
        Field("Status", FieldType.CHOICE, choices=STATUSES),
        Field("CTA"),
        Field("CTA-URL", FieldType.URL),
    ),
    Kind.PAGE: (
        Field("Title", required=True),
        Field("Slug", FieldType.SLUG),
        Field("Summary"),
        Field("Modified", FieldType.DATE),
        Field("Status", FieldType.CHOICE, choices=STATUSES),
    ),
    Kind.PROFILE: (
        Field("Name", required=True),
        Field("Role"),
        Field("Organization"),
        Field("Photo", FieldType.FILE),
        Field("Website", FieldType.URL),
        Field("X", FieldType.HANDLE_OR_URL),
        Field("LinkedIn", FieldType.URL),
        Field("XING", FieldType.URL),
        Field("Mastodon", FieldType.URL),
        Field("Guest", FieldType.YES_NO),
    ),
    Kind.COMMENT: (
        Field("Author", required=True),
        Field("Date", FieldType.DATE, required=True),
        Field("Website", FieldType.URL),
        Field("Reply-To"),
        Field("Kind", FieldType.CHOICE, choices=COMMENT_KINDS),
    ),
}

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):[ \t]*(?P<value>.*)$")
_CONTINUATION_LINE = re.compile(r"^(?: {4}|\t)(?P<value>.*\S.*)$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SITE_PATH = re.compile(r"^/[^\s]*$")
_HANDLE = re.compile(r"^@?[A-Za-z0-9_]{1,30}$")
_QUESTION = re.compile(r"^###[ \t]+\S", re.MULTILINE)
DATE_EXAMPLE = "an ISO 8601 date such as 2024-05-17 or 2024-05-17 09:30"


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
    if index < len(lines) and not lines[index].strip():
        index += 1  # the blank separator line belongs to neither part
    return Source(tuple(header), "\n".join(lines[index:]), index + 1)


def split_list(value: str) -> list[str]:
    """Split a comma list; semicolons win when present ("Müller, Jörg; Doe, Jane")."""
    separator = ";" if ";" in value else ","
    return [item.strip() for item in value.split(separator) if item.strip()]


def parse_iso_date(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time; raise ValueError for anything else.

    ``datetime.fromisoformat`` is stricter than Pelican's dateutil parser, which
    would also take "05/06/2024" and guess the month: dates must not be guessed.
    """
    return datetime.fromisoformat(value.strip())


def check_header(
    kind: Kind,
    path: str,
    source: Source,
    content_root: Path | None = None,
) -> Header:
    """Check ``source``'s header against the contract for ``kind``.

    ``path`` is how the file is named in messages (relative to the project root);
    ``content_root`` is where FILE values are looked up (skipped when None).
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
        if spec is None:
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
        if not item.value:
            if spec.required:
                problem(spec.key, f"is empty; expected {_expectation(spec)}", item.line)
            continue
        try:
            values[name] = _parse_value(spec, item.value, content_root)
        except _InvalidValue as invalid:
            problem(spec.key, str(invalid), item.line)

    for spec in fields.values():
        if spec.required and spec.name not in lines:
            problem(spec.key, f"is missing; expected {_expectation(spec)}", None)

    rules = _CROSS_FIELD_RULES.get(kind)
    if rules:
        rules(values, lines, source, problem)
    return Header(values, lines, tuple(problems))


class _InvalidValue(ValueError):
    """A header value of the wrong form; the message says what was expected."""


def _parse_value(spec: Field, value: str, content_root: Path | None) -> str | list[str]:
    """Return the parsed value; raise _InvalidValue saying what was expected."""
    match spec.type:
        case FieldType.TEXT:
            return value
        case FieldType.LIST:
            return split_list(value)
        case FieldType.DATE:
            try:
                parse_iso_date(value)
            except ValueError:
                raise _InvalidValue(f'is "{value}"; expected {DATE_EXAMPLE}') from None
            return value
        case FieldType.CHOICE:
            if value.lower() not in spec.choices:
                raise _InvalidValue(f'is "{value}"; expected one of: {", ".join(spec.choices)}')
            return value.lower()
        case FieldType.CHOICE_LIST:
            items = [item.lower() for item in split_list(value)]
            unknown = [item for item in items if item not in spec.choices]
            if unknown:
                raise _InvalidValue(
                    f"has unknown {'kinds' if len(unknown) > 1 else 'kind'} "
                    f'"{", ".join(unknown)}"; allowed: {", ".join(spec.choices)}'
                )
            return items
        case FieldType.SLUG:
            if not is_valid_slug(value):
                raise _InvalidValue(
                    f'is "{value}"; expected lower-case letters a-z, digits and '
                    "single hyphens (ä→ae, ö→oe, ü→ue, ß→ss)"
                )
            return value
        case FieldType.FILE:
            relative = normalise_content_path(value)
            if content_root is not None and not (content_root / relative).is_file():
                raise _InvalidValue(
                    f"points to {relative}, which does not exist below the content folder"
                )
            return relative
        case FieldType.URL:
            if not (_URL.match(value) or _SITE_PATH.match(value)):
                raise _InvalidValue(f'is "{value}"; expected a web address starting with https://')
            return value
        case FieldType.HANDLE_OR_URL:
            if not (_URL.match(value) or _HANDLE.match(value)):
                raise _InvalidValue(
                    f'is "{value}"; expected a handle like @hafenlicht or a profile URL'
                )
            return value
        case FieldType.YES_NO:
            if value.lower() not in ("yes", "no"):
                raise _InvalidValue(f'is "{value}"; expected yes or no')
            return value.lower()
    raise AssertionError(spec.type)  # every FieldType is handled above


def normalise_content_path(value: str) -> str:
    """Turn ``{static}/images/a.jpg``, ``/images/a.jpg`` or ``images/a.jpg`` into the last."""
    return value.strip().removeprefix("{static}").removeprefix("{attach}").lstrip("/")


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


def _article_rules(values, lines, source: Source, problem) -> None:
    """Rules that join several keys of an article."""
    if "author" in lines and "authors" in lines:
        problem("Authors", 'and "Author" are both given; use one of them', lines["authors"])
    elif "author" not in values and "authors" not in values:
        problem(
            "Author",
            "is missing; expected the display name of a profile in "
            "content/authors/ (Authors: for several)",
            None,
        )

    if "date" in values and "modified" in values:
        published = parse_iso_date(values["date"])
        modified = parse_iso_date(values["modified"])
        if _naive(modified) < _naive(published):
            problem(
                "Modified",
                f'is "{values["modified"]}", which is before Date '
                f'"{values["date"]}"; expected a later date',
                lines["modified"],
            )

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

    if "cta" in lines and "cta-url" not in values and "cta-url" not in lines:
        problem("CTA-URL", 'is missing; "CTA" needs the address its button links to', lines["cta"])
    if "cta-url" in lines and "cta" not in lines:
        problem(
            "CTA", 'is missing; "CTA-URL" needs the text of its call to action', lines["cta-url"]
        )

    if "summary" not in values and values.get("status") != "draft":
        problem(
            "Summary",
            "is missing; lists, feeds and social cards fall back to the first words of the text",
            None,
            Severity.WARNING,
        )


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


_CROSS_FIELD_RULES = {Kind.ARTICLE: _article_rules}
