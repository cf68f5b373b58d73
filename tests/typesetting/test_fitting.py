"""Headline words in boxes that move whole to the next line, escaped."""

import pytest

from typesetting.fitting import fit_words

SHY = "\u00ad"


@pytest.mark.parametrize(
    ("title", "html"),
    [
        ("Kurz und gut", "Kurz und gut"),
        (
            f"Interne Kom{SHY}mu{SHY}ni{SHY}ka{SHY}tion im Werk",
            f'Interne <span class="fit">Kom{SHY}mu{SHY}ni{SHY}ka{SHY}tion</span> im Werk',
        ),
        (
            f"Krisen{SHY}kom{SHY}mu{SHY}ni{SHY}ka{SHY}tion: Die erste Stunde",
            f'<span class="fit">Krisen{SHY}kom{SHY}mu{SHY}ni{SHY}ka{SHY}tion:</span>'
            " Die erste Stunde",
        ),
        (
            f"<b>Rot{SHY}stift</b> & Co.",
            f'<span class="fit">&lt;b&gt;Rot{SHY}stift&lt;/b&gt;</span> &amp; Co.',
        ),
        (f"5\u00a0Mil{SHY}lio{SHY}nen", f'<span class="fit">5\u00a0Mil{SHY}lio{SHY}nen</span>'),
    ],
)
def test_words_with_soft_hyphens_get_a_box_and_everything_is_escaped(title, html):
    assert str(fit_words(title)) == html
