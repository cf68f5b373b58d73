import pytest

from interviews.disclosures import DEFAULT_TEXTS, notices
from interviews.structure import split_interview
from newsroom.config import SettingsError
from newsroom.headers import DISCLOSURE_KINDS

HTML = """<p>Intro.</p>
<h3 id="x">Wie fing es an?</h3>
<p>Mit einem Workshop.</p>
<blockquote><h3>Zitat-Überschrift</h3><p>Teil der Antwort.</p></blockquote>
<h3 id="y">Und <em>heute</em>?</h3>
<p><strong>Lea Sommerfeld:</strong> Besser.</p>
<hr>
<p>Nachbemerkung.</p>"""


def test_questions_answers_intro_and_outro():
    interview = split_interview(HTML, ["Lea Sommerfeld", "Kai Berg"])
    assert interview.intro_html == "<p>Intro.</p>"
    first, second = interview.questions
    assert (first.number, first.anchor, first.text_html) == (
        1,
        "frage-wie-fing-es-an",
        "Wie fing es an?",
    )
    assert "Zitat-Überschrift" in first.answer_html  # nested h3 is part of the answer
    assert first.speaker == "Lea Sommerfeld & Kai Berg"
    assert second.text_html == "Und <em>heute</em>?"
    assert second.anchor == "frage-und-heute"
    assert second.speaker == "Lea Sommerfeld"
    assert second.answer_html == "<p>Besser.</p>"
    assert interview.outro_html == "<p>Nachbemerkung.</p>"


def test_ids_are_stable_and_unique():
    html = "<h3>Warum?</h3><p>a</p><h3>Warum?</h3><p>b</p>"
    first = split_interview(html, ["A"])
    assert [q.anchor for q in first.questions] == ["frage-warum", "frage-warum-2"]
    assert split_interview(html, ["A"]) == first


def test_bold_name_of_someone_else_is_not_a_speaker():
    interview = split_interview("<h3>Q?</h3><p><strong>Wichtig:</strong> ja</p>", ["Lea"])
    assert interview.questions[0].speaker == "Lea"
    assert interview.questions[0].answer_html.startswith("<p><strong>Wichtig:")


def test_no_questions_keeps_everything_as_intro():
    assert split_interview("<p>Nur Text</p>", ["A"]).questions == ()


def test_every_kind_has_german_and_english_notices():
    assert set(DEFAULT_TEXTS) == set(DISCLOSURE_KINDS)
    german = notices("de", {})
    assert german["sponsored"].title == "Anzeige"
    assert notices("en", {})["sponsored"].title == "Advertisement"
    assert notices("fr", {})["partner"].title == "Partnership"  # English as fallback


def test_notice_texts_are_configurable():
    custom = notices("de", {"partner": {"de": {"text": "Eigener Text."}}})
    assert custom["partner"].text == "Eigener Text."
    assert custom["partner"].title == "Partnerschaft"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"paid": {}}, 'unknown kind "paid"; allowed: sponsored, partner'),
        ({"partner": {"de": {"titel": "x"}}}, "keys title and text"),
    ],
)
def test_bad_notice_settings_name_the_setting(overrides, message):
    with pytest.raises(SettingsError, match=message):
        notices("de", overrides)


def test_several_interviewees_under_one_question_are_each_named():
    html = (
        "<h3>Wie arbeiten Sie zusammen?</h3>"
        "<p><strong>Lea Sommerfeld:</strong> Wir planen gemeinsam.</p>"
        "<p>Jede Woche.</p>"
        "<blockquote><p><strong>Katrin Schäfer:</strong> zitiert</p></blockquote>"
        "<p><strong>Katrin Schäfer:</strong> Und ich schreibe.</p>"
    )
    (question,) = split_interview(html, ["Lea Sommerfeld", "Katrin Schäfer"]).questions
    assert [(a.speaker, a.html) for a in question.answers] == [
        (
            "Lea Sommerfeld",
            "<p>Wir planen gemeinsam.</p><p>Jede Woche.</p>"
            "<blockquote><p><strong>Katrin Schäfer:</strong> zitiert</p></blockquote>",
        ),
        ("Katrin Schäfer", "<p>Und ich schreibe.</p>"),
    ]
    assert question.speaker == "Lea Sommerfeld"


def test_an_answer_without_a_name_first_belongs_to_all_interviewees():
    html = "<h3>Q?</h3><p>Gemeinsam.</p><p><strong>Kai Berg:</strong> Ich ergänze.</p>"
    (question,) = split_interview(html, ["Lea", "Kai Berg"]).questions
    assert [(a.speaker, a.html) for a in question.answers] == [
        ("Lea & Kai Berg", "<p>Gemeinsam.</p>"),
        ("Kai Berg", "<p>Ich ergänze.</p>"),
    ]
