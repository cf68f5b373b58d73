"""Site search in a real headless Chromium on a production build with its Pagefind index."""

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from chromium import chromium, read_text
from conftest import build_site, copy_fixture, free_port
from publishing.search import build_search_index, indexed_pages, sort_languages


class _Quiet(SimpleHTTPRequestHandler):
    # A test's gate: the error status a request's path gets instead of its file, or None.
    refuse: Callable[[str], int | None] | None = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        status = _Quiet.refuse(self.path) if _Quiet.refuse else None
        if status:
            self.send_error(status)
            return
        super().do_GET()


@contextmanager
def refusing(refuse: Callable[[str], int | None]) -> Iterator[None]:
    """The test sites answer the paths ``refuse`` names with its error status."""
    _Quiet.refuse = refuse
    try:
        yield
    finally:
        _Quiet.refuse = None


@contextmanager
def served_with_index(project: Path) -> Iterator[str]:
    """The production build of ``project`` with its search index, served on 127.0.0.1;
    yields the site's address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = build_site(project, "publishconf.py", SITEURL=base)
    assert site.ok, site.stopped
    build_search_index(site.output, indexed_pages(site.settings))
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Quiet, directory=str(site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    project = copy_fixture("interviews", tmp_path_factory.mktemp("search"))
    guest = project / "content" / "2025" / "gast.md"
    guest.write_text(
        guest.read_text() + "\nLokale Krisenkommunikation braucht Führungskräfte, die zuhören.\n"
    )
    (project / "content" / "2025" / "versteckt.md").write_text(
        "Title: Versteckte Notiz\nDate: 2025-01-15\nAuthor: Jana Albers\nCategory: Content\n"
        "Status: hidden\nSummary: Nur mit Link.\n\nDie Zebrastreifenvermessung bleibt intern.\n",
        encoding="utf-8",
    )
    # Hidden and alone in its year: a part of the index of its own would index it whole.
    (project / "content" / "2025" / "versteckt-2019.md").write_text(
        "Title: Alte Notiz\nDate: 2019-05-15\nAuthor: Jana Albers\nCategory: Content\n"
        "Status: hidden\nSummary: Nur mit Link.\n\nDer Leuchtturmwärter bleibt intern.\n",
        encoding="utf-8",
    )
    # More hits than one screen of results shows at once (PAGE_SIZE in search.js is 20),
    # from three years.
    for number in range(1, 26):
        (project / "content" / "2025" / f"mole-{number}.md").write_text(
            f"Title: Baustelle am Hafen, Teil {number}\nDate: {2023 + number % 3}-03-{number:02d}\n"
            "Author: Jana Albers\nCategory: Content\nSummary: Neues von der Baustelle.\n\n"
            f"Die Hafenmole wird im Frühjahr saniert; Abschnitt {number} ist jetzt fertig.\n",
            encoding="utf-8",
        )
    # A word of one year only, which starts as a word of the others does ("im"), and
    # the start of a longer word in another year (no compound the site could split).
    (project / "content" / "2025" / "imkerei.md").write_text(
        "Title: Bienen an der Mole\nDate: 2022-06-01\nAuthor: Jana Albers\n"
        "Category: Content\nSummary: Honig vom Hafen.\n\n"
        "Am Hafen betreibt der Verein eine Imkerei mit vier Völkern.\n",
        encoding="utf-8",
    )
    (project / "content" / "2025" / "imkereiverein.md").write_text(
        "Title: Der Verein der Bienenfreunde\nDate: 2023-07-01\nAuthor: Jana Albers\n"
        "Category: Content\nSummary: Ein Aushang.\n\n"
        "Der Verein verkauft jetzt auch Imkereibedarf.\n",
        encoding="utf-8",
    )
    # Long enough for an excerpt to be a window of it: a compound in the middle, whose
    # part "zeitschrift" the site also uses on its own (in another article).
    (project / "content" / "2025" / "hauszeitung.md").write_text(
        "Title: Die neue Hauszeitung\nDate: 2024-09-02\nAuthor: Jana Albers\n"
        "Category: Content\nSummary: Was sich am Heft ändert.\n\n"
        "Seit zwanzig Jahren druckt das Werk einmal im Quartal ein Heft für alle, die dort "
        "arbeiten. Die Redaktion sitzt im zweiten Stock neben der Kantine, und wer eine "
        "Geschichte hat, klopft einfach an. Das bleibt so, auch wenn sich sonst vieles "
        "ändert.\n\n"
        "Ab Januar erscheint die Mitarbeiterzeitschrift jeden Monat und zusätzlich als "
        "Newsletter, den man abbestellen kann. Die Legende, dass es am Wochenende "
        "niemand liest, sendet keiner mehr.\n\n"
        "Die Gestaltung wird ruhiger, die Schrift größer, die Fotos stammen wieder aus den "
        "eigenen Hallen statt aus Bilddatenbanken. Wer mitschreiben möchte, meldet sich "
        "bis zum 31. Oktober. Am Schluss steht der Dank an die treuen Abonnentinnen.\n",
        encoding="utf-8",
    )
    (project / "content" / "2025" / "fachpresse.md").write_text(
        "Title: Gelesen in der Fachpresse\nDate: 2024-10-07\nAuthor: Jana Albers\n"
        "Category: Content\nSummary: Eine Empfehlung.\n\n"
        "Eine Zeitschrift für Werkstoffe stellte unser Labor vor. Am Ende kamen "
        "zwei Wochen lang Anfragen.\n",
        encoding="utf-8",
    )
    with served_with_index(project) as base:
        yield base


@pytest.fixture(scope="module")
def bilingual_site(tmp_path_factory):
    with served_with_index(copy_fixture("languages", tmp_path_factory.mktemp("bilingual"))) as base:
        yield base


def parts(base: str) -> dict:
    with urlopen(f"{base}/pagefind/parts.json") as response:
        return json.load(response)


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


def search(browser, base: str, query: str, search_page: str = "suche/"):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{base}/{search_page}?q={quote(query)}")
    page.wait_for_selector(".search-status:not(:empty)")
    results = [
        {
            "title": read_text(item.locator(".search-result__title")),
            # Pages have no date.
            "date": " ".join(item.locator(".search-result__date").all_inner_texts()),
            "excerpt": item.locator(".search-result__excerpt").inner_text(),
            "marked": item.locator(".search-result__excerpt mark").all_inner_texts(),
        }
        for item in page.locator(".search-result").all()
    ]
    status = page.locator(".search-status").inner_text()
    context.close()
    return results, status, hosts


@pytest.mark.browser
@pytest.mark.slow
def test_search_finds_an_article_with_title_date_and_excerpt(browser, search_site):
    results, status, hosts = search(browser, search_site, "Workshop")
    assert status == "1 Treffer"
    (result,) = results
    assert result["title"] == "Ein Jahr Corporate Blog bei Nordstahl"
    assert result["date"] == "1. Februar 2025"
    assert "Workshop" in result["excerpt"]
    assert hosts == {urlsplit(search_site).netloc}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", ["Führungskräfte", "führungskräfte", "Kommunikation"])
def test_search_works_in_german(browser, search_site, query):
    results, _status, _hosts = search(browser, search_site, query)
    assert "Lokalredaktionen lesen anders" in [r["title"] for r in results]


@pytest.mark.browser
@pytest.mark.slow
def test_each_language_searches_its_own_pages(browser, bilingual_site):
    # One index for the site; Pagefind keeps one per language in it.
    assert parts(bilingual_site) == {"de": ["site"], "en": ["site"]}
    # Both titles hold "account"; each search page finds its language's article.
    found, _status, _hosts = search(browser, bilingual_site, "Account")
    assert [r["title"] for r in found] == ["Zu wem gehört der Firmen-Account?"]
    found, status, _hosts = search(browser, bilingual_site, "account", "en/search/")
    assert [r["title"] for r in found] == ["Who owns the company account?"]
    assert status == "1 result"
    found, _status, _hosts = search(browser, bilingual_site, "English", "en/search/")
    assert "Only in English" in [r["title"] for r in found]
    found, _status, _hosts = search(browser, bilingual_site, "Musterkai")
    assert [r["title"] for r in found] == ["Impressum"]
    # The language switch leads to the other language's search for the same words.
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{bilingual_site}/suche/?q=Account")
    page.wait_for_selector(".search-status:not(:empty)")
    page.locator(".language-switch a[hreflang=en]").click()
    page.wait_for_selector(".search-result")
    assert page.url == f"{bilingual_site}/en/search/?q=Account"
    assert read_text(page.locator(".search-result__title")) == "Who owns the company account?"
    context.close()


def visible_words(browser, url: str) -> set[str]:
    """The words a reader sees in an article's text, lower case, without punctuation."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(url)
    words = set(re.findall(r"\w+", page.locator(".post-body").inner_text().lower()))
    context.close()
    return words


def excerpt_words(excerpt: str) -> list[str]:
    """The words of an excerpt, lower case, after its label (for screen readers)."""
    label, *words = re.findall(r"\w+", excerpt.lower())
    assert label == "auszug"
    return words


@pytest.mark.browser
@pytest.mark.slow
def test_an_excerpt_shows_the_compound_a_part_of_it_found(browser, search_site):
    results, _status, _hosts = search(browser, search_site, "Zeitschrift")
    found = {r["title"]: r for r in results}
    assert set(found) == {"Die neue Hauszeitung", "Gelesen in der Fachpresse"}
    excerpt = found["Die neue Hauszeitung"]["excerpt"]
    # The part is marked in the word that holds it, in a window of the text around it.
    assert found["Die neue Hauszeitung"]["marked"] == ["zeitschrift"]
    assert "Ab Januar erscheint die Mitarbeiterzeitschrift jeden Monat" in excerpt
    assert "Seit zwanzig Jahren" not in excerpt
    seen = visible_words(browser, f"{search_site}/2024/09/die-neue-hauszeitung/")
    assert set(excerpt_words(excerpt)) <= seen
    assert found["Gelesen in der Fachpresse"]["marked"] == ["Zeitschrift"]


@pytest.mark.browser
@pytest.mark.slow
def test_a_part_is_marked_only_in_the_compound_it_was_found_in(browser, search_site):
    results, _status, _hosts = search(browser, search_site, "Ende")
    found = {r["title"]: r for r in results}
    # The article holds "Ende" only in "Wochen|ende" (the noun stands in another one).
    excerpt = found["Die neue Hauszeitung"]["excerpt"]
    assert "Die Legende, dass es am Wochenende niemand liest, sendet keiner mehr" in excerpt
    # Not the "ende" in "Legende" or in "sendet".
    assert found["Die neue Hauszeitung"]["marked"] == ["ende"]
    assert found["Gelesen in der Fachpresse"]["marked"] == ["Ende"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "title", "url"),
    [
        ("Abonnentinnen", "Die neue Hauszeitung", "2024/09/die-neue-hauszeitung/"),
        ("zuhören", "Lokalredaktionen lesen anders", "2025/03/lokalredaktionen-lesen-anders/"),
    ],
)
def test_an_excerpt_near_the_end_of_an_article_holds_only_its_text(
    browser, search_site, query, title, url
):
    # The compounds' parts, indexed after the text, are no words of the page.
    results, _status, _hosts = search(browser, search_site, query)
    (result,) = results
    assert result["title"] == title
    assert result["marked"][-1].lower().startswith(query.lower())
    words = excerpt_words(result["excerpt"])
    assert words[-1] == query.lower()
    assert set(words) <= visible_words(browser, f"{search_site}/{url}")


def test_only_articles_and_pages_are_read_by_the_indexer():
    settings = {
        "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{slug}/index.html",
        "PAGE_SAVE_AS": "{slug}/index.html",
    }
    # A date's parts are digits: English topic pages (en/topic/x/) are no articles.
    assert indexed_pages(settings) == "{*/index.html,[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html}"
    assert indexed_pages({**settings, "PAGE_SAVE_AS": ""}) == (
        "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"
    )
    # The other languages' articles and pages, below en/ (their own Pagefind index).
    other_languages = {
        "ARTICLE_LANG_SAVE_AS": "{lang}/{date:%Y}/{date:%m}/{slug}/index.html",
        "PAGE_LANG_SAVE_AS": "{lang}/{slug}/index.html",
        "DEFAULT_LANG": "de",
        "NEWSROOM_LANGUAGES": ("de", "en"),
    }
    assert indexed_pages({**settings, **other_languages}) == (
        "{*/index.html,[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html,"
        "en/*/index.html,en/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html}"
    )


@pytest.mark.browser
@pytest.mark.slow
def test_a_word_of_one_year_finds_only_the_pages_that_hold_it(browser, search_site):
    # An index that lacks a word looks for its longest start instead (the "im" of the 25
    # articles on the "Hafenmole"); the site as a whole has the word: those are no hits.
    results, status, _hosts = search(browser, search_site, "Imkerei")
    titles = sorted(r["title"] for r in results)
    # The word itself in 2022; in 2023 the start of a longer word, as one index finds it.
    assert titles == ["Bienen an der Mole", "Der Verein der Bienenfreunde"]
    assert status == "2 Treffer"
    # Two words: the pages that hold both.
    results, status, _hosts = search(browser, search_site, "Imkerei Völkern")
    assert [r["title"] for r in results] == ["Bienen an der Mole"]
    # A word no page holds still finds what Pagefind makes of it (a typing reader's
    # "Hafenmol" finds the "Hafenmole").
    results, _status, _hosts = search(browser, search_site, "Hafenmol")
    assert len(results) == 20  # the first screen of the 25


@pytest.mark.browser
@pytest.mark.slow
def test_search_finds_pages_too(browser, search_site):
    results, _status, _hosts = search(browser, search_site, "Cookies")
    assert [(r["title"], r["date"]) for r in results] == [("Datenschutz", "")]


@pytest.mark.browser
@pytest.mark.slow
def test_search_without_hits_says_so(browser, search_site):
    results, status, _hosts = search(browser, search_site, "Quantencomputer")
    assert results == []
    assert status == "Keine Treffer für „Quantencomputer“."


@pytest.mark.browser
@pytest.mark.slow
def test_search_never_finds_a_hidden_article(browser, search_site):
    results, status, _hosts = search(browser, search_site, "Zebrastreifenvermessung")
    assert results == []
    assert status == "Keine Treffer für „Zebrastreifenvermessung“."
    # Also not the one alone in its year (a year's index of its own indexed it whole).
    results, status, _hosts = search(browser, search_site, "Leuchtturmwärter")
    assert results == []


@pytest.mark.browser
@pytest.mark.slow
def test_search_counts_every_hit_and_shows_more_on_request(browser, search_site):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{search_site}/suche/?q=Hafenmole")
    page.wait_for_selector(".search-result")
    assert parts(search_site) == {"de": ["site"]}
    assert page.locator(".search-status").inner_text() == "25 Treffer"
    assert page.locator(".search-result").count() == 20
    more = page.get_by_role("button", name="Weitere Treffer anzeigen")
    more.click()
    expect(page.locator(".search-result")).to_have_count(25)
    titles = [read_text(t) for t in page.locator(".search-result__title").all()]
    assert sorted(titles) == sorted(f"Baustelle am Hafen, Teil {n}" for n in range(1, 26))
    assert more.is_hidden()
    # The keyboard continues at the first result that came with the click.
    assert page.evaluate("document.activeElement.textContent") == titles[20]
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_a_query_that_fails_late_leaves_the_newer_ones_results_alone(browser, search_site):
    first_query, held, release = [True], [], threading.Event()

    def refuse(path: str) -> int | None:
        """The first query's hit texts: held back, then refused once the second is shown."""
        if "/fragment/" not in path or not first_query[0]:
            return None
        held.append(path)
        release.wait(30)
        return 503

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{search_site}/suche/")
    try:
        with refusing(refuse):
            page.fill(".search-form input[name=q]", "Führungskräfte")  # one hit: one request
            page.press(".search-form input[name=q]", "Enter")
            for _ in range(200):
                if held:
                    break
                page.wait_for_timeout(50)
            first_query[0] = False
            page.fill(".search-form input[name=q]", "Cookies")
            page.press(".search-form input[name=q]", "Enter")
            status = page.locator(".search-status")
            expect(status).to_have_text("1 Treffer")
            with page.expect_response(lambda r: "/fragment/" in r.url and r.status == 503):
                release.set()  # the first query fails now, after the second was answered
            page.evaluate("() => new Promise((done) => setTimeout(done, 200))")  # its catch ran
        assert held and status.inner_text() == "1 Treffer"
        titles = [read_text(t) for t in page.locator(".search-result__title").all()]
        assert titles == ["Datenschutz"]
    finally:
        release.set()
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_more_results_that_failed_to_load_come_with_the_next_click(browser, search_site):
    failing = [False]
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{search_site}/suche/?q=Hafenmole")
    page.wait_for_selector(".search-result")
    more = page.get_by_role("button", name="Weitere Treffer anzeigen")
    try:
        with refusing(lambda path: 503 if failing[0] and "/fragment/" in path else None):
            failing[0] = True
            more.click()
            expect(page.locator(".search-status")).to_have_text(
                "Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
            )
            assert page.locator(".search-result").count() == 20  # nothing lost, nothing new
            failing[0] = False
            more.click()  # Pagefind keeps a failed text failed: the page asks a new index
            expect(page.locator(".search-result")).to_have_count(25)
            assert page.locator(".search-status").inner_text() == "25 Treffer"
            assert more.is_hidden()
            titles = [read_text(t) for t in page.locator(".search-result__title").all()]
            assert len(set(titles)) == 25  # none twice, none left out
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(
    ("refused", "status", "message"),
    [
        # A request that fails: the reader is asked to try again, not told about tasks.
        (
            "/fragment/",
            503,
            "Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
        ),
        # A site built without its index (`invoke build`): the developer is told why.
        (
            "/parts.json",
            404,
            "Der Suchindex fehlt: Er entsteht bei `invoke preview` und `invoke publish`.",
        ),
    ],
)
def test_a_search_that_cannot_be_answered_says_why(browser, search_site, refused, status, message):
    with refusing(lambda path: status if refused in path else None):
        results, shown, _hosts = search(browser, search_site, "Führungskräfte")
    assert results == [] and shown == message


def test_the_index_key_changes_with_the_indexed_pages_only(tmp_path):
    from publishing.search import index_keys, matching

    glob = indexed_pages({"ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html", "PAGE_SAVE_AS": ""})
    site = tmp_path / "site"
    names = (
        "2025/hafen/index.html",
        "2024/mole/index.html",
        "thema/hafen/index.html",
        "index.html",
    )
    for name in names:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"<main data-pagefind-body>{name}</main>", encoding="utf-8")
    # A date's placeholder matches digits only (a tag page is no article), any other
    # placeholder any one folder.
    indexed = {"2025/hafen/index.html", "2024/mole/index.html"}
    assert {p.relative_to(site).as_posix() for p in matching(site, glob)} == indexed
    before, digests = index_keys(site, glob)
    assert set(digests) == indexed and set(before) == {"site"}
    (site / "index.html").write_text(
        "<main data-pagefind-body>Neu auf der Startseite</main>", encoding="utf-8"
    )
    (site / "thema/hafen/index.html").write_text(
        "<main data-pagefind-body>Neu beim Thema</main>", encoding="utf-8"
    )
    assert index_keys(site, glob)[0] == before  # not indexed: the last index still fits
    # A page known to be unchanged (taken from the last build) is not read again.
    (site / "2024/mole/index.html").chmod(0o000)
    try:
        assert (
            index_keys(site, glob, {"2024/mole/index.html": digests["2024/mole/index.html"]})[0]
            == before
        )
    finally:
        (site / "2024/mole/index.html").chmod(0o644)
    # An edit of an indexed page changes the key.
    (site / "2025/hafen/index.html").write_text(
        "<main data-pagefind-body>Nachtrag</main>", encoding="utf-8"
    )
    assert index_keys(site, glob)[0]["site"] != before["site"]
    assert matching(site, "**/*.{html}") == set(site.rglob("*.html"))


def test_the_staged_pages_are_the_sites_and_only_the_changed_ones_are_linked_again(tmp_path):
    # The stage is kept from build to build: a page taken from the last build (the very
    # file) keeps its link, a page written anew is linked again, a page gone leaves it.
    from newsroom.files import files_below
    from publishing.search import stage_pages

    def staged_files(folder: Path) -> set[str]:
        return {relative for relative, _ in files_below(folder)}

    stage = tmp_path / "stage" / "site"
    first, second = tmp_path / "first", tmp_path / "second"
    pages = ("2025/03/hafen/index.html", "2025/04/mole/index.html", "2024/01/alt/index.html")
    for name in pages:
        (first / name).parent.mkdir(parents=True, exist_ok=True)
        (first / name).write_text(f"<main data-pagefind-body>{name}</main>", encoding="utf-8")
    stage_pages(first, stage, pages)
    assert staged_files(stage) == set(pages)
    kept = (stage / pages[0]).stat().st_ino
    # The next build: the first page taken over (the same file), the second rewritten,
    # the third deleted, a fourth new.
    now = (pages[0], pages[1], "2025/05/neu/index.html")
    for name in now:
        (second / name).parent.mkdir(parents=True, exist_ok=True)
    (second / pages[0]).hardlink_to(first / pages[0])
    (second / pages[1]).write_text("<main data-pagefind-body>Nachtrag</main>", encoding="utf-8")
    (second / now[2]).write_text("<main data-pagefind-body>Neu</main>", encoding="utf-8")
    stage_pages(second, stage, now)
    assert staged_files(stage) == set(now)
    assert not (stage / "2024").exists()  # the deleted page's folders went with it
    assert (stage / "2025").is_dir()
    assert (stage / pages[0]).stat().st_ino == kept
    for name in now:
        assert (stage / name).samefile(second / name)
    assert (stage / pages[1]).read_text(encoding="utf-8") == (
        "<main data-pagefind-body>Nachtrag</main>"
    )


def test_a_stage_on_another_file_system_is_left_alone(tmp_path):
    # Links cannot reach across: a kept stage would get a copy of every page each build.
    import shutil
    import tempfile

    from newsroom.files import files_below
    from publishing.search import SearchIndexing

    memory = Path("/dev/shm")
    if not memory.is_dir() or memory.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs a second file system (/dev/shm)")
    site = Path(tempfile.mkdtemp(dir=memory))
    try:
        page = site / "2025/03/hafen/index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<main data-pagefind-body><p>Hafen</p></main>", encoding="utf-8")
        SearchIndexing(site, {"site": ["2025/03/hafen/index.html"]}, tmp_path / "stage").wait()
        assert (site / "pagefind/site/pagefind-entry.json").is_file()
        assert list(files_below(tmp_path / "stage")) == []
        # The temporary stage inside the site's index folder is gone again.
        assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["parts.json", "site"]
    finally:
        shutil.rmtree(site)


def test_only_pages_marked_for_the_index_are_in_it(tmp_path):
    # A Pagefind run without a marked page would index its pages whole (the archive, a
    # hidden article), and one with a marked page reads only those.
    from publishing.search import index_keys

    pages = {
        "2025/hafen/index.html": "<main data-pagefind-body>Hafen</main>",
        "2019/intern/index.html": "<main><p>Versteckt</p></main>",
        "2018/pagefind/index.html": "<main><code>&lt;p data-pagefind-body&gt;</code></main>",
        "archiv/index.html": "<main><h1>Archiv</h1></main>",
    }
    for name, html in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    keys, digests = index_keys(tmp_path, "{*/index.html,[0-9][0-9][0-9][0-9]/*/index.html}")
    assert set(keys) == {"site"} and set(digests) == {"2025/hafen/index.html"}
    unmarked = {"archiv/index.html": pages["archiv/index.html"]}
    for name in pages:
        if name not in unmarked:
            (tmp_path / name).unlink()
    assert index_keys(tmp_path, "*/index.html") == ({}, {})  # no index without marked pages


def test_every_page_is_in_the_one_part_of_the_site():
    # Parts by year answered a word that a year lacks by its start ("im" for "Impressum").
    from publishing.search import part_of

    for page in ("2025/03/hafen/index.html", "en/2025/03/harbour/index.html", "index.html"):
        assert part_of(page) == "site"


def test_the_entry_file_lists_the_languages_in_a_fixed_order(tmp_path):
    # Pagefind writes them in a hash map's order, which differs from run to run.
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text(
        '{"version":"1.5.2","languages":{"en":{"page_count":5},"de":{"page_count":18}}}',
        encoding="utf-8",
    )
    sort_languages(entry)
    assert entry.read_text("utf-8") == (
        '{"version":"1.5.2","languages":{"de":{"page_count":18},"en":{"page_count":5}}}'
    )


def write_pages(site: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(
            f'<html lang="de"><body><main data-pagefind-body><h1>{name}</h1><p>{text}</p>'
            "</main></body></html>",
            encoding="utf-8",
        )


def index_files(site: Path) -> dict[str, bytes]:
    folder = site / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


HARBOUR_PAGES = {
    "2025/03/hafen/index.html": "Der Hafen liegt still im Nebel.",
    "2025/04/mole/index.html": "Auf der Mole stehen Möwen.",
    "2024/01/leuchtturm/index.html": "Der Leuchtturm blinkt alle fünf Sekunden.",
}


def reuse_from(site: Path, fragments: dict[str, str], unchanged: list[str]) -> dict:
    from publishing.search import reusable_fragments

    names = reusable_fragments(fragments, unchanged)
    return {name: (url, site / "pagefind/site/fragment" / name) for name, url in names.items()}


def test_a_run_takes_the_fragments_of_unchanged_pages_and_writes_the_same_index(tmp_path):
    # Pagefind does not write a fragment whose file is there: the unchanged pages'
    # fragments are linked in from the last run, the edited page's is written anew, and
    # the index is byte for byte the one a run from nothing writes.
    from publishing.search import SearchIndexing

    first, second, reference = tmp_path / "first", tmp_path / "second", tmp_path / "reference"
    write_pages(first, HARBOUR_PAGES)
    indexing = SearchIndexing(first, {"site": list(HARBOUR_PAGES)})
    indexing.wait()
    assert set(indexing.fragments["site"]) == {
        "/2025/03/hafen/",
        "/2025/04/mole/",
        "/2024/01/leuchtturm/",
    }
    assert indexing.reused == 0

    edited = dict(HARBOUR_PAGES, **{"2025/04/mole/index.html": "Auf der Mole steht niemand."})
    for site in (second, reference):
        write_pages(site, edited)
    unchanged = ["2025/03/hafen/index.html", "2024/01/leuchtturm/index.html"]
    reuse = reuse_from(first, indexing.fragments["site"], unchanged)
    assert len(reuse) == 2
    again = SearchIndexing(second, {"site": list(edited)}, reuse={"site": reuse})
    again.wait()
    SearchIndexing(reference, {"site": list(edited)}).wait()

    assert index_files(second) == index_files(reference)
    assert again.reused == 2
    for name, (_url, file) in reuse.items():  # the very files of the first run
        assert (second / "pagefind/site/fragment" / name).samefile(file)
    mole = again.fragments["site"]["/2025/04/mole/"]
    assert mole != indexing.fragments["site"]["/2025/04/mole/"]
    first_files = {p.stat().st_ino for p in (first / "pagefind/site/fragment").iterdir()}
    assert (second / "pagefind/site/fragment" / mole).stat().st_ino not in first_files
    assert set(again.fragments["site"].values()) == {
        p.name for p in (second / "pagefind/site/fragment").iterdir()
    }


def test_a_reused_fragment_whose_short_name_was_lengthened_is_indexed_again(tmp_path):
    # When two pages of one run share a fragment's short hash, Pagefind lengthens the
    # second one's name, and the first may be a changed page that got the name of a
    # fragment linked in (Pagefind then keeps that file). A lengthened name next to a
    # reused one (planted here: a real collision of 28 bits cannot be arranged) makes
    # the part be indexed again from nothing.
    from publishing.search import SearchIndexing

    first, second, reference = tmp_path / "first", tmp_path / "second", tmp_path / "reference"
    write_pages(first, HARBOUR_PAGES)
    indexing = SearchIndexing(first, {"site": list(HARBOUR_PAGES)})
    indexing.wait()
    for site in (second, reference):
        write_pages(site, HARBOUR_PAGES)
    reuse = reuse_from(first, indexing.fragments["site"], list(HARBOUR_PAGES))
    name, (_url, file) = sorted(reuse.items())[0]
    lengthened = name.replace(".pf_fragment", "0.pf_fragment")
    reuse[lengthened] = ("/anderswo/", file)
    again = SearchIndexing(second, {"site": list(HARBOUR_PAGES)}, reuse={"site": reuse})
    again.wait()
    SearchIndexing(reference, {"site": list(HARBOUR_PAGES)}).wait()

    assert index_files(second) == index_files(reference)
    assert not (second / "pagefind/site/fragment" / lengthened).exists()
    assert not (second / "pagefind/site/fragment" / name).samefile(file)  # written anew
    assert again.reused == 0
    assert again.fragments["site"] == indexing.fragments["site"]


def test_only_fragments_of_a_short_name_that_no_other_page_shared_are_reused():
    from publishing.search import page_url, reusable_fragments

    assert page_url("2025/03/hafen/index.html") == "/2025/03/hafen/"
    assert page_url("impressum.html") == "/impressum.html"
    previous = {
        "/2025/03/hafen/": "de_1a2b3c4.pf_fragment",
        "/2025/04/mole/": "de_5d6e7f8.pf_fragment",
        "/2025/05/kai/": "de_5d6e7f81.pf_fragment",  # lengthened: it shared mole's hash
        "/en/2025/03/harbour/": "en_0a0b0c0.pf_fragment",
        "/2025/06/seltsam/": "fragment-ohne-hash.pf_fragment",
    }
    unchanged = [
        "2025/03/hafen/index.html",
        "2025/04/mole/index.html",
        "2025/05/kai/index.html",
        "en/2025/03/harbour/index.html",
        "2025/06/seltsam/index.html",
        "2025/07/neu/index.html",  # not in the last run
    ]
    assert reusable_fragments(previous, unchanged) == {
        "de_1a2b3c4.pf_fragment": "/2025/03/hafen/",
        "en_0a0b0c0.pf_fragment": "/en/2025/03/harbour/",
    }
    # Only the pages passed as unchanged: the edited page's fragment is not reused.
    assert reusable_fragments(previous, ["2025/04/mole/index.html"]) == {}


def test_a_linked_fragment_that_is_no_longer_its_pages_is_indexed_again(tmp_path, monkeypatch):
    # Pagefind's own options (a PAGEFIND_* variable, a pagefind.yml) change its fragments:
    # the linked-in one would stay beside the page's new one. They are part of the run's
    # options, so a build reuses nothing then; and a run that shows it anyway (more
    # fragment files than pages) is done again from nothing.
    from publishing.search import SearchIndexing, run_options

    first, second, reference = tmp_path / "first", tmp_path / "second", tmp_path / "reference"
    write_pages(first, HARBOUR_PAGES)
    indexing = SearchIndexing(first, {"site": list(HARBOUR_PAGES)})
    indexing.wait()
    before = run_options()
    monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true")
    assert run_options() != before
    for site in (second, reference):
        write_pages(site, HARBOUR_PAGES)
    reuse = reuse_from(first, indexing.fragments["site"], list(HARBOUR_PAGES))
    again = SearchIndexing(second, {"site": list(HARBOUR_PAGES)}, reuse={"site": reuse})
    again.wait()
    SearchIndexing(reference, {"site": list(HARBOUR_PAGES)}).wait()
    assert index_files(second) == index_files(reference)
    assert again.reused == 0
    assert set(again.fragments["site"]) == {
        "/2025/03/hafen/index.html",
        "/2025/04/mole/index.html",
        "/2024/01/leuchtturm/index.html",
    }


def test_a_fragment_gone_before_it_is_linked_is_left_to_pagefind(tmp_path):
    from publishing.search import link_fragments

    kept = tmp_path / "kept.pf_fragment"
    kept.write_bytes(b"fragment")
    linked = link_fragments(
        tmp_path / "index",
        {
            "de_1a2b3c4.pf_fragment": ("/2025/03/hafen/", kept),
            "de_5d6e7f8.pf_fragment": ("/2025/04/mole/", tmp_path / "gone.pf_fragment"),
        },
    )
    assert linked == {"de_1a2b3c4.pf_fragment": "/2025/03/hafen/"}
    assert [p.name for p in (tmp_path / "index/fragment").iterdir()] == ["de_1a2b3c4.pf_fragment"]
