"""Signal receivers of the feeds plugin: build every entry once, write every feed."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context

from feeds.ids import comment_id, entry_id, feed_id
from feeds.links import absolutize
from feeds.model import Enclosure, Entry, Feed, render
from feeds.settings import FeedsSettings, from_pelican
from newsroom.cache import DerivedCache, input_key
from newsroom.i18n import load_translations
from newsroom.labels import ADVERTISEMENT, N_

logger = logging.getLogger(__name__)

CACHE_VERSION = "1"  # bump when entries or feeds would come out differently


@dataclass(frozen=True)
class _Site:
    settings: dict
    feeds: FeedsSettings
    url: str  # absolute, without trailing slash
    authority: str
    output: Path

    def absolute(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}"


@pass_context
def feed_scope(context) -> dict | None:
    """The feed of the list this page shows (category, tag, author, interviews), if any.

    A Jinja global: the templates call ``feed_scope()`` for discovery links and the
    visible subscribe link. Pelican does not hand the template name to templates, so
    the variables of the page decide.
    """
    feeds: FeedsSettings | None = context.get("feeds")
    if feeds is None or not context.get("feeds_active") or "article" in context:
        return None  # article pages also see `category`, but are no list
    site = context.get("SITENAME", "")
    if "tag" in context:
        item, atom, rss = context["tag"], feeds.tag_atom, feeds.tag_rss
    elif "category" in context:
        item, atom, rss = context["category"], feeds.category_atom, feeds.category_rss
    elif "author" in context:
        item, atom, rss = context["author"], feeds.author_atom, feeds.author_rss
        if not any(author == item for author, _articles in context.get("authors", [])):
            return None  # a profile page of someone who wrote nothing: no author feed
    elif context.get("interview_list"):
        title = context.call(context.resolve("gettext"), "Interviews")
        return {
            "title": f"{site}: {title}",
            "atom": feeds.interviews_atom,
            "rss": feeds.interviews_rss,
        }
    else:
        return None
    if not context.get("articles"):
        return None  # e.g. someone only interviewed: no articles, no feed
    return {
        "title": f"{site}: {item.name}",
        "atom": atom.format(slug=item.slug),
        "rss": rss.format(slug=item.slug),
    }


def add_template_helpers(generator) -> None:
    generator.env.globals["feed_scope"] = feed_scope


def expose_settings(generator) -> None:
    """The feed paths for the templates (discovery links), before any page is written."""
    feeds = from_pelican(generator.settings)
    site = _site(generator.settings, feeds)
    generator.context["feeds"] = feeds
    generator.context["feeds_active"] = site is not None


def _site(settings: dict, feeds: FeedsSettings) -> _Site | None:
    url = (feeds.siteurl or settings["SITEURL"]).rstrip("/")
    if not feeds.enabled or not url.startswith(("http://", "https://")):
        return None
    return _Site(
        settings,
        feeds,
        url,
        feeds.id_authority or urlsplit(url).netloc,
        Path(settings["OUTPUT_PATH"]),
    )


def write_feeds(generator, writer) -> None:
    """Every feed of the site, written once after the article pages."""
    del writer  # feeds are not templates; we write the bytes ourselves
    settings = generator.settings
    site = _site(settings, from_pelican(settings))
    if site is None:
        logger.info("Feeds skipped: FEEDS_ENABLED is off or there is no absolute SITEURL")
        return
    cache = DerivedCache(settings["CACHE_PATH"], "feeds", CACHE_VERSION)
    notices = generator.context.get("disclosure_notices", {})
    entries = {id(a): _cached_entry(a, site, notices, cache) for a in generator.articles}
    title, lang = settings["SITENAME"], settings["DEFAULT_LANG"]
    gettext = load_translations(Path(settings["THEME"]), lang).gettext
    written = 0

    def publish(path_atom: str, path_rss: str, feed_title: str, page: str, articles) -> None:
        nonlocal written
        chosen = [entries[id(a)] for a in articles][: site.feeds.max_items]
        if chosen:
            written += _write_pair(
                site,
                cache,
                feed_title,
                page,
                path_atom,
                path_rss,
                [e for e, _ in chosen],
                [k for _, k in chosen],
                lang,
            )

    publish(site.feeds.site_atom, site.feeds.site_rss, title, "", generator.articles)
    for category, articles in generator.categories:
        publish(
            site.feeds.category_atom.format(slug=category.slug),
            site.feeds.category_rss.format(slug=category.slug),
            f"{title}: {category.name}",
            category.url,
            articles,
        )
    for tag, articles in sorted(generator.tags.items()):
        publish(
            site.feeds.tag_atom.format(slug=tag.slug),
            site.feeds.tag_rss.format(slug=tag.slug),
            f"{title}: {tag.name}",
            tag.url,
            articles,
        )
    for author, articles in generator.authors:
        publish(
            site.feeds.author_atom.format(slug=author.slug),
            site.feeds.author_rss.format(slug=author.slug),
            f"{title}: {author.name}",
            author.url,
            articles,
        )
    interviews = [a for a in generator.articles if getattr(a, "type", "") == "interview"]
    publish(
        site.feeds.interviews_atom,
        site.feeds.interviews_rss,
        f"{title}: {gettext(N_('Interviews'))}",
        generator.context.get("INTERVIEWS_LIST_URL", ""),
        interviews,
    )
    written += _write_comment_feeds(generator.articles, site, cache, title, lang, gettext)
    cache.save()
    logger.info("Feeds: %d written (Atom and RSS)", written)


def _cached_entry(article, site: _Site, notices: dict, cache: DerivedCache) -> tuple[Entry, str]:
    """The feed entry of ``article`` and its key; the HTML work is cached by content."""
    content = article.get_content(site.url)
    card = getattr(article, "card_image", None)
    disclosure = tuple(getattr(article, "disclosure", ()))
    key = input_key(
        CACHE_VERSION,
        article.source_path,
        article.title,
        content,
        article.summary,
        article.url,
        site.url,
        site.authority,
        repr(card),
        repr([(a.name, a.url) for a in article.authors]),
        article.category.name,
        repr([t.name for t in getattr(article, "tags", [])]),
        repr(disclosure),
        repr(sorted((k, n.title, n.text) for k, n in notices.items())),
        repr((article.date, getattr(article, "modified", None))),
        str(site.feeds.full_content),
    )
    entry = cache.get(key)
    if entry is None:
        entry = _entry(article, content, site, notices, card, disclosure)
        cache.put(key, entry)
    return entry, key


def _entry(article, content: str, site: _Site, notices: dict, card, disclosure) -> Entry:
    url = site.absolute(article.url)
    # Labels readers of the page see must reach feed readers too (paid content above all).
    notes = "".join(
        f"<p><strong>{notices[k].title}:</strong> {notices[k].text}</p>"
        for k in disclosure
        if k in notices
    )
    title = article.title
    if "sponsored" in disclosure:
        label = notices["sponsored"].title if "sponsored" in notices else ADVERTISEMENT
        title = f"{label}: {title}"
    enclosure = None
    if card is not None:
        enclosure = Enclosure(site.absolute(card.url), card.length, card.mime_type)
    return Entry(
        id=entry_id(site.authority, article.date, _content_path(article)),
        title=title,
        url=url,
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple((a.name, site.absolute(a.url)) for a in article.authors),
        categories=tuple([article.category.name] + [t.name for t in getattr(article, "tags", [])]),
        content_html=absolutize(notes + content, url) if site.feeds.full_content else "",
        summary_html=absolutize(notes + article.summary, url),
        enclosure=enclosure,
    )


def _content_path(article) -> str:
    root = Path(article.settings["PATH"])
    return Path(article.source_path).resolve().relative_to(root.resolve()).as_posix()


def _write_pair(
    site: _Site,
    cache: DerivedCache,
    title: str,
    page: str,
    atom: str,
    rss: str,
    entries: Sequence[Entry],
    keys: Iterable[str],
    lang: str,
) -> int:
    feed = Feed(
        id=feed_id(site.authority, atom),
        title=title,
        subtitle=site.settings.get("SITESUBTITLE", ""),
        page_url=site.absolute(page),
        atom_url=site.absolute(atom),
        rss_url=site.absolute(rss),
        language=lang,
        logo_url=site.absolute(site.feeds.logo) if site.feeds.logo else "",
        icon_url=site.absolute(site.feeds.icon) if site.feeds.icon else "",
        hub_url=site.feeds.hub_url,
        stylesheet_url=site.absolute(site.feeds.stylesheet) if site.feeds.stylesheet else "",
        rights=site.settings.get("SITE_ORGANIZATION", ""),
    )
    feed_key = input_key(CACHE_VERSION, repr(feed), *keys)
    for kind, path in (("atom", atom), ("rss", rss)):
        body = cache.get(f"{kind}:{feed_key}")
        if body is None:
            body = render(feed, entries, kind)
            cache.put(f"{kind}:{feed_key}", body)
        target = site.output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return 2


def _write_comment_feeds(
    articles, site: _Site, cache: DerivedCache, title: str, lang: str, gettext
) -> int:
    """One feed per article with comments, and one with all comments of the site."""
    written = 0
    everything: list[tuple[Entry, str]] = []
    for article in articles:
        thread = getattr(article, "comment_thread", None)
        if thread is None or not thread.count:
            continue
        url = site.absolute(article.url)
        comments = []
        for comment in sorted(thread.flat(), key=lambda c: c.date, reverse=True):
            entry = Entry(
                id=comment_id(site.authority, article.date, _content_path(article), comment.id),
                title=gettext(N_("%(author)s on “%(title)s”"))
                % {"author": comment.author, "title": article.title},
                url=f"{url}#{comment.anchor}",
                published=comment.date,
                updated=comment.date,
                authors=((comment.author, comment.website or ""),),
                categories=(),
                content_html=absolutize(comment.body_html, url),
                summary_html="",
            )
            key = input_key(repr(entry))
            comments.append((entry, key))
        everything += comments
        written += _write_pair(
            site,
            cache,
            f"{title}: {article.title}",
            article.url,
            site.feeds.article_comments_atom.format(url=article.url),
            site.feeds.article_comments_rss.format(url=article.url),
            [e for e, _ in comments[: site.feeds.max_items]],
            [k for _, k in comments[: site.feeds.max_items]],
            lang,
        )
    if everything:
        everything.sort(key=lambda pair: pair[0].published, reverse=True)
        chosen = everything[: site.feeds.max_items]
        written += _write_pair(
            site,
            cache,
            f"{title}: {gettext(N_('Comments'))}",
            "",
            site.feeds.comments_atom,
            site.feeds.comments_rss,
            [e for e, _ in chosen],
            [k for _, k in chosen],
            lang,
        )
    return written
