"""What a page says about itself when shared: Open Graph, JSON-LD, share links (pure)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from social_cards.meta import (
    CardImage,
    Publisher,
    blog,
    blog_posting,
    description,
    open_graph,
    share_links,
)

CARD = CardImage("social-cards/x.jpg", 1200, 630, "image/jpeg", 1234, "Vorschaubild: X")
PUBLISHER = Publisher("B GmbH", "https://b.example/", "https://b.example/theme/img/logo.png")
LABELS = {
    n: f"Teilen über {n}"
    for n in ("linkedin", "xing", "x", "facebook", "mastodon", "whatsapp", "email", "copy")
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p>Ein &bdquo;Satz&ldquo;.</p>", "Ein „Satz“."),
        ("Kurz & gut", "Kurz & gut"),
        ("<p>Zeile\n  eins</p><p>zwei</p>", "Zeile eins zwei"),
        ('<b>fett</b> und <a href="/x">verlinkt</a>', "fett und verlinkt"),
    ],
)
def test_description_is_plain_text(given, expected):
    assert description(given) == expected


def test_a_long_description_is_cut_at_a_word_to_at_most_200_characters():
    text = description("<p>Ein Satz " + "mit vielen Wörtern " * 30 + "</p>")
    assert len(text) <= 200 and text.endswith("…")
    assert text.removesuffix("…").rstrip().endswith(("mit", "vielen", "Wörtern"))


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
    assert found["og:image:type"] == "image/jpeg"
    assert found["og:description"] == "S"
    assert found["og:locale"] == "de_DE"
    assert found["twitter:card"] == "summary_large_image"
    assert found["twitter:site"] == "@b"
    assert [v for k, v in tags if k == "article:tag"] == ["t1", "t2"]


def test_no_twitter_site_without_a_handle():
    tags = open_graph(
        kind="website",
        title="T",
        text="",
        url="/",
        image=CARD,
        siteurl="",
        site_name="B",
        lang="en",
    )
    assert "twitter:site" not in dict(tags)
    assert dict(tags)["og:locale"] == "en_GB"


def test_blog_posting_and_blog():
    posting = blog_posting(
        headline="T",
        text="<p>S</p>",
        url="https://b.example/x/",
        image=CARD,
        image_url="https://b.example/social-cards/x.jpg",
        published="2024-01-01T00:00:00+01:00",
        modified="2024-01-02T00:00:00+01:00",
        authors=[{"@type": "Person", "name": "A", "url": "https://b.example/autor/a/"}],
        publisher=PUBLISHER,
        section="S",
        keywords=["k"],
        lang="de",
    )
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": "https://b.example/x/"}
    assert posting["image"]["width"] == 1200 and posting["image"]["height"] == 630
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "B GmbH",
        "url": "https://b.example/",
        "logo": {"@type": "ImageObject", "url": "https://b.example/theme/img/logo.png"},
    }
    home = blog(
        name="B",
        text="Das Blog",
        url="https://b.example/",
        image_url="i",
        publisher=PUBLISHER,
        lang="de",
    )
    assert home["@type"] == "Blog" and home["publisher"]["name"] == "B GmbH"


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
    url = "https://b.example/2024/01/x/"
    queries = {
        name: parse_qs(urlsplit(link.url).query)
        for name, link in by_network.items()
        if name not in ("email", "copy")
    }
    assert queries["linkedin"] == {"url": [url]}
    assert queries["xing"] == {"url": [url]}
    assert queries["x"] == {"url": [url], "text": ["Größe zählt"]}
    assert queries["facebook"] == {"u": [url]}
    assert queries["whatsapp"] == {"text": [f"Größe zählt {url}"]}
    assert queries["mastodon"] == {"text": [f"Größe zählt {url}"]}
    assert by_network["mastodon"].url.startswith("https://b.example/teilen/mastodon/?")
    assert by_network["email"].url == (
        "mailto:?subject=Gr%C3%B6%C3%9Fe%20z%C3%A4hlt"
        "&body=Gr%C3%B6%C3%9Fe%20z%C3%A4hlt%20https%3A//b.example/2024/01/x/"
    )
    assert by_network["copy"].url == url


@pytest.mark.parametrize("title", ['"><script>alert(1)</script>', "A & B #1 ?x=1", "50 % mehr"])
def test_hostile_titles_stay_inside_their_parameter(title):
    (x_link, mail) = share_links(["x", "email"], "https://b.example/x/", title, LABELS, "/m/")
    assert parse_qs(urlsplit(x_link.url).query)["text"] == [title]
    assert "<" not in mail.url and " " not in mail.url and "&body=" in mail.url


def test_the_list_of_networks_is_configurable():
    links = share_links(["mastodon", "email"], "https://b.example/x/", "T", LABELS, "/m/")
    assert [link.network for link in links] == ["mastodon", "email"]
