"""Feed entries from articles and comments: built once per build, cached by their inputs.

Glue between Pelican's articles and the pure records of model.py. An article's entry
HTML is rendered with the theme's ``partials/feed_entry.html`` (the same disclosure
and call-to-action partials the page uses), then every relative URL in it is made
absolute (links.py). That is the costly part; it is cached under
``CACHE_PATH/feeds/`` keyed by a hash of every input, and done only for articles that
appear in at least one feed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.utils import (
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from feeds.ids import comment_id, entry_id
from feeds.links import absolutize
from feeds.model import Category, Enclosure, Entry
from newsroom import handover
from newsroom.cache import DerivedCache, input_key
from newsroom.i18n import N_, catalogue_path
from newsroom.labels import ADVERTISEMENT, kind_label
from newsroom.text import unquoted

CACHE_VERSION = "4"  # bump when entries would come out differently for the same inputs
ENTRY_TEMPLATE = "partials/feed_entry.html"
# The templates the entry template includes: their text shapes every entry.
INCLUDED_TEMPLATES = ("partials/disclosures.html", "partials/cta.html")
COMMENT_TITLE = N_("%(author)s on “%(title)s”")


@dataclass(frozen=True)
class Site:
    """What every entry of this build shares: the absolute address and the id authority."""

    url: str  # absolute, without trailing slash
    authority: str
    content_root: Path
    full_content: bool
    category_scheme: str  # e.g. https://blog.example/kategorie/ (a category's "scheme")
    tag_scheme: str

    def absolute(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}"


class EntryBuilder:
    """Makes the entry of an article or comment at most once per build."""

    def __init__(
        self,
        site: Site,
        env,
        context: dict,
        cache: DerivedCache,
        gettext: Callable[[str], str],
        lang: str = "",
    ) -> None:
        self.site = site
        self.env = env
        self.context = context
        self.cache = cache
        self.gettext = gettext
        self.lang = lang or context.get("DEFAULT_LANG", "")  # of its articles
        self.template = env.get_template(ENTRY_TEMPLATE)
        self.split_interview = env.filters.get(handover.AS_INTERVIEW)  # the interviews plugin's
        self.shaping = self._shaping_inputs()
        self._articles: dict[int, tuple[Entry, str]] = {}
        self._comments: dict[tuple[int, str], tuple[Entry, str]] = {}
        self.built = 0  # article entries rendered in this build
        self.reused = 0  # article entries taken from the cache

    def article(self, article) -> tuple[Entry, str]:
        """The entry of ``article`` and the key of all its inputs."""
        found = self._articles.get(id(article))
        if found is None:
            found = self._articles[id(article)] = self._article(article)
        return found

    def comment(self, article, comment) -> tuple[Entry, str]:
        """The entry of one comment under ``article``."""
        found = self._comments.get((id(article), comment.id))
        if found is None:
            found = self._comments[(id(article), comment.id)] = self._comment(article, comment)
        return found

    def _article(self, article) -> tuple[Entry, str]:
        site = self.site
        content = article.get_content(site.url)
        summary = summary_of(article, content)
        card = getattr(article, handover.CARD_IMAGE, None)
        key = input_key(
            self.shaping,
            content_path(article, site.content_root),
            article.title,
            content,
            summary,
            article.url,
            repr(_metadata(article)),
            repr((card.url, card.length, card.mime_type) if card else None),
            repr([(a.name, a.url) for a in article.authors]),
            repr((article.category.name, [t.name for t in getattr(article, "tags", [])])),
            repr((article.date, getattr(article, "modified", None))),
        )
        entry = self.cache.get(key)
        if entry is None:
            entry = self._render(article, content, summary, card)
            self.cache.put(key, entry)
            self.built += 1
        else:
            self.reused += 1
        return entry, key

    def _render(self, article, content: str, summary: str, card) -> Entry:
        site = self.site
        url = site.absolute(article.url)
        interview = None
        if getattr(article, "type", "") == "interview" and self.split_interview:
            interview = self.split_interview(content, getattr(article, "interviewee", []))
        variables = {
            **self.context,
            "SITEURL": site.url,
            "article": article,
            "body_html": content,
            "summary_html": summary,
            "interview": interview,
            "full": site.full_content,
        }
        title = article.title
        if kind_label(getattr(article, "type", None), _disclosure(article)) == ADVERTISEMENT:
            title = f"{self.gettext(ADVERTISEMENT)}: {title}"  # paid content says so first
        return Entry(
            id=entry_id(site.authority, article.date, content_path(article, site.content_root)),
            title=title,
            url=url,
            published=article.date,
            updated=getattr(article, "modified", None) or article.date,
            authors=tuple((a.name, site.absolute(a.url)) for a in article.authors),
            categories=(
                Category(article.category.name, site.category_scheme),
                *(Category(tag.name, site.tag_scheme) for tag in getattr(article, "tags", [])),
            ),
            content_html=(
                absolutize(self._html(variables, "content"), url) if site.full_content else ""
            ),
            summary_html=absolutize(self._html(variables, "summary"), url),
            enclosure=(
                Enclosure(site.absolute(card.url), card.length, card.mime_type) if card else None
            ),
        )

    def _html(self, variables: dict[str, Any], part: str) -> str:
        return self.template.render({**variables, "part": part}).strip()

    def _comment(self, article, comment) -> tuple[Entry, str]:
        site = self.site
        url = site.absolute(article.url)
        source = content_path(article, site.content_root)
        key = input_key(
            self.shaping,
            "comment",
            source,
            url,
            article.title,
            repr(article.date),
            repr((comment.id, comment.author, comment.date, comment.website)),
            comment.body_html,
        )
        entry = self.cache.get(key)
        if entry is None:
            entry = self._render_comment(article, comment, url, source)
            self.cache.put(key, entry)
        return entry, key

    def _render_comment(self, article, comment, url: str, source: str) -> Entry:
        site = self.site
        return Entry(
            id=comment_id(site.authority, article.date, source, comment.id),
            title=self.gettext(COMMENT_TITLE)
            % {"author": comment.author, "title": unquoted(article.title)},
            url=f"{url}#{comment.anchor}",
            published=comment.date,
            updated=comment.date,
            authors=((comment.author, comment.website or ""),),
            categories=(),
            content_html=absolutize(comment.body_html, url),  # sanitised by the comments plugin
            summary_html="",
        )

    def _shaping_inputs(self) -> str:
        """A hash of what shapes every entry besides the article: templates, translations,
        the interview splitter's version, the address, the plugin version."""
        parts = [CACHE_VERSION, repr(self.site)]
        for name in (ENTRY_TEMPLATE, *INCLUDED_TEMPLATES):
            source, _filename, _uptodate = self.env.loader.get_source(self.env, name)
            parts.append(source)
        theme = Path(self.context.get("THEME", ""))
        catalogue = catalogue_path(theme, self.lang)
        parts.append(catalogue.read_bytes() if catalogue.is_file() else b"")
        parts.append(str(self.env.globals.get(handover.INTERVIEWS_VERSION, "")))
        # What the entry template reads of the context, in the articles' language.
        values = {
            **self.context,
            **self.context.get(handover.LANGUAGE_CONTEXT, {}).get(self.lang, {}),
        }
        notices = values.get(handover.DISCLOSURE_NOTICES, {})
        parts.append(repr(sorted((kind, repr(notice)) for kind, notice in notices.items())))
        parts.append(repr(values.get("INTERVIEWS_TRANSPARENCY_URL")))
        return input_key(*parts)


def content_path(article, content_root: Path) -> str:
    """The article's source file relative to the content folder (``2024/krise.md``)."""
    relative = getattr(article, "relative_source_path", None)  # Pelican computed it once
    if relative:
        return relative
    return Path(article.source_path).resolve().relative_to(content_root).as_posix()


def summary_of(article, content: str) -> str:
    """The article's summary, as Pelican makes it, but cut from ``content``.

    Pelican's ``article.summary`` cuts the content with the links of whichever page
    was written last (``localsiteurl``), which in the relative-URL dev build would be
    relative to another page.
    """
    if "summary" in article.metadata:
        return article.metadata["summary"]
    settings = article.settings
    if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
        content = truncate_html_paragraphs(content, settings["SUMMARY_MAX_PARAGRAPHS"])
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        content = truncate_html_words(
            content, settings["SUMMARY_MAX_LENGTH"], settings["SUMMARY_END_SUFFIX"]
        )
    return strip_toc_elements_from_html(content)


def _metadata(article) -> tuple:
    """The header values the entry template reads."""
    metadata = article.metadata
    return (
        getattr(article, "type", None),
        getattr(article, "image", None),
        tuple(_disclosure(article)),
        tuple(getattr(article, "interviewee", ()) or ()),
        metadata.get("cta"),
        metadata.get("cta-url"),
    )


def _disclosure(article) -> list[str]:
    return list(getattr(article, "disclosure", ()) or ())
