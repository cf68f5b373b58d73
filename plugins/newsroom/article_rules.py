"""The article's rules across keys (dates in order, authors, interviews, calls to action),
applied by ``newsroom.headers.check_header`` after each value is read."""

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from newsroom.dates import aware
from newsroom.header_source import Source
from newsroom.schema import Kind, Severity
from newsroom.values import parse_iso_date

_QUESTION = re.compile(r"^###[ \t]+\S", re.MULTILINE)

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
    _sponsor_rules(values, lines, problem)
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


def _sponsor_rules(values: Values, lines: Lines, problem: ReportProblem) -> None:
    disclosures = values.get("disclosure", [])
    if "sponsor" in lines and "sponsored" not in disclosures:
        # The band that names the sponsor is the sponsored disclosure's: without it the
        # name would appear nowhere, and a reader would not learn the article was paid for.
        problem(
            "Sponsor",
            'is only shown with "Disclosure: sponsored"; add sponsored to Disclosure '
            "(or remove Sponsor)",
            lines["sponsor"],
        )


CROSS_FIELD_RULES = {Kind.ARTICLE: _article_rules}
