"""`invoke check`: the content files first, then a production build and its links.

The same run gates `invoke publish`: nothing is deployed unless it passes.
"""

import logging
import sys
from dataclasses import replace
from datetime import datetime
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newsroom.findings import CheckResult, Finding, merge
from newsroom.paths import shown_path
from publishing.build import BuildOutcome
from publishing.preview import build_site
from publishing.project import Project
from publishing.settings import from_pelican
from publishing.sources import MISSING_FILE, Layout, check_sources, url_map

# Pelican's own warnings that the source checks report better (with file and line).
COVERED_BY_SOURCE_CHECKS = (
    "Empty alt attribute for image",
    "Unable to find '",
    "Cannot get modification stamp for",  # a {static} file that does not exist
)


def run_checks(
    project: Project,
    site: Path,
    now: datetime | None = None,
    target: str = "",
    preview: int = 0,
    **overrides,
) -> CheckResult:
    """The editorial checks: content files first, then a production build into ``site``
    (with its search index, taking what did not change from the last build: the same
    build as `invoke preview`'s), the links of that build, and its pages against those of
    the last publish to ``target`` (default PUBLISHING_TARGET; a pull request's
    ``preview`` is not compared: it comes and goes)."""
    settings = project.read_settings(project.settings_publish, **overrides)
    layout = content_layout(settings)
    now = now or datetime.now(ZoneInfo(settings["TIMEZONE"]))
    sources = check_sources(layout, now)
    # The build's own list of its messages would say each a second time: they are listed
    # below with the other findings.
    outcome = build_site(
        project,
        project.settings_publish,
        site,
        search=True,
        NEWSROOM_BUILD_REPORT=False,
        **overrides,
    )
    results = [sources, _build_findings(outcome, sources)]
    if outcome.ok:
        results += [_not_again(r, sources) for r in _built_site_findings(site, settings, layout)]
        if not preview:
            results.append(vanished_pages(project, site, settings, layout, target))
    return merge(results)


def vanished_pages(
    project: Project, site: Path, settings: dict, layout: Layout, target: str = ""
) -> CheckResult:
    """An error for each page of the last publish the site no longer has, with the row
    that redirects it (``redirects_to_add``) where the page only moved."""
    from publishing.publish_state import StateUnavailable, read_state, site_pages
    from publishing.vanished import findings, vanished

    publishing = from_pelican({**settings, **({"PUBLISHING_TARGET": target} if target else {})})
    try:
        last = read_state(publishing, project.checkout)
    except StateUnavailable as error:
        message = f"the pages of the last publish could not be read ({error}); moved pages "
        message += "were not checked"
        return CheckResult((Finding("publish", None, "warning", message),))
    if last is None:
        return CheckResult(())
    table = shown_path(
        Path(settings["PATH"]) / settings.get("REDIRECTS_FILE", "redirects.csv"),
        layout.project_root,
    )
    now_at = {
        source: "/" + output.removesuffix("index.html")
        for output, source in url_map(layout).items()
    }
    gone = vanished(last.pages, set(site_pages(site)), now_at)
    found = findings(gone, table, lambda shown: (layout.project_root / shown).exists())
    rows = tuple((page.old, page.new) for page in gone if page.new)
    return CheckResult(tuple(found), redirects_to_add=rows)


def fix_moved_pages(project: Project, result: CheckResult) -> None:
    """``check --fix``: the rows for the pages that moved go into the redirect table (rows
    that pointed at a moved page are pointed on); check again to see the site with them."""
    from redirects.edit import add_rows
    from redirects.hooks import table_path

    table = table_path(project.read_settings(project.settings_publish))
    for line in add_rows(table, result.redirects_to_add, project.shown(table)):
        print(line, file=sys.stderr)  # stdout may be --json


def content_layout(settings: dict) -> Layout:
    """Where the content files are and where their pages go, from Pelican's settings."""
    content = Path(settings["PATH"])
    return Layout(
        content_root=content,
        project_root=content.parent,
        page_folders=tuple(settings["PAGE_PATHS"]),
        excluded_folders=tuple(settings["ARTICLE_EXCLUDES"]),
        profile_folder=settings.get("AUTHOR_BIOS_PATH", "authors"),
        article_save_as=settings["ARTICLE_SAVE_AS"],
        page_save_as=settings["PAGE_SAVE_AS"],
        timezone=settings["TIMEZONE"],
        raw_html=from_pelican(settings).raw_html,
    )


def _build_findings(outcome: BuildOutcome, sources: CheckResult) -> CheckResult:
    """What the build logged, less what the source checks said already."""
    known = {f.message for f in sources.findings}
    findings = tuple(
        _as_finding(r)
        for r in outcome.records
        if not any(r.getMessage().endswith(message) for message in known)
        and not r.getMessage().startswith(COVERED_BY_SOURCE_CHECKS)
    )
    return CheckResult(findings, build_checked=outcome.ok)


def _as_finding(record: logging.LogRecord) -> Finding:
    """A build message as a finding: the file and line its text begins with, when it
    names the file it is about ("content/a.md:10: …"), go into their own fields."""
    path = getattr(record, "content_path", "") or ""
    message = record.getMessage()
    line = None
    if path and message.startswith(f"{path}:"):
        rest = message[len(path) + 1 :]
        number, colon, text = rest.partition(":")
        if colon and number.strip().isdigit():
            line, message = int(number), text.strip()
        else:
            message = rest.strip()
    severity = "error" if record.levelno >= logging.ERROR else "warning"
    return Finding(path or "build", line, severity, message)


def _not_again(built: CheckResult, sources: CheckResult) -> CheckResult:
    """``built`` less a broken link of a line whose missing file the source checks named
    already (``{static}/x.jpg`` in the Markdown is ``/x.jpg`` in the page: one mistake)."""
    missing = {(f.path, f.line) for f in sources.findings if f.message.endswith(MISSING_FILE)}
    kept = tuple(
        f
        for f in built.findings
        if not ((f.path, f.line) in missing and "which does not exist" in f.message)
    )
    return replace(built, findings=kept)


def _built_site_findings(site: Path, settings: dict, layout: Layout) -> list[CheckResult]:
    """The links of the built site (the intake's, the readers' and mentions' paths are
    services, not files) and the redirects table against it."""
    from publishing.links import check_links
    from redirects.checks import check_redirects
    from redirects.hooks import table_path

    intake_url = settings.get("COMMENTS_INTAKE_URL", "")
    services = (
        tuple(urlsplit(url).path for url in (intake_url,) if url)
        + import_module("mentions.after_publish").endpoint_paths(settings)
        + import_module("readers.addresses").service_paths(intake_url)
    )
    return [
        check_links(site, settings["SITEURL"], url_map(layout), layout.project_root, services),
        check_redirects(site, table_path(settings), layout.project_root),
    ]


def index_for_search(project: Project, site: Path) -> None:
    """Pagefind's index of a finished build, in ``site/pagefind/``."""
    from publishing.search import build_search_index, indexed_pages, summary

    settings = project.read_settings(project.settings_publish)
    build_search_index(site, indexed_pages(settings))
    print(f"{summary(site)}, written to {project.shown(site / 'pagefind')}")
