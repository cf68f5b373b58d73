"""The front page's lead, the footer's years and a section's topics: pure functions."""

from sitewide.front import lead_first, top_tags, year_span


def test_the_newest_featured_article_leads_and_every_article_stays_once():
    articles = ["neu", "zweit", "alt-featured", "aelter-featured", "uralt"]
    featured = {"alt-featured", "aelter-featured"}
    assert lead_first(articles, featured.__contains__) == [
        "alt-featured",
        "neu",
        "zweit",
        "aelter-featured",
        "uralt",
    ]
    assert lead_first(articles, lambda _a: False) == articles  # none featured: the newest
    assert lead_first([], bool) == []


def test_the_years_are_the_sites_first_and_last():
    assert year_span([2025, 2023, 2026, 2025]) == (2023, 2026)
    assert year_span([2025]) == (2025, 2025)
    assert year_span([]) is None


def test_a_sections_topics_are_its_most_used_tags():
    tags = [["LinkedIn", "Recht"], ["linkedin2", "Recht", "KI"], ["KI", "Recht"], ["Arbeit"]]
    assert top_tags(tags, 3, key=str) == ["Recht", "KI", "Arbeit"]
    assert top_tags([], 3, key=str) == []
