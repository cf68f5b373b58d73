"""Tables in a box of their own that scrolls, named for screen readers."""

from typesetting.tables import scrolling_tables

LABEL = "Tabelle {number}, seitlich scrollbar"


def test_each_outermost_table_gets_a_focusable_named_region():
    html = (
        "<p>Vorher</p><table><tr><td>a</td></tr></table>"
        "<TABLE class='x'><caption>Die <em>Kandidaten</em></caption><tr><td>"
        "<table><tr><td>innen</td></tr></table></td></tr></TABLE><p>Nachher</p>"
    )
    assert scrolling_tables(html, LABEL) == (
        "<p>Vorher</p>"
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Tabelle 1, seitlich scrollbar"><table><tr><td>a</td></tr></table></div>'
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Die Kandidaten">'
        "<TABLE class='x'><caption>Die <em>Kandidaten</em></caption><tr><td>"
        "<table><tr><td>innen</td></tr></table></td></tr></TABLE></div><p>Nachher</p>"
    )


def test_html_without_tables_and_stray_end_tags_stay_as_they_are():
    for html in ("<p>Kein Tisch</p>", "<p>a</p></table><p>b</p>", "<pre>&lt;table&gt;</pre>"):
        assert scrolling_tables(html, LABEL) == html


def test_a_caption_with_quotes_is_escaped_in_the_label():
    html = '<table><caption>"Top" & Flop</caption></table>'
    assert 'aria-label="&#34;Top&#34; &amp; Flop"' in scrolling_tables(html, LABEL)
