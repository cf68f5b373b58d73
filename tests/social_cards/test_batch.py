"""The card cache: drawn once, redrawn only when an input changes."""

import json

import pytest
from PIL import Image

from conftest import ROOT
from social_cards.batch import Job, Style, render_all
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


def test_second_run_draws_nothing_and_a_changed_photo_redraws_its_cards(style, tmp_path):
    photo = tmp_path / "jana.jpg"
    Image.new("RGB", (120, 120), (10, 200, 10)).save(photo)
    cache, output = tmp_path / "cache", tmp_path / "out"

    results, stats = render_all(jobs(photo), style, cache, output, workers=2)
    assert (stats.rendered, stats.cached) == (11, 0)
    assert all(Image.open(r.path).size == (1200, 630) for r in results)
    assert json.loads((cache / "stats.json").read_text())["rendered"] == 11

    _results, stats = render_all(jobs(photo), style, cache, tmp_path / "out2", workers=2)
    assert (stats.rendered, stats.cached) == (0, 11)
    assert sorted(p.name for p in (tmp_path / "out2").iterdir()) == sorted(
        f"{job.name}.jpg" for job in jobs(photo)
    )

    Image.new("RGB", (120, 120), (200, 10, 10)).save(photo)  # same name, new picture
    _results, stats = render_all(jobs(photo), style, cache, output, workers=2)
    assert (stats.rendered, stats.cached) == (10, 1)


def test_a_changed_title_redraws_only_that_card(style, tmp_path):
    photo = tmp_path / "jana.jpg"
    Image.new("RGB", (120, 120), (10, 200, 10)).save(photo)
    render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "out", workers=1)
    changed = jobs(photo)
    changed[3] = Job("karte-3", CardInput("Ein neuer Titel", "Social Media"))
    _results, stats = render_all(changed, style, tmp_path / "cache", tmp_path / "out", 1)
    assert (stats.rendered, stats.cached) == (1, 10)


def test_an_unreadable_manifest_only_costs_a_redraw(style, tmp_path):
    photo = tmp_path / "jana.jpg"
    Image.new("RGB", (120, 120), (10, 200, 10)).save(photo)
    render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "out", workers=1)
    (tmp_path / "cache" / "manifest.json").write_text("{kaputt")
    _results, stats = render_all(jobs(photo), style, tmp_path / "cache", tmp_path / "o", 1)
    assert stats.rendered == 11
