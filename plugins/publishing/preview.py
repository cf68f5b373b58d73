"""`invoke preview` (and every full build of `invoke livereload`): build into a fresh
folder and swap it in only on success, or link in the last site when nothing changed.

The site snapshot (snapshot.py) says what counts as a change. Pagefind starts as soon
as the pages are written and indexes them while the build finishes its feeds and
images; the snapshot links what is final meanwhile.
"""

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from publishing import snapshot
from publishing.build import BuildOutcome, run_build
from publishing.project import Project
from publishing.search import SearchIndexing, indexed_pages
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
        job = _Job(project, settings_file, fresh, search, overrides, shown_as=output)
        ok = job.restore() or job.build()
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


@dataclass
class _Job:
    """One build into the empty folder ``site``. Messages name the site by ``shown_as``,
    where it will be once it replaces the old one."""

    project: Project
    settings_file: Path
    site: Path
    search: bool
    overrides: dict
    shown_as: Path
    settings: dict = field(init=False)
    keep: bool = field(init=False)
    folder: Path = field(init=False)  # the snapshot's
    inputs: snapshot.Inputs | None = field(init=False, default=None)
    before: dict | None = field(init=False, default=None)
    result: snapshot.Fingerprint | None = field(init=False, default=None)
    now: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.settings = self.project.read_settings(self.settings_file, **self.overrides)
        self.keep = from_pelican(self.settings).snapshot
        self.folder = Path(self.settings["CACHE_PATH"]) / "snapshot"
        self.now = datetime.now(ZoneInfo(self.settings["TIMEZONE"]))

    def restore(self) -> bool:
        """Link in the last site if nothing the build reads has changed."""
        if not self.keep:
            return False
        from newsroom.report import BuildReport, Entry

        started = time.perf_counter()
        self.inputs = self._snapshot_inputs()
        known = snapshot.known_files(self.folder)
        # With no snapshot to compare with, the fingerprint is only needed to keep this
        # build: it is taken at the end, while Pagefind works, and kept only if no input
        # changed since these stamps were read.
        if not known:
            self.before = snapshot.stamps(self.inputs)
            return False
        self.result = snapshot.fingerprint(self.settings, self.inputs, known, self.now)
        restored = snapshot.restore(self.folder, self.result.key, self.site)
        if restored is None:
            return False
        report = BuildReport()
        report.entries = [Entry(*warning) for warning in restored.warnings]
        print(
            f"Nothing the build reads has changed: {restored.files} files taken from "
            f"{self.project.shown(self.folder)} in {time.perf_counter() - started:.2f} s. "
            f"The build's report: {report.summary()}"
        )
        return True

    def build(self) -> bool:
        indexing: list[SearchIndexing] = []

        def start_indexing() -> None:
            indexing.append(SearchIndexing(self.site, indexed_pages(self.settings)))

        try:
            outcome = run_build(
                self.project,
                self.settings_file,
                self.site,
                pages_written=start_indexing if self.search else None,
                DELETE_OUTPUT_DIRECTORY=False,
                **self.overrides,
            )
            if not outcome.ok:
                return False
            if self.search and not indexing:  # a build without a pages step: index now
                start_indexing()
            storing = self._begin_snapshot()
            self._finish_indexing(indexing, storing)
        finally:
            for running in indexing:
                running.cancel()
        if storing:
            self._keep_snapshot(storing, outcome)
        return True

    def _snapshot_inputs(self) -> snapshot.Inputs:
        settings = self.settings
        return snapshot.Inputs(
            content=Path(settings["PATH"]),
            others=(
                Path(settings["THEME"]),
                *(Path(p) for p in settings["PLUGIN_PATHS"]),
                self.project.settings_base,
                Path(self.settings_file),
                self.project.root / "tasks.py",
            ),
            timezone=settings["TIMEZONE"],
            finish="search index" if self.search else "",
        )

    def _begin_snapshot(self) -> snapshot.Storing | None:
        """Start keeping this build, linking what is final while Pagefind still writes."""
        if not self.keep:
            return None
        storing = snapshot.begin(self.folder)
        storing.link(self.site, skip=("pagefind",))
        if self.result is None:
            self.result = snapshot.fingerprint(self.settings, self.inputs, {}, self.now)
            if not snapshot.unchanged_since(self.before, self.result):
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
            shown = self.project.shown(self.shown_as / "pagefind")
            print(f"{search_summary(self.site)}, written to {shown}")

    def _keep_snapshot(self, storing: snapshot.Storing, outcome: BuildOutcome) -> None:
        storing.link(self.site)
        warnings = [
            (r.levelno, getattr(r, "content_path", ""), r.getMessage()) for r in outcome.records
        ]
        storing.finish(self.result, warnings)
