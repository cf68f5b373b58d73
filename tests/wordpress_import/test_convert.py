"""WordPress HTML to our Markdown, rule by rule (no build needed)."""

from html import escape

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from contract.reader import markdown_config
from newsroom.escaping import html_text_markdown, plain_markdown
from newsroom.figures import FigureExtension
from tests.conftest import ROOT
from wordpress_import.autop import autop
from wordpress_import.convert import Attachment, Context, Converted, attachment_key, convert
from wordpress_import.run import markdown_text
from wxr_exports import export, item

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


@pytest.fixture(scope="module")
def render():
    """HTML from Markdown exactly as the site's reader makes it (typography included)."""
    site = markdown.Markdown(**markdown_config(read_settings(str(ROOT / "pelicanconf.py"))))

    def convert_markdown(text: str) -> str:
        site.reset()
        return site.convert(text)

    return convert_markdown


def test_blank_lines_make_paragraphs_and_single_breaks_line_breaks():
    assert autop("Eins\nzwei\n\nDrei") == "<p>Eins<br>\nzwei</p>\n\n<p>Drei</p>"
    # A <br /> the editor wrote before the line break is that one break (as in wpautop).
    assert autop("Eins<br />\nzwei") == "<p>Eins<br>\nzwei</p>"
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


FLASH_YOUTUBE = "http://www.youtube.com/v/dQw4w9WgXcQ&hl=de&fs=1"


@pytest.mark.parametrize(
    "player",
    [
        # YouTube's embed code of the Flash years: <object> with <param> and <embed> again.
        f'<object width="425" height="344"><param name="movie" value="{FLASH_YOUTUBE}">'
        '</param><param name="allowFullScreen" value="true"></param>'
        f'<embed src="{FLASH_YOUTUBE}" type="application/x-shockwave-flash" '
        'allowfullscreen="true" width="425" height="344"></embed></object>',
        f'<embed src="{FLASH_YOUTUBE}" type="application/x-shockwave-flash">',
        f'<object data="{FLASH_YOUTUBE}" type="application/x-shockwave-flash"></object>',
    ],
)
def test_an_old_flash_player_of_a_platform_becomes_its_two_click_embed(player, render):
    result = convert(f"Vorher\n\n{player}\n\nNachher", Context(pictures(set())))
    assert result.markdown == f"Vorher\n\nEinbettung: {FLASH_YOUTUBE}\n\nNachher\n"
    assert result.unknown_embeds == []
    html = render(result.markdown)
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html and "<object" not in html


def test_an_old_plugin_player_plays_its_file_or_becomes_a_link_and_is_reported():
    # An uploaded file in <object>/<embed> plays in the browser's own player, with the
    # caption of its figure; a Flash movie of another host becomes a link, listed.
    sound = f'<figure><object data="{UPLOADS}/ton.mp3" type="audio/mpeg"></object>'
    sound += "<figcaption>Der Ton</figcaption></figure>"
    text, found_media, *_ = imported(sound, True)
    assert text == (
        '<figure><audio controls src="{static}/media/ton.mp3"></audio>'
        "<figcaption>Der Ton</figcaption></figure>\n"
    )
    assert found_media == ["media/ton.mp3"]
    film = f'<embed src="{UPLOADS}/film.mp4" type="video/mp4">'
    assert imported(film, True)[0] == (
        '<figure><video controls preload="metadata" src="{static}/media/film.mp4"></video>'
        "</figure>\n"
    )
    movie = '<embed src="https://spiele.example/ball.swf" type="application/x-shockwave-flash">'
    result = convert(f"<p>Ein Spiel:</p>{movie}", Context(pictures(set())))
    assert result.markdown == (
        "Ein Spiel:\n\n[https://spiele.example/ball.swf](https://spiele.example/ball.swf)\n"
    )
    assert result.unknown_embeds == ["https://spiele.example/ball.swf"]


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


def test_preformatted_text_keeps_its_line_breaks_written_as_br():
    html = (
        '<!-- wp:preformatted --><pre class="wp-block-preformatted">Zeile eins<br>'
        "  (\\_/)  eingerückt<br><br>nach der Leerzeile &lt;b&gt;</pre><!-- /wp:preformatted -->"
    )
    assert md(html) == "```\nZeile eins\n  (\\_/)  eingerückt\n\nnach der Leerzeile <b>\n```\n"
    classic = "<pre>a = 1<br />\nb = 2</pre>"  # the classic editor's TinyMCE
    assert md(classic) == "```\na = 1\n\nb = 2\n```\n"


def test_a_verse_keeps_its_lines_and_stanzas_in_the_text_font():
    html = (
        '<!-- wp:verse --><pre class="wp-block-verse">Erste Zeile<br>  eingerückt  und   weit<br>'
        "<br><em>Zweite</em> Strophe</pre><!-- /wp:verse -->"
    )
    text = md(html)
    assert "```" not in text
    nbsp = "\u00a0"
    assert text == (
        f"Erste Zeile  \n{nbsp * 2}eingerückt {nbsp}und {nbsp * 2}weit\n\n*Zweite* Strophe\n"
    )
    rendered = markdown.markdown(text)
    assert rendered.count("<p>") == 2 and "<br />" in rendered


def test_a_video_becomes_a_local_file_with_a_local_poster_never_a_remote_one():
    video = f"{UPLOADS}/2019/03/film.mp4"
    poster = f"{UPLOADS}/2019/03/standbild.jpg"
    html = (
        f'<!-- wp:video --><figure class="wp-block-video"><video controls poster="{poster}" '
        f'src="{video}"></video><figcaption>Der Film</figcaption></figure><!-- /wp:video -->'
    )
    found = {video: "media/2019/03/film.mp4"}
    result = convert(
        html,
        Context(
            pictures({poster}),
            media=lambda candidates: next((found[c] for c in candidates if c in found), None),
        ),
    )
    assert result.markdown == (
        '<figure><video controls preload="metadata" poster="{static}/images/standbild.jpg">'
        '<source src="{static}/media/2019/03/film.mp4"></video><figcaption>Der Film'
        "</figcaption></figure>\n"
    )
    without_poster = convert(html, Context(pictures(set()), media=lambda c: found.get(c[0])))
    assert "poster" not in without_poster.markdown and UPLOADS not in without_poster.markdown
    assert without_poster.dropped == [f"the poster picture {poster}"]


def test_video_and_audio_shortcodes_a_platforms_video_and_a_missing_file():
    youtube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert md(f'[video src="{youtube}"][/video]') == f"Einbettung: {youtube}\n"
    result = convert(f'Hören: [audio mp3="{UPLOADS}/a.mp3"][/audio]', Context(pictures(set())))
    assert result.markdown == f"Hören:\n\n[Audio: a.mp3]({UPLOADS}/a.mp3)\n"
    assert result.missing_media == [f"{UPLOADS}/a.mp3"]
    found = convert(
        f'[video mp4="{UPLOADS}/v.mp4"][/video]',
        Context(pictures(set()), media=lambda c: "media/v.mp4"),
    )
    assert 'src="{static}/media/v.mp4"' in found.markdown


def test_a_cover_blocks_background_video_is_left_out_and_its_text_stays():
    html = (
        '<div class="wp-block-cover"><video class="wp-block-cover__video-background" autoplay '
        f'muted loop src="{UPLOADS}/bg.mov"></video><p class="wp-block-cover-text">Titel</p></div>'
    )
    result = convert(html, Context(pictures(set())))
    assert result.markdown == "Titel\n"
    assert result.dropped == ["the background video of a cover block"]


def test_alt_text_from_the_markup_else_the_attachment_else_its_caption():
    attachments = {
        3: Attachment(3, f"{UPLOADS}/a.jpg", alt="Alt aus der Mediathek", caption="Bildtext A"),
        4: Attachment(4, f"{UPLOADS}/b.jpg", caption="Bildtext B"),
        5: Attachment(5, f"{UPLOADS}/c.jpg"),
    }
    source = pictures({f"{UPLOADS}/a.jpg", f"{UPLOADS}/b.jpg", f"{UPLOADS}/c.jpg"})
    by_url = {attachment_key(a.url): a for a in attachments.values()}

    def image(html: str) -> Converted:
        return convert(html, Context(source, attachments, by_url=by_url))

    assert image(f'<img src="{UPLOADS}/a.jpg" alt="Im Text">').markdown.startswith("![Im Text]")
    by_class = image(f'<img class="wp-image-3 size-full" src="{UPLOADS}/a-300x200.jpg" alt="">')
    assert by_class.markdown == "![Alt aus der Mediathek]({static}/images/a.jpg)\n"
    by_address = image(f'<img src="{UPLOADS}/b-1024x683.jpg">')  # no class, no alt
    assert by_address.markdown == "![Bildtext B]({static}/images/b.jpg)\n"
    none = image(f'<img src="{UPLOADS}/c.jpg">')
    assert none.markdown == "![]({static}/images/c.jpg)\n"
    assert none.missing_alt == ["images/c.jpg"] and by_class.missing_alt == []


def test_a_wordpress_com_picture_finds_its_attachment_through_the_cdn():
    upload = "https://blog.files.wordpress.com/2019/03/hafen.jpg"
    attachment = Attachment(9, upload, alt="Der Hafen")
    cdn = "https://i1.wp.com/blog.files.wordpress.com/2019/03/hafen.jpg?resize=300%2C200&ssl=1"
    result = convert(
        f'<img src="{cdn}">',
        Context(
            lambda candidates: "images/2019/03/hafen.jpg",
            {9: attachment},
            by_url={attachment_key(upload): attachment},
        ),
    )
    assert result.markdown == "![Der Hafen]({static}/images/2019/03/hafen.jpg)\n"


def test_a_picture_in_a_figure_or_a_link_is_asked_for_and_reported_once():
    source = pictures(set())
    html = (
        f'[caption id="attachment_1"]<a href="{UPLOADS}/weg.jpg">'
        f'<img src="{UPLOADS}/weg-300x200.jpg" alt="Weg"></a> Ein Weg[/caption]'
    )
    result = convert(html, Context(source))
    assert result.missing_pictures == [f"{UPLOADS}/weg-300x200.jpg"]
    assert len(source.asked) == 1


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        # slashes.xml: WordPress shows the backslashes, and the quotes after them straight.
        (r"Slashes aren\'t \"cool\"", r"Slashes aren\'t \"cool\""),
        (r"C:\\server\share and \*not bold\*", r"C:\\server\share and \*not bold\*"),
        (r"C:\xampp\htdocs\wp-content", r"C:\xampp\htdocs\wp-content"),
        ("*nicht fett* und _nicht kursiv_, __init__", "*nicht fett* und _nicht kursiv_, __init__"),
        ("`kein Code` und ``zwei``", "`kein Code` und ``zwei``"),
        ("&lt;b&gt;kein Tag&lt;/b&gt; &lt;https://x.example/&gt; a &lt; b", None),
        ("&amp;amp; bleibt &amp;amp;, &amp;#42; auch", "&amp; bleibt &amp;, &#42; auch"),
        ("[Kein](Link) und [Keine]: Referenz", "[Kein](Link) und [Keine]: Referenz"),
        ("#hashtag am Anfang", "#hashtag am Anfang"),
        ("# keine Überschrift", "# keine Überschrift"),
        ("&gt; kein Zitat", "> kein Zitat"),
        ("- keine Liste", "– keine Liste"),  # a hyphen alone: WordPress's en dash
        ("+ keine Liste", "+ keine Liste"),
        ("1. FC Köln", "1. FC Köln"),
        ("Eins<br>\n# zwei<br>\n&gt; drei<br>\n2. vier<br>\n~~~ fünf", None),
        ("<span># in einem span</span>", "# in einem span"),
        ("{: .keine-klasse}", "{: .keine-klasse}"),
    ],
)
def test_text_shows_as_wordpress_showed_it(render, html, shown):
    """Backslashes and characters Markdown would read as markup are escaped (issue:
    backslashes vanished, ``\\*x\\*`` became emphasis)."""
    rendered = render(md(html))
    if shown is None:  # lines and tags: compare the text the reader sees
        text = BeautifulSoup(rendered, "html.parser").get_text()
        source = BeautifulSoup(html.replace("<br>", ""), "html.parser").get_text()
        assert text == source
        assert rendered.startswith("<p>") and rendered.count("<p>") == 1
    else:
        assert rendered == f"<p>{escape(shown, quote=False)}</p>"


def test_ordinary_text_gets_no_needless_backslashes():
    text = md("Am 3. Oktober kam snake_case_name - mit 2 + 2 = 4 # und mehr > weniger.")
    assert text == "Am 3. Oktober kam snake_case_name – mit 2 + 2 = 4 # und mehr > weniger.\n"


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("Hamburg - Kiel, Seite 3-5", "Hamburg – Kiel, Seite 3-5"),
        ("erst -- dann", "erst — dann"),
        ("von 9--17 Uhr, ---", "von 9–17 Uhr, —"),
        ("<strong>fett</strong>- danach", "<strong>fett</strong>– danach"),
        ("xn--bcher-kva.example und ----", "xn--bcher-kva.example und —-"),
    ],
)
def test_hyphens_show_as_the_dashes_wordpress_showed(render, html, shown):
    # WordPress's typography (wptexturize) made them dashes on the old blog; the site's
    # own makes "--" an en dash only and leaves " - " a hyphen.
    assert render(md(html)) == f"<p>{shown}</p>"


def test_code_keeps_its_hyphens(render):
    assert render(md("<code>a -- b - c</code>")) == "<p><code>a -- b - c</code></p>"


def test_code_stays_verbatim_beside_escaped_text(render):
    html = r"Pfad C:\temp\ und <code>C:\temp\ *x* _y_ &lt;b&gt;</code> und <pre>a\b *c*</pre>"
    text = md(html)
    assert r"`C:\temp\ *x* _y_ <b>`" in text
    assert "```\na\\b *c*\n```" in text
    rendered = render(text)
    assert r"<p>Pfad C:\temp\ und <code>C:\temp\ *x* _y_ &lt;b&gt;</code> und</p>" in rendered
    assert BeautifulSoup(rendered, "html.parser").pre.get_text() == "a\\b *c*\n"


def test_subscript_and_superscript_are_kept(render):
    text = md("H<sub>2</sub>O und E = MC<sup>2</sup>, <sub><em>kursiv</em></sub>")
    assert text == "H<sub>2</sub>O und E = MC<sup>2</sup>, <sub>*kursiv*</sub>\n"
    html = "<p>H<sub>2</sub>O und E = MC<sup>2</sup>, <sub><em>kursiv</em></sub></p>"
    assert render(text) == html


def test_struck_out_text_stays_struck_out(render):
    # a11y-unit-test-data.xml post 1178: "~~strikeout text~~" showed its tildes.
    text = md("<del>alt</del>, <s>falsch</s> und <strike>weg</strike>")
    assert text == "<del>alt</del>, <del>falsch</del> und <del>weg</del>\n"
    assert render(text) == "<p><del>alt</del>, <del>falsch</del> und <del>weg</del></p>"


def test_block_galleries_of_every_editor_version_become_captioned_figures(render):
    """a11y-unit-test-data.xml, posts 1730 and 1752: the gallery block as a list (WordPress
    5.0 to 5.2), as a figure around that list, and as figures in a figure (since 5.9)."""
    one = f'<img src="{UPLOADS}/e.jpg" alt="E" data-id="7" class="wp-image-7"/>'
    two = f'<img src="{UPLOADS}/f.jpg" alt="F" data-id="8" class="wp-image-8"/>'
    as_list = (
        '<!-- wp:gallery --><ul class="wp-block-gallery columns-3 is-cropped">'
        f'<li class="blocks-gallery-item"><figure>\n{one}\n<figcaption>Erstes</figcaption>'
        f'</figure></li><li class="blocks-gallery-item"><figure>{two}<figcaption>Zweites'
        "</figcaption></figure></li></ul><!-- /wp:gallery -->"
    )
    in_figure = (
        '<!-- wp:gallery --><figure class="wp-block-gallery columns-2"><ul class="blocks-gallery-'
        f'grid"><li class="blocks-gallery-item"><figure>{one}<figcaption>Erstes</figcaption>'
        f'</figure></li><li class="blocks-gallery-item"><figure>{two}<figcaption>Zweites'
        "</figcaption></figure></li></ul></figure><!-- /wp:gallery -->"
    )
    nested = (
        '<!-- wp:gallery --><figure class="wp-block-gallery has-nested-images columns-default">'
        f'<!-- wp:image --><figure class="wp-block-image">{one}<figcaption>Erstes</figcaption>'
        f'</figure><!-- /wp:image --><figure class="wp-block-image">{two}<figcaption>Zweites'
        "</figcaption></figure></figure><!-- /wp:gallery -->"
    )
    attachments = {
        7: Attachment(7, f"{UPLOADS}/e.jpg", caption="Erstes", alt="E", parent=3),
        8: Attachment(8, f"{UPLOADS}/f.jpg", caption="Zweites", alt="F", parent=3),
    }
    source = pictures({f"{UPLOADS}/e.jpg", f"{UPLOADS}/f.jpg"})
    shortcode = md('[gallery ids="7,8"]', picture=source, attachments=attachments)
    assert (
        shortcode
        == '![E]({static}/images/e.jpg "Erstes")\n\n![F]({static}/images/f.jpg "Zweites")\n'
    )
    for html in (as_list, in_figure, nested):
        assert md(html, picture=source, attachments=attachments) == shortcode
    page = BeautifulSoup(render(shortcode.replace("{static}", "")), "html.parser")
    assert [f.figcaption.get_text() for f in page.find_all("figure")] == ["Erstes", "Zweites"]
    assert page.find("ul") is None and page.find("li") is None


def test_a_block_gallerys_own_caption_stays_below_its_pictures():
    html = (
        '<figure class="wp-block-gallery has-nested-images"><figure class="wp-block-image">'
        f'<img src="{UPLOADS}/e.jpg" alt="E"/></figure><figcaption class="blocks-gallery-caption">'
        "Der Hafen am Morgen</figcaption></figure>"
    )
    text = md(html, picture=pictures({f"{UPLOADS}/e.jpg"}))
    assert text == "![E]({static}/images/e.jpg)\n\nDer Hafen am Morgen\n"


def test_every_background_picture_left_out_is_named_in_the_report(project, tmp_path):
    """wxr-css-urls.xml post 123 and the cover block of a11y post 1730: pictures in CSS are
    decoration the import leaves out, but never without a word."""
    content = (
        '<!-- wp:cover {"url":"https://alt.example/wp-content/uploads/2019/03/cover.jpg"} -->'
        '<div class="wp-block-cover has-background-dim" style="background-image:url(https://'
        'alt.example/wp-content/uploads/2019/03/cover.jpg)"><p class="wp-block-cover-text">'
        "Cover-Text</p></div><!-- /wp:cover -->\n"
        "<p style=\"background-image: url('/wp-content/uploads/bg1.jpg')\">Einfach</p>\n"
        '<p style="background: /* url(kommentar.jpg) */ url(&quot;/wp-content/uploads/bg2.jpg'
        '&quot;) no-repeat">Nach einem Kommentar</p>\n'
        "<p style=\"content: &quot;a url(fake) in a string&quot;; background: URL('https://alt."
        "example/wp-content/uploads/bg\\28special\\29.jpg'), url(bg3.jpg)\">Zwei</p>\n"
        '<p style="background: url(data:image/png;base64,iVBORw0KGgo=)">Daten</p>\n'
        '<div style="background-image: none">Keins</div>'
    )
    assert project.run(export(tmp_path / "e.xml", item(5, content=content))) == 0
    left_out = [i for i in project.report()["left_out"] if i["file"] == "2019/beitrag-5.md"]
    assert [i["what"] for i in left_out] == [
        "the background picture https://alt.example/wp-content/uploads/2019/03/cover.jpg",
        "the background picture /wp-content/uploads/bg1.jpg",
        "the background picture /wp-content/uploads/bg2.jpg",
        "the background picture https://alt.example/wp-content/uploads/bg(special).jpg",
        "the background picture bg3.jpg",
    ]
    text = (project.content / "2019" / "beitrag-5.md").read_text("utf-8")
    assert "Cover-Text" in text and "Zwei" in text and "url(" not in text


def test_links_into_the_old_blog_without_a_new_address_are_listed(project, tmp_path):
    """A link to the old blog's files or to a page that did not come along keeps its old
    address, which dies with the old blog: the report lists each (a11y post 1730's PDF)."""
    pdf = "https://alt.example/wp-content/uploads/2010/10/bericht.pdf"
    content = (
        f'<p><a href="{pdf}">Bericht</a>, <a href="/wp-content/uploads/2010/10/liste.pdf">Liste'
        '</a>, <a href="https://alt.example/2018/01/nicht-da/">weg</a>, <a href="https://alt.'
        'example/2019/03/beitrag-6/">ein Beitrag</a>, <a href="/2019/03/beitrag-6/">relativ</a>, '
        '<a href="https://alt.example/">Start</a>, <a href="https://andere.example/a.pdf">fremd'
        '</a>, <a href="mailto:jana@alt.example">Mail</a>, <a href="#oben">oben</a></p>'
    )
    exported = export(tmp_path / "e.xml", item(5, content=content), item(6))
    assert project.run(exported) == 1  # something may matter: the exit status says so
    assert project.report()["links_to_the_old_blog"] == [
        {"file": "2019/beitrag-5.md", "url": pdf},
        {"file": "2019/beitrag-5.md", "url": "/wp-content/uploads/2010/10/liste.pdf"},
        {"file": "2019/beitrag-5.md", "url": "https://alt.example/2018/01/nicht-da/"},
    ]
    text = (project.content / "2019" / "beitrag-5.md").read_text("utf-8")
    assert f"[Bericht]({pdf})" in text  # kept, so that the editor can find it
    assert "[ein Beitrag](/2019/03/beitrag-6/)" in text and "[relativ](/2019/03/beitrag-6/)" in text
    assert "[Start](/)" in text


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (r"\o/ ¯\_(ツ)_/¯", r"\o/ ¯\_(ツ)_/¯"),
        ("*nicht fett* und snake_case", "*nicht fett* und snake_case"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),  # WordPress stores the entity
        ("&lt;b&gt; ist ein Tag", "&lt;b&gt; ist ein Tag"),
        ("<strong>fett</strong> bleibt", "<strong>fett</strong> bleibt"),
        ("1. Platz für uns", "<p>1. Platz für uns</p>"),
        ("# Hashtag", "<p># Hashtag</p>"),
    ],
)
def test_a_comment_shows_as_wordpress_showed_it(render, stored, shown):
    assert shown in render(html_text_markdown(stored))


def test_a_summary_shows_its_text_as_it_is(render):
    text = r"Pfad C:\xampp\htdocs, 5*3*2 und snake_case, [kein Link](x)"
    assert render(plain_markdown(text)) == f"<p>{text}</p>"


def test_a_summary_made_of_the_first_paragraph_shows_its_text_once_escaped(render):
    # slashes.xml: the post's first paragraph is its summary; WordPress showed aren\'t.
    paragraph = md('Slashes aren\\\'t \\"cool\\"').strip()
    summary = plain_markdown(markdown_text(paragraph))
    assert render(summary) == render(paragraph)


# What lazy-load plugins write for an iframe, with {url} for its address: WP Rocket (and
# Lazy Load by WP Rocket) puts about:blank into src and the address into data-lazy-src,
# a3 Lazy Load drops src for data-src, both follow it with the iframe as it was in
# <noscript>; lazysizes and Smush take data-src alone.
LAZY_IFRAMES = {
    "WP Rocket": (
        '<iframe loading="lazy" title="Film" width="560" height="315" src="about:blank" '
        'data-rocket-lazyload="fitvidscompatible" data-lazy-src="{url}"></iframe>'
        '<noscript><iframe title="Film" width="560" height="315" src="{url}"></iframe></noscript>'
    ),
    "a3 Lazy Load": (
        '<iframe class="lazy lazy-hidden" title="Film" data-lazy-type="iframe" data-src="{url}">'
        '</iframe><noscript><iframe title="Film" src="{url}"></iframe></noscript>'
    ),
    "lazysizes": '<iframe class="lazyload" title="Film" data-src="{url}"></iframe>',
}
LAZY_FRAME_URLS = ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://karten.example/?ort=hafen")


def in_a_post(html: str, editor: str) -> str:
    """``html`` between two paragraphs of a classic post or in a block post's HTML block."""
    if editor == "classic":
        return f"Vorher\n\n{html}\n\nNachher"
    return (
        "<!-- wp:paragraph --><p>Vorher</p><!-- /wp:paragraph -->"
        f"<!-- wp:html -->{html}<!-- /wp:html -->"
        "<!-- wp:paragraph --><p>Nachher</p><!-- /wp:paragraph -->"
    )


@pytest.mark.parametrize("editor", ["classic", "blocks"])
@pytest.mark.parametrize("url", LAZY_FRAME_URLS)
@pytest.mark.parametrize("plugin", LAZY_IFRAMES)
def test_a_lazily_loaded_iframe_comes_out_as_the_iframe_itself(plugin, url, editor):
    """Not its placeholder (about:blank, or nothing), and once, not again from <noscript>:
    a platform's video a two-click embed, any other address a link in the report."""
    lazy = convert(
        in_a_post(LAZY_IFRAMES[plugin].format(url=url), editor), Context(pictures(set()))
    )
    plain = convert(
        in_a_post(f'<iframe title="Film" src="{url}"></iframe>', editor), Context(pictures(set()))
    )
    assert lazy.markdown == plain.markdown
    assert lazy.unknown_embeds == plain.unknown_embeds
    if "youtube" in url:
        assert lazy.markdown == f'Vorher\n\nEinbettung: {url} "Film"\n\nNachher\n'
        assert lazy.unknown_embeds == []
    else:
        assert lazy.markdown == f"Vorher\n\n[Film]({url})\n\nNachher\n"
        assert lazy.unknown_embeds == [url]


def test_wp_rockets_youtube_preview_comes_out_as_the_video_once():
    """WP Rocket can replace a YouTube iframe by a preview of its own (an empty <div> a
    script fills): the iframe is then only in its <noscript>, and is kept from there."""
    video = "https://www.youtube.com/embed/dQw4w9WgXcQ"
    preview = (
        f'<div class="rll-youtube-player" data-src="{video}" data-id="dQw4w9WgXcQ" '
        f'data-query="feature=oembed" data-alt="Film"></div><noscript><iframe title="Film" '
        f'src="{video}?feature=oembed"></iframe></noscript>'
    )
    for editor in ("classic", "blocks"):
        text = md(in_a_post(preview, editor))
        assert text == f'Vorher\n\nEinbettung: {video}?feature=oembed "Film"\n\nNachher\n'


# A <picture> with a WebP source ({u}: the uploads), and what lazy-load plugins make of
# it: lazysizes and Smush move srcset to data-srcset and src to data-src (a 1x1 GIF in
# src), with the whole <picture> again in <noscript> after it; a3 Lazy Load leaves an
# empty srcset and its spinner, its <noscript> after the <img>; WP Rocket uses
# data-lazy-srcset and data-lazy-src, without <noscript>.
PICTURE = (
    '<picture><source type="image/webp" srcset="{u}/hafen-300x200.webp 300w, {u}/hafen.webp '
    '900w"><img src="{u}/hafen-300x200.jpg" srcset="{u}/hafen-300x200.jpg 300w, {u}/hafen.jpg '
    '900w" alt="Der Hafen" width="300" height="200"></picture>'
)
LAZY_PICTURES = {
    "lazysizes": (
        '<picture><source type="image/webp" data-srcset="{u}/hafen-300x200.webp 300w, '
        '{u}/hafen.webp 900w"><img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAAAAACw='
        '" data-src="{u}/hafen-300x200.jpg" data-srcset="{u}/hafen-300x200.jpg 300w, '
        '{u}/hafen.jpg 900w" alt="Der Hafen" width="300" height="200"></picture>'
        "<noscript>{picture}</noscript>"
    ),
    "a3 Lazy Load": (
        '<picture><source class="lazy lazy-hidden" type="image/webp" srcset="" '
        'data-srcset="{u}/hafen-300x200.webp 300w, {u}/hafen.webp 900w"><img '
        'class="lazy lazy-hidden" src="https://alt.example/wp-content/plugins/a3-lazy-load/'
        'assets/images/lazy_placeholder.gif" data-lazy-type="image" data-src="'
        '{u}/hafen-300x200.jpg" srcset="" data-srcset="{u}/hafen-300x200.jpg 300w, '
        '{u}/hafen.jpg 900w" alt="Der Hafen" width="300" height="200"><noscript><img '
        'src="{u}/hafen-300x200.jpg" alt="Der Hafen" width="300" height="200"></noscript>'
        "</picture>"
    ),
    "WP Rocket": (
        '<picture><source type="image/webp" data-lazy-srcset="{u}/hafen-300x200.webp 300w, '
        '{u}/hafen.webp 900w"><img src="data:image/svg+xml,%3Csvg%20xmlns=\'http://www.w3.org/'
        "2000/svg'%20viewBox='0%200%20300%20200'%3E%3C/svg%3E\" data-lazy-src=\""
        '{u}/hafen-300x200.jpg" data-lazy-srcset="{u}/hafen-300x200.jpg 300w, {u}/hafen.jpg '
        '900w" alt="Der Hafen" width="300" height="200"></picture>'
    ),
}
IN_CONTEXT = {
    "alone": "Vorher\n\n{0}\n\nNachher",
    "linked": 'Vorher\n\n<a href="{u}/hafen.jpg">{0}</a>\n\nNachher',
    "in a figure": '<figure class="wp-block-image">{0}<figcaption>Am Hafen</figcaption></figure>',
}


@pytest.mark.parametrize("where", IN_CONTEXT)
@pytest.mark.parametrize("plugin", LAZY_PICTURES)
def test_a_lazily_loaded_picture_element_comes_out_as_the_picture_element(plugin, where):
    """The picture its <img> shows, largest first, never a placeholder, and once: not
    again from the copy in <noscript>."""
    plain = PICTURE.format(u=UPLOADS)
    lazy = LAZY_PICTURES[plugin].format(u=UPLOADS, picture=plain)
    results = []
    for html in (plain, lazy):
        source = pictures({f"{UPLOADS}/hafen.jpg"})
        result = convert(IN_CONTEXT[where].format(html, u=UPLOADS), Context(source))
        results.append((result.markdown, result.pictures, source.asked))
    assert results[1] == results[0]
    text, found, asked = results[1]
    assert found == ["images/hafen.jpg"] and len(asked) == 1
    assert text.count("![Der Hafen]({static}/images/hafen.jpg") == 1
    assert "data:" not in text and "lazy_placeholder" not in text


# A video (with its poster), a video with <source> elements, an audio file, a video with a
# text for browsers without a player, and an <embed> ({u}: the uploads), and what lazy-load
# plugins make of them ({plain}: the element as it was). a3 Lazy Load moves src, also a
# <source>'s, to data-src, puts its spinner into poster and the poster into data-poster,
# and follows the element with it again in <noscript>; lazysizes (its unveilhooks) keeps
# src and moves the poster to data-poster, and takes data-src for an audio file; WP
# Rocket's script (vanilla-lazyload) reads data-lazy-src on <source> and data-poster.
A3_SPINNER = (
    "https://alt.example/wp-content/plugins/a3-lazy-load/assets/images/lazy_placeholder.gif"
)
PLAYERS = {
    "video": '<video controls poster="{u}/standbild.jpg" src="{u}/film.mp4"></video>',
    "sources": (
        '<video controls poster="{u}/standbild.jpg"><source src="{u}/film.mp4" '
        'type="video/mp4"><source src="{u}/film.webm" type="video/webm"></video>'
    ),
    "audio": '<audio controls src="{u}/ton.mp3"></audio>',
    "fallback": '<video controls src="{u}/film.mp4">Ihr Browser spielt keine Videos ab.</video>',
    "embed": '<embed src="{u}/film.mp4" type="video/mp4">',
}
LAZY_PLAYERS = {
    "a3 Lazy Load": (
        "video",
        '<video class="lazy lazy-hidden" controls poster="' + A3_SPINNER + '" data-lazy-type='
        '"video" data-poster="{u}/standbild.jpg" data-lazy-type="video" data-src="{u}/film.mp4">'
        "</video><noscript>{plain}</noscript>",
    ),
    "a3 Lazy Load, <source>": (
        "sources",
        '<video class="lazy lazy-hidden" controls poster="' + A3_SPINNER + '" data-lazy-type='
        '"video" data-poster="{u}/standbild.jpg"><source  data-lazy-type="video" data-src="'
        '{u}/film.mp4" type="video/mp4"><source  data-lazy-type="video" data-src="{u}/film.webm" '
        'type="video/webm"></video><noscript>{plain}</noscript>',
    ),
    "a3 Lazy Load, fallback text": (
        "fallback",
        '<video class="lazy lazy-hidden" controls data-lazy-type="video" data-src="{u}/film.mp4">'
        "Ihr Browser spielt keine Videos ab.</video><noscript>{plain}</noscript>",
    ),
    "lazysizes": (
        "video",
        '<video class="lazyload" preload="none" controls data-poster="{u}/standbild.jpg" '
        'src="{u}/film.mp4"></video>',
    ),
    "WP Rocket": (
        "sources",
        '<video class="rocket-lazyload" controls data-poster="{u}/standbild.jpg"><source '
        'data-lazy-src="{u}/film.mp4" type="video/mp4"><source data-lazy-src="{u}/film.webm" '
        'type="video/webm"></video>',
    ),
    "lazysizes, audio": (
        "audio",
        '<audio class="lazyload" preload="none" controls data-src="{u}/ton.mp3"></audio>',
    ),
    "a3 Lazy Load, <embed>": (
        "embed",
        '<embed class="lazy lazy-hidden"  data-lazy-type="video" data-src="{u}/film.mp4" '
        'type="video/mp4"><noscript>{plain}</noscript>',
    ),
}
PLAYER_CONTEXTS = {
    "classic": "Vorher\n\n{0}\n\nNachher",
    "blocks": "<!-- wp:paragraph --><p>Vorher</p><!-- /wp:paragraph --><!-- wp:html -->{0}"
    "<!-- /wp:html --><!-- wp:paragraph --><p>Nachher</p><!-- /wp:paragraph -->",
    "in a figure": "<figure>{0}<figcaption>Aus dem Archiv</figcaption></figure>",
}


def media_files(available: dict[str, str]):
    """A video and audio source that has the given URLs, stored at the given paths."""
    asked: list[list[str]] = []

    def media(candidates: list[str]) -> str | None:
        asked.append(candidates)
        return next((available[c] for c in candidates if c in available), None)

    media.asked = asked
    return media


def imported(html: str, with_files: bool) -> tuple:
    """What the import makes of ``html``, with the uploads' files or without them."""
    files = {f"{UPLOADS}/film.mp4": "media/film.mp4", f"{UPLOADS}/ton.mp3": "media/ton.mp3"}
    picture = pictures({f"{UPLOADS}/standbild.jpg"} if with_files else set())
    media = media_files(files if with_files else {})
    result = convert(html, Context(picture, media=media))
    return (
        result.markdown,
        result.media,
        result.missing_media,
        result.pictures,
        result.dropped,
        result.unknown_embeds,
        picture.asked,
        media.asked,
    )


@pytest.mark.parametrize("where", PLAYER_CONTEXTS)
@pytest.mark.parametrize("plugin", LAZY_PLAYERS)
def test_a_lazily_loaded_video_audio_or_embed_comes_out_as_the_element_itself(plugin, where):
    """Its own file, not nothing; its own poster, not the plugin's spinner; and once, not
    again from the copy in <noscript>: with the file at hand and without it."""
    kind, lazy = LAZY_PLAYERS[plugin]
    plain = PLAYERS[kind].format(u=UPLOADS)
    lazy = lazy.format(u=UPLOADS, plain=plain)
    for with_files in (True, False):
        expected = imported(PLAYER_CONTEXTS[where].format(plain), with_files)
        assert imported(PLAYER_CONTEXTS[where].format(lazy), with_files) == expected
    text = imported(PLAYER_CONTEXTS[where].format(lazy), True)[0]
    assert "lazy_placeholder" not in text and "data-" not in text and "noscript" not in text
    if kind == "embed":
        return
    assert text.count("<figure>") == 1
    if kind == "audio":
        assert '<audio controls src="{static}/media/ton.mp3"></audio>' in text
    elif kind == "fallback":
        assert '<video controls preload="metadata" src="{static}/media/film.mp4"></video>' in text
    else:
        assert (
            '<video controls preload="metadata" poster="{static}/images/standbild.jpg">'
            '<source src="{static}/media/film.mp4"></video>'
        ) in text
    caption = "<figcaption>Aus dem Archiv</figcaption>" if where == "in a figure" else ""
    assert f"</{kind if kind == 'audio' else 'video'}>{caption}</figure>" in text
