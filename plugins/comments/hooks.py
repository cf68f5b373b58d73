"""Signal receivers of the comments plugin: read approved comments, thread them, attach."""

import difflib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import nh3
from markdown import Markdown

from comments.model import CommentThread
from comments.settings import from_pelican
from comments.threads import CommentFile, build_thread, read_comment
from contract.reader import FIGURES, TOC_EXTENSION, markdown_config, project_relative
from newsroom import handover
from newsroom.cache import DerivedCache, input_key
from newsroom.files import decode_content, write_atomically
from newsroom.headers import ContentError, Problem
from newsroom.languages import every_article, language_values, other_editions, version_in
from newsroom.report import log_problem
from newsroom.text import plain_text, shorten

if TYPE_CHECKING:
    from pelican.generators import Generator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)

CACHE_VERSION = "3"  # bump when reading, rendering or sanitising of comments changes
UNUSED_IN_COMMENTS = (
    "newsroom.headings",
    TOC_EXTENSION,
    "markdown.extensions.codehilite",
    FIGURES,
)
CONTEXT_KEY = "comments_settings"  # the settings record, for the templates


class _LazyMarkdown:
    """The site's Markdown setup for comments, built only when a comment is not in the
    cache. Without the extensions whose output the sanitiser removes again (heading ids,
    highlighted code, figures): they took three quarters of a comment's rendering time."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self._markdown: Markdown | None = None

    def __call__(self, text: str) -> str:
        if self._markdown is None:
            self._markdown = Markdown(**markdown_config(self.settings, UNUSED_IN_COMMENTS))
        self._markdown.reset()
        return self._markdown.convert(text)


def comment_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The comment files (``<slug>/<id>.md``) and Markdown files anywhere else below
    ``folder``, which nobody would ever see."""
    found, stray = [], []
    if not folder.is_dir():
        return found, stray
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        depth = len(Path(directory).relative_to(folder).parts)
        for name in sorted(names):
            if name.endswith(".md"):
                (found if depth == 1 else stray).append(Path(directory) / name)
    return found, stray


def read_comment_files(settings: dict) -> dict[str, list[CommentFile]]:
    """Every comment file below content/comments/, by article slug; each parsed once,
    cached by its bytes (Markdown + nh3 is the costly part)."""
    comments = from_pelican(settings)
    folder = Path(settings["PATH"]) / comments.path
    cache = DerivedCache(settings["CACHE_PATH"], "comments", CACHE_VERSION)
    render: Callable[[str], str] = _LazyMarkdown(settings)
    # Everything that shapes a parsed comment besides its bytes.
    shaping = (settings["TIMEZONE"], repr(settings["MARKDOWN"]), nh3.__version__ or "")
    found, stray = comment_files(folder)
    for path in stray:
        log_problem(
            logger,
            Problem(
                project_relative(path, settings),
                "",
                "is not read: expected each comment at "
                f"{project_relative(folder, settings)}/<article-slug>/<comment-id>.md",
            ),
        )
    by_article: dict[str, list[CommentFile]] = defaultdict(list)
    for path in found:
        data = path.read_bytes()
        shown = project_relative(path, settings)
        key = input_key(shown, data, *shaping)
        cached = cache.get(key)
        if cached is None:
            try:
                text = decode_content(data, shown)
            except ContentError as error:
                log_problem(logger, error.problem)
                continue
            cached = read_comment(shown, text, render, settings["TIMEZONE"])
            cache.put(key, cached)
        parsed, problems = cached
        for problem in problems:
            log_problem(logger, problem)
        if parsed is not None:
            by_article[parsed.article_slug].append(parsed)
    cache.save()
    if found:
        logger.info(
            "Comments: %d files for %d articles (%d rendered, %d from the cache)",
            len(found),
            len(by_article),
            cache.misses,
            cache.hits,
        )
    return by_article


def join_comments(generator: "Generator") -> None:
    """Attach ``comment_thread`` to every article; a folder naming no article is an error.

    Runs at article_generator_finalized on every build: Pelican's content cache may hand
    back a pickled article without sending content_object_init, and a thread joined
    there would miss the comments approved since.
    """
    settings = generator.settings
    comments = from_pelican(settings)
    by_article = read_comment_files(settings)
    articles = list(every_article(generator))  # every language's (languages plugin)
    known = {article.slug for article in articles}
    for slug in sorted(set(by_article) - known):
        folder = project_relative(Path(settings["PATH"]) / comments.path / slug, settings)
        log_problem(
            logger,
            Problem(
                folder,
                "",
                f'is a comment folder, but no article has the slug "{slug}"; '
                "expected the slug of an article (the last part of its URL)"
                + _renamed_hint(slug, articles, set(by_article), settings),
            ),
        )
    for article in articles:
        is_open = getattr(article, "comments", "open") != "closed"
        files = by_article.get(article.slug)
        if files:
            thread, problems = build_thread(files, is_open)
            for problem in problems:
                log_problem(logger, problem)
        else:
            thread = CommentThread(open=is_open)
        setattr(article, handover.COMMENT_THREAD, thread)
    generator.context[CONTEXT_KEY] = comments


def _renamed_hint(slug: str, articles: list, folders: set[str], settings: dict) -> str:
    """The likely cause of a comment folder without its article: a title changed in an
    article without a ``Slug:`` line, which gave it a new slug (and a new address). The
    article of the closest slug that has no comment folder of its own is named."""
    candidates = {a.slug: a for a in articles if a.slug not in folders}
    close = difflib.get_close_matches(slug, list(candidates), n=1, cutoff=0.5)
    if not close:
        return ""
    source = project_relative(candidates[close[0]].source_path, settings)
    return (
        f'. If the title of {source} changed (its slug is "{close[0]}" now), add the line '
        f'"Slug: {slug}" to its header: it keeps its address and these comments'
    )


def localise_settings(generators: "list[Generator]") -> None:
    """The form's settings in every other language: its spam question, and the privacy
    policy its consent links in that language where the page is translated."""
    context = generators[0].context
    comments = context.get(CONTEXT_KEY)
    if comments is None:
        return
    for edition in other_editions(context):
        privacy = version_in(context, comments.privacy_url, edition.lang)
        question = comments.spam_questions.get(edition.lang, comments.spam_question)
        localised = replace(comments, privacy_url=privacy, spam_question=question)
        language_values(context, edition.lang)[CONTEXT_KEY] = localised


def manifest(articles, promises: dict | None = None) -> dict:
    """What the intake needs to know of each published article: where it is, whether it
    takes comments, and which comment ids a reply may name.

    It is also the intake's list of what is live: the newsletter takes its new articles
    from it (date, summary, picture, language), reply notifications wait until a reply's
    id is in it, and a report may name only a comment or mention listed here. Beside
    them, ``promises``: what the pages promise readers (the readers plugin's, such as
    the reply notifications' interval), which the intake keeps.
    """
    listed = {
        "articles": {
            article.slug: {
                "url": article.url,
                "title": article.title,
                # For the editors' replies: one signed with an author's name gets the badge.
                "authors": [a.name for a in getattr(article, "authors", [])],
                "open": article.comment_thread.open,
                "comments": sorted(c.id for c in article.comment_thread.flat()),
                "mentions": sorted(m.id for m in article.comment_thread.mentions),
                "date": article.date.isoformat(),
                # The intake answers in it; the moderation page and mail name it; the
                # newsletter sends each reader the articles in theirs.
                "lang": article.lang,
                "summary": _summary(article),
                "image": getattr(article, "image", "") or "",
                "image_alt": article.metadata.get("image-alt", ""),
            }
            for article in sorted(articles, key=lambda a: a.slug)
        }
    }
    if promises:
        listed["readers"] = dict(promises)
    return listed


def _summary(article) -> str:
    """The summary as plain text, for the newsletter (the mail escapes it)."""
    return shorten(plain_text(article.metadata.get("summary") or article.summary), 300)


def write_manifest(generator: "Generator", writer: "Writer") -> None:
    """The published articles and whether they take comments, for the intake service.

    The file is part of the site (deployments copy the site, and the intake reads it
    there), so it is public: hidden articles are left out, and take no comments.
    Written atomically: the intake re-reads the file while a deployment replaces it.
    """
    settings = generator.settings
    comments = from_pelican(settings)
    # For readers without JavaScript when the intake is down: the web server answers
    # the form's path with this page (their browser keeps the text when they go back).
    writer.write_file(
        comments.unavailable_save_as,
        generator.get_template("comments_unavailable"),
        generator.context,
        relative_urls=settings.get("RELATIVE_URLS", False),
        template_name="comments_unavailable",
    )
    promises = generator.context.get(handover.READER_PROMISES)
    data = manifest([*generator.articles, *generator.translations], promises)
    target = Path(settings["OUTPUT_PATH"]) / comments.manifest_save_as
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomically(target, text.encode("utf-8"))
