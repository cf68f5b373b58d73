"""`invoke preview` (and every full build of `invoke livereload`, `invoke check` and
`invoke publish`): build the production site into an empty folder; link in the last site
when nothing changed, or take every page whose inputs did not change from it.

The fingerprint (fingerprint.py) says whether anything changed; the site record
(record.py) which pages; the snapshot (snapshot.py) keeps the last site. Pagefind starts
as soon as the pages are written and indexes them while the build finishes its feeds and
images, each part of the index whose pages changed (today one part: search.py); an
unchanged part is taken from the last build. The snapshot links what is final meanwhile.
"""

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.settings import from_pelican as newsroom_settings
from publishing import fingerprint, snapshot
from publishing.build import BuildOutcome, run_build
from publishing.project import Project
from publishing.record import SiteRecord
from publishing.search import (
    FRAGMENT_FOLDER,
    SearchIndexing,
    index_keys,
    indexed_pages,
    parts_of,
    reusable_fragments,
    run_options,
)
from publishing.search import summary as search_summary
from publishing.settings import from_pelican


def build_into_place(
    project: Project, settings_file: Path, output: Path, search: bool = False, **overrides
) -> bool:
    """Build into a fresh folder beside ``output`` (with the search index if ``search``);
    swap it in only on success, so a failed build never leaves a half-written site."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f"{output.name}.new-", dir=output.parent))
    try:
        ok = build_site(project, settings_file, fresh, search, shown_as=output, **overrides).ok
    except Exception as error:  # noqa: BLE001 (reported; output stays as it was)
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        ok = False
    if not ok:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"{project.shown(output)} was left unchanged.", file=sys.stderr)
        return False
    fresh.chmod(0o755)
    retired = output.with_name(f"{output.name}.old-{os.getpid()}")
    if output.exists():
        output.rename(retired)
    fresh.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    return True


def build_site(
    project: Project,
    settings_file: Path,
    site: Path,
    search: bool = False,
    shown_as: Path | None = None,
    **overrides,
) -> BuildOutcome:
    """The production site in the empty folder ``site``, restored or built (see the
    module's docstring), with the search index if ``search``. Messages name the site by
    ``shown_as``, where it will be once it replaces an older one."""
    job = _Job(project, settings_file, site, search, overrides, shown_as or site)
    restored = job.restore()
    return restored if restored is not None else job.build()


@dataclass
class _Job:
    """One build into the empty folder ``site``."""

    project: Project
    settings_file: Path
    site: Path
    search: bool
    overrides: dict
    shown_as: Path
    settings: dict = field(init=False)
    keep: bool = field(init=False)
    folder: Path = field(init=False)  # the snapshot's
    stored: snapshot.Snapshot = field(init=False)  # the last build, as kept
    inputs: fingerprint.Inputs = field(init=False)
    before: dict | None = field(init=False, default=None)
    part: fingerprint.Fingerprint | None = field(init=False, default=None)  # global part
    result: fingerprint.Fingerprint | None = field(init=False, default=None)
    now: datetime = field(init=False)
    search_fragments: dict[str, dict[str, str]] = field(init=False, default_factory=dict)
    search_keys: dict[str, str] = field(init=False, default_factory=dict)  # per part
    search_options: str = field(init=False, default="")  # search.run_options, once

    def __post_init__(self) -> None:
        self.settings = self.project.read_settings(self.settings_file, **self.overrides)
        self.keep = from_pelican(self.settings).snapshot
        self.folder = Path(self.settings["CACHE_PATH"]) / "snapshot"
        self.stored = snapshot.Snapshot(self.folder)
        self.now = datetime.now(ZoneInfo(self.settings["TIMEZONE"]))
        self.inputs = self._snapshot_inputs()

    def restore(self) -> BuildOutcome | None:
        """Link in the last site if nothing the build reads has changed."""
        if not self.keep:
            return None
        from newsroom.report import BuildReport, Entry

        started = time.perf_counter()
        known = self.stored.known_files
        # With no snapshot to compare with, the content's fingerprint is only needed to
        # keep this build: it is taken at the end, while Pagefind works, and kept only if
        # no input changed since these stamps were read. The global part is needed now.
        if not known:
            self.before = fingerprint.stamps(self.inputs)
            self.part = fingerprint.global_part(self.settings, self.inputs, {})
            return None
        self.result = fingerprint.fingerprint(self.settings, self.inputs, known, self.now)
        self.part = self.result
        restored = self.stored.restore(self.result.key, self.site)
        if restored is None:
            return None
        report = BuildReport()
        report.entries = [Entry(*warning) for warning in restored.warnings]
        listed = newsroom_settings(self.settings).build_report  # `invoke check` lists them
        print(
            f"Nothing the build reads has changed: {restored.files} files taken from "
            f"{self.project.shown(self.folder)} in {time.perf_counter() - started:.2f} s."
            + (f" The build's report: {report.summary()}" if listed else "")
        )
        return BuildOutcome(True, [_as_record(*warning) for warning in restored.warnings])

    def build(self) -> BuildOutcome:
        indexing: list[SearchIndexing] = []
        record = self._record()

        def start_indexing() -> None:
            indexing.append(self._start_indexing(record))

        try:
            outcome = run_build(
                self.project,
                self.settings_file,
                self.site,
                pages_written=start_indexing if self.search else None,
                record=record,
                DELETE_OUTPUT_DIRECTORY=False,
                **self.overrides,
            )
            if not outcome.ok:
                return outcome
            if record is not None:
                print(
                    f"Pages: {record.rendered} rendered, {len(record.reused)} taken from "
                    "the last build (their inputs are unchanged)."
                )
            if self.search and not indexing:  # a build without a pages step: index now
                start_indexing()
            storing = self._begin_snapshot()
            self._finish_indexing(indexing, storing)
        finally:
            for running in indexing:
                running.cancel()
        if storing:
            self._keep_snapshot(storing, outcome, record)
        return outcome

    def _record(self) -> SiteRecord | None:
        """The site record of this build, with the last one to take pages from. Pages
        with relative URLs (the dev build) differ by their place: none are recorded."""
        if not self.keep or self.settings.get("RELATIVE_URLS") or self.part is None:
            return None
        return SiteRecord(self.part.global_key, self.stored.previous_record())

    def _start_indexing(self, record: SiteRecord | None) -> SearchIndexing:
        """Pagefind on the parts of the index whose pages changed; each other part is
        taken from the last build, whose Pagefind read those pages byte for byte."""
        known = record.known_page_digests() if record is not None else {}
        self.search_options = run_options()
        self.search_keys, digests = index_keys(
            self.site, indexed_pages(self.settings), known, self.search_options
        )
        if record is not None:
            record.page_digests = digests
        last = self.stored.search_keys if self.keep else {}
        pages = parts_of(digests)
        changed = {
            part: pages[part]
            for part, key in self.search_keys.items()
            if last.get(part) != key
            or not self.stored.restore_folder(f"pagefind/{part}", self.site)
        }
        # The staged pages are kept with the snapshot, whose pages they link.
        stage = Path(self.settings["CACHE_PATH"]) / "search-pages" if self.keep else None
        reuse = self._reusable_fragments(changed, known) if self.keep else None
        return SearchIndexing(self.site, changed, stage, reuse)

    def _reusable_fragments(
        self, parts: dict[str, list[str]], unchanged: Mapping[str, str]
    ) -> dict[str, dict[str, tuple[str, Path]]]:
        """Per part, the last build's search fragments of pages it took unchanged (name
        -> URL, kept file), which Pagefind then need not write again."""
        kept = self.stored.search_fragments
        if kept.get("options") != self.search_options:
            return {}
        reuse = {}
        for part, pages in parts.items():
            previous = kept["parts"].get(part, {})
            names = reusable_fragments(previous, [p for p in pages if p in unchanged])
            paths = {f"pagefind/{part}/{FRAGMENT_FOLDER}/{name}": name for name in names}
            files = self.stored.intact_files(paths)
            reuse[part] = {paths[path]: (names[paths[path]], file) for path, file in files.items()}
        return reuse

    def _snapshot_inputs(self) -> fingerprint.Inputs:
        settings = self.settings
        theme = Path(settings["THEME"])
        return fingerprint.Inputs(
            content=Path(settings["PATH"]),
            others=(
                theme,
                *(Path(p) for p in settings["PLUGIN_PATHS"]),
                self.project.settings_base,
                Path(self.settings_file),
                self.project.root / "tasks.py",
            ),
            timezone=settings["TIMEZONE"],
            finish="search index" if self.search else "",
            templates=theme / "templates",
        )

    def _begin_snapshot(self) -> snapshot.Storing | None:
        """Start keeping this build, linking what is final while Pagefind still writes."""
        if not self.keep:
            return None
        storing = self.stored.begin()
        storing.link(self.site, skip=("pagefind",))
        if self.result is None:
            self.result = fingerprint.with_content(self.part, self.inputs, {}, self.now)
            if not fingerprint.unchanged_since(self.before, self.result):
                print("An input changed during the build: no snapshot is kept of it.")
                storing.discard()
                return None
        return storing

    def _finish_indexing(
        self, indexing: list[SearchIndexing], storing: snapshot.Storing | None
    ) -> None:
        for running in indexing:
            try:
                running.wait()
            except Exception:
                if storing:
                    storing.discard()
                raise
            self.search_fragments.update(running.fragments)
            shown = self.project.shown(self.shown_as / "pagefind")
            parts, anew = len(self.search_keys), len(running.parts)
            if parts == 1:
                kept = " (unchanged, from the last build)" if anew == 0 else ""
            else:
                kept = f" in {parts} parts" + (
                    f" ({anew} indexed anew, {parts - anew} unchanged, from the last build)"
                    if anew < parts
                    else ""
                )
            print(f"{search_summary(self.site)}{kept}, written to {shown}")

    def _keep_snapshot(
        self, storing: snapshot.Storing, outcome: BuildOutcome, record: SiteRecord | None
    ) -> None:
        storing.link(self.site)
        warnings = [
            (r.levelno, getattr(r, "content_path", ""), r.getMessage()) for r in outcome.records
        ]
        # The fragments of parts that were not indexed again are the last build's.
        kept = self.stored.search_fragments
        last = kept.get("parts", {}) if kept.get("options") == self.search_options else {}
        fragments = {
            part: self.search_fragments.get(part, last.get(part))
            for part in self.search_keys
            if part in self.search_fragments or part in last
        }
        search_fragments = {"options": self.search_options, "parts": fragments}
        storing.finish(self.result, warnings, record, self.search_keys, search_fragments)


def _as_record(level: int, content_path: str, message: str) -> logging.LogRecord:
    """A warning of the restored build, as the build had logged it."""
    record = logging.LogRecord("publishing.preview", level, "", 0, message, (), None)
    record.content_path = content_path
    return record
