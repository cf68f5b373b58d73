"""The bilingual demo (content/, production build): what the issue measures on real
content, beside the fixture site's detailed checks."""

import pytest

from chromium import axe_violations, chromium
from conftest import DEMO_SITEURL
from hreflang import alternates_of, sitemap_alternates, walk_reciprocity
from tests.feeds.feedcheck import feeds_of, parse

# The demo's translated pairs: three articles (one interview) and the About page.
PAIRS = {
    "2024/02/zu-wem-gehoert-der-firmen-account/": "en/2024/02/who-owns-the-company-account/",
    "2024/09/barrierefreie-social-media-posts-was-wirklich-hilft/": (
        "en/2024/09/accessible-social-media-posts-what-actually-helps/"
    ),
    "2025/03/wir-haben-angefangen-bevor-alles-perfekt-war/": (
        "en/2025/03/we-started-before-everything-was-perfect/"
    ),
    "ueber-uns/": "en/about-us/",
}
ENGLISH_ONLY = "en/2025/06/plain-english-for-german-companies/"
ENGLISH_PAGES = ["en/", *PAIRS.values(), ENGLISH_ONLY, "en/search/", "en/category/social-media/"]


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def test_every_hreflang_pair_of_the_demo_is_reciprocal(demo_site):
    checked = walk_reciprocity(demo_site.output, DEMO_SITEURL)
    assert set(PAIRS) | set(PAIRS.values()) | {"", "en/"} <= checked
    for german, english in PAIRS.items():
        assert alternates_of(demo_site.html(german), DEMO_SITEURL)["en"] == english
    interview = demo_site.html(PAIRS["2025/03/wir-haben-angefangen-bevor-alles-perfekt-war/"])
    assert interview.select_one(".interview, [class*=interview]"), "the interview keeps its form"


def test_the_demo_sitemap_carries_the_same_alternates_as_the_pages(demo_site):
    found = sitemap_alternates(demo_site.output / "sitemap.xml", DEMO_SITEURL)
    assert set(PAIRS.values()) | {ENGLISH_ONLY} <= set(found)
    for path, alternates in found.items():
        assert alternates == alternates_of(demo_site.html(path), DEMO_SITEURL), path


def test_every_author_page_links_its_other_language(demo_site):
    # Katrin Schäfer and Tobias Wendt write in German only, Lea Sommerfeld is interviewed:
    # each has a page in both languages, and the switch must lead to it, not to "this
    # page is not available in English".
    sitemap = sitemap_alternates(demo_site.output / "sitemap.xml", DEMO_SITEURL)
    for profile in sorted((demo_site.root / "content" / "authors").glob("*.md")):
        slug = profile.name.split(".")[0]
        german, english = f"autor/{slug}/", f"en/author/{slug}/"
        assert alternates_of(demo_site.html(german), DEMO_SITEURL)["en"] == english, slug
        assert alternates_of(demo_site.html(english), DEMO_SITEURL)["de"] == german, slug
        assert {german, english} <= set(sitemap), slug
        for page in (german, english):
            assert demo_site.html(page).select_one(".language-switch__note") is None, page


def test_every_feed_of_both_languages_parses(demo_site):
    languages = set()
    for path in feeds_of(demo_site.output):
        parsed = parse(path)
        relative = path.relative_to(demo_site.output).as_posix()
        lang = "en" if relative.startswith("en/") else "de"
        assert parsed.feed.get("language", lang).startswith(lang), relative
        languages.add(lang)
    assert languages == {"de", "en"}
    english = parse(demo_site.output / "en/feeds/atom.xml")
    links = {entry.link.removeprefix(f"{DEMO_SITEURL}/") for entry in english.entries}
    assert links == {*[p for p in PAIRS.values() if p != "en/about-us/"], ENGLISH_ONLY}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_english_pages_meet_wcag_aa(browser, served_demo, scheme):
    context = browser.new_context(color_scheme=scheme, locale="en-GB")
    tab = context.new_page()
    for path in ENGLISH_PAGES:
        tab.goto(f"{served_demo}/{path}")
        assert tab.locator("html").get_attribute("lang") == "en", path
        assert axe_violations(tab) == [], path
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_the_switcher_leads_a_reader_to_the_same_article_and_back(browser, served_demo):
    context = browser.new_context(locale="de-DE")
    tab = context.new_page()
    german = "2024/09/barrierefreie-social-media-posts-was-wirklich-hilft/"
    tab.goto(f"{served_demo}/{german}")
    tab.get_by_role("link", name="This page in English").click()
    tab.wait_for_load_state()
    assert tab.url == f"{served_demo}/{PAIRS[german]}"
    assert tab.locator("h1").inner_text().startswith("Accessible social media posts")
    tab.get_by_role("link", name="Diese Seite auf Deutsch").click()
    tab.wait_for_load_state()
    assert tab.url == f"{served_demo}/{german}"
    context.close()


def test_the_newsletter_form_records_the_language_of_the_page_it_is_on(demo_site):
    # An English list page (not only an English article) subscribes a reader to the
    # English issue; a German page to the German one.
    for path, lang in (("", "de"), ("en/", "en"), (ENGLISH_ONLY, "en"), ("en/search/", "en")):
        forms = demo_site.html(path).select("form.newsletter-form")
        assert forms, path
        assert {form.select_one("input[name=lang]")["value"] for form in forms} == {lang}, path


def test_the_forms_privacy_link_says_when_the_policy_is_in_german(demo_site):
    # The policy is German only: an English form's "Privacy policy" leads to it, marked.
    comment_form = demo_site.html(ENGLISH_ONLY).select_one("form.comment-form")
    for path, lang in (("", "de"), ("en/", "en"), (ENGLISH_ONLY, "en")):
        forms = demo_site.html(path).select("form.newsletter-form")
        if path == ENGLISH_ONLY:
            forms.append(comment_form)
        for form in forms:
            (link,) = [
                a
                for a in form.select("a")
                if a.get_text() == ("Privacy policy" if lang == "en" else "Datenschutzerklärung")
            ]
            assert link["href"].endswith("/datenschutz/"), path
            assert link.get("hreflang") == (None if lang == "de" else "de"), path
