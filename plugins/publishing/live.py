"""`invoke livereload`: the edited article's page first, then the whole site.

A full development build of a large site takes seconds; an editor who saves an article
wants to see that article now. So after every full build the live preview keeps the
articles generator (its context, templates and articles) in memory. When only article
files changed, each is read again and its page rendered with that context and moved
into ``output/`` (a few milliseconds per article); the browser reloads; then the full
build runs, as always, into a fresh folder that replaces ``output/`` when it is done,
and the browser reloads once more.

The quick page is exact for the article's own text, header and derived values (reading
time, summary); lists, feeds, neighbours' links and search follow with the full build.
It is skipped, leaving only the full build, for a new, removed or renamed file, a changed
URL, date or status, a header error (the full build reports it), and interviews (their
questions are numbered by the interviews plugin during the full build).
"""

import os
import queue
import tempfile
import threading
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

import watchfiles
from pelican.contents import Article, SkipStub
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

ARTICLE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


class ChangeWatcher:
    """Which files below some folders (or single files) changed, from the operating
    system's file events (watchfiles, as Pelican's own --autoreload uses): nothing is
    polled. Events collect from ``start()`` on, so a file saved during the first build
    counts; ``settled_changes()`` waits for the next batch and takes all that came."""

    def __init__(self, roots: Iterable[Path], quiet_ms: int = 50) -> None:
        self.roots = [Path(root) for root in roots]
        self.quiet_ms = quiet_ms  # a save in progress (truncate, write) is one batch
        self._batches: queue.Queue[set[Path]] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._failure: Exception | None = None

    def start(self) -> "ChangeWatcher":
        """Returns when the watcher is in place, however long a busy machine takes (a
        file saved before would be missed); raises OSError when it cannot watch."""
        watching = threading.Thread(target=self._collect, name="live-watcher", daemon=True)
        watching.start()
        while not self._ready.wait(timeout=0.1):
            if not watching.is_alive():
                raise OSError(f"Cannot watch {self._shown_roots()} for changes: {self._failure}")
        return self

    def stop(self) -> None:
        self._stop.set()

    def settled_changes(self, timeout: float | None = None) -> set[Path]:
        """The files changed since the last call, waiting up to ``timeout`` seconds
        (for ever when None) for the first; an empty set when none came."""
        try:
            changed = set(self._batches.get(timeout=timeout))
        except queue.Empty:
            return set()
        while not self._batches.empty():
            changed |= self._batches.get_nowait()
        return changed

    def _shown_roots(self) -> str:
        return ", ".join(str(root) for root in self.roots)

    def _collect(self) -> None:
        try:
            self._watch()
        except Exception as error:  # noqa: BLE001 (start() says it)
            self._failure = error

    def _watch(self) -> None:
        # A folder that is not there (a plugin path not made yet) has nothing to watch;
        # watchfiles would refuse to watch the others.
        roots = [root for root in self.roots if root.exists()]
        if not roots:
            raise FileNotFoundError("none of them exists")
        events = watchfiles.watch(
            *roots,
            watch_filter=watchfiles.DefaultFilter(),  # no __pycache__, .git, editor swaps
            debounce=1_600,
            step=self.quiet_ms,
            stop_event=self._stop,
            rust_timeout=200,
            yield_on_timeout=True,
        )
        for batch in events:
            self._ready.set()  # the first (empty) timeout: the watcher is in place
            if batch:
                self._batches.put({Path(path) for _change, path in batch})


def articles_generator(generators: Iterable) -> ArticlesGenerator | None:
    return next((g for g in generators if isinstance(g, ArticlesGenerator)), None)


def quick_articles(changed: set[Path], generator: ArticlesGenerator | None) -> list[Path]:
    """The changed files, when every one is an article the last build knows; else []."""
    if generator is None or not changed:
        return []
    known = {Path(a.source_path) for a in _all_articles(generator)}
    if all(path.suffix in ARTICLE_SUFFIXES and path in known for path in changed):
        return sorted(changed)
    return []


def render_article(generator: ArticlesGenerator, source: Path, output: Path) -> Path | None:
    """Read ``source`` again and write its page into ``output``; None when the change
    needs the full build (see the module's docstring)."""
    source_path = str(source)
    old = next((a for a in _all_articles(generator) if a.source_path == source_path), None)
    if old is None or getattr(old, "type", "") == "interview":
        return None
    try:
        new = generator.readers.read_file(
            base_path=generator.path,
            path=os.path.relpath(source_path, generator.path),
            content_class=Article,
            context=generator.context,
        )
    except Exception:  # noqa: BLE001 (the full build reports it properly)
        return None
    if (
        isinstance(new, SkipStub)
        or not new.is_valid()
        or (new.status, new.save_as, new.date) != (old.status, old.save_as, old.date)
        or getattr(new, "type", "") == "interview"
    ):
        return None
    # What the plugins attached to the article (profiles, comments, card, neighbours)
    # does not depend on its text: keep it.
    for name, value in vars(old).items():
        vars(new).setdefault(name, value)
    target = output / new.save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".quick-", dir=output) as scratch:
        Writer(scratch, settings=generator.settings).write_file(
            new.save_as,
            generator.get_template(new.template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            article=new,
            category=getattr(new, "category", None),
            url=new.url,
            blog=True,
        )
        (Path(scratch) / new.save_as).replace(target)  # never a half-written page
    _replace(generator, old, new)
    return target


def quick_pass(changed: set[Path], generator: ArticlesGenerator | None, output: Path) -> list[Path]:
    """Render the pages of the changed articles now; [] unless every one was written."""
    articles = quick_articles(changed, generator)
    written = []
    for path in articles:
        page = render_article(generator, path, output)
        if page is None:
            return []
        written.append(page)
    return written


def _all_articles(generator: ArticlesGenerator):
    return chain(
        generator.articles,
        generator.hidden_articles,
        generator.translations,
        generator.hidden_translations,
    )


def _replace(generator: ArticlesGenerator, old, new) -> None:
    """So that a second save before the next full build starts from this version."""
    for articles in (
        generator.articles,
        generator.hidden_articles,
        generator.translations,
        generator.hidden_translations,
    ):
        for index, article in enumerate(articles):
            if article is old:
                articles[index] = new
