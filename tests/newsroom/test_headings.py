import re

import pytest
from markdown import Markdown
from pelican.settings import read_settings

from contract.reader import markdown_config
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ids():
    """The heading ids of a text, rendered exactly as the site's reader does."""
    markdown = Markdown(**markdown_config(read_settings(str(ROOT / "pelicanconf.py"))))

    def heading_ids(text: str) -> list[str]:
        markdown.reset()
        return re.findall(r'<h\d id="([^"]*)"', markdown.convert(text))

    return heading_ids


def test_headings_get_german_slugs(ids):
    assert ids("## Größer denken\n\n### Das *neue* `Intranet`") == [
        "groesser-denken",
        "das-neue-intranet",
    ]


def test_repeated_headings_are_numbered_like_tocs_ids(ids):
    assert ids("## Fazit\n\n## Fazit\n\n## Fazit") == ["fazit", "fazit_1", "fazit_2"]


def test_an_id_the_editor_set_is_kept(ids):
    assert ids("## Eigene Überschrift {#meine-id}\n\n## Meine-ID") == ["meine-id", "meine-id_1"]


def test_footnote_markers_raw_html_and_escapes_are_not_part_of_the_id(ids):
    text = (
        "## Quellen[^1]\n\n## <span>Roh</span> &amp; gekocht\n\n## \\*Sternchen\\*\n\n[^1]: Hier."
    )
    assert ids(text) == ["quellen", "roh-gekocht", "sternchen"]
