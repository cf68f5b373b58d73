"""One Pelican build in this process, and what it logged.

Pelican runs in-process (not `pelican` in a subprocess): the tasks read its warnings
and errors as log records, and the live preview keeps the generators of the last build.
"""

import gc
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom import handover, hyphenation
from newsroom.report import LogRecorder
from publishing.project import Project

if TYPE_CHECKING:
    from publishing.record import SiteRecord


@dataclass
class BuildOutcome:
    """Whether a build succeeded, and every warning and error it logged."""

    ok: bool
    records: list[logging.LogRecord] = field(default_factory=list)


def run_build(
    project: Project,
    settings_file: Path,
    output: Path,
    pages_written: Callable[[], None] | None = None,
    record: "SiteRecord | None" = None,
    **overrides,
) -> BuildOutcome:
    """Build the site into ``output``; print the report. ``ok`` when there was no error.

    ``pages_written`` is called once every HTML page is written, while the build still
    writes its feeds and images (the search indexer starts there). With ``record``, each
    page is rendered through that site record, which takes unchanged pages from the last
    build (record.py)."""
    from jinja2 import FileSystemBytecodeCache
    from pelican import Pelican, signals

    from newsroom.report import BuildStopped
    from publishing.logs import setup_console

    setup_console()
    recorder = LogRecorder()
    logging.getLogger().addHandler(recorder)

    def on_pages_written(generator, writer) -> None:
        del generator, writer
        if pages_written is not None:
            pages_written()

    def cache_compiled_templates(generator) -> None:
        # Each generator has its own Jinja environment and compiled every template anew
        # on every build (a fifth of a second); compiled code is kept by source checksum.
        folder = Path(generator.settings["CACHE_PATH"]) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))

    def writer_of_record(pelican):
        # The assets plugin leaves the precompressed files taken along with pages alone.
        setattr(pelican, handover.PRECOMPRESSED, record.precompressed)
        return record.writer_class()

    # Connected before Pelican loads the plugins, so it runs before their receivers of
    # the same signal (the social cards' wait for the last card, the feeds).
    signals.page_writer_finalized.connect(on_pages_written)
    signals.generator_init.connect(cache_compiled_templates)
    if record is not None:
        signals.get_writer.connect(writer_of_record)
    # A build makes millions of objects that live until its end; Python's default (a
    # collection every 700 new objects) spent a tenth of a second looking at them.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        settings = project.read_settings(settings_file, OUTPUT_PATH=str(output), **overrides)
        # Before the card workers fork: they and the titles of the pages share it.
        hyphenation.keep_dictionary(Path(settings["CACHE_PATH"]) / "hyphenation")
        Pelican(settings).run()
    except BuildStopped as stopped:
        stop_background()
        print(stopped, file=sys.stderr)
        return BuildOutcome(False, recorder.records)
    except Exception as error:  # noqa: BLE001 (any failure is reported, never lost)
        stop_background()
        _report_failure(error, project.debug)
        return BuildOutcome(False, recorder.records)
    finally:
        gc.set_threshold(*thresholds)
        signals.page_writer_finalized.disconnect(on_pages_written)
        signals.get_writer.disconnect(writer_of_record)
        signals.generator_init.disconnect(cache_compiled_templates)
        logging.getLogger().removeHandler(recorder)
    return BuildOutcome(
        not any(r.levelno >= logging.ERROR for r in recorder.records), recorder.records
    )


def _report_failure(error: Exception, debug: bool) -> None:
    """One line for the editor; the traceback (a plugin's bug) for the developer."""
    logging.getLogger(__name__).debug("The build failed", exc_info=error)
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    where = traceback.extract_tb(error.__traceback__)[-1:] if error.__traceback__ else []
    place = f" (in {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    hint = "" if debug else "; --debug shows the traceback"
    print(f"Build failed: {type(error).__name__}: {error}{place}{hint}", file=sys.stderr)


def stop_background() -> None:
    """End what a failed build left running beside it (e.g. card drawing)."""
    from contract.hooks import current_report

    report = current_report()
    if report is not None:
        report.stop_background()
