import pytest
from markdown import Markdown
from pelican.settings import read_settings

from contract.reader import markdown_config
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def render():
    """Markdown exactly as the site's reader sets it up."""
    markdown = Markdown(**markdown_config(read_settings(str(ROOT / "pelicanconf.py"))))

    def convert(text: str) -> str:
        markdown.reset()
        return markdown.convert(text)

    return convert


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('Sie sagte "Hallo" und ging.', "<p>Sie sagte „Hallo“ und ging.</p>"),
        ('"Am Anfang", sagte sie.', "<p>„Am Anfang“, sagte sie.</p>"),
        ('Ein ("geklammertes") Zitat', "<p>Ein („geklammertes“) Zitat</p>"),
        ("Wie geht's? Gut's Nächtle.", "<p>Wie geht’s? Gut’s Nächtle.</p>"),
        ("Die '90er waren anders.", "<p>Die ’90er waren anders.</p>"),
        ("Ein 'kleines' Zitat", "<p>Ein ‘kleines’ Zitat</p>"),
        ("Seiten 10--12 -- und dann --- Schluss", "<p>Seiten 10–12 – und dann — Schluss</p>"),
        ("Und dann...", "<p>Und dann…</p>"),
        ("Ein Bindestrich-Wort bleibt", "<p>Ein Bindestrich-Wort bleibt</p>"),
    ],
)
def test_quotes_dashes_and_ellipses_are_german(render, source, expected):
    assert render(source) == expected


def test_quote_direction_follows_the_text_across_emphasis_and_links(render):
    assert render('"*Betont*" und "[verlinkt](/a/)"') == (
        '<p>„<em>Betont</em>“ und „<a href="/a/">verlinkt</a>“</p>'
    )
    assert render('Er nannte es "**fett** gedruckt".') == (
        "<p>Er nannte es „<strong>fett</strong> gedruckt“.</p>"
    )


def test_every_block_starts_afresh(render):
    html = render('- eins "a"\n- "zwei"\n\n"Drei"')
    assert "<li>eins „a“</li>" in html
    assert "<li>„zwei“</li>" in html
    assert "<p>„Drei“</p>" in html


def test_code_and_escaped_quotes_stay_as_written(render):
    assert render('Schreib `"x" -- y...` so.') == ('<p>Schreib <code>"x" -- y...</code> so.</p>')
    assert render(r"Ein \"gerades\" Zeichen") == '<p>Ein "gerades" Zeichen</p>'
    block = render('```\nprint("hallo") -- ...\n```')
    assert "--" in block and "hallo" in block and "„" not in block


def test_headings_get_quotes_and_their_ids_stay_plain(render):
    assert render('## Das "neue" Intranet') == (
        '<h2 id="das-neue-intranet">Das „neue“ Intranet</h2>'
    )


def test_link_targets_and_attributes_are_left_alone(render):
    html = render("[Text](https://example.org/a--b \"Ein 'Titel'\")")
    assert 'href="https://example.org/a--b"' in html
