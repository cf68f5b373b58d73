"""Signal receivers of languages: content sorted by language and joined with its
translations, each language's edition and what its pages show instead of the site's own
values, and the table of alternates.

Pelican's own lists (``articles``, ``hidden_articles``, ``drafts``, ``pages`` …) keep the
site's language only, as Pelican documents them ("only articles in default language");
the other languages' content is in Pelican's translation lists beside them, which Pelican
writes with ``ARTICLE_LANG_SAVE_AS`` and ``PAGE_LANG_SAVE_AS``. So every list, taxonomy
and page of the site's own language is exactly what it was; the other languages' lists
are written by ``languages.lists``. Pelican's grouping of translations (by slug, with
untranslated articles of any language in the main list) is switched off in
pelicanconf.py: ours joins by the ``Translation`` key.
"""

import functools
import logging
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelican.paginator import PaginationRule
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import order_content

from contract.hooks import current_report
from contract.order import ARTICLE_LISTS, PAGE_LISTS
from contract.reader import project_relative
from languages import alternates, keys
from languages.settings import from_pelican
from languages.terms import Terms, missing_message, read_terms
from newsroom import handover, languages, listing
from newsroom.header_source import key_line, split_source
from newsroom.report import log_problem
from newsroom.schema import ContentError, Problem, Severity
from newsroom.settings import from_pelican as newsroom_settings
from newsroom.slugs import slugify_german

if TYPE_CHECKING:
    from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

logger = logging.getLogger(__name__)

STATE_KEY = "_languages"  # this build's Build, in the shared context
SITEMAP_KEY = "sitemap_entries"  # every address of every language, for sitemap.html
# The lists whose address differs by language, by their context key: each is one list
# in every language (the plugins that write them give their URL in each language).
PAIRED_LISTS = (
    "home_url",
    "ARCHIVES_URL",
    "CATEGORIES_URL",
    "TAGS_URL",
    "AUTHORS_URL",
    "SEARCH_URL",
    "INTERVIEWS_LIST_URL",
    "INTERVIEWS_TRANSPARENCY_URL",
    "mastodon_share_url",
)


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # URL path
    lastmod: Any = None  # a datetime, or None


@dataclass(frozen=True)
class Build:
    """The languages of this build, read once."""

    default: str
    languages: tuple[str, ...]  # every language a Lang may name, the site's own first
    terms: Terms
    settings: dict[str, dict]  # Pelican's settings with each language's list URLs
    subtitles: dict[str, str]
    # The languages with a public article or page: only these get lists, feeds and a
    # switcher (a site without English content has no empty /en/).
    in_use: frozenset[str] = frozenset()

    @property
    def published(self) -> tuple[str, ...]:
        return tuple(code for code in self.languages if code == self.default or code in self.in_use)

    @property
    def others(self) -> tuple[str, ...]:
        return self.published[1:]


def build_state(generator: "Generator") -> Build:
    """This build's languages, the mapping of terms and each language's settings."""
    context = generator.context
    state = context.get(STATE_KEY)
    if state is not None:
        return state
    settings = generator.settings
    default = settings["DEFAULT_LANG"]
    codes = newsroom_settings(settings).languages
    own = from_pelican(settings)
    path = Path(settings["PATH"]) / own.terms_file
    shown = project_relative(path, settings)
    try:
        terms = read_terms(path, shown, codes)
    except ContentError as error:
        log_problem(logger, error.problem)
        terms = Terms(path=shown)
    subtitles = {
        code: own.sitesubtitle.get(code) or settings.get("SITESUBTITLE", "")
        for code in languages.other_languages(default, codes)
    }
    ordered = (default, *languages.other_languages(default, codes))
    by_language = {code: _language_settings(settings, code, default) for code in ordered}
    state = context[STATE_KEY] = Build(default, ordered, terms, by_language, subtitles)
    return state


def _language_settings(settings: dict, lang: str, default: str) -> dict:
    """Pelican's settings with the list URLs of ``lang``: what its categories, tags and
    authors make their URLs of, and what its lists are paginated with."""
    if lang == default:
        return settings
    values = languages.list_settings(lang, default)
    values["PAGINATION_PATTERNS"] = tuple(
        PaginationRule(*rule) for rule in values["PAGINATION_PATTERNS"]
    )
    return {**settings, **values}


def sort_articles(generator: "ArticlesGenerator") -> None:
    """Before Pelican groups the articles: the other languages' articles into Pelican's
    translation lists, their categories, tags and authors into their language, and every
    article joined with its translations."""
    state = build_state(generator)
    settings = generator.settings
    _sort(generator, ARTICLE_LISTS, state.default, settings["ARTICLE_ORDER_BY"])
    public = chain(generator.translations, generator.hidden_translations)
    in_use = {article.lang for article in public} | _page_languages(settings, state.default)
    state = replace(state, in_use=frozenset(in_use))
    generator.context[STATE_KEY] = state
    for code in state.others:
        if code not in from_pelican(settings).sitesubtitle:
            logger.warning(
                'Setting LANGUAGES_SITESUBTITLE has no subtitle in "%s"; its pages show '
                "SITESUBTITLE, in the site's own language",
                code,
            )
    everything = _all(generator, ARTICLE_LISTS)
    own_terms = _own_terms(everything, state.default)
    for article in everything:
        if languages.language_of(article, state.default) != state.default:
            _localise(article, state, generator.settings, own_terms)
    _join(everything, state, generator.settings, "article")


def _page_languages(settings: dict, default: str) -> set[str]:
    """The languages of the pages that will be public: asked of their headers while the
    articles are sorted (Pelican reads pages after the articles, and every list of a
    language depends on whether it has content at all)."""
    found = set()
    for folder in settings["PAGE_PATHS"]:
        for path in sorted((Path(settings["PATH"]) / folder).rglob("*.md")):
            try:
                header = split_source(path.read_text(encoding="utf-8")).header
            except (OSError, UnicodeDecodeError):
                continue  # the reader reports it
            values = {item.key.lower(): item.value.strip() for item in header}
            if values.get("status", "published").lower() in ("published", "hidden"):
                found.add(values.get("lang") or default)
    return found - {default}


def sort_pages(generator: "PagesGenerator") -> None:
    """The other languages' pages into Pelican's translation lists (in place: the
    context holds these lists already), joined with their translations; the pages of
    each language into its edition."""
    state = build_state(generator)
    _sort(generator, PAGE_LISTS, state.default, generator.settings["PAGE_ORDER_BY"])
    _join(_all(generator, PAGE_LISTS), state, generator.settings, "page")
    found = languages.editions(generator.context)
    for code in state.published:
        edition = found.setdefault(code, languages.Edition(code))
        own = generator.pages if code == state.default else generator.translations
        edition.pages = [page for page in own if languages.language_of(page, state.default) == code]
        hidden = generator.hidden_pages if code == state.default else generator.hidden_translations
        edition.hidden_pages = [
            p for p in hidden if languages.language_of(p, state.default) == code
        ]
    for code in state.others:
        _footer_pages(generator.context, found, code, state)


def _sort(generator, slots, default: str, order_by) -> None:
    for own, other in slots:
        items = [*getattr(generator, own), *getattr(generator, other)]
        mine = [item for item in items if languages.language_of(item, default) == default]
        theirs = [item for item in items if languages.language_of(item, default) != default]
        getattr(generator, own)[:] = mine
        getattr(generator, other)[:] = order_content(theirs, order_by)


def _all(generator, slots) -> list:
    return [item for pair in slots for name in pair for item in getattr(generator, name)]


def _own_terms(articles: list, default: str) -> frozenset[tuple[str, str]]:
    """(kind, slug) of every category and tag the site's own language uses."""
    found = set()
    for article in articles:
        if languages.language_of(article, default) != default:
            continue
        category = article.metadata.get("category")
        if category is not None:
            found.add(("category", slugify_german(category.name)))
        for tag in article.metadata.get("tags") or ():
            found.add(("tag", slugify_german(tag.name)))
    return frozenset(found)


def _localise(article, state: Build, settings: dict, own_terms: frozenset) -> None:
    """The category, tags and authors of an article in another language, named and
    addressed in that language (the mapping of terms names them)."""
    lang = article.lang
    localised = state.settings[lang]
    metadata = article.metadata
    term = functools.partial(_term, article=article, state=state, settings=settings)
    # A term is translated (and its gap in the mapping worth a warning) when the site's
    # own language uses it or the article translates another: a term of an English-only
    # article ("International communication") has no counterpart to miss.
    translated = bool(metadata.get("translation"))
    category = metadata.get("category")
    if category is not None:
        own = ("category", slugify_german(category.name)) in own_terms
        article.category = term(
            Category, "Category", category.name, warn=translated or own, own=own
        )
    tags = metadata.get("tags")
    if tags:
        article.tags = [
            term(Tag, "Tags", tag.name, warn=translated or own, own=own)
            for tag in tags
            for own in [("tag", slugify_german(tag.name)) in own_terms]
        ]
    people = metadata.get("authors") or ([metadata["author"]] if "author" in metadata else [])
    if people:
        authors = []
        for person in people:
            author = Author(person.name, localised)
            author.slug = person.slug
            authors.append(author)
        article.authors = authors
        article.author = authors[0]


def _term(
    kind, field: str, name: str, *, article, state: Build, settings: dict, warn: bool, own: bool
):
    """A category or tag of ``article``'s language: the mapping's name in that language,
    or the name as written (with a warning if ``warn``: its list has no counterpart).
    ``own``: the name is one of the site's own language, the row's column for it."""
    lang = article.lang
    term_kind = "category" if kind is Category else "tag"
    translated = state.terms.name_in(term_kind, name, lang)
    if translated is None and warn:
        shown = project_relative(article.source_path, settings)
        column = state.default if own else lang
        message = missing_message(term_kind, name, lang, state.terms, state.languages, column)
        line = _line(article.source_path, field)
        log_problem(logger, Problem(shown, field, message, Severity.WARNING, line))
    translated = translated or name
    wrapper = kind(translated, state.settings[lang])
    wrapper.slug = slugify_german(translated)
    return wrapper


def _line(source_path: str, field: str) -> int | None:
    try:
        return key_line(Path(source_path).read_text(encoding="utf-8"), field)
    except OSError:
        return None


def _join(items: list, state: Build, settings: dict, what: str) -> None:
    """``translations`` (the versions a reader may switch to) and ``translation_original``
    (the version the others translate, on each translation) of every item."""
    versions = []
    paths = {}
    for item in items:
        shown = project_relative(item.source_path, settings)
        paths[shown] = item.source_path
        versions.append(
            keys.Version(
                str(item.metadata.get("translation", "")),
                languages.language_of(item, state.default),
                shown,
                item.status,
                item,
                getattr(item, "date", None) if what == "article" else None,
            )
        )
        item.translations = []
        setattr(item, handover.TRANSLATION_ORIGINAL, None)
    report = current_report()
    skipped = report.skipped_translations if report is not None else ()
    groups, problems = keys.join(
        versions, lambda shown: _line(paths[shown], keys.FIELD), what, skipped
    )
    for problem in problems:
        log_problem(logger, problem)
    order = {code: index for index, code in enumerate(state.languages)}
    for members in groups.values():
        first = keys.original(members, state.default)
        for version in members:
            siblings = keys.visible_siblings(version, members)
            siblings.sort(key=lambda sibling: order.get(sibling.lang, len(order)))
            version.item.translations = [sibling.item for sibling in siblings]
            if first is not version and first in siblings:
                setattr(version.item, handover.TRANSLATION_ORIGINAL, first.item)


def make_editions(generator: "ArticlesGenerator") -> None:
    """Each language's edition, and the values its pages show instead of the site's."""
    state = build_state(generator)
    context = generator.context
    default = state.default
    found: dict[str, languages.Edition] = {
        default: languages.Edition(
            default,
            articles=listing.listed(generator.articles),
            hidden=list(generator.hidden_articles),
            drafts=list(generator.drafts),
            categories=list(generator.categories),
            tags=list(generator.tags.items()),
            authors=list(generator.authors),
            settings=generator.settings,
        )
    }
    for code in state.others:
        articles = [a for a in generator.translations if a.lang == code]
        edition = languages.Edition(
            code,
            articles=listing.listed(articles),
            hidden=[a for a in generator.hidden_translations if a.lang == code],
            drafts=[a for a in generator.drafts_translations if a.lang == code],
            settings=state.settings[code],
        )
        edition.categories, edition.tags, edition.authors = languages.group_terms(edition.articles)
        found[code] = edition
    context[handover.EDITIONS] = found
    context[handover.PAGE_LANG] = default
    context["home_url"] = ""
    context["site_languages"] = state.published
    for code in state.others:
        values = languages.language_values(context, code)
        values.update(
            (key, value)
            for key, value in state.settings[code].items()
            if key.endswith(("_URL", "_SAVE_AS")) and value != generator.settings.get(key)
        )
        edition = found[code]
        values.update(
            {
                handover.PAGE_LANG: code,
                "home_url": values["INDEX_URL"],
                "SITESUBTITLE": state.subtitles[code],
                "categories": edition.categories,
                "tags": edition.tags,
                "authors": edition.authors,
            }
        )


def _footer_pages(context: dict, found: dict, code: str, state: Build) -> None:
    """The pages the footer of a page in ``code`` lists: that language's pages, and the
    legal ones (FOOTER_PAGES) in it where translated, else in the site's language."""
    legal = context.get("FOOTER_PAGES", ())
    pages = list(found[code].pages)
    slugs = []
    for page in found[state.default].pages:
        if page.slug not in legal:
            continue
        translated = next((t for t in page.translations if t.lang == code), None)
        if translated is None:
            pages.append(page)
        slugs.append((translated or page).slug)
    values = languages.language_values(context, code)
    values.update(pages=pages, FOOTER_PAGES=tuple(slugs))


def link_languages(generators: "list[Generator]") -> None:
    """Once every URL is final: the table of alternates (hreflang, switcher, sitemap) and
    each language's lists that have a page (``listed_slugs``)."""
    articles = next(g for g in generators if hasattr(g, "drafts_translations"))
    context = articles.context
    state = build_state(articles)
    found = languages.editions(context)
    groups = [*_content_groups(found, state), *_list_groups(context, found, state)]
    context[handover.ALTERNATES] = alternates.table(groups, state.published)
    context[SITEMAP_KEY] = [
        entry for code in state.published for entry in _sitemap(context, found[code], code, state)
    ]
    context["language_homes"] = {
        code: languages.prefix(code, state.default) for code in state.published
    }
    for code in state.others:
        edition = found[code]
        languages.language_values(context, code)[handover.LISTED_SLUGS] = {
            "category": frozenset(term.slug for term, _ in edition.categories),
            "tag": frozenset(term.slug for term, _ in edition.tags),
        }


def _sitemap(context: dict, edition: languages.Edition, code: str, state: Build) -> list:
    """The addresses of one language for sitemap.xml, each with its date where it has one:
    home, articles, pages, categories, tags, authors, archive, interviews, transparency."""
    values = {**context, **context.get(handover.LANGUAGE_CONTEXT, {}).get(code, {})}
    newest = max((a.date for a in edition.articles), default=None)
    entries = [SitemapEntry(values.get("home_url", ""), newest)]
    entries += [
        SitemapEntry(a.url, getattr(a, "modified", None) or a.date) for a in edition.articles
    ]
    entries += [SitemapEntry(p.url, getattr(p, "modified", None)) for p in edition.pages]
    for terms in (edition.categories, edition.tags):
        entries += [SitemapEntry(term.url) for term, _ in terms]
    entries += [SitemapEntry(author.url) for author in _author_pages(values, edition).values()]
    entries.append(SitemapEntry(values["ARCHIVES_URL"]))
    if values.get("interview_articles"):
        entries.append(SitemapEntry(values["INTERVIEWS_LIST_URL"]))
    if "INTERVIEWS_TRANSPARENCY_URL" in values:
        entries.append(SitemapEntry(values["INTERVIEWS_TRANSPARENCY_URL"]))
    return entries


def _content_groups(found: dict, state: Build) -> list[alternates.Group]:
    """Every article and page with a translation a reader may switch to. Published
    versions link each other (``translations`` holds only published ones there); a
    hidden one links its versions, and only its own page gets these links."""
    groups = []
    seen: set[int] = set()
    for edition in found.values():
        items = chain(edition.articles, edition.hidden, edition.pages, edition.hidden_pages)
        for item in items:
            if id(item) in seen or not item.translations:
                continue
            members = [item, *item.translations]
            listed = listing.is_listed(item)
            if listed:
                seen.update(id(member) for member in members)
            original = getattr(item, handover.TRANSLATION_ORIGINAL, None) or item
            x_default = next((m for m in members if m.lang == state.default), original)
            versions = {member.lang: member.url for member in members}
            only = None if listed else item.url
            groups.append(alternates.Group(versions, x_default.url, listed, only))
    return groups


def _list_groups(context: dict, found: dict, state: Build) -> list[alternates.Group]:
    """The lists that are one list in every language: the homes and overviews, and the
    categories, tags, authors and years both languages have."""
    groups = []
    by_language = context.get(handover.LANGUAGE_CONTEXT, {})
    for key in PAIRED_LISTS:
        if key not in context:
            continue
        versions = {state.default: context[key]}
        for code in state.others:
            if key in by_language.get(code, {}):
                versions[code] = by_language[code][key]
        groups.append(alternates.Group(versions))
    default = found[state.default]
    for code in state.others:
        other = found[code]
        groups += _term_groups("category", default.categories, other.categories, code, state)
        groups += _term_groups("tag", default.tags, other.tags, code, state)
        own = _author_pages(context, default)
        for slug, author in _author_pages(by_language.get(code, {}), other).items():
            if slug in own:
                groups.append(alternates.Group({state.default: own[slug].url, code: author.url}))
        years = {article.date.year for article in default.articles}
        localised = state.settings[code]
        for year in sorted({a.date.year for a in other.articles} & years):
            day = next(a.date for a in other.articles if a.date.year == year)
            versions = {
                state.default: context["YEAR_ARCHIVE_URL"].format(date=day),
                code: localised["YEAR_ARCHIVE_URL"].format(date=day),
            }
            groups.append(alternates.Group(versions))
    return groups


def _author_pages(values: dict, edition: languages.Edition) -> dict:
    """The author pages of one language by slug: every profile's where the author_bios
    plugin writes them, else those of the edition's authors."""
    pages = values.get(handover.AUTHOR_PAGES)
    return pages if pages is not None else {author.slug: author for author, _ in edition.authors}


def _term_groups(kind: str, own: list, other: list, code: str, state: Build) -> list:
    """Categories (or tags) of ``code`` paired with the site's own through the mapping."""
    by_slug = {term.slug: term for term, _ in own}
    groups = []
    for term, _ in other:
        row = state.terms.find(kind, term.name)
        name = row.names.get(state.default) if row is not None else None
        counterpart = by_slug.get(slugify_german(name)) if name else None
        if counterpart is not None:
            groups.append(alternates.Group({state.default: counterpart.url, code: term.url}))
    return groups
