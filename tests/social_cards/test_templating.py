"""The templates' social_tags() and share_links(), rendered by Jinja without a build."""

from types import SimpleNamespace
from urllib.parse import quote_plus

from jinja2 import Environment

from social_cards import templating
from social_cards.settings import from_pelican

GERMAN = {
    "Share on LinkedIn": "Auf LinkedIn teilen",
    "Share on XING": "Auf XING teilen",
}


def _env(**settings) -> Environment:
    env = Environment(autoescape=True)
    cards = from_pelican({"SOCIAL_CARDS_SHARE_LINKS": ["linkedin", "xing", "mastodon"], **settings})
    templating.install(env, {"THEME_STATIC_DIR": "theme"}, cards, lambda m: GERMAN.get(m, m))
    return env


ARTICLE = SimpleNamespace(url="2025/01/krisen/", title="Krisen & Kommunikation")


def test_share_links_are_plain_links_in_the_chosen_order_with_translated_labels():
    template = _env().from_string(
        "{% for link in share_links(article) %}{{ link.network }} {{ link.label }}"
        " {{ link.url }}\n{% endfor %}"
    )
    lines = template.render(article=ARTICLE, SITEURL="https://blog.example").splitlines()
    assert [line.split()[0] for line in lines] == ["linkedin", "xing", "mastodon"]
    assert lines[0].startswith("linkedin Auf LinkedIn teilen https://www.linkedin.com/")
    assert "url=https%3A%2F%2Fblog.example%2F2025%2F01%2Fkrisen%2F" in lines[0]
    # Mastodon goes to our own page that asks for the reader's instance; the title is
    # quoted once, not HTML-escaped first.
    shared = quote_plus("Krisen & Kommunikation https://blog.example/2025/01/krisen/")
    assert lines[2].split()[-1] == f"https://blog.example/teilen/mastodon/?text={shared}"


def test_a_page_without_any_card_gets_no_tags():
    template = _env().from_string("{{ social_tags('Titel', 'Text')['tags']|length }}")
    assert template.render(SITENAME="Hafenlicht", DEFAULT_LANG="de", output_file="x.html") == "0"
