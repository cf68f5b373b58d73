"""Which feeds exist and what each holds: newest first, at most FEEDS_MAX_ITEMS, one pass."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from feeds.selection import article_feeds, comment_feeds, newest_first
from feeds.settings import FeedsSettings

START = datetime(2025, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def term(name: str, prefix: str) -> SimpleNamespace:
    slug = name.lower()
    return SimpleNamespace(name=name, slug=slug, url=f"{prefix}/{slug}/")


def article(number: int, category="Content", tags=(), authors=("Jana",), **more):
    return SimpleNamespace(
        title=f"A{number}",
        url=f"2025/a{number}/",
        source=f"2025/a{number}.md",
        date=START + timedelta(days=number),
        category=term(category, "kategorie"),
        tags=[term(t, "thema") for t in tags],
        authors=[term(a, "autor") for a in authors],
        **more,
    )


def comment(day: int, ident: str) -> SimpleNamespace:
    return SimpleNamespace(id=ident, date=START + timedelta(days=day, hours=1))


def thread(*comments) -> SimpleNamespace:
    ordered = sorted(comments, key=lambda c: (c.date, c.id))
    return SimpleNamespace(count=len(ordered), flat=lambda: list(ordered))


def titles(selection) -> list[str]:
    return [item.title for item in selection.items]


def test_newest_first_and_files_in_order_on_the_same_date():
    a, b, c = article(1), article(2), article(2)
    c.source = "2025/0-frueher.md"
    assert newest_first([a, b, c], lambda x: x.source) == [c, b, a]


def test_every_feed_holds_its_newest_entries_up_to_the_limit():
    articles = newest_first(
        [
            article(1, tags=("LinkedIn",)),
            article(2, category="PR", authors=("Jana", "Katrin")),
            article(3, tags=("LinkedIn",), type="interview"),
            article(4),
        ],
        lambda x: x.source,
    )
    found = {
        s.spec.atom: s
        for s in article_feeds(articles, FeedsSettings(max_items=2), "Blog", str, "interviews/")
    }
    assert sorted(found) == [
        "autor/jana/atom.xml",
        "autor/katrin/atom.xml",
        "feeds/atom.xml",
        "interviews/atom.xml",
        "kategorie/content/atom.xml",
        "kategorie/pr/atom.xml",
        "thema/linkedin/atom.xml",
    ]
    assert titles(found["feeds/atom.xml"]) == ["A4", "A3"]
    assert titles(found["kategorie/content/atom.xml"]) == ["A4", "A3"]
    assert titles(found["thema/linkedin/atom.xml"]) == ["A3", "A1"]
    assert titles(found["autor/katrin/atom.xml"]) == ["A2"]
    assert titles(found["interviews/atom.xml"]) == ["A3"]
    category = found["kategorie/pr/atom.xml"].spec
    assert (category.title, category.page, category.rss) == (
        "Blog: PR",
        "kategorie/pr/",
        "kategorie/pr/rss.xml",
    )


def test_comment_feeds_per_article_and_for_the_site():
    first = article(1, comment_thread=thread(comment(1, "a"), comment(5, "c")))
    second = article(2, comment_thread=thread(comment(3, "b")))
    quiet = article(3, comment_thread=thread())
    selections = comment_feeds([quiet, second, first], FeedsSettings(max_items=2), "Blog", str)
    found = {s.spec.atom: s for s in selections}
    assert sorted(found) == [
        "2025/a1/kommentare.atom.xml",
        "2025/a2/kommentare.atom.xml",
        "feeds/kommentare.atom.xml",
    ]
    assert [c.id for _a, c in found["2025/a1/kommentare.atom.xml"].items] == ["c", "a"]
    assert [(a.title, c.id) for a, c in found["feeds/kommentare.atom.xml"].items] == [
        ("A1", "c"),
        ("A2", "b"),
    ]
    assert found["2025/a1/kommentare.atom.xml"].spec.title == "Blog: Comments on “A1”"


def test_without_the_comments_plugin_there_are_no_comment_feeds():
    assert comment_feeds([article(1), article(2)], FeedsSettings(), "Blog", str) == []
