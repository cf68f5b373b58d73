from urllib.parse import parse_qs, urlsplit

from social_cards.meta import CardImage, description, open_graph, share_links

CARD = CardImage("social-cards/x.jpg", 1200, 630, "image/jpeg", 1234, "Vorschaubild: X")
LABELS = {
    n: f"Teilen über {n}"
    for n in ("linkedin", "xing", "x", "facebook", "mastodon", "whatsapp", "email", "copy")
}


def test_description_is_plain_text_of_at_most_200_characters():
    text = description("<p>Ein &bdquo;Satz&ldquo; " + "mit vielen Wörtern " * 30 + "</p>")
    assert text.startswith("Ein „Satz“ mit") and text.endswith("…")
    assert len(text) <= 200 and "<" not in text


def test_open_graph_of_an_article():
    tags = open_graph(
        kind="article",
        title="T",
        text="<p>S</p>",
        url="https://b.example/x/",
        image=CARD,
        siteurl="https://b.example",
        site_name="B",
        lang="de",
        twitter_site="@b",
        article={
            "published": "2024-01-01T00:00:00+01:00",
            "modified": "2024-01-02T00:00:00+01:00",
            "authors": ["https://b.example/autor/a/"],
            "section": "S",
            "tags": ["t1", "t2"],
        },
    )
    found = dict(tags)
    assert found["og:image"] == "https://b.example/social-cards/x.jpg"
    assert found["og:locale"] == "de_DE"
    assert found["twitter:card"] == "summary_large_image"
    assert [v for k, v in tags if k == "article:tag"] == ["t1", "t2"]


def test_share_links_are_plain_links_with_the_article_url():
    links = share_links(
        list(LABELS),
        "https://b.example/2024/01/x/",
        "Größe zählt",
        LABELS,
        "https://b.example/teilen/mastodon/",
    )
    by_network = {link.network: link for link in links}
    assert [link.network for link in links] == list(LABELS)
    linkedin = urlsplit(by_network["linkedin"].url)
    assert parse_qs(linkedin.query) == {"url": ["https://b.example/2024/01/x/"]}
    assert by_network["mastodon"].url.startswith("https://b.example/teilen/mastodon/?text=")
    assert by_network["email"].url.startswith("mailto:?subject=Gr%C3%B6%C3%9Fe")
    assert by_network["copy"].url == "https://b.example/2024/01/x/"


def test_the_list_of_networks_is_configurable():
    links = share_links(["mastodon", "email"], "https://b.example/x/", "T", LABELS, "/m/")
    assert [link.network for link in links] == ["mastodon", "email"]
