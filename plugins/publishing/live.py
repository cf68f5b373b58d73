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
import tempfile
import time
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from pelican.contents import Article, SkipStub
from pelican.generators import ArticlesGenerator
from pelican.writers import Writer

ARTICLE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


class ChangeWatcher:
    """Which files below some folders changed since the last look (size and mtime)."""

    def __init__(self, roots: Iterable[Path], ignored: Iterable[str] = ("__pycache__",)) -> None:
        self.roots = [Path(root) for root in roots]
        self.ignored = set(ignored)
        self._seen = self._scan()

    def settled_changes(self, pause: float = 0.05, limit: int = 20) -> set[Path]:
        """Like ``changes``, but looks again until a save in progress has finished: an
        editor's save truncates and writes, and a half-written header is no header."""
        changed = self.changes()
        for _ in range(limit if changed else 0):
            time.sleep(pause)
            more = self.changes()
            if not more:
                break
            changed |= more
        return changed

    def changes(self) -> set[Path]:
        """Files added, removed or changed since the last call."""
        now = self._scan()
        changed = {
            path for path in now.keys() | self._seen.keys() if now.get(path) != self._seen.get(path)
        }
        self._seen = now
        return changed

    def _scan(self) -> dict[Path, tuple[int, int]]:
        found = {}
        for root in self.roots:
            if root.is_file():
                stat = root.stat()
                found[root] = (stat.st_size, stat.st_mtime_ns)
                continue
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if d not in self.ignored and not d.startswith(".")]
                for name in names:
                    path = Path(folder, name)
                    try:
                        stat = path.stat()
                    except OSError:
                        continue  # removed while we looked; the next look tells
                    found[path] = (stat.st_size, stat.st_mtime_ns)
        return found


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
