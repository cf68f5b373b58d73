"""The moderation page in headless Chromium, as an editor holds it: a phone of 320 and
390 px and a desktop of 1280 px, under the page's own Content-Security-Policy (no
bypass), with the real intake behind waitress.

Screenshots go to MODERATION_SCREENSHOTS (a folder) when it is set, for a look by eye.
"""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from chromium import axe_violations, chromium
from comments.model import State
from comments.settings import CommentsSettings
from conftest import free_port
from intake.app import IntakeApp
from intake.store import NewComment
from tests.comments.conftest import write_manifest
from waitress_thread import served_by_waitress

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BASE = "/kommentare/moderation"
PASSWORD = "ein-sehr-langes-passwort"
ARTICLES = {
    "zu-wem-gehoert": {
        "url": "2024/02/zu-wem-gehoert/",
        "title": "Zu wem gehört der Firmen-Account, wenn die Social-Media-Managerin geht?",
        "open": True,
        "comments": [],
        "authors": ["Jana Albers"],
    }
}
# What a reader's layout can do to a narrow screen: long words, long addresses, lines.
TEXTS = [
    ("Lea Leserin", "Danke für den Beitrag! Bei uns gehört der Account der Firma.", ""),
    (
        "Maximilian Donaudampfschifffahrtsgesellschaftskapitän",
        "Rechtsschutzversicherungsgesellschaften sehen das anders:\n"
        "https://www.example.org/ein/sehr/langer/pfad/ohne/jede/moeglichkeit/umzubrechen/"
        "und-noch-weiter-und-weiter\n\nZweiter Absatz.",
        "https://www.ein-sehr-langer-hostname-fuer-eine-website.example/mit/pfad/",
    ),
    ("Spam Bot", "Bester casino bonus hier", ""),
]
CONTROLS = "a, button, input:not([type=hidden]), select, textarea, summary"


@pytest.fixture
def desk(tmp_path):
    settings = replace(
        CommentsSettings(),
        db_path=str(tmp_path / "queue.sqlite3"),
        manifest_path=str(write_manifest(tmp_path, ARTICLES)),
        site_url="http://localhost:8000",  # `invoke comments.serve`'s default: not running
        theme_path=str(ROOT / "theme"),
        timezone="Europe/Berlin",
    )
    app = IntakeApp(settings)
    app.database.editors.add("Jana Albers", PASSWORD)
    ids = []
    for author, text, website in TEXTS:
        spam = ("spam words: casino",) if "casino" in text else ()
        ids.append(
            app.store.add(
                NewComment(
                    "zu-wem-gehoert",
                    author,
                    text,
                    email="x@example.org",
                    website=website,
                    state=State.SPAM if spam else State.PENDING,
                    spam_reasons=spam,
                )
            )
        )
    port = free_port()
    with served_by_waitress(app, port), chromium() as browser:
        yield browser, f"http://127.0.0.1:{port}", app, ids


def logged_in(browser, url: str, width: int, height: int = 800):
    tab = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": height}, device_scale_factor=1
    ).new_page()
    problems = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    tab.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    tab.goto(f"{url}{BASE}")
    tab.get_by_label("Name").fill("Jana Albers")
    tab.get_by_label("Passwort").fill(PASSWORD)
    tab.get_by_role("button", name="Anmelden").click()
    tab.get_by_role("heading", name="Zu prüfende Kommentare (3)").wait_for()
    # Before: the log-in page itself, which answers 401 on purpose.
    assert [p for p in problems if "401" not in p] == [], "\n".join(problems)
    problems.clear()
    return tab, problems


def layout_shift(tab) -> float:
    """The page's cumulative layout shift so far (Chromium's layout-shift entries)."""
    return tab.evaluate(
        """() => new Promise(done => {
            new PerformanceObserver(list => done(list.getEntries()
                .filter(e => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0)))
            .observe({type: 'layout-shift', buffered: true});
            setTimeout(() => done(0), 500);  // no entry at all: no shift
        })"""
    )


def small_controls(tab) -> list:
    return tab.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(e => e.getClientRects().length)
            .map(e => [e.outerHTML.slice(0, 70), e.getBoundingClientRect()])
            .filter(([_, r]) => r.width < 44 || r.height < 44)
            .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        CONTROLS,
    )


def sideways(tab) -> list[str]:
    """The elements that reach beyond the right edge of the screen."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(e => `${e.outerHTML.slice(0, 60)} ${Math.round(e.getBoundingClientRect().right)}`)
            .concat(document.documentElement.scrollWidth > window.innerWidth
                    ? ['the page scrolls sideways'] : [])"""
    )


def shoot(tab, name: str) -> None:
    folder = os.environ.get("MODERATION_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_queue_is_a_good_phone_app(desk, width):
    browser, url, _app, _ids = desk
    tab, problems = logged_in(browser, url, width)
    tab.evaluate("document.fonts.ready")
    assert layout_shift(tab) < 0.05
    # The site's fonts, allowed by the page's own policy; nothing failed to load.
    loaded = tab.evaluate(
        "[...document.fonts].filter(f => f.family.replaceAll('\"', '') === 'Inter'"
        " && f.status === 'loaded').map(f => f.weight).sort()"
    )
    assert loaded == ["400", "700"]
    assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("Inter")
    assert problems == [], "\n".join(problems)
    assert sideways(tab) == []
    assert small_controls(tab) == []
    assert axe_violations(tab) == []
    cards = tab.locator(".moderation__card")
    assert cards.count() == 3
    first = cards.nth(0)
    for name in ("Freigeben", "Spam"):
        assert first.get_by_role("button", name=name).is_visible()
    shoot(tab, f"queue-{width}")
    for summary in tab.locator("summary").all():  # every form opened
        summary.click()
    assert sideways(tab) == []
    assert small_controls(tab) == []
    assert axe_violations(tab) == []
    shoot(tab, f"queue-open-{width}")


def test_an_editor_works_through_the_queue_on_a_phone(desk):
    browser, url, app, ids = desk
    tab, problems = logged_in(browser, url, 390)
    card = tab.locator(f"li:has(#kommentar-{ids[0]})")
    card.get_by_text("Ablehnen …").click()
    card.get_by_label("Grund (freiwillig, bleibt in der Redaktion)").fill("Doppelt")
    card.get_by_role("button", name="Ablehnen").click()
    status = tab.get_by_role("status")
    assert status.inner_text().startswith("Abgelehnt: der Kommentar von Lea Leserin.")
    assert app.store.get(ids[0]).reject_reason == "Doppelt"
    card = tab.locator(f"li:has(#kommentar-{ids[1]})")
    card.get_by_text("Freigeben und antworten …").click()
    card.get_by_label("Antworten als").select_option("Jana Albers")
    card.get_by_label("Ihre Antwort").fill("Danke für den Hinweis!")
    card.get_by_role("button", name="Freigeben und Antwort veröffentlichen").click()
    assert (
        tab.get_by_role("status")
        .inner_text()
        .startswith("Freigegeben und beantwortet: der Kommentar von Maximilian")
    )
    (answer,) = [r for r in app.store.rows() if r.reply_to == ids[1]]
    assert (answer.author, answer.role) == ("Jana Albers", "author")
    tab.locator(f"li:has(#kommentar-{ids[2]})").get_by_role("button", name="Freigeben").click()
    tab.get_by_role("heading", name="Zu prüfende Kommentare (0)").wait_for()
    assert axe_violations(tab) == []
    assert sideways(tab) == [] and small_controls(tab) == []
    shoot(tab, "queue-done-390")
    tab.get_by_role("link", name="Anzeigen").click()
    tab.get_by_role("heading", name="Kommentar von Spam Bot").wait_for()
    assert axe_violations(tab) == []
    assert sideways(tab) == [] and small_controls(tab) == []
    shoot(tab, "comment-390")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_log_in_and_a_mail_links_page_fit_and_pass_axe(desk, width):
    browser, url, app, ids = desk
    tab = browser.new_context(locale="de-DE", viewport={"width": width, "height": 700}).new_page()
    tab.goto(f"{url}{BASE}")
    tab.evaluate("document.fonts.ready")
    assert layout_shift(tab) < 0.05
    assert sideways(tab) == [] and small_controls(tab) == [] and axe_violations(tab) == []
    shoot(tab, f"login-{width}")
    from intake.tokens import link_path

    tab.goto(f"{url}{link_path(app.link_secret, ids[1], 'approve')}")
    tab.get_by_role("heading", name="Freigeben?").wait_for()
    assert tab.locator("h2").inner_text().startswith("Kommentar von Maximilian")
    assert sideways(tab) == [] and small_controls(tab) == [] and axe_violations(tab) == []
    shoot(tab, f"confirm-{width}")
