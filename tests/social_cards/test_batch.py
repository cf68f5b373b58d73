"""The card cache: drawn once, redrawn only when an input changes; failures are reported."""

import dataclasses
import json
import os

import pytest
from PIL import Image

from conftest import ROOT
from social_cards.batch import Job, Style, render_all
from social_cards.cache import VERSION
from social_cards.layout import Branding, Layout
from social_cards.render import CardInput, Person

THEME = ROOT / "theme"


@pytest.fixture
def style() -> Style:
    return Style(
        Layout(),
        Branding("Hafenlicht", "blog.example", str(THEME / "static/img/icon-512.png")),
        (str(THEME / "fonts/Inter-Bold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf")),
        (str(THEME / "fonts/Inter-SemiBold.otf"), str(THEME / "fonts/DejaVuSans-Bold.ttf")),
    )


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "jana.jpg"
    Image.new("RGB", (120, 120), (10, 200, 10)).save(path)
    return path


def jobs(photo) -> list[Job]:
    return [
        Job(
            f"karte-{n}",
            CardInput(
                f"Titel {n}", "Social Media", (Person("Jana Albers", str(photo), "JA", "#000"),)
            ),
        )
        for n in range(10)
    ] + [Job("ohne", CardInput("Ohne Person", ""))]


def test_second_run_draws_nothing_and_a_changed_photo_redraws_its_cards(style, photo, tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "out"

    outcome = render_all(jobs(photo), style, cache, output, workers=2)
    assert (outcome.stats.rendered, outcome.stats.cached) == (11, 0)
    assert outcome.stats.workers == 2  # drawn in a process pool
    assert all(Image.open(r.path).size == (1200, 630) for r in outcome.results)
    assert all(r.length == r.path.stat().st_size for r in outcome.results)
    stats = json.loads((cache / "stats.json").read_text())
    assert stats["rendered"] == 11 and stats["cached"] == 0 and stats["format"] == "jpeg"

    again = render_all(jobs(photo), style, cache, tmp_path / "out2", workers=2)
    assert (again.stats.rendered, again.stats.cached) == (0, 11)
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == sorted(
        f"{job.name}.jpg" for job in jobs(photo)
    )
    assert json.loads((cache / "stats.json").read_text())["rendered"] == 0

    Image.new("RGB", (120, 120), (200, 10, 10)).save(photo)  # same name, new picture
    os.utime(photo, ns=(0, 10**18))  # a different mtime, as any edit gives
    changed = render_all(jobs(photo), style, cache, output, workers=2)
    assert (changed.stats.rendered, changed.stats.cached) == (10, 1)


def test_a_changed_title_redraws_only_that_card_and_the_old_one_is_pruned(style, photo, tmp_path):
    cache = tmp_path / "cache"
    render_all(jobs(photo), style, cache, tmp_path / "out", workers=1)
    changed = jobs(photo)
    changed[3] = Job("karte-3", CardInput("Ein neuer Titel", "Social Media"))
    outcome = render_all(changed, style, cache, tmp_path / "out", 1)
    assert (outcome.stats.rendered, outcome.stats.cached) == (1, 10)
    assert len(list(cache.glob("*.jpg"))) == 11


@pytest.mark.parametrize(
    "change",
    [
        {"image_format": "png"},
        {"quality": 80},
        {"layout": Layout(margin=60)},
        {"fonts": (str(THEME / "fonts/DejaVuSans-Bold.ttf"),)},
    ],
)
def test_every_style_input_is_part_of_the_key(style, photo, tmp_path, change):
    render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "out", 1)
    outcome = render_all(
        jobs(photo), dataclasses.replace(style, **change), tmp_path / "cache", tmp_path / "o", 1
    )
    assert outcome.stats.rendered == 11


def test_png_cards_are_written_as_png(style, photo, tmp_path):
    png = dataclasses.replace(style, image_format="png")
    outcome = render_all(jobs(photo)[:2], png, tmp_path / "cache", tmp_path / "out", 1)
    assert [r.path.name for r in outcome.results] == ["karte-0.png", "karte-1.png"]
    assert Image.open(outcome.results[0].path).format == "PNG"
    assert png.mime_type == "image/png"


def test_an_unreadable_manifest_only_costs_a_redraw(style, photo, tmp_path):
    render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "out", workers=1)
    malformed = json.dumps({"version": VERSION, "cards": [1], "pictures": {"x": 1}})
    for broken in ("{kaputt", malformed):
        (tmp_path / "cache" / "manifest.json").write_text(broken)
        outcome = render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "o", 1)
        assert outcome.stats.rendered == 11


@pytest.mark.parametrize("workers", [1, 2])
def test_a_broken_picture_fails_only_its_cards_and_is_not_cached(style, tmp_path, workers):
    broken = tmp_path / "kaputt.jpg"
    broken.write_bytes(b"kein Bild")
    many = [Job(f"gut-{n}", CardInput(f"Titel {n}", "")) for n in range(9)]
    many.append(Job("schlecht", CardInput("Titel", "", picture=str(broken))))
    outcome = render_all(many, style, tmp_path / "cache", tmp_path / "out", workers)
    (failure,) = outcome.failures
    assert (failure.name, failure.picture) == ("schlecht", str(broken))
    assert "cannot identify image file" in failure.reason
    assert (outcome.stats.rendered, outcome.stats.failed) == (9, 1)
    assert sorted(r.name for r in outcome.results) == sorted(f"gut-{n}" for n in range(9))
    assert not (tmp_path / "out" / "schlecht.jpg").exists()
    again = render_all(many, style, tmp_path / "cache", tmp_path / "out", workers)
    assert (again.stats.rendered, again.stats.cached, again.stats.failed) == (0, 9, 1)
