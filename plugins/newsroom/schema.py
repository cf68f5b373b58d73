"""The schema of the content contract: kinds of content file, their header keys, problems.

Split from ``newsroom.headers``, which checks files against it and re-exports every name
here: plugins keep importing ``newsroom.headers``.
"""

import enum
from collections.abc import Mapping
from dataclasses import dataclass


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
    SLUG_PATH = "slug path"  # slugs joined by "/": ueber-uns/team
    FILE = "file"  # a file below the content folder
    URL = "url"
    HANDLE_OR_URL = "handle or url"
    YES_NO = "yes/no"
    NAME = "name"  # one display name (Category, Author): no commas
    LANGUAGE = "language"  # a language code the site publishes in: de, en


# Values that become a path segment of a URL (/kategorie/<slug>/, /autor/<slug>/).
PATH_SEGMENT_KEYS = ("category", "tags", "author", "authors", "interviewee")
DEFAULT_TIMEZONE = "Europe/Berlin"  # docs/writing.md: dates without an offset are Berlin time


@dataclass(frozen=True)
class Field:
    key: str  # spelled as editors write it
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    # A value longer than this is shown cut somewhere: the contract warns (never an error).
    warn_above: int = 0
    shown_where: str = ""  # where it is cut, for the warning

    @property
    def name(self) -> str:
        """The lower-case key Pelican uses for metadata."""
        return self.key.lower()


TYPES = ("article", "guest", "interview")
STATUSES = ("draft", "published", "hidden")
COMMENT_STATES = ("open", "closed")
DISCLOSURE_KINDS = ("sponsored", "partner", "affiliate", "ai-assisted", "guest-opinion")
COMMENT_KINDS = ("comment", "pingback", "trackback", "mention")
# Written only by the editors' tools (moderation page, `comments.reply`): the badge.
COMMENT_ROLES = ("author", "editorial")

FIELDS: Mapping[Kind, tuple[Field, ...]] = {
    Kind.ARTICLE: (
        Field("Title", required=True, warn_above=90, shown_where="social cards and search results"),
        Field("Date", FieldType.DATE, required=True),
        Field("Modified", FieldType.DATE),
        Field("Author", FieldType.NAME),
        Field("Authors", FieldType.LIST),
        Field("Category", FieldType.NAME, required=True),
        Field("Tags", FieldType.LIST),
        Field("Slug", FieldType.SLUG),
        # og:description is shown up to about 200 characters.
        Field("Summary", warn_above=200, shown_where="social cards"),
        Field("Image", FieldType.FILE),
        Field("Image-Alt"),  # what the header picture shows, for readers who cannot see it
        Field("Type", FieldType.CHOICE, choices=TYPES),
        Field("Interviewee", FieldType.LIST),
        Field("Disclosure", FieldType.CHOICE_LIST, choices=DISCLOSURE_KINDS),
        Field("Comments", FieldType.CHOICE, choices=COMMENT_STATES),
        Field("Status", FieldType.CHOICE, choices=STATUSES),
        Field("CTA"),
        Field("CTA-URL", FieldType.URL),
        Field("Featured", FieldType.YES_NO),  # leads the front page (sitewide plugin)
        Field("Sponsor"),  # who paid, named in a sponsored article's band
        Field("Imported-From"),  # the WordPress import's mark: the old address
        Field("Lang", FieldType.LANGUAGE),  # the article's language; default DEFAULT_LANG
        Field("Translation", FieldType.SLUG),  # the key its translations carry too
    ),
    Kind.PAGE: (
        Field("Title", required=True),
        Field("Slug", FieldType.SLUG),
        Field("Parent", FieldType.SLUG_PATH),
        Field("Summary"),
        Field("Modified", FieldType.DATE),
        Field("Status", FieldType.CHOICE, choices=STATUSES),
        Field("Imported-From"),  # the WordPress import's mark: the old address
        Field("Lang", FieldType.LANGUAGE),
        Field("Translation", FieldType.SLUG),
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
        # The bio's language: one profile per person and language, joined by the Name.
        Field("Lang", FieldType.LANGUAGE),
    ),
    Kind.COMMENT: (
        Field("Author", required=True),
        Field("Date", FieldType.DATE, required=True),
        Field("Website", FieldType.URL),
        Field("Reply-To"),
        Field("Kind", FieldType.CHOICE, choices=COMMENT_KINDS),
        Field("Role", FieldType.CHOICE, choices=COMMENT_ROLES),
    ),
}


def field_of(kind: Kind, name: str) -> Field:
    """The field ``name`` (lower-case) of ``kind``; KeyError for a key the kind lacks."""
    for spec in FIELDS[kind]:
        if spec.name == name:
            return spec
    raise KeyError(f"{kind} files have no header key {name!r}")
