"""Relative URLs in feed content become absolute; everything else stays byte for byte."""

import pytest

from feeds.links import absolute_srcset, absolute_url, absolutize

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
        # <picture>/<source>: HTML5 elements a libxml2 tree would nest wrongly.
        (
            '<picture><source srcset="/a.webp 480w,/b.webp 960w" type="image/webp">'
            '<img src="/a.jpg" alt="a"></picture>',
            '<picture><source srcset="https://blog.example/a.webp 480w, '
            'https://blog.example/b.webp 960w" type="image/webp">'
            '<img src="https://blog.example/a.jpg" alt="a"></picture>',
        ),
        (
            '<a href="#frage-1">1</a>',
            '<a href="https://blog.example/2024/05/artikel/#frage-1">1</a>',
        ),
        ('<a href="">hier</a>', f'<a href="{BASE}">hier</a>'),
        ('<a href="//cdn.example/x.js">x</a>', '<a href="https://cdn.example/x.js">x</a>'),
        (
            '<video poster="p.jpg" src="v.mp4"></video>',
            (
                '<video poster="https://blog.example/2024/05/artikel/p.jpg" '
                'src="https://blog.example/2024/05/artikel/v.mp4"></video>'
            ),
        ),
        (
            '<blockquote cite="/quelle/">z</blockquote>',
            ('<blockquote cite="https://blog.example/quelle/">z</blockquote>'),
        ),
        # An escaped query string is read, resolved and escaped again.
        (
            '<a href="/suche/?q=a&amp;b=1">s</a>',
            '<a href="https://blog.example/suche/?q=a&amp;b=1">s</a>',
        ),
        # Self-closing syntax and attributes without value survive.
        (
            '<img src="x.png" alt="" hidden/>',
            ('<img src="https://blog.example/2024/05/artikel/x.png" alt="" hidden/>'),
        ),
        # Inline SVG pointing into itself.
        (
            '<svg><use href="#icon"/></svg>',
            ('<svg><use href="https://blog.example/2024/05/artikel/#icon"/></svg>'),
        ),
    ],
)
def test_every_relative_url_becomes_absolute(fragment, expected):
    assert absolutize(fragment, BASE) == expected


@pytest.mark.parametrize(
    "fragment",
    [
        '<a href="https://other.example/x">x</a>',
        '<a href="mailto:a@b.example">m</a>',
        '<a href="tel:+49401234">t</a>',
        '<img src="data:image/png;base64,AAAA" alt="">',
        "Text <em>ohne</em> Links",
        "<p>a</p><!-- <a href='rel'> --><p>b</p>",
        # Code samples are text: nothing inside them is a link.
        '<pre><code>&lt;a href="relativ.html"&gt;</code></pre>',
        # Odd but harmless markup is passed through unchanged, not "repaired".
        "<P CLASS=x>Groß</P>\n<br>\u2028<table><td>1</table>",
        "<a href",
        "",
    ],
)
def test_markup_without_relative_urls_is_left_byte_for_byte(fragment):
    assert absolutize(fragment, BASE) == fragment


def test_only_the_rewritten_tags_change():
    fragment = '<p class="lead">Siehe <a  HREF=\'/x/\'  title="Ä &amp; Ö">hier</a>.</p>\n  <hr>'
    assert absolutize(fragment, BASE) == (
        '<p class="lead">Siehe <a href="https://blog.example/x/" title="Ä &amp; Ö">hier</a>.'
        "</p>\n  <hr>"
    )


def test_urls_and_srcsets():
    assert absolute_url("  ../bild.png ", BASE) == "https://blog.example/2024/05/bild.png"
    assert absolute_url("HTTPS://Other.example/", BASE) == "HTTPS://Other.example/"
    assert absolute_srcset(" a.png  1x ,, b.png 2x ", BASE) == (
        "https://blog.example/2024/05/artikel/a.png 1x, "
        "https://blog.example/2024/05/artikel/b.png 2x"
    )


def test_positions_are_found_across_lines_and_unusual_line_breaks():
    fragment = "<p>eins\u2028zwei</p>\r\n<p>drei\x85</p>\n\n  <a href='/x/'>x</a>\n<img src=y.png>"
    assert absolutize(fragment, BASE) == (
        "<p>eins\u2028zwei</p>\r\n<p>drei\x85</p>\n\n  "
        '<a href="https://blog.example/x/">x</a>\n'
        '<img src="https://blog.example/2024/05/artikel/y.png">'
    )


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        # A script is left out whole; what looks like a link inside it is not a link.
        ("<p>a</p><script>var a = '<a href=\"x\">';</script><p>b</p>", "<p>a</p><p>b</p>"),
        ('<p>a</p>\n<SCRIPT src="/x.js"></SCRIPT>\n<p>b</p>', "<p>a</p>\n\n<p>b</p>"),
        ('<script src="/x.js"/><p>b</p>', "<p>b</p>"),
        ("<p>a</p><script>never closed", "<p>a</p>"),
        (
            '<img src="/a.jpg" onerror="steal()" alt="A">',
            '<img src="https://blog.example/a.jpg" alt="A">',
        ),
        ('<a href="javascript:alert(1)" title="t">x</a>', '<a title="t">x</a>'),
        ('<a href=" Java&#9;Script:alert(1)">x</a>', "<a>x</a>"),
        ('<p onclick="x()">Text</p>', "<p>Text</p>"),
    ],
)
def test_feeds_never_carry_scripts(fragment, expected):
    assert absolutize(fragment, BASE) == expected
