"""A reader comments in Chromium, the editors approve and export with the invoke tasks,
the rebuilt page shows the comment: once with JavaScript, once without, once as a reply."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from chromium import axe_violations, chromium
from comments.settings import CommentsSettings
from conftest import free_port
from intake import tasks as comment_tasks
from intake.app import IntakeApp
from waitress_thread import served_by_waitress

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "2025/03/lokalredaktionen-lesen-anders/"
PARENT = "20250312-080000-gg44hh"  # Henrik's comment in the fixture


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def loop(project):
    """A served production build, and the intake running as its own server."""
    site_port, intake_port = free_port(), free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    intake_url = f"http://127.0.0.1:{intake_port}/kommentare/neu"

    def build():
        built = project.build(
            "publishconf.py",
            SITEURL=site_url,
            FEEDS_SITEURL=site_url,
            COMMENTS_INTAKE_URL=intake_url,
        )
        assert built.ok, built.stopped
        return built

    output = build().output
    intake = IntakeApp(
        CommentsSettings(
            db_path=str(project.queue),
            manifest_path=str(output / "kommentare" / "artikel.json"),
            site_url=site_url,
            theme_path=str(ROOT / "theme"),
        )
    )
    static = ThreadingHTTPServer(("127.0.0.1", site_port), partial(_Quiet, directory=str(output)))
    threading.Thread(target=static.serve_forever, daemon=True).start()
    with served_by_waitress(intake, intake_port), chromium() as browser:
        yield project, site_url, build, browser
    static.shutdown()
    static.server_close()


def fill(page, text: str, name: str = "Lea Leserin") -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("E-Mail (wird nicht veröffentlicht)").fill("lea@example.org")
    page.get_by_label("Kommentar", exact=True).fill(text)
    page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("7")
    page.get_by_label("Ich bin einverstanden", exact=False).check()


def approve_export_build(project, build, capsys) -> str:
    """What the editors do: find the pending comment, approve it, export, rebuild."""
    capsys.readouterr()
    project.run(comment_tasks.list_, state=["pending"])
    (line,) = [row for row in capsys.readouterr().out.splitlines() if " pending " in row]
    comment_id = line.split()[0]
    project.run(comment_tasks.approve, [comment_id])
    project.run(comment_tasks.export)
    build()
    return comment_id


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_comment_from_the_form_to_the_page(loop, javascript, capsys):
    project, site_url, build, browser = loop
    text = f"Ein Kommentar aus dem Browser ({'mit' if javascript else 'ohne'} JavaScript)."
    context = browser.new_context(locale="de-DE", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    fill(page, text)
    page.get_by_role("button", name="Kommentar absenden").click()
    if javascript:  # answered in place, the reader stays on the page
        status = page.locator(".comment-form__status")
        status.filter(has_text="von der Redaktion geprüft").wait_for()
        assert page.url == f"{site_url}/{ARTICLE}"
        assert page.get_by_label("Kommentar", exact=True).input_value() == ""
    else:  # back on the article, the moderation promise is shown
        page.wait_for_url(f"{site_url}/{ARTICLE}#kommentar-eingegangen")
        promise = page.locator("#kommentar-eingegangen")
        assert promise.is_visible()
        assert "innerhalb von 24 Stunden freigeschaltet" in promise.inner_text()
    assert text not in page.locator("section#comments").inner_text()  # not yet approved
    context.close()

    comment_id = approve_export_build(project, build, capsys)

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    assert not page.locator("#kommentar-eingegangen").is_visible()  # only after sending
    comment = page.locator(f"#comment-{comment_id}")
    assert comment.locator(".comment__author").inner_text() == "Lea Leserin"
    assert text in comment.inner_text()
    assert page.locator("section#comments h2").inner_text() == "5 Kommentare"
    assert "lea@example.org" not in page.content()
    context.close()


def test_a_reply_through_the_reply_link(loop, capsys):
    project, site_url, build, browser = loop
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    page.locator(f"#comment-{PARENT} .comment__reply").click()
    assert page.locator("select#reply_to").input_value() == PARENT
    assert page.evaluate("document.activeElement.id") == "text"  # the form asks for it first
    fill(page, "Da widerspreche ich gern.", name="Widerspruch")
    page.get_by_role("button", name="Kommentar absenden").click()
    page.locator(".comment-form__status").filter(has_text="von der Redaktion geprüft").wait_for()
    context.close()

    comment_id = approve_export_build(project, build, capsys)

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    reply = page.locator(f"#comment-{PARENT} #comment-{comment_id}")
    assert "Da widerspreche ich gern." in reply.inner_text()
    context.close()


def test_a_refused_comment_keeps_the_text_and_says_why(loop):
    project, site_url, _build, browser = loop
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    fill(page, "Mein sorgfältig formulierter Gedanke.")
    page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("acht")
    page.get_by_role("button", name="Kommentar absenden").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text() == (
        "Die Antwort auf die Spamschutz-Frage stimmt nicht."
    )
    assert page.get_by_label("Kommentar", exact=True).input_value() == (
        "Mein sorgfältig formulierter Gedanke."
    )
    assert page.evaluate("document.activeElement.name") == "answer"
    page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("7")
    page.get_by_role("button", name="Kommentar absenden").click()
    page.wait_for_url(f"{site_url}/{ARTICLE}#kommentar-eingegangen")
    assert [row.text for row in project.database().comments.rows()] == [
        "Mein sorgfältig formulierter Gedanke."
    ]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_thread_form_and_refusal_meet_wcag_aa(loop, scheme):
    _project, site_url, _build, browser = loop
    context = browser.new_context(locale="de-DE", color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}#kommentar-eingegangen")  # with the promise shown
    assert page.locator("#kommentar-eingegangen").is_visible()
    assert axe_violations(page) == []
    fill(page, "Ein Kommentar mit falscher Antwort.")
    page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("acht")
    page.get_by_role("button", name="Kommentar absenden").click()
    status = page.locator(".comment-form__status.is-error")
    status.wait_for()
    assert status.inner_text() == "Die Antwort auf die Spamschutz-Frage stimmt nicht."
    assert axe_violations(page) == []  # the error state
    context.close()

    # The intake's refusal page, reached by a plain form post (form.submit() skips the
    # script); axe is injected past the page's Content-Security-Policy.
    context = browser.new_context(locale="de-DE", color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    fill(page, "Ohne Skript, mit falscher Antwort.")
    page.get_by_label("Spamschutz: Wie viel ist drei plus vier?").fill("acht")
    page.evaluate("document.getElementById('kommentar-formular').submit()")
    page.get_by_role("alert").wait_for()
    assert page.title() == "Ihr Kommentar"
    assert axe_violations(page) == []
    context.close()
