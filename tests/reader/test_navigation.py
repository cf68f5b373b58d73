"""The masthead: the editors' menu (content/menu.csv), the search in the header, the menu
button below 1024 px and the current section marked."""

import csv

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MENU = list(csv.DictReader((ROOT / "content" / "menu.csv").read_text("utf-8").splitlines()))
PR_ARTICLE = "/2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"


def test_the_header_menu_is_the_editors_menu(demo_site):
    links = demo_site.html("").select("#site-nav a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        (row["label"], demo_site.settings["SITEURL"] + row["url"]) for row in MENU
    ]


@pytest.mark.parametrize(
    ("width", "folded"), [(1280, False), (1024, False), (1023, True), (390, True)]
)
def test_the_menu_folds_behind_its_button_below_1024_px(browser, reader_site, width, folded):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + "/")
    toggle, first = tab.locator(".nav-toggle"), tab.locator("#site-nav a").first
    assert toggle.is_visible() is folded
    assert first.is_visible() is not folded
    if folded:
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and first.is_visible()
        # The open menu is a column of links across the width, each easy to hit.
        box = first.bounding_box()
        assert box["height"] >= 44 and box["width"] > width / 2
    else:
        rows = tab.evaluate(
            "new Set([...document.querySelectorAll('#site-nav li')]"
            ".map(li => li.getBoundingClientRect().top)).size"
        )
        assert rows == 1
    context.close()


def test_the_header_searches_as_a_field_on_wide_screens_and_a_link_on_phones(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + "/")
    field = tab.get_by_role("search", name="Website durchsuchen").get_by_label("Suchbegriff")
    field.fill("Lagerbrand")
    field.press("Enter")
    tab.wait_for_selector(".search-result", timeout=20_000)
    assert tab.url == base + "/suche/?q=Lagerbrand"
    context.close()
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + "/")
    assert not tab.locator(".site-search").is_visible()
    link = tab.locator(".site-search-link")
    assert link.is_visible() and link.bounding_box()["height"] >= 44
    link.click()
    tab.wait_for_url(base + "/suche/")
    context.close()


def test_the_current_section_is_marked(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    tab = context.new_page()
    marked = """() => [...document.querySelectorAll('#site-nav a[aria-current]')].map(a =>
        [a.textContent, a.getAttribute('aria-current'), getComputedStyle(a).boxShadow])"""
    tab.goto(base + "/kategorie/social-media/")
    ((label, current, line),) = tab.evaluate(marked)
    assert (label, current) == ("Social Media", "page")
    assert "rgb(13, 107, 99)" in line  # underlined in the accent colour
    tab.goto(base + PR_ARTICLE)
    assert [m[:2] for m in tab.evaluate(marked)] == [["PR & Krise", "true"]]
    tab.goto(base + "/2025/03/wir-haben-angefangen-bevor-alles-perfekt-war/")
    assert [m[:2] for m in tab.evaluate(marked)] == [["Interviews", "true"]]
    tab.goto(base + "/")
    assert tab.evaluate(marked) == []
    context.close()
