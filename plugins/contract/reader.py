"""Pelican's Markdown reader with the content contract, German slugs and figures.

The reader checks the header before Pelican interprets it, so a broken date is
reported as "Date is ..., expected ..." instead of a dateutil traceback. It never
logs: it returns the problems inside the metadata, and a hook logs them whenever
Pelican hands the metadata on. Pelican caches what a reader returns, so warnings
are repeated on cached builds too, and a file with errors is never cached as good.
"""

import os
import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from newsroom import headers
from newsroom.figures import FigureExtension
from newsroom.files import read_content
from newsroom.languages import prefix
from newsroom.settings import from_pelican
from newsroom.slugs import slug_for_title, slugify_german
from newsroom.text import reading_minutes
from newsroom.typography import TypographyExtension, educate

PROBLEMS_KEY = "newsroom_problems"  # metadata key, removed again by the hooks
FAILED_SLUG_KEY = "newsroom_failed_slug"  # the likely slugs of an article that had errors
FAILED_TRANSLATION_KEY = "newsroom_failed_translation"  # its Translation key, if any
META_EXTENSION = "markdown.extensions.meta"
TOC_EXTENSION = "markdown.extensions.toc"
FIGURES = "newsroom.figures"
# Extensions whose output is in the text's language (quotation marks, the embeds' notes):
# configured with the article's Lang.
LANGUAGE_EXTENSIONS = ("newsroom.typography", "embeds.markdown")
# Keys whose values we keep as lists; Pelican itself splits Tags and Authors.
LIST_KEYS = ("interviewee", "disclosure")
# A date without a time zone, as the contract writes it: read without dateutil, whose
# parser was a fifth of an article's reading time; any other form goes to Pelican.
NAIVE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


class ContractMarkdownReader(MarkdownReader):
    """Reads ``.md`` files whose header follows the content conventions of docs/writing.md."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        content_root = Path(self.settings["PATH"])
        display_path = project_relative(source_path, self.settings)
        kind = content_kind(source_path, self.settings)
        # The slugs a file the build must skip would likely have had (its Slug or Title's,
        # and its file name, which `invoke new` makes of the slug): the report drops the
        # follow-on error of their comment folders (one cause, one error).
        likely = (Path(source_path).stem,) if kind is headers.Kind.ARTICLE else ()
        try:
            source = headers.split_source(read_content(source_path, display_path))
        except headers.ContentError as error:
            return "", {"status": "skip", PROBLEMS_KEY: (error.problem,), FAILED_SLUG_KEY: likely}
        timezone = self.settings.get("TIMEZONE", headers.DEFAULT_TIMEZONE)
        languages = from_pelican(self.settings).languages
        header = headers.check_header(kind, display_path, source, content_root, timezone, languages)
        if header.errors:
            # "skip" makes Pelican drop the file without a second message. The slug it
            # would have had lets the report drop follow-on errors (its comment folder).
            failed = {"status": "skip", PROBLEMS_KEY: header.problems}
            if likely:
                slugs = (intended_slug(source), *likely)
                failed[FAILED_SLUG_KEY] = tuple(dict.fromkeys(s for s in slugs if s))
            translation = next(
                (line.value for line in source.header if line.key.lower() == "translation"), ""
            )
            if translation:
                failed[FAILED_TRANSLATION_KEY] = translation.strip()
            return "", failed

        default = self.settings["DEFAULT_LANG"]
        lang = str(header.values.get("lang") or default)
        content = self._markdown(lang).convert(source.body)
        metadata = self._metadata(header, source, lang)
        if kind is headers.Kind.PAGE and "parent" in metadata and "slug" in metadata:
            # A child page keeps its place below its parent: /ueber-uns/team/ (and an
            # English one below its English parent: /en/about-us/team/).
            url = f"{prefix(lang, default)}{metadata['parent']}/{metadata['slug']}/"
            metadata["url"], metadata["save_as"] = url, f"{url}index.html"
        metadata["reading_time"] = reading_minutes(
            content, self.settings.get("NEWSROOM_WORDS_PER_MINUTE", 200)
        )
        if header.problems:
            metadata[PROBLEMS_KEY] = header.problems
        return content, metadata

    def _markdown(self, lang: str) -> Markdown:
        """One Markdown instance per reader and language, reset for every file: building
        it loads and configures every extension, which cost 0.8 ms of the 3.7 ms per
        article."""
        if getattr(self, "_md", None) is None:
            self._md = {}
        markdown = self._md.get(lang)
        if markdown is None:
            markdown = self._md[lang] = Markdown(**markdown_config(self.settings, lang=lang))
        markdown.reset()
        return markdown

    def _metadata(
        self, header: headers.Header, source: headers.Source, lang: str
    ) -> dict[str, Any]:
        raw = {item.key.lower(): item.value for item in source.header}
        metadata: dict[str, Any] = {}
        for name, value in header.values.items():
            if name in LIST_KEYS:
                metadata[name] = value
            elif name in self.settings["FORMATTED_FIELDS"]:
                formatted = self._format_field(raw[name], lang)
                metadata[name] = self.process_metadata(name, formatted)
            elif name == "title":  # the quotes and dashes its text gets (a headline too)
                metadata[name] = self.process_metadata(name, educate(raw[name], lang=lang))
            else:
                metadata[name] = self.process_metadata(name, raw[name])
        if "slug" not in metadata and "title" in metadata:
            metadata["slug"] = slug_for_title(metadata["title"])
        return metadata

    def _format_field(self, text: str, lang: str) -> str:
        """A header field such as Summary: one paragraph of inline Markdown. A lean
        Markdown does it; the full one (tables of contents, footnotes, code blocks)
        took a third of an article's reading time for its one-line summary."""
        if getattr(self, "_field_md", None) is None:
            self._field_md = {}
        markdown = self._field_md.get(lang)
        if markdown is None:
            markdown = self._field_md[lang] = Markdown(
                extensions=[TypographyExtension(lang=lang)], output_format="html5"
            )
        markdown.reset()
        return markdown.convert(text)

    def process_metadata(self, name: str, value: Any) -> Any:
        """Pelican's processing, plus German slugs for categories, tags and authors."""
        if name in ("date", "modified") and isinstance(value, str):
            naive = NAIVE_DATE.fullmatch(value.strip())
            if naive:  # what Pelican's get_date returns for it, without dateutil
                try:
                    return SafeDatetime(*(int(part or 0) for part in naive.groups()))
                except ValueError:
                    pass  # an impossible date: Pelican says what is wrong
        processed = super().process_metadata(name, value)
        wrappers = processed if isinstance(processed, list) else [processed]
        for wrapper in wrappers:
            if isinstance(wrapper, URLWrapper):
                wrapper.slug = slugify_german(wrapper.name)
        return processed


def intended_slug(source: headers.Source) -> str:
    """The slug a file with header errors would have had (its Slug, else its Title's)."""
    raw = {item.key.lower(): item.value for item in reversed(source.header)}
    if raw.get("slug"):
        return raw["slug"]
    return slug_for_title(raw["title"]) if raw.get("title") else ""


def markdown_config(
    settings: dict[str, Any], leave_out: Collection[str] = (), lang: str | None = None
) -> dict[str, Any]:
    """Pelican's MARKDOWN setting without the meta extension, plus figures, and with
    our slug function for toc's heading ids if toc is used; without the extensions
    named in ``leave_out`` (FIGURES for the figures); with ``lang`` the extensions whose
    output is in the text's language write that language.

    We split the header ourselves; with the meta extension still active a body
    starting with "Hinweis: ..." would be swallowed as a header line. Heading ids
    are link targets, so "Größe" must become "groesse" like every other slug.
    """
    config = dict(settings["MARKDOWN"])
    dropped = {META_EXTENSION, *leave_out}
    extension_configs = {
        k: v for k, v in config.get("extension_configs", {}).items() if k not in dropped
    }
    for name in LANGUAGE_EXTENSIONS if lang else ():
        if name in extension_configs:
            extension_configs[name] = {**extension_configs[name], "lang": lang}
    if TOC_EXTENSION in extension_configs:  # a site that wants a [TOC] after all
        extension_configs[TOC_EXTENSION] = {
            **extension_configs.get(TOC_EXTENSION, {}),
            "slugify": heading_id,
        }
    extensions = [e for e in config.get("extensions", []) if e not in dropped]
    extensions += [name for name in extension_configs if name not in extensions]
    if FIGURES not in dropped:
        extensions.append(FigureExtension())
    config["extensions"] = extensions
    config["extension_configs"] = extension_configs
    return config


def heading_id(value: str, separator: str) -> str:
    """Python-Markdown's toc ``slugify`` hook."""
    del separator  # our slugs always use "-"
    return slugify_german(value)


def content_kind(source_path: str, settings: dict[str, Any]) -> headers.Kind:
    relative = Path(os.path.relpath(source_path, settings["PATH"]))
    for page_path in settings["PAGE_PATHS"]:
        if relative.is_relative_to(page_path):
            return headers.Kind.PAGE
    return headers.Kind.ARTICLE


def project_relative(path: str | Path, settings: dict[str, Any]) -> str:
    """``content/2024/x.md``: paths in messages are relative to the project root,
    which is the folder holding the content folder."""
    # abspath, not realpath: every path we are given was joined onto PATH, and resolving
    # links cost a system call per folder for every article and comment.
    absolute = os.path.abspath(path)  # noqa: PTH100 (resolve() is what we avoid)
    return Path(os.path.relpath(absolute, _project_root(settings["PATH"]))).as_posix()


@lru_cache(maxsize=8)
def _project_root(content: str) -> str:
    return str(Path(os.path.abspath(content)).parent)  # noqa: PTH100 (as above)
