"""Signal receivers of the comments plugin: read approved comments, thread them, attach."""

import json
import logging
from collections import defaultdict
from itertools import chain
from pathlib import Path

from markdown import Markdown

from comments.settings import from_pelican
from comments.threads import CommentFile, build_thread, read_comment
from newsroom.cache import DerivedCache, input_key
from newsroom.headers import Problem, Severity
from newsroom.reader import markdown_config, project_relative

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"  # bump when rendering or sanitising of comments changes


def _log(problem: Problem) -> None:
    level = logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING
    logger.log(level, "%s", problem, extra={"content_path": problem.path})


def read_comment_files(settings: dict) -> dict[str, list[CommentFile]]:
    """Every comment file below content/comments/, by article slug; each parsed once,
    cached by its bytes (Markdown + nh3 is the costly part)."""
    folder = Path(settings["PATH"]) / from_pelican(settings).path
    cache = DerivedCache(settings["CACHE_PATH"], "comments", CACHE_VERSION)
    markdown = Markdown(**markdown_config(settings))

    def render(text: str) -> str:
        markdown.reset()
        return markdown.convert(text)

    by_article: dict[str, list[CommentFile]] = defaultdict(list)
    for path in sorted(folder.glob("*/*.md")):
        data = path.read_bytes()
        shown = project_relative(path, settings)
        key = input_key(shown, data, settings["TIMEZONE"], repr(settings["MARKDOWN"]))
        cached = cache.get(key)
        if cached is None:
            cached = read_comment(shown, data.decode("utf-8"), render, settings["TIMEZONE"])
            cache.put(key, cached)
        parsed, problems = cached
        for problem in problems:
            _log(problem)
        if parsed is not None:
            by_article[parsed.article_slug].append(parsed)
    cache.save()
    return by_article


def join_comments(generator) -> None:
    """Attach ``comment_thread`` to every article; a folder naming no article is an error."""
    settings = generator.settings
    comments = from_pelican(settings)
    by_article = read_comment_files(settings)
    articles = list(chain(generator.articles, generator.hidden_articles, generator.drafts))
    known = {article.slug for article in articles}
    for slug in sorted(set(by_article) - known):
        folder = project_relative(Path(settings["PATH"]) / comments.path / slug, settings)
        _log(
            Problem(
                folder,
                "",
                f'is a comment folder, but no article has the slug "{slug}"; '
                "expected the slug of an article (the last part of its URL)",
            )
        )
    for article in articles:
        is_open = getattr(article, "comments", "open") != "closed"
        thread, problems = build_thread(
            by_article.get(article.slug, ()),
            [a.name for a in getattr(article, "authors", [])],
            is_open,
        )
        for problem in problems:
            _log(problem)
        article.comment_thread = thread
    generator.context["comments_settings"] = comments


def write_manifest(generator, writer) -> None:
    """The articles that exist and whether they take comments, for the intake service."""
    del writer
    settings = generator.settings
    comments = from_pelican(settings)
    manifest = {
        "articles": {
            article.slug: {
                "url": article.url,
                "title": article.title,
                "open": article.comment_thread.open,
            }
            for article in sorted(
                chain(generator.articles, generator.hidden_articles), key=lambda a: a.slug
            )
        }
    }
    target = Path(settings["OUTPUT_PATH"]) / comments.manifest_save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
