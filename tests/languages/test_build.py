"""A bilingual site, built for real: every page in its language, reciprocal alternates,
lists and feeds per language, a switcher on every page (fixture site ``languages``: one
article and one page in both languages, one article in each language only)."""

import json
import logging
import shutil
import threading
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import FIXTURE_SITES, Site, build_site
from hreflang import alternates_of, sitemap_alternates, walk_reciprocity
from publishing.search import build_search_index, indexed_pages
from publishing.server import site_server
from tests.feeds.feedcheck import feeds_of, parse

SITEURL = "https://blog.example"
GERMAN = "2024/09/zu-wem-gehoert-der-firmen-account/"
ENGLISH = "en/2024/09/who-owns-the-company-account/"
GERMAN_ONLY = "2025/02/nur-auf-deutsch/"
ENGLISH_ONLY = "en/2025/03/only-in-english/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = tmp_path_factory.mktemp("languages")
    shutil.copytree(FIXTURE_SITES / "languages" / "content", project / "content")
    built = build_site(project, "publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    assert built.ok, built.stopped
    return built


def path_of(url: str) -> str:
    return url.removeprefix(f"{SITEURL}/")


# --- every page in its language ---------------------------------------------------


def test_each_version_is_at_its_own_address_in_its_language(site):
    german, english = site.html(GERMAN), site.html(ENGLISH)
    assert german.html["lang"] == "de" and english.html["lang"] == "en"
    assert english.h1.get_text(strip=True) == "Who owns the company account?"
    # The text's own typography: English quotation marks in English.
    assert "\u201cquote\u201d" in english.select_one(".post-body, article").get_text()
    assert "\u201eZitat\u201c" in german.select_one(".post-body, article").get_text()
    for path, page in ((GERMAN, german), (ENGLISH, english)):
        assert page.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}/{path}"


def test_the_ui_of_an_english_page_is_english(site):
    english, german = site.html(ENGLISH), site.html(GERMAN)
    assert "min read" in english.select_one(".byline").get_text().lower()
    assert "Lesezeit" in german.select_one(".byline").get_text()
    assert english.select_one(".byline time").get_text().startswith("5 September 2024")
    assert english.select_one("footer a.feed-link").get_text() == "Subscribe to the feed"
    assert english.select_one(".skip-link").get_text(strip=True) != german.select_one(
        ".skip-link"
    ).get_text(strip=True)
    # The bio in the page's language, from jana-albers.en.md.
    assert "Managing director" in english.select_one(".bio").get_text()
    assert "Geschäftsführerin" in german.select_one(".bio").get_text()
    assert site.html("en/404.html").html["lang"] == "en"


def test_invoke_serve_answers_a_missing_english_page_with_the_english_404(site):
    # As deploy/nginx.conf does: the 404 page of the language folder the address is in.
    server = site_server(site.output, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path, lang in (("/en/gibt-es-nicht/", "en"), ("/gibt-es-nicht/", "de")):
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + path, timeout=10)
            assert missing.value.code == 404
            page = BeautifulSoup(missing.value.read().decode("utf-8"), "lxml")
            assert page.html["lang"] == lang
    finally:
        server.shutdown()
        server.server_close()


def test_social_metadata_and_structured_data_name_the_language_and_the_translation(site):
    german, english = site.html(GERMAN), site.html(ENGLISH)
    assert english.select_one('meta[property="og:locale"]')["content"] == "en_GB"
    assert english.select_one('meta[property="og:locale:alternate"]')["content"] == "de_DE"
    assert german.select_one('meta[property="og:locale"]')["content"] == "de_DE"
    assert german.select_one('meta[property="og:locale:alternate"]')["content"] == "en_GB"

    def posting(page) -> dict:
        for script in page.select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            if data.get("@type") == "BlogPosting":
                return data
        raise AssertionError("no BlogPosting")

    assert posting(german)["inLanguage"] == "de"
    assert [work["url"] for work in posting(german)["workTranslation"]] == [f"{SITEURL}/{ENGLISH}"]
    assert posting(english)["inLanguage"] == "en"
    assert posting(english)["translationOfWork"]["url"] == f"{SITEURL}/{GERMAN}"
    only = posting(site.html(ENGLISH_ONLY))
    assert only["inLanguage"] == "en" and "translationOfWork" not in only


# --- links between languages -------------------------------------------------------


def test_every_hreflang_pair_is_reciprocal_and_names_x_default(site):
    checked = walk_reciprocity(site.output, SITEURL)
    # Both articles, both About pages, both homes, the lists that exist in both.
    assert {GERMAN, ENGLISH, "ueber-uns/", "en/about-us/", "", "en/"} <= checked
    assert alternates_of(site.html(ENGLISH), SITEURL) == {
        "de": GERMAN,
        "en": ENGLISH,
        "x-default": GERMAN,
    }


def test_a_page_in_one_language_has_no_alternates_and_its_switcher_says_so(site):
    for path, other, home in ((GERMAN_ONLY, "en", "en/"), (ENGLISH_ONLY, "de", "")):
        page = site.html(path)
        assert alternates_of(page, SITEURL) == {}
        entry = page.select_one(f'.language-switch [lang="{other}"]')
        assert entry.select_one("a")["href"] == f"{SITEURL}/{home}"
        note = entry.select_one(".language-switch__note").get_text()
        assert note in {
            "This page is not available in English.",
            "Diese Seite gibt es nicht auf Deutsch.",
        }


def test_every_page_has_a_switcher_that_leads_to_a_page_in_the_other_language(site):
    for page in site.pages():
        path = page.relative_to(site.output).as_posix()
        soup = site.html(path)
        links = soup.select(".language-switch a")
        assert len(links) == 1, path
        target = path_of(links[0]["href"])
        other = "de" if soup.html["lang"] == "en" else "en"
        assert links[0]["hreflang"] == other, path
        assert site.html(target).html["lang"] == other, (path, target)


def test_the_translated_page_is_what_the_switcher_offers(site):
    link = site.html(GERMAN).select_one(".language-switch a")
    assert (path_of(link["href"]), link.get_text(strip=True)) == (ENGLISH, "This page in English")
    link = site.html("en/about-us/").select_one(".language-switch a")
    assert (path_of(link["href"]), link.get_text(strip=True)) == (
        "ueber-uns/",
        "Diese Seite auf Deutsch",
    )


def test_the_sitemap_lists_every_language_with_the_same_alternates_as_the_pages(site):
    found = sitemap_alternates(site.output / "sitemap.xml", SITEURL)
    assert {GERMAN, ENGLISH, GERMAN_ONLY, ENGLISH_ONLY, "en/", "en/about-us/"} <= set(found)
    for path, alternates in found.items():
        assert alternates == alternates_of(site.html(path), SITEURL), path


# --- lists per language --------------------------------------------------------------


def linked_articles(page) -> set[str]:
    return {path_of(a["href"]) for a in page.select(".card__title a, .archive a, h2 a, h3 a")}


def test_each_home_and_archive_lists_only_its_language(site):
    articles = {GERMAN, GERMAN_ONLY, ENGLISH, ENGLISH_ONLY}
    for path, own in (("", {GERMAN, GERMAN_ONLY}), ("en/", {ENGLISH, ENGLISH_ONLY})):
        assert linked_articles(site.html(path)) & articles == own, path
    for path, own in (("archiv/", {GERMAN, GERMAN_ONLY}), ("en/archive/", {ENGLISH, ENGLISH_ONLY})):
        listed = {path_of(a["href"]) for a in site.html(path).select("main a")} & articles
        assert listed == own, path


def test_categories_and_tags_have_translated_names_and_addresses_paired_by_the_mapping(site):
    category = site.html("en/category/social-media/")
    assert category.html["lang"] == "en" and "Social media" in category.h1.get_text()
    assert alternates_of(category, SITEURL) == {
        "de": "kategorie/social-media/",
        "en": "en/category/social-media/",
        "x-default": "kategorie/social-media/",
    }
    assert alternates_of(site.html("en/topic/policies/"), SITEURL)["de"] == "thema/richtlinien/"
    tags = {a.get_text(strip=True) for a in site.html(ENGLISH).select('a[rel="tag"], .tags a')}
    assert "Policies" in tags and "Richtlinien" not in tags
    # A category of one language only is a list of that language only.
    assert alternates_of(site.html("en/category/international/"), SITEURL) == {}
    assert linked_articles(site.html("en/category/social-media/")) & {GERMAN, ENGLISH} == {ENGLISH}


def test_an_author_page_lists_that_persons_articles_in_its_language(site):
    english = {path_of(a["href"]) for a in site.html("en/author/jana-albers/").select("main a")}
    german = {path_of(a["href"]) for a in site.html("autor/jana-albers/").select("main a")}
    assert {ENGLISH, ENGLISH_ONLY} <= english and not english & {GERMAN, GERMAN_ONLY}
    assert {GERMAN, GERMAN_ONLY} <= german and not german & {ENGLISH, ENGLISH_ONLY}


# --- feeds per language --------------------------------------------------------------


def test_every_feed_of_every_language_parses_and_holds_only_its_language(site):
    ids, titles = {}, {}
    for path in feeds_of(site.output):
        parsed = parse(path)
        relative = path.relative_to(site.output).as_posix()
        lang = "en" if relative.startswith("en/") else "de"
        if path.name.endswith("atom.xml"):
            root = etree.parse(str(path)).getroot()
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang, relative
            assert parsed.feed.id not in ids, (relative, ids.get(parsed.feed.id))
            ids[parsed.feed.id] = relative
            titles.setdefault(parsed.feed.title, []).append(relative)
        else:
            assert parsed.feed.language == lang, relative
        for entry in parsed.entries:
            assert path_of(entry.link).startswith("en/") == (lang == "en"), (relative, entry.link)
    site_feeds = parse(site.output / "feeds/atom.xml"), parse(site.output / "en/feeds/atom.xml")
    assert site_feeds[0].feed.title != site_feeds[1].feed.title
    assert {path_of(e.link) for e in site_feeds[1].entries} == {ENGLISH, ENGLISH_ONLY}


def test_english_pages_link_the_english_feeds(site):
    head = site.html("en/category/social-media/").select('head link[type="application/atom+xml"]')
    hrefs = [path_of(link["href"]) for link in head]
    assert hrefs == ["en/feeds/atom.xml", "en/category/social-media/atom.xml"]
    for href in hrefs:
        assert (site.output / href).is_file()


# --- comments per translation --------------------------------------------------------


def test_each_translation_has_its_own_thread_and_the_intake_knows_its_language(site):
    german, english = site.html(GERMAN), site.html(ENGLISH)
    assert "deutschen Fassung" in german.select_one("#comments").get_text()
    assert "English version" not in german.select_one("#comments").get_text()
    assert "English version" in english.select_one("#comments").get_text()
    manifest = json.loads((site.output / "kommentare/artikel.json").read_text("utf-8"))
    articles = manifest["articles"]
    assert articles["who-owns-the-company-account"]["lang"] == "en"
    assert articles["who-owns-the-company-account"]["url"] == ENGLISH
    assert articles["zu-wem-gehoert-der-firmen-account"]["lang"] == "de"


def test_my_comments_in_the_footer_asks_in_the_pages_language(site):
    # The intake shows its form in the language the link names.
    for path, lang in ((ENGLISH, "en"), (GERMAN, "de")):
        link = site.html(path).select_one(".my-comments-link a")
        assert link["href"] == f"/kommentare/meine-daten?lang={lang}"


def test_the_comment_form_of_an_english_article_asks_in_english(site):
    form = site.html(ENGLISH).select_one("#comments form")
    if form is None:
        pytest.skip("no comment intake configured")
    assert "three plus four" in form.get_text()


# --- a German-only site stays what it was ---------------------------------------------


def test_a_site_without_other_languages_has_no_switcher_no_alternates_and_no_en_folder(
    fixture_site,
):
    german = fixture_site("basic", "publishconf.py", SITEURL=SITEURL, FEED_DOMAIN=SITEURL)
    assert german.ok
    assert not (german.output / "en").exists()
    for page in german.pages():
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        assert soup.html["lang"] == "de"
        assert not soup.select(".language-switch, link[hreflang]"), page
    assert "xhtml:link" not in (german.output / "sitemap.xml").read_text("utf-8")


# --- search per language --------------------------------------------------------------


def test_search_has_an_index_and_a_page_per_language(site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(site.output, output)
    build_search_index(output, indexed_pages(site.settings))
    counts: dict[str, int] = {}
    parts = json.loads((output / "pagefind" / "parts.json").read_text("utf-8"))
    for lang, names in parts.items():
        for name in names:
            entry = json.loads((output / "pagefind" / name / "pagefind-entry.json").read_text())
            counts[lang] = counts.get(lang, 0) + entry["languages"][lang]["page_count"]
    # Two articles and the About page in each language (Impressum is German only).
    assert counts == {"de": 4, "en": 3}
    # Only what the search page loads: none of Pagefind's own interfaces (0.4 MB).
    shipped = {f.name for f in (output / "pagefind" / "site").iterdir() if f.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= shipped
    assert not [name for name in shipped if "-ui." in name or "highlight" in name]
    # One index for the site, which holds one per language.
    assert parts == {"de": ["site"], "en": ["site"]}
    for path, lang, title in (("suche/", "de", "Suche"), ("en/search/", "en", "Search")):
        page = site.html(path)
        assert page.html["lang"] == lang and page.h1.get_text(strip=True) == title
    form = site.html(ENGLISH).select_one("form.site-search")
    assert form["action"] == f"{SITEURL}/en/search/"


def test_a_broken_translation_is_one_error_not_a_warning_on_its_other_version(tmp_path):
    # The English version cannot be built (a wrong Date); the German one still carries
    # their shared Translation key: that is no second mistake to report.
    shutil.copytree(FIXTURE_SITES / "languages" / "content", tmp_path / "content")
    english = tmp_path / "content" / "2024" / "who-owns.md"
    english.write_text(english.read_text().replace("Date: 2024-09-05 09:00", "Date: 5.9.2024"))
    built = build_site(tmp_path, "publishconf.py")
    assert not built.ok
    said = built.messages(logging.WARNING) + built.messages(logging.ERROR)
    assert [m.split(":")[0] for m in said] == ["content/2024/who-owns.md"], said
