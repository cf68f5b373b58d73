"""The site record: for every page, what it was made from; a page whose inputs are all
as they were is taken from the last build instead of rendered.

A production build (``invoke preview``, ``invoke publish``, CI with its ``cache/``) runs
Pelican in full: every article is read (from Pelican's cache), every plugin joins
profiles, comments, cards and feeds as always. Only the last step changes: before a page
is rendered, its record from the last build is checked, input by input (trace.py says
what an input is). When every input has the digest it had then, the page's file (and
its ``.gz``/``.br``) is linked from the snapshot of the last build (snapshot.py) and
the messages its rendering logged are logged again; otherwise it is rendered, traced,
and its new record kept. One edited article thus renders its own page and the lists
that show it; a changed template renders the pages that loaded it.

What the tracer cannot see is in the *global key*, which the preview computes: the
settings, the plugins' code, the theme's files other than its templates (translations,
static files), the versions of Python and of every installed distribution. A change
there renders every page.
"""

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.runtime import missing
from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from publishing.digest import MISSING, digest_or_none, entity_key, whole
from publishing.trace import Reads, Tracer

logger = logging.getLogger(__name__)

SIBLINGS = (".gz", ".br")  # the precompressed files beside a page (assets plugin)
Dep = tuple  # ("n", name, digest) | ("a", entity, attribute, digest) | ("w", entity, digest)
# | ("t", template, digest) | ("c", helper, arguments, digest)


@dataclass
class PageRecord:
    deps: list[int]  # indexes into the record's table of inputs
    logs: list[tuple[int, str, str, str]]  # (level, logger, message, content path)


@dataclass
class Previous:
    """The record of the last successful build, and where its files are kept."""

    global_key: str
    deps: list[Dep]
    pages: dict[str, PageRecord]  # by output path relative to the site
    # The last site's files: relative path -> (file in the snapshot, size, mtime_ns).
    files: dict[str, tuple[Path, int, int]] = field(default_factory=dict)

    def kept(self, relative: str) -> Path | None:
        """The snapshot's copy of ``relative``, if it is as the snapshot left it."""
        entry = self.files.get(relative)
        if entry is None:
            return None
        path, size, mtime_ns = entry
        try:
            stat = path.stat()
        except OSError:
            return None
        return path if (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns) else None


class Digests:
    """The digests of this build's values, each computed once."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, int], tuple[Any, bytes | None]] = {}
        self._attributes: dict[tuple[int, str, int], tuple[Any, bytes | None]] = {}
        self._wholes: dict[int, tuple[Content, bytes | None]] = {}
        self._templates: dict[str, bytes | None] = {}
        self._calls: dict[tuple[str, tuple], bytes | None] = {}

    def name(self, name: str, value: Any) -> bytes | None:
        if value is missing:
            return MISSING
        key = (name, id(value))
        known = self._names.get(key)
        if known is None:
            # The value is kept with its digest, so that its id is not reused meanwhile.
            known = self._names[key] = (value, digest_or_none(value))
        return known[1]

    def attribute(self, entity: Content, attribute: str, value: Any) -> bytes | None:
        key = (id(entity), attribute, id(value))
        known = self._attributes.get(key)
        if known is None:
            known = self._attributes[key] = (value, digest_or_none(value))
        return known[1]

    def whole(self, entity: Content) -> bytes | None:
        known = self._wholes.get(id(entity))
        if known is None:
            known = self._wholes[id(entity)] = (entity, whole(entity))
        return known[1]

    def template(self, env: Environment, name: str) -> bytes | None:
        if name not in self._templates:
            try:
                source = env.loader.get_source(env, name)[0]
            except Exception:  # noqa: BLE001 (gone or unreadable: the page is rendered)
                self._templates[name] = None
            else:
                self._templates[name] = digest_or_none(source)
        return self._templates[name]

    def call(self, env: Environment, helper: str, arguments: tuple, result: Any = missing):
        key = (helper, arguments)
        if key not in self._calls:
            if result is missing:
                function = env.globals.get(helper)
                try:
                    result = function(*arguments)
                except Exception:  # noqa: BLE001 (the page is rendered and reports it)
                    self._calls[key] = None
                    return None
            self._calls[key] = digest_or_none(result)
        return self._calls[key]


class SiteRecord:
    """One build's record: checks pages against ``previous`` and records every page."""

    def __init__(self, global_key: str, previous: Previous | None = None) -> None:
        self.global_key = global_key
        self.previous = previous if previous and previous.global_key == global_key else None
        self.tracer = Tracer()
        self.digests = Digests()
        self.deps: dict[Dep, int] = {}
        self.pages: dict[str, PageRecord] = {}
        # Pages taken from the last build: relative path -> the snapshot's file, and its
        # precompressed siblings when the snapshot has both.
        self.reused: dict[str, list[Path]] = {}
        self.precompressed: set[str] = set()  # those of them with their .gz and .br
        self.rendered = 0
        self._entities: dict[str, Content] | None = None
        self._valid: dict[int, bool] = {}  # previous dep index -> still as it was

    # --- rendering ---------------------------------------------------------------------

    def render(self, template, localcontext: dict, output: str) -> str | None:
        """The page ``output`` (relative path): None when it is taken from the last
        build, else its HTML, rendered and recorded."""
        env = template.environment
        self.tracer.install(env)
        if self._reusable(output, env, localcontext):
            return None
        collected = _Collect()
        logging.getLogger().addHandler(collected)
        try:
            with self.tracer.page() as reads:
                html = template.render(localcontext)
        finally:
            logging.getLogger().removeHandler(collected)
        reads.templates.add(template.name)
        deps = self._deps(reads, localcontext, env)
        if deps is not None:
            self.pages[output] = PageRecord(deps, collected.records)
        self.rendered += 1
        return html

    def _reusable(self, output: str, env: Environment, localcontext: dict) -> bool:
        previous = self.previous
        old = previous.pages.get(output) if previous else None
        if old is None:
            return False
        kept = previous.kept(output)
        if kept is None:
            return False
        for index in old.deps:
            dep = previous.deps[index]
            if dep[0] == "n":  # the page's own context: checked for every page
                valid = self._still(dep, env, localcontext)
            else:  # all pages are rendered before any plugin changes the content again
                valid = self._valid.get(index)
                if valid is None:
                    valid = self._valid[index] = self._still(dep, env, localcontext)
            if not valid:
                if os.environ.get("PUBLISHING_RECORD_DEBUG"):
                    print(f"record: {output} is rendered: {dep[:-1]} changed", file=sys.stderr)
                return False
        self.pages[output] = PageRecord(
            [self._index(previous.deps[index]) for index in old.deps], old.logs
        )
        for level, name, message, content_path in old.logs:
            extra = {"content_path": content_path} if content_path else None
            logging.getLogger(name).log(level, "%s", message, extra=extra)
        siblings = [previous.kept(output + suffix) for suffix in SIBLINGS]
        if all(siblings):
            self.reused[output] = [kept, *siblings]
            self.precompressed.add(output)
        else:
            self.reused[output] = [kept]
        return True

    def _still(self, dep: Dep, env: Environment, localcontext: dict) -> bool:
        kind, recorded = dep[0], dep[-1]
        if kind == "n":
            return self.digests.name(dep[1], localcontext.get(dep[1], missing)) == recorded
        if kind == "t":
            return self.digests.template(env, dep[1]) == recorded
        if kind == "c":
            return self.digests.call(env, dep[1], dep[2]) == recorded
        entity = self._entity(dep[1])
        if entity is None:
            return False
        if kind == "w":
            return self.digests.whole(entity) == recorded
        value = Environment.getattr(env, entity, dep[2])
        return self.digests.attribute(entity, dep[2], value) == recorded

    def _entity(self, key: str) -> Content | None:
        if self._entities is None:
            raise RuntimeError("SiteRecord.know(context) was not called before writing")
        return self._entities.get(key)

    def know(self, context: dict) -> None:
        """The content of this build, by entity key (from Pelican's shared context)."""
        if self._entities is None:
            contents = [
                *context.get("generated_content", {}).values(),
                *context.get("static_content", {}).values(),
            ]
            self._entities = {entity_key(c): c for c in contents if isinstance(c, Content)}

    def _deps(self, reads: Reads, localcontext: dict, env: Environment) -> list[int] | None:
        """The page's inputs as indexes into this build's table; None when one of them
        has no stable digest (such a page is rendered by every build)."""
        digests = self.digests
        found: list[Dep] = []
        wholes = dict(reads.wholes)
        for name, value in (*reads.names.items(), *reads.others):
            # A name of an included template's own variables is no input of the page.
            if localcontext.get(name, missing) is not value:
                continue
            found.append(("n", name, digests.name(name, value)))
            if isinstance(value, Content):  # Python code may read all of it
                wholes[id(value)] = value
        for (_, attribute), (entity, value) in reads.attributes.items():
            found.append(
                ("a", entity_key(entity), attribute, digests.attribute(entity, attribute, value))
            )
        for entity in wholes.values():
            found.append(("w", entity_key(entity), digests.whole(entity)))
        for name in reads.templates:
            found.append(("t", name, digests.template(env, name)))
        for (helper, arguments), result in reads.calls.items():
            found.append(("c", helper, arguments, digests.call(env, helper, arguments, result)))
        if any(dep[-1] is None for dep in found):
            return None
        return sorted({self._index(dep) for dep in found})

    def _index(self, dep: Dep) -> int:
        index = self.deps.get(dep)
        if index is None:
            index = self.deps[dep] = len(self.deps)
        return index

    # --- the writer --------------------------------------------------------------------

    def writer_class(self) -> type[Writer]:
        """Pelican's Writer, rendering through this record (``get_writer`` signal)."""
        record = self

        class RecordingWriter(Writer):
            def __init__(self, output_path, settings=None):
                super().__init__(output_path, settings=settings)
                self._taken: dict[str, list[Path]] = {}  # absolute path -> kept files

            def write_file(self, name, template, context, *args, **kwargs):
                record.know(context)
                return super().write_file(
                    name, _Page(record, self, template), context, *args, **kwargs
                )

            def _open_w(self, filename, encoding, override=False):
                kept = self._taken.pop(filename, None)
                if kept is None:
                    return super()._open_w(filename, encoding, override)
                # Pelican's checks (a path written twice), then an empty write to nowhere.
                self._remember(filename, override)
                for source, suffix in zip(kept, ("", *SIBLINGS), strict=False):
                    os.link(source, filename + suffix)
                return Path(os.devnull).open("w", encoding=encoding)  # Pelican closes it

            def _remember(self, filename, override):
                """What Pelican's ``_open_w`` does besides opening (4.12)."""
                if filename in self._overridden_files:
                    if override:
                        raise FileOverwriteFailedError(
                            f'Failed to overwrite "{filename}" a second time '
                            "(was previously overwritten)"
                        )
                elif filename in self._written_files and not override:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{filename}" as Pelican has already '
                        "written to it previously (set `override=True` if intended)"
                    )
                if override:
                    self._overridden_files.add(filename)
                self._written_files.add(filename)

        return RecordingWriter

    def table(self) -> list[Dep]:
        table: list[Dep] = [()] * len(self.deps)
        for dep, index in self.deps.items():
            table[index] = dep
        return table


class _Page:
    """The template handed to Pelican's writer: renders through the site record."""

    def __init__(self, record: SiteRecord, writer: Writer, template) -> None:
        self.record, self.writer, self.template = record, writer, template

    def render(self, localcontext: dict) -> str:
        output = localcontext["output_file"]
        html = self.record.render(self.template, localcontext, output)
        if html is None:
            absolute = sanitised_join(self.writer.output_path, output)
            self.writer._taken[absolute] = self.record.reused[output]
            return ""
        return html


class _Collect(logging.Handler):
    """The messages logged while one page is rendered, to log them again on reuse."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(
            (record.levelno, record.name, record.getMessage(), getattr(record, "content_path", ""))
        )
