"""favicon.ico at the site root, made from the theme's icon once and then linked."""

from pathlib import Path

from PIL import Image

from contract.favicon import write_favicon


def _icon(path: Path, colour: str) -> Path:
    Image.new("RGBA", (192, 192), colour).save(path)
    return path


def test_the_icon_is_encoded_once_and_linked_while_the_picture_stays(tmp_path):
    icon = _icon(tmp_path / "icon-192.png", "#0b2545")
    cache = tmp_path / "cache"
    first, second = tmp_path / "a.ico", tmp_path / "b.ico"
    assert write_favicon(icon, first, cache)
    assert write_favicon(icon, second, cache)
    assert first.stat().st_ino == second.stat().st_ino  # the kept file, not a new one
    with Image.open(second) as ico:
        assert ico.format == "ICO" and (48, 48) in ico.info["sizes"]

    _icon(icon, "#c0392b")  # another theme icon: another favicon, the old one removed
    third = tmp_path / "c.ico"
    assert write_favicon(icon, third, cache)
    assert third.read_bytes() != first.read_bytes()
    assert len(list(cache.glob("*.ico"))) == 1


def test_no_icon_no_favicon(tmp_path):
    assert not write_favicon(tmp_path / "missing.png", tmp_path / "favicon.ico", tmp_path)
    assert not (tmp_path / "favicon.ico").exists()
