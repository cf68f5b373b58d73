"""Progress of a large build: reading the articles, then writing their pages.

A build of more than ``LARGE_BUILD`` articles takes long enough to want a bar on a
terminal (newsroom.progress: a plain line every 10 s in a log); a smaller one ends
within seconds and shows none. Each phase gets a bar of its own: the reading workers
(prefetch.py) count files, the writer counts the pages of articles and pages, and the
wait for the last social cards counts cards (social_cards/batch.py).
The summary at the end stays the build's own ("Done: Processed …").
"""

from typing import TYPE_CHECKING, Any

from newsroom.progress import Progress

if TYPE_CHECKING:
    from pelican.generators import Generator

LARGE_BUILD = 500  # articles
# Where the writing phase's progress waits for the writer, in Pelican's shared context
# (every page's context is a copy of it): per build, never a module global.
CONTEXT_KEY = "CONTRACT_WRITING_PROGRESS"


def phase(description: str, total: int, unit: str, articles: int | None = None) -> Progress:
    """A ``Progress`` that shows only for a build of more than LARGE_BUILD articles
    (``articles``, default ``total``); entered by the caller."""
    large = (total if articles is None else articles) > LARGE_BUILD
    return Progress(description, total, unit=unit, mode=None if large else "off")


def start_writing(generators: "list[Generator]") -> None:
    """``all_generators_finalized``: count the article and page files to be written."""
    # Imported here: the drawing workers import this module for ``phase`` alone.
    from pelican.generators import ArticlesGenerator, PagesGenerator

    from contract.hooks import ARTICLE_LISTS, PAGE_LISTS, current_report

    if not generators:
        return
    counts = {"articles": 0, "pages": 0}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            kind, names = "articles", ARTICLE_LISTS
        elif isinstance(generator, PagesGenerator):
            kind, names = "pages", PAGE_LISTS
        else:
            continue
        contents = [c for name in names for c in getattr(generator, name, ()) or ()]
        counts[kind] += sum(1 for content in contents if getattr(content, "save_as", ""))
    total = counts["articles"] + counts["pages"]
    progress = phase("Writing pages", total, "pages", counts["articles"])
    if progress.mode == "off":
        return
    progress.__enter__()
    report = current_report()
    if report is not None:  # a build that fails midway takes the bar down with it
        report.add_background(lambda: progress.__exit__(None, None, None))
    generators[0].context[CONTEXT_KEY] = progress


def count_written(path: str, context: dict[str, Any]) -> None:
    """``content_written``: one more article or page on disk. The bar goes with the
    last of them: the lists that follow are written in a moment."""
    del path
    progress = context.get(CONTEXT_KEY)
    if progress is not None and ("article" in context or "page" in context):
        progress.advance()
        if progress.total is not None and progress.completed >= progress.total:
            progress.__exit__(None, None, None)


def stop_writing(generator: "Generator", writer: object) -> None:
    """``page_writer_finalized``: the pages are written, the bar goes."""
    del writer
    progress = generator.context.pop(CONTEXT_KEY, None)
    if progress is not None:
        progress.__exit__(None, None, None)
