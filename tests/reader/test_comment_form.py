"""The comment form: the text first, "Antworten" chooses whom it answers, the consent box
big enough to hit; the select for readers without JavaScript."""

import pytest

ARTICLE = "/2024/02/zu-wem-gehoert-der-firmen-account/"  # open, with replies


def test_the_form_asks_for_the_comment_first_then_name_and_e_mail(demo_site):
    form = demo_site.html(ARTICLE).select_one("form#kommentar-formular")
    fields = [f["name"] for f in form.select("input:not([type=hidden]), textarea, select")]
    assert fields[:4] == ["reply_to", "text", "author", "email"]


@pytest.mark.browser
@pytest.mark.slow
def test_antworten_sets_the_reply_itself_and_can_be_undone(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + ARTICLE)
    select = tab.locator("select#reply_to")
    assert not select.is_visible()  # with JavaScript "Antworten" chooses
    first = tab.locator(".comment").first
    author = first.locator(".comment__author").first.inner_text()
    first.locator(".comment__reply").first.click()
    replying = tab.locator(".comment-form__replying")
    assert replying.is_visible()
    assert replying.inner_text().startswith(f"Ihre Antwort an {author}")
    assert select.input_value() == first.get_attribute("id").removeprefix("comment-")
    assert tab.evaluate("document.activeElement.id") == "text"
    tab.get_by_role("button", name="Stattdessen einen neuen Kommentar schreiben").click()
    assert select.input_value() == "" and not replying.is_visible()
    # The consent box is at least 24 px square (WCAG 2.2 target size).
    box = tab.locator("#consent").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_without_javascript_the_select_chooses_the_reply(browser, reader_site):
    base, _site = reader_site
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    tab = context.new_page()
    tab.goto(base + ARTICLE)
    assert tab.locator("select#reply_to").is_visible()
    assert not tab.locator(".comment-form__replying").is_visible()
    context.close()
