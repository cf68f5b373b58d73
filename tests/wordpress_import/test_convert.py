"""WordPress HTML to our Markdown, rule by rule (no build needed)."""

import markdown

from newsroom.figures import FigureExtension
from wordpress_import.autop import autop
from wordpress_import.convert import Attachment, Context, convert

UPLOADS = "https://alt.example/wp-content/uploads"


def pictures(available: set[str]):
    """A picture source that has the given URLs, stored as images/<file name>."""
    asked: list[list[str]] = []

    def picture(candidates: list[str]) -> str | None:
        asked.append(candidates)
        found = next((c for c in candidates if c in available), None)
        return f"images/{found.rsplit('/', 1)[1]}" if found else None

    picture.asked = asked
    return picture


def md(html: str, **context) -> str:
    return convert(html, Context(context.pop("picture", pictures(set())), **context)).markdown


def test_blank_lines_make_paragraphs_and_single_breaks_line_breaks():
    assert autop("Eins\nzwei\n\nDrei") == "<p>Eins<br>\nzwei</p>\n\n<p>Drei</p>"
    assert md("Eins\nzwei\n\nDrei") == "Eins  \nzwei\n\nDrei\n"


def test_block_html_is_not_wrapped_in_paragraphs():
    assert autop("<h2>Titel</h2>\nText") == "<h2>Titel</h2>\n\n<p>Text</p>"


def test_headings_lists_tables_and_quotes():
    text = md(
        "<h2>Zwei</h2>\n<ol><li>a</li><li>b</li></ol>\n<blockquote>Zitat</blockquote>\n"
        "<table><tr><th>K</th><th>V</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    assert "## Zwei" in text
    assert "1. a\n2. b" in text
    assert "> Zitat" in text
    assert "| K | V |\n| --- | --- |\n| 1 | 2 |" in text


def test_code_is_kept_verbatim_with_blank_lines_and_markup():
    html = (
        '<pre class="language-html"><code>&lt;p&gt;a &amp; b&lt;/p&gt;\n\n  *nicht fett*'
        "</code></pre>"
    )
    assert md(html) == "```html\n<p>a & b</p>\n\n  *nicht fett*\n```\n"
    code = '[code lang="python"]\nif a < b:\n    print("<b>")\n[/code]'
    assert md(code) == '```python\nif a < b:\n    print("<b>")\n```\n'


def test_more_is_the_summary_break_and_disappears_from_the_text():
    result = convert("Der <b>Anfang</b>.\n\n<!--more-->\n\nDer Rest.", Context(pictures(set())))
    assert result.summary == "Der Anfang."
    assert "more" not in result.markdown
    assert result.markdown == "Der **Anfang**.\n\nDer Rest.\n"


def test_caption_becomes_our_figure_with_caption_and_credit():
    html = (
        f'[caption id="attachment_1" width="300"]<a href="{UPLOADS}/a.jpg">'
        f'<img src="{UPLOADS}/a-300x200.jpg" alt="Ein Hafen" /></a> Der Hafen Foto: Jana[/caption]'
    )
    text = md(html, picture=pictures({f"{UPLOADS}/a.jpg"}))
    assert text == '![Ein Hafen]({static}/images/a.jpg "Der Hafen")\nFoto: Jana\n'
    rendered = markdown.markdown(text.replace("{static}", ""), extensions=[FigureExtension()])
    assert "<figcaption>" in rendered and "Foto: Jana" in rendered


def test_the_largest_variant_is_preferred():
    source = pictures({f"{UPLOADS}/b.jpg", f"{UPLOADS}/b-1024x683.jpg", f"{UPLOADS}/b-300x200.jpg"})
    html = (
        f'<img src="{UPLOADS}/b-300x200.jpg" alt="B" srcset="{UPLOADS}/b-300x200.jpg 300w, '
        f'{UPLOADS}/b-1024x683.jpg 1024w">'
    )
    assert md(html, picture=source) == "![B]({static}/images/b.jpg)\n"
    assert source.asked[0][:2] == [f"{UPLOADS}/b.jpg", f"{UPLOADS}/b-1024x683.jpg"]


def test_a_missing_picture_stays_a_link_and_is_reported():
    result = convert(f'<img src="{UPLOADS}/weg.jpg" alt="Weg">', Context(pictures(set())))
    assert result.markdown == f"[Bild: Weg]({UPLOADS}/weg.jpg)\n"
    assert result.missing_pictures == [f"{UPLOADS}/weg.jpg"]
    assert "![" not in result.markdown


def test_block_image_and_block_gallery_become_figures():
    html = (
        '<!-- wp:image --><figure class="wp-block-image"><img src="https://alt.example/wp-content/'
        'uploads/c.jpg" alt="C"/><figcaption>Bild C</figcaption></figure><!-- /wp:image -->\n'
        '<!-- wp:gallery --><figure class="wp-block-gallery"><ul><li><figure><img src="https://'
        'alt.example/wp-content/uploads/d.jpg" alt="D"/><figcaption>D</figcaption></figure></li>'
        "</ul></figure><!-- /wp:gallery -->"
    )
    text = md(html, picture=pictures({f"{UPLOADS}/c.jpg", f"{UPLOADS}/d.jpg"}))
    assert text == '![C]({static}/images/c.jpg "Bild C")\n\n![D]({static}/images/d.jpg "D")\n'
    assert "wp:" not in text


def test_gallery_shortcode_is_a_list_of_figures_from_the_attachments():
    attachments = {
        7: Attachment(7, f"{UPLOADS}/e.jpg", caption="Erstes", alt="E", parent=3),
        8: Attachment(8, f"{UPLOADS}/f.jpg", caption="Zweites", alt="F", parent=3),
    }
    source = pictures({f"{UPLOADS}/e.jpg", f"{UPLOADS}/f.jpg"})
    expected = '![E]({static}/images/e.jpg "Erstes")\n\n![F]({static}/images/f.jpg "Zweites")\n'
    assert md('[gallery ids="7,8"]', picture=source, attachments=attachments) == expected
    # Without ids: the pictures attached to the post, in their order.
    children = {3: [7, 8]}
    text = md("[gallery]", picture=source, attachments=attachments, children=children, post_id=3)
    assert text == expected


def test_embeds_become_two_click_embeds():
    youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert md(f"Vorher\n\n{youtube}\n\nNachher") == f"Vorher\n\nEinbettung: {youtube}\n\nNachher\n"
    assert md(f"[embed]{youtube}[/embed]") == f"Einbettung: {youtube}\n"
    block = (
        '<!-- wp:embed {"url":"https://vimeo.com/76979871"} --><figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">\nhttps://vimeo.com/76979871\n</div></figure>'
        "<!-- /wp:embed -->"
    )
    assert md(block) == "Einbettung: https://vimeo.com/76979871\n"
    iframe = '<p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Film"></iframe></p>'
    assert md(iframe) == 'Einbettung: https://www.youtube.com/embed/dQw4w9WgXcQ "Film"\n'


def test_an_iframe_of_an_unknown_platform_becomes_a_link_and_is_reported():
    result = convert('<iframe src="https://maps.example/x"></iframe>', Context(pictures(set())))
    assert result.markdown == "[https://maps.example/x](https://maps.example/x)\n"
    assert result.unknown_embeds == ["https://maps.example/x"]


def test_unknown_shortcodes_stay_visible_and_are_reported():
    html = 'Vorher [contact-form-7 id="5"] und [box]Inhalt[/box].'
    result = convert(html, Context(pictures(set())))
    assert result.markdown == 'Vorher `[contact-form-7 id="5"]` und `[box]`Inhalt`[/box]`.\n'
    assert dict(result.unknown_shortcodes) == {"contact-form-7": 1, "box": 1}


def test_links_to_old_posts_point_at_their_new_address():
    urls = {"https://alt.example/2019/04/x/": "/2019/04/x/"}
    assert md('<a href="https://alt.example/2019/04/x/">X</a>', urls=urls) == "[X](/2019/04/x/)\n"


def test_a_picture_linking_elsewhere_keeps_its_link():
    source = pictures({f"{UPLOADS}/g.jpg"})
    html = f'<a href="https://partner.example/"><img src="{UPLOADS}/g.jpg" alt="Logo"></a>'
    assert (
        md(html, picture=source) == "[![Logo]({static}/images/g.jpg)](https://partner.example/)\n"
    )
