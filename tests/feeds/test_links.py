import pytest

from feeds.links import absolutize

BASE = "https://blog.example/2024/05/artikel/"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="../../../thema/x/">x</a>', '<a href="https://blog.example/thema/x/">x</a>'),
        (
            '<img src="/images/a.jpg" alt="A">',
            '<img src="https://blog.example/images/a.jpg" alt="A">',
        ),
        (
            '<img src="bild.png" srcset="b1.png 1x, /b2.png 2x" alt="">',
            '<img src="https://blog.example/2024/05/artikel/bild.png" srcset="'
            "https://blog.example/2024/05/artikel/b1.png 1x, "
            'https://blog.example/b2.png 2x" alt="">',
        ),
        (
            '<a href="#frage-1">1</a>',
            '<a href="https://blog.example/2024/05/artikel/#frage-1">1</a>',
        ),
        ('<a href="https://other.example/x">x</a>', '<a href="https://other.example/x">x</a>'),
        ('<a href="mailto:a@b.example">m</a>', '<a href="mailto:a@b.example">m</a>'),
        ("Text <em>ohne</em> Links", "Text <em>ohne</em> Links"),
        ("<p>a</p><!-- Kommentar --><p>b</p>", "<p>a</p><!-- Kommentar --><p>b</p>"),
    ],
)
def test_every_relative_url_becomes_absolute(fragment, expected):
    assert absolutize(fragment, BASE) == expected


def test_empty_fragment():
    assert absolutize("", BASE) == ""
