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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.runtime import missing
from pelican.contents import Content
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from newsroom.languages import page_values
from publishing.digest import MISSING, Hasher, entity_key
from publishing.trace import Reads, Tracer

logger = logging.getLogger(__name__)

SIBLINGS = (".gz", ".br")
_UNKNOWN, _VALID, _CHANGED = 0, 1, 2  # the precompressed files beside a page (assets plugin)
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
    page_digests: dict[str, str] = field(default_factory=dict)  # of the indexed pages

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


class Table:
    """This build's inputs: each value's digest computed once, each input (a "dep")
    numbered once, so that recording a page costs a dictionary look-up per read.

    Every method returns an entry ``[value, digest, index]``: the value is kept (its id
    stays its own), the digest is None for a value without a canonical form, and the
    index is given the first time a page records the input (``numbered``).
    """

    def __init__(self) -> None:
        self.hasher = Hasher()
        self.deps: dict[Dep, int] = {}
        self._names: dict[tuple[str, int], list] = {}
        self._attributes: dict[tuple[int, str, int], list] = {}
        self._wholes: dict[int, list] = {}
        self._templates: dict[str, list] = {}
        self._calls: dict[tuple[str, tuple], list] = {}

    def index(self, dep: Dep) -> int:
        index = self.deps.get(dep)
        if index is None:
            index = self.deps[dep] = len(self.deps)
        return index

    def numbered(self, entry: list, *kind: Any) -> int | None:
        """The index of an entry's input, the dep ``(*kind, digest)``."""
        if entry[2] is None and entry[1] is not None:
            entry[2] = self.index((*kind, entry[1]))
        return entry[2]

    def as_list(self) -> list[Dep]:
        table: list[Dep] = [()] * len(self.deps)
        for dep, index in self.deps.items():
            table[index] = dep
        return table

    def name(self, name: str, value: Any) -> list:
        key = (name, id(value))
        entry = self._names.get(key)
        if entry is None:
            digest = MISSING if value is missing else self.hasher.digest_or_none(value)
            entry = self._names[key] = [value, digest, None]
        return entry

    def attribute(self, entity: Content, attribute: str, value: Any) -> list:
        key = (id(entity), attribute, id(value))
        entry = self._attributes.get(key)
        if entry is None:
            entry = self._attributes[key] = [value, self.hasher.digest_or_none(value), None]
        return entry

    def whole(self, entity: Content) -> list:
        entry = self._wholes.get(id(entity))
        if entry is None:
            entry = self._wholes[id(entity)] = [entity, self.hasher.whole(entity), None]
        return entry

    def template(self, env: Environment, name: str) -> list:
        entry = self._templates.get(name)
        if entry is None:
            try:
                digest = self.hasher.digest_or_none(env.loader.get_source(env, name)[0])
            except Exception:  # noqa: BLE001 (gone or unreadable: the page is rendered)
                digest = None
            entry = self._templates[name] = [name, digest, None]
        return entry

    def call(self, env: Environment, helper: str, arguments: tuple, result: Any = missing):
        key = (helper, arguments)
        entry = self._calls.get(key)
        if entry is None:
            if result is missing:
                function = env.globals[helper]
                try:  # a helper's ``peek`` answers without the call's side effects
                    result = getattr(function, "peek", function)(*arguments)
                except Exception:  # noqa: BLE001 (the page is rendered and reports it)
                    result = missing
            digest = None if result is missing else self.hasher.digest_or_none(result)
            entry = self._calls[key] = [result, digest, None]
        return entry


def _call_again(env: Environment, calls: Iterator[Dep]) -> None:
    """The helper calls of a page taken from the last build, made for their effects (a
    picture's variants are placed in the site only when a page shows it)."""
    for _, helper, arguments, _ in calls:
        try:
            env.globals[helper](*arguments)
        except Exception:  # noqa: BLE001 (the result was the recorded one when checked)
            continue


class SiteRecord:
    """One build's record: checks pages against ``previous`` and records every page."""

    def __init__(self, global_key: str, previous: Previous | None = None) -> None:
        self.global_key = global_key
        self.previous = previous if previous and previous.global_key == global_key else None
        self.tracer = Tracer()
        self.inputs = Table()
        self.pages: dict[str, PageRecord] = {}
        # Pages taken from the last build: relative path -> the snapshot's file, and its
        # precompressed siblings when the snapshot has both.
        self.reused: dict[str, list[Path]] = {}
        self.precompressed: set[str] = set()  # those of them with their .gz and .br
        self.page_digests: dict[str, str] = {}  # of the pages the search index read
        self.rendered = 0
        self._entities: dict[str, Content] | None = None
        # By the index of an input of the last build: whether it is as it was, and its
        # index in this build's table.
        count = len(self.previous.deps) if self.previous else 0
        self._valid = bytearray(count)  # _UNKNOWN, _VALID or _CHANGED
        self._mapped = [-1] * count
        self._fixed: dict[int, tuple] = {}  # see _fixed_inputs

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
        deps = self._deps(reads, page_values(localcontext), env)
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
        deps, known, mapped = previous.deps, self._valid, self._mapped
        values = page_values(localcontext)  # by name as the page reads them: in its language
        for index in old.deps:
            state = known[index]
            if state == _UNKNOWN:
                dep = deps[index]
                valid = self._still(dep, env, values)
                # The page's own context is checked for every page; anything else once:
                # all pages are rendered before any plugin changes the content again.
                if dep[0] != "n":
                    known[index] = _VALID if valid else _CHANGED
            else:
                valid = state == _VALID
            if not valid:
                logger.debug("%s is rendered: %s changed", output, deps[index][:-1])
                return False
        new = []
        for index in old.deps:
            if mapped[index] < 0:
                mapped[index] = self.inputs.index(deps[index])
            new.append(mapped[index])
        self.pages[output] = PageRecord(new, old.logs)
        _call_again(env, (deps[index] for index in old.deps if deps[index][0] == "c"))
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
        kind, recorded, inputs = dep[0], dep[-1], self.inputs
        if kind == "n":
            return inputs.name(dep[1], localcontext.get(dep[1], missing))[1] == recorded
        if kind == "t":
            return inputs.template(env, dep[1])[1] == recorded
        if kind == "c":
            return inputs.call(env, dep[1], dep[2])[1] == recorded
        entity = self._entity(dep[1])
        if entity is None:
            return False
        if kind == "w":
            return inputs.whole(entity)[1] == recorded
        value = Environment.getattr(env, entity, dep[2])
        return inputs.attribute(entity, dep[2], value)[1] == recorded

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
        found: set[int | None] = set()
        wholes = self._names(reads, localcontext, found)
        wholes.update(reads.wholes)
        if wholes:  # what is read whole need not be read attribute by attribute
            attributes = reads.attributes
            reads.attributes = {k: v for k, v in attributes.items() if k[0] not in wholes}
        found |= self._fixed_inputs(reads, env, wholes, keep=False)
        for bundle in _bundles(reads):
            found |= self._fixed_inputs(bundle, env, self._names(bundle, localcontext, found))
        if None in found:
            return None
        return sorted(found)

    def _names(self, reads: Reads, localcontext: dict, found: set) -> dict[int, Content]:
        """Add the names read that are names of the page (not of an included template's
        own variables); the entities among them are read whole by Python code."""
        wholes: dict[int, Content] = {}
        inputs = self.inputs
        for name, value in (*reads.names.items(), *reads.others):
            if localcontext.get(name, missing) is not value:
                continue
            entry = inputs.name(name, value)
            found.add(entry[2] if entry[2] is not None else inputs.numbered(entry, "n", name))
            if isinstance(value, Content):
                wholes[id(value)] = value
        return wholes

    def _fixed_inputs(
        self, reads: Reads, env: Environment, wholes: dict, keep: bool = True
    ) -> set[int | None]:
        """The inputs of ``reads`` that do not depend on the page's context, computed
        once for each set of reads that is ``kept`` (a card shown by many lists)."""
        size = (
            len(reads.attributes),
            len(reads.wholes),
            len(reads.templates),
            len(reads.calls),
        )
        known = self._fixed.get(id(reads)) if keep else None
        if known is None or known[1] != size:
            inputs = self.inputs
            indexes: set[int | None] = set()
            numbered = inputs.numbered
            for (_, attribute), (entity, value) in reads.attributes.items():
                entry = inputs.attribute(entity, attribute, value)
                if entry[2] is None:
                    numbered(entry, "a", entity_key(entity), attribute)
                indexes.add(entry[2])
            for entity in reads.wholes.values():
                indexes.add(self._whole_index(entity))
            for name in reads.templates:
                indexes.add(numbered(inputs.template(env, name), "t", name))
            for (helper, arguments), result in reads.calls.items():
                entry = inputs.call(env, helper, arguments, result)
                indexes.add(numbered(entry, "c", helper, arguments))
            known = (reads, size, indexes)  # the reads kept: their id stays theirs
            if keep:
                self._fixed[id(reads)] = known
        if not wholes:
            return known[2]
        return known[2] | {self._whole_index(entity) for entity in wholes.values()}

    def _whole_index(self, entity: Content) -> int | None:
        entry = self.inputs.whole(entity)
        if entry[2] is None:
            self.inputs.numbered(entry, "w", entity_key(entity))
        return entry[2]

    # --- the writer --------------------------------------------------------------------

    def writer_class(self) -> type[Writer]:
        """Pelican's Writer, rendering through this record (``get_writer`` signal)."""
        record = self

        class RecordingWriter(Writer):
            def __init__(self, output_path, settings=None):
                super().__init__(output_path, settings=settings)
                record.tracer.fixed.update(settings or {})
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
        return self.inputs.as_list()

    def known_page_digests(self) -> dict[str, str]:
        """The digests of the last build's pages that this build took unchanged."""
        if self.previous is None:
            return {}
        known = self.previous.page_digests
        return {path: known[path] for path in self.reused if path in known}


def _bundles(reads: Reads) -> list[Reads]:
    """The bundles of ``reads`` and of its bundles, each once."""
    found: dict[int, Reads] = {}
    todo = list(reads.bundles.values())
    while todo:
        bundle = todo.pop()
        if id(bundle) not in found:
            found[id(bundle)] = bundle
            todo.extend(bundle.bundles.values())
    return list(found.values())


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
