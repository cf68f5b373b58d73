"""The intake answers in the language of the article a comment belongs to, and tells the
editors which language that is (real app, real SQLite file, the build's manifest)."""

import re

from bs4 import BeautifulSoup

from intake.notify import MailNotifier
from tests.comments.conftest import ARTICLES, write_manifest
from tests.intake.test_moderation_pages import BASE, PASSWORD, log_in

ENGLISH = {
    "url": "en/2024/02/who-owns/",
    "title": "Who owns it?",
    "open": True,
    "comments": [],
    "lang": "en",
}
GERMAN = {**ARTICLES["zu-wem-gehoert"], "lang": "de"}
MANIFEST = {"who-owns": ENGLISH, "zu-wem-gehoert": GERMAN}


def bilingual_client(make_client, tmp_path):
    folder = tmp_path / "bilingual"  # make_settings writes its own manifest into tmp_path
    folder.mkdir()
    return make_client(manifest_path=str(write_manifest(folder, MANIFEST)))


def post(client, data, **headers):
    return client.post("/kommentare/neu", data=data, headers=headers)


def test_a_refusal_on_an_english_article_is_an_english_page_asking_the_english_question(
    make_client, form, tmp_path
):
    client, _app = bilingual_client(make_client, tmp_path)
    response = post(client, {**form, "article": "who-owns", "answer": "eight"})
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.html["lang"] == "en"
    assert page.select_one("[role=alert]").get_text() == (
        "The answer to the spam question is not right."
    )
    assert "What is three plus four?" in page.get_text()
    assert page.select_one("textarea[name=text]").get_text() == form["text"]
    # The German article's refusal stays German.
    german = post(client, {**form, "answer": "acht"}, Accept="application/json")
    assert german.get_json()["message"] == "Die Antwort auf die Spamschutz-Frage stimmt nicht."


def test_the_thanks_and_json_refusals_are_in_the_articles_language(make_client, form, tmp_path):
    client, _app = bilingual_client(make_client, tmp_path)
    english = {**form, "article": "who-owns", "answer": "seven"}
    accepted = post(client, english, Accept="application/json")
    assert accepted.status_code == 201
    assert accepted.get_json()["message"].startswith("Thank you! Your comment will be checked")
    refused = post(client, {**english, "author": ""}, Accept="application/json")
    assert refused.get_json()["message"] == "Please enter your name."
    back = post(client, {**english, "text": "Another comment on the English version."})
    assert back.status_code == 303
    assert back.headers["Location"].startswith("https://blog.example/en/2024/02/who-owns/#")


def test_the_mail_and_the_moderation_page_name_the_articles_language(make_client, form, tmp_path):
    client, app = bilingual_client(make_client, tmp_path)
    answer = post(client, {**form, "article": "who-owns"}, Accept="application/json")
    comment_id = answer.get_json()["id"]
    row = app.store.get(comment_id)
    body = MailNotifier(app.settings, app.link_secret).message(row, ENGLISH).get_content()
    assert re.search(r"^Sprache: +Englisch$", body, re.M)
    german_body = MailNotifier(app.settings, app.link_secret).message(row, GERMAN).get_content()
    assert re.search(r"^Sprache: +Deutsch$", german_body, re.M)

    app.database.editors.add("Jana Albers", PASSWORD)
    log_in(client)
    queue = BeautifulSoup(client.get(BASE).get_data(as_text=True), "html.parser")
    assert "Sprache: Englisch" in queue.select_one(".moderation__queue li").get_text()
    single = client.get(f"{BASE}/kommentar/{comment_id}").get_data(as_text=True)
    page = BeautifulSoup(single, "html.parser")
    link = page.select_one("a.moderation__article")
    title = link.select_one('[lang="en"]')
    assert title.get_text() == "Who owns it?"
    assert "Sprache: Englisch" in link.parent.get_text()
