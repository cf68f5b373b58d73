"""Editorial checks of the content files themselves, before and without a build.

Every content file is checked against the content contract (newsroom.headers), and
beyond it: authors without profile, inline images that are missing, lack alt text or
load from another host, links to missing files, two files claiming one URL, titles
and summaries too long for social cards, and which articles are scheduled or drafts.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from author_bios.profiles import missing_profile_message
from newsroom.dates import aware
from newsroom.files import read_content
from newsroom.findings import CheckResult, Finding, Scheduled
from newsroom.headers import ContentError, Header, Kind, check_header, parse_iso_date, split_source
from newsroom.listing import SlugClaim, shared_slugs
from newsroom.slugs import slug_for_title, slugify_german
from publishing.rawhtml import raw_html_findings

# Why a missing alt text is only a warning in an imported file, and until when.
IMPORTED_ALT = ' (a warning while the file has "Imported-From": delete that line once it is done)'

_MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*(?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b(?P<attributes>[^>]*)>", re.IGNORECASE)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(?P<alt>.*?)\1""", re.IGNORECASE | re.DOTALL)
_FILENAME_LINK = re.compile(r"\{filename\}(?P<target>[^)\s\"'#]+)")


MISSING_FILE = "points to a file that does not exist"  # the end of such a finding


@dataclass(frozen=True)
class Layout:
    """Where content lives and how URLs are made; read from Pelican's settings."""

    content_root: Path
    project_root: Path
    page_folders: tuple[str, ...] = ("pages",)
    excluded_folders: tuple[str, ...] = ("pages", "authors", "comments", "images")
    profile_folder: str = "authors"
    comment_folder: str = "comments"
    article_save_as: str = "{date:%Y}/{date:%m}/{slug}/index.html"
    page_save_as: str = "{slug}/index.html"
    timezone: str = "Europe/Berlin"
    raw_html: str = "warning"  # PUBLISHING_RAW_HTML: how scripts etc. in content count


def check_sources(layout: Layout, now: datetime) -> CheckResult:
    """Check every content file; ``now`` decides which articles are scheduled."""
    findings: list[Finding] = []
    scheduled: list[Scheduled] = []
    drafts: list[str] = []
    claimed: dict[str, list[SlugClaim]] = defaultdict(list)
    profiles = _profile_slugs(layout, findings)
    profile_folder = (
        (layout.content_root / layout.profile_folder).relative_to(layout.project_root).as_posix()
    )

    slugs: list[SlugClaim] = []
    for path, kind in _content_files(layout):
        shown = path.relative_to(layout.project_root).as_posix()
        try:
            text = read_content(path, shown)
        except ContentError as error:
            findings.append(_finding(error.problem))
            continue
        source = split_source(text)
        header = check_header(kind, shown, source, layout.content_root, layout.timezone)
        findings += [_finding(p) for p in header.problems]
        # Comments are checked as what the site renders from them (nh3 strips what a reader
        # may not send); editors' files as written.
        body = _comment_html(source.body) if kind is Kind.COMMENT else source.body
        imported = "imported-from" in header.values
        findings += _body_findings(shown, body, source.body_line, path, layout, imported)
        if kind is not Kind.COMMENT:
            findings += raw_html_findings(shown, source, layout.raw_html)
        if kind is Kind.ARTICLE and not header.errors:
            findings += _article_findings(shown, header, profiles, profile_folder)
            # Drafts too: they are published one day.
            slugs.append(SlugClaim.of(_slug(header), shown, header.lines))
            status = header.values.get("status", "published")
            date = aware(parse_iso_date(str(header.values["date"])), layout.timezone)
            if status == "draft":
                drafts.append(shown)
                continue
            if date > now:
                scheduled.append(Scheduled(shown, str(header.values["title"]), date.isoformat()))
                continue
            claimed[_url(layout.article_save_as, header, date)].append(slugs[-1])
        elif kind is Kind.PAGE and not header.errors and header.values.get("status") != "draft":
            url = _url(layout.page_save_as, header, None)
            claimed[url].append(SlugClaim.of(_slug(header), shown, header.lines))

    findings += _duplicates(slugs, claimed)
    scheduled.sort(key=lambda s: s.date)
    return CheckResult(tuple(findings), tuple(scheduled), tuple(sorted(drafts)))


def _duplicates(slugs: list[SlugClaim], claimed: dict[str, list[SlugClaim]]) -> list[Finding]:
    """Two articles with one slug (each file named, pointing at the other), and two files
    claiming one URL that do not share a slug already (pages); each at the line of its
    Slug, or of its Title where the slug is the title's."""
    findings: list[Finding] = []
    shared = shared_slugs(slugs)
    reported = {path for group in shared for path in group.paths}
    for group in shared:
        findings += [_finding(group.problem(path)) for path in group.paths]
    for url, claims in claimed.items():
        first = claims[0]
        for claim in [c for c in claims[1:] if c.path not in reported]:
            findings.append(
                Finding(
                    claim.path,
                    claim.line,
                    "error",
                    f"has the same URL /{_pretty(url)} as {first.place}; "
                    "expected a unique Slug (or Title)",
                )
            )
    return findings


def url_map(layout: Layout) -> dict[str, str]:
    """Output file of every article and page -> its source file (for link messages)."""
    mapping = {}
    for path, kind in _content_files(layout):
        if kind not in (Kind.ARTICLE, Kind.PAGE):
            continue
        shown = path.relative_to(layout.project_root).as_posix()
        try:
            text = read_content(path, shown)
        except ContentError:
            continue  # check_sources reports it
        header = check_header(kind, shown, split_source(text), None, layout.timezone)
        if header.errors:
            continue
        if kind is Kind.ARTICLE:
            date = aware(parse_iso_date(str(header.values["date"])), layout.timezone)
            mapping[_url(layout.article_save_as, header, date)] = shown
        else:
            mapping[_url(layout.page_save_as, header, None)] = shown
    return mapping


def article_slugs(layout: Layout) -> dict[str, str]:
    """The slug of every readable article (drafts and scheduled ones too) -> its file."""
    slugs = {}
    for path, kind in _content_files(layout):
        if kind is not Kind.ARTICLE:
            continue
        shown = path.relative_to(layout.project_root).as_posix()
        try:
            source = split_source(read_content(path, shown))
        except ContentError:
            continue
        header = check_header(kind, shown, source, None, layout.timezone)
        if "title" in header.values or "slug" in header.values:
            slugs.setdefault(_slug(header), shown)
    return slugs


def _content_files(layout: Layout):
    root = layout.content_root
    for path in sorted(root.rglob("*.md")):
        first = path.relative_to(root).parts[0]
        if first == layout.profile_folder:
            yield path, Kind.PROFILE
        elif first == layout.comment_folder:
            yield path, Kind.COMMENT
        elif first in layout.page_folders:
            yield path, Kind.PAGE
        elif first not in layout.excluded_folders:
            yield path, Kind.ARTICLE


def _comment_html(body: str) -> str:
    """A reader's comment as the site shows it: rendered, then cleaned by the comments
    plugin (no image survives). Checked as editor Markdown, one reader's <img> would
    block every deploy."""
    from markdown import markdown

    from comments.threads import sanitise

    return sanitise(markdown(body))


def _profile_slugs(layout: Layout, findings: list[Finding]) -> dict[str, str]:
    """The profiles' names by slug."""
    slugs = {}
    for path in sorted((layout.content_root / layout.profile_folder).glob("*.md")):
        try:
            text = read_content(path, str(path))
        except ContentError:
            slugs[path.stem] = path.stem  # unreadable: reported as a content file of its own
            continue
        header = check_header(Kind.PROFILE, str(path), split_source(text))
        name = str(header.values.get("name", "")) or path.stem
        slugs[slugify_german(name) if "name" in header.values else path.stem] = name
    return slugs


def _article_findings(
    shown: str, header: Header, profiles: dict[str, str], folder: str
) -> list[Finding]:
    findings = []
    values, lines = header.values, header.lines
    names = values.get("authors") or [values.get("author", "")]
    field = "Authors" if "authors" in values else "Author"
    for key, people in ((field, names), ("Interviewee", values.get("interviewee", []))):
        for name in people:
            if name and slugify_german(str(name)) not in profiles:
                # The build's very words, so that `invoke check` lists the mistake once.
                message = missing_profile_message(str(name), profiles.values(), folder)
                findings.append(
                    Finding(shown, lines.get(key.lower()), "error", f'"{key}" {message}')
                )
    return findings


def _body_findings(
    shown: str, body: str, first_line: int, path: Path, layout: Layout, imported: bool = False
) -> list[Finding]:
    """Pictures (alt text, file, host) and {filename} links of a body. A picture without
    alt text is an error, but a warning in a file the WordPress import wrote (its
    "Imported-From" header): an imported blog goes live the day it moves in, and the
    editors describe its pictures from the list of warnings."""
    findings = []
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        images = [(m["alt"], m["target"]) for m in _MARKDOWN_IMAGE.finditer(line)]
        for match in _HTML_IMAGE.finditer(line):
            alt = _ALT.search(match["attributes"])
            src = re.search(r"""\bsrc\s*=\s*(["'])(.*?)\1""", match["attributes"])
            images.append((alt["alt"] if alt else "", src.group(2) if src else ""))
        for alt, target in images:
            if not alt.strip():
                findings.append(
                    Finding(
                        shown,
                        number,
                        "warning" if imported else "error",
                        f"image {target} has no alt text; describe what it shows"
                        + (IMPORTED_ALT if imported else ""),
                    )
                )
            findings += _target_findings(shown, number, target, path, layout, "image")
        for match in _FILENAME_LINK.finditer(line):
            findings += _target_findings(
                shown, number, "{filename}" + match["target"], path, layout, "link"
            )
    return findings


def _target_findings(
    shown: str, number: int, target: str, path: Path, layout: Layout, what: str
) -> list[Finding]:
    if re.match(r"^(https?:)?//", target):
        if what == "image":
            return [
                Finding(
                    shown,
                    number,
                    "error",
                    f"image {target} would load from another host; put the file "
                    "below content/images/",
                )
            ]
        return []
    if target.startswith(("{static}", "{attach}", "{filename}")):
        relative = re.sub(r"^\{\w+\}", "", target)
        file = (
            (layout.content_root / relative.lstrip("/"))
            if relative.startswith("/")
            else (path.parent / relative)
        )
    elif target.startswith(("data:", "#", "mailto:")) or not target:
        return []
    else:
        file = path.parent / target
    if not file.resolve().is_file():
        return [Finding(shown, number, "error", f"{what} {target} {MISSING_FILE}")]
    return []


def _slug(header: Header) -> str:
    return str(header.values.get("slug") or slug_for_title(str(header.values.get("title", ""))))


def _finding(problem) -> Finding:
    return Finding(problem.path, problem.line, problem.severity.value, _problem_text(problem))


def _url(save_as: str, header: Header, date: datetime | None) -> str:
    slug = _slug(header)
    if "parent" in header.values and "slug" in header.values:
        # A child page keeps its place below its parent (contract/reader.py does the same).
        return f"{header.values['parent']}/{slug}/index.html"
    return save_as.format(slug=slug, date=date) if date else save_as.format(slug=slug)


def _pretty(save_as: str) -> str:
    return save_as.removesuffix("index.html")


def _problem_text(problem) -> str:
    prefix = f'"{problem.field}" ' if problem.field else ""
    return f"{prefix}{problem.message}"
