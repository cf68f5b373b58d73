"""Two-click embeds: nothing loads from the platform before the reader clicks."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from chromium import chromium
from conftest import free_port
from embeds.markdown import EmbedExtension
from embeds.providers import PLAYER_HOSTS, recognise
from site_checks import foreign_resources


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        ),
        (
            "https://vimeo.com/76979871",
            "Vimeo",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
        (
            "https://twitter.com/hafenlicht/status/123",
            "X",
            "https://platform.twitter.com/embed/Tweet.html?id=123&dnt=true",
        ),
        (
            "https://x.com/hafenlicht/status/123",
            "X",
            "https://platform.twitter.com/embed/Tweet.html?id=123&dnt=true",
        ),
        (
            "https://www.instagram.com/p/Cabc123XYZ/",
            "Instagram",
            "https://www.instagram.com/p/Cabc123XYZ/embed/",
        ),
        (
            "https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC",
            "Spotify",
            "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
        ),
    ],
)
def test_known_platforms(url, provider, frame):
    embed = recognise(url)
    assert (embed.provider, embed.frame) == (provider, frame)
    assert urlsplit(embed.frame).hostname in PLAYER_HOSTS  # what a CSP's frame-src allows


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=<x>",
        "https://vimeo.com/about",
    ],
)
def test_anything_else_is_no_embed(url):
    assert recognise(url) is None


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=[EmbedExtension()]), "html.parser")


def test_the_box_loads_nothing_and_links_the_platform():
    html = render('Einbettung: https://youtu.be/dQw4w9WgXcQ "Unser Rundgang"')
    figure = html.find("figure")
    assert figure["data-embed-frame"].startswith("https://www.youtube-nocookie.com/embed/")
    assert figure["data-embed-title"] == "Unser Rundgang"
    assert html.find("iframe") is None and html.find("script") is None
    assert html.find("a")["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert html.find("a").text == "Auf YouTube öffnen"
    assert html.find("button").has_attr("hidden")  # shown by embeds.js only
    assert "YouTube" in html.find(class_="embed-note").text


def test_an_unknown_platform_is_a_plain_link_and_code_stays_code():
    assert str(render("Einbettung: https://example.org/x")) == (
        '<p><a href="https://example.org/x">https://example.org/x</a></p>'
    )
    assert render("    Einbettung: https://youtu.be/dQw4w9WgXcQ").find("figure") is None
    assert render("Siehe Einbettung: https://youtu.be/dQw4w9WgXcQ").find("figure") is None


ARTICLE = """Title: Mit Video
Date: 2024-10-01
Author: Jana Albers
Category: Allgemein
Summary: Ein Beitrag mit Video.

Vorher.

Einbettung: https://www.youtube.com/watch?v=dQw4w9WgXcQ "Unser Rundgang"

Nachher.
"""


@pytest.fixture
def site(fixture_site):
    built = fixture_site("basic")
    (built.content / "2024" / "video.md").write_text(ARTICLE, encoding="utf-8")
    return built


def test_built_pages_load_nothing_from_the_platform(site, fixture_site):
    built = fixture_site("basic", "publishconf.py", SITEURL="https://blog.example")
    assert built.ok, built.stopped
    page = built.html("2024/10/mit-video/")
    assert page.find("figure", class_="embed") is not None
    assert foreign_resources(built.output, "https://blog.example") == {}


@pytest.mark.browser
@pytest.mark.slow
def test_one_click_loads_the_player_and_nothing_before(site, fixture_site):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    built = fixture_site("basic", "publishconf.py", SITEURL=base, FEEDS_SITEURL=base)
    assert built.ok, built.stopped
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(built.output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    foreign: list[str] = []
    try:
        with chromium() as browser:
            tab = browser.new_page()

            def answer(route):
                foreign.append(route.request.url)
                route.fulfill(status=200, content_type="text/html", body="<p>Player</p>")

            tab.route("https://**/*", answer)
            tab.goto(f"{base}/2024/10/mit-video/")
            button = tab.get_by_role("button", name="Inhalt von YouTube laden")
            button.wait_for(state="visible")
            tab.wait_for_timeout(300)
            assert foreign == []
            button.click()
            tab.locator("figure.embed iframe").wait_for()
            tab.wait_for_function("() => document.querySelector('figure.embed iframe').src")
            frame = tab.locator("figure.embed iframe")
            assert frame.get_attribute("title") == "Unser Rundgang"
            tab.wait_for_timeout(300)
            assert any(u.startswith("https://www.youtube-nocookie.com/embed/") for u in foreign)
        with chromium() as browser:
            tab = browser.new_page(java_script_enabled=False)
            tab.goto(f"{base}/2024/10/mit-video/")
            assert not tab.get_by_role("button").filter(has_text="YouTube").is_visible()
            link = tab.get_by_role("link", name="Auf YouTube öffnen")
            assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    finally:
        server.shutdown()
        server.server_close()
