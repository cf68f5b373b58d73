"""Responsive pictures: sizes, WebP variants beside the originals, cached by content."""

import re

from bs4 import BeautifulSoup
from PIL import Image

from pictures.markup import rewrite_images
from pictures.variants import Picture, Store, Variant, measure, plan

ARTICLE = "2024/04/krisenkommunikation-die-erste-stunde-entscheidet/"


def _jpeg(path, size=(1600, 900)):
    Image.new("RGB", size, (13, 107, 99)).save(path, quality=80)
    return path


def test_variants_are_never_wider_than_the_original(tmp_path):
    big, key = plan("images/a.jpg", _jpeg(tmp_path / "a.jpg"), (480, 960), "webp", (75, 50))
    assert [(v.width, v.height) for v in big.variants] == [(480, 270), (960, 540)]
    assert all(v.path.startswith("images/a-") and key in v.path for v in big.variants)
    small, _ = plan(
        "images/b.jpg", _jpeg(tmp_path / "b.jpg", (300, 300)), (480, 960), "webp", (75, 50)
    )
    assert [(v.width, v.height) for v in small.variants] == [(300, 300)]


def test_an_svg_is_measured_from_its_viewbox_and_gets_no_variants(tmp_path):
    svg = tmp_path / "d.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>')
    assert measure(svg) == (640, 360)
    picture, key = plan("images/d.svg", svg, (480,), "webp", (75, 50))
    assert picture.variants == () and key == ""


def test_pictures_in_an_articles_html_get_size_and_variants():
    picture = Picture(
        "images/a.jpg",
        1600,
        900,
        (Variant("images/a-480.0123456789.webp", 480, 270),),
        "image/webp",
    )
    html = rewrite_images(
        '<p><img alt="Ein &quot;Hafen&quot;" src="{static}/images/a.jpg"></p>'
        '<img src="https://example.org/x.png" alt="">',
        lambda path: picture if path == "images/a.jpg" else None,
        "https://blog.example",
    )
    soup = BeautifulSoup(html, "lxml")
    img = soup.select_one("picture img")
    assert (img["width"], img["height"], img["loading"]) == ("1600", "900", "lazy")
    assert img["alt"] == 'Ein "Hafen"'
    source = soup.select_one("picture source")
    assert source["srcset"] == "https://blog.example/images/a-480.0123456789.webp 480w"
    assert source["type"] == "image/webp"
    assert '<img src="https://example.org/x.png" alt="">' in html  # another host's: left alone


def test_a_second_build_encodes_nothing_and_a_changed_picture_gets_a_new_name(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "images").mkdir(parents=True)
    _jpeg(content / "images" / "a.jpg")
    first = Store(content, cache, (480,), "webp", (75, 50), 1)
    old = first.get("images/a.jpg")
    assert first.finish(tmp_path / "out") == 1 and first.encoded == 1
    variant = tmp_path / "out" / old.variants[0].path
    with Image.open(variant) as image:
        assert (image.format, image.size) == ("WEBP", (480, 270))
    second = Store(content, cache, (480,), "webp", (75, 50), 1)
    assert second.get("images/a.jpg") == old
    assert second.finish(tmp_path / "out") == 1 and second.encoded == 0
    _jpeg(content / "images" / "a.jpg", (1600, 800))
    third = Store(content, cache, (480,), "webp", (75, 50), 1)
    assert third.get("images/a.jpg").variants[0].path != old.variants[0].path
    third.finish(tmp_path / "out")
    assert len(list(cache.iterdir())) == 1  # the old variant left the cache


def test_a_picture_only_looked_at_is_not_placed_in_the_site(tmp_path):
    # The site record asks what a page of the last build would get before it takes the
    # page over; a picture no page shows any more must not reach the site.
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "images").mkdir(parents=True)
    _jpeg(content / "images" / "a.jpg")
    _jpeg(content / "images" / "b.jpg", (1200, 900))
    store = Store(content, cache, (480,), "webp", (75, 50), 1)
    shown = store.get("images/a.jpg")
    assert store.get("images/b.jpg", shown=False) is not None
    assert store.finish(tmp_path / "out") == 1
    placed = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*")
    )
    assert placed == [shown.variants[0].path]


def test_every_picture_of_the_site_has_width_and_height(demo_site):
    for page in demo_site.pages():
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find_all("img"):
            assert img.get("width") and img.get("height"), f"{page}: {img}"


def test_the_header_picture_has_its_alt_text_and_variants_beside_the_original(demo_site):
    figure = demo_site.html(ARTICLE).select_one(".post-image")
    img = figure.select_one("img")
    assert img["alt"].startswith("Ein Leuchtturm")
    assert img["fetchpriority"] == "high" and not img.get("loading")
    srcset = figure.select_one("source")["srcset"]
    for url in re.findall(r"(\S+) \d+w", srcset):
        path = url.removeprefix(demo_site.settings["SITEURL"] + "/")
        assert path.startswith("images/articles/hafen-am-abend-")
        assert (demo_site.output / path).is_file()


def test_home_cards_offer_card_sized_variants_and_only_the_lead_is_fetched_first(demo_site):
    lead, *cards = demo_site.html("").select(".card")
    assert lead.select_one("img")["fetchpriority"] == "high" and not lead.img.get("loading")
    assert cards and all(card.select_one(".card__picture source[srcset]") for card in cards)
    assert all(card.select_one("img")["loading"] == "lazy" for card in cards)
    # A card is at most 22rem wide: never the 1080 px variant, nor the 200 px one.
    widths = {w for card in cards for w in re.findall(r" (\d+)w", card.source["srcset"])}
    assert widths == {"360", "720"}
