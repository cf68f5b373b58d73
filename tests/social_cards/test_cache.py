"""The card cache: keys change with every input, digests are reused, the manifest and
the folder keep only what the last build used; nothing in it can fail a build."""

import json
import os

import pytest

from social_cards.cache import VERSION, CardCache, hash_parts, read_manifest


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"logo")
    return str(path)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "jana.jpg"
    path.write_bytes(b"first picture")
    return path


def test_parts_are_length_prefixed():
    assert hash_parts("ab", "c") != hash_parts("a", "bc")
    assert len(hash_parts("x")) == 32


def test_a_key_changes_with_the_card_the_style_and_the_bytes_of_its_pictures(tmp_path, logo, photo):
    cache = CardCache(tmp_path / "cache", "style", [logo])
    key = cache.key("card", [str(photo), None])
    assert key == cache.key("card", [str(photo)])
    assert key != cache.key("other card", [str(photo)])
    assert key != CardCache(tmp_path / "cache", "other style", [logo]).key("card", [str(photo)])

    photo.write_bytes(b"a new picture")
    os.utime(photo, ns=(0, 10**18))
    assert CardCache(tmp_path / "cache", "style", [logo]).key("card", [str(photo)]) != key

    (tmp_path / "logo.png").write_bytes(b"new logo")  # a font or the logo is part of it too
    os.utime(logo, ns=(0, 10**18))
    assert CardCache(tmp_path / "cache", "style", [logo]).key("card", [str(photo)]) != key


def test_a_picture_is_read_again_only_when_its_size_or_mtime_changed(tmp_path, logo, photo):
    cache = CardCache(tmp_path / "cache", "style", [logo])
    key = cache.key("card", [str(photo)])
    cache.fitted[key] = [76, False]
    cache.card_path(key, "jpg").write_bytes(b"card")
    cache.save({key}, "jpg")

    stat = photo.stat()
    photo.write_bytes(b"other picture")  # same size and mtime: taken on trust
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    warm = CardCache(tmp_path / "cache", "style", [logo])
    assert warm.key("card", [str(photo)]) == key and warm.has(key, "jpg")


def test_an_unreadable_picture_gives_a_key_and_no_error(tmp_path, logo):
    cache = CardCache(tmp_path / "cache", "style", [logo])
    assert cache.file_digest(str(tmp_path / "fehlt.jpg")).startswith("unreadable: ")


def test_save_keeps_the_used_cards_and_removes_the_others(tmp_path, logo):
    cache = CardCache(tmp_path / "cache", "style", [logo])
    for key in ("alt", "neu"):
        cache.fitted[key] = [70, False]
        cache.card_path(key, "jpg").write_bytes(b"card")
    (tmp_path / "cache" / "stopped.tmp").write_bytes(b"half a card")
    (tmp_path / "cache" / "stats.json").write_text("{}")
    cache.save({"neu"}, "jpg")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        "manifest.json",
        "neu.jpg",
        "stats.json",
    ]
    again = CardCache(tmp_path / "cache", "style", [logo])
    assert again.fitted == {"neu": [70, False]}
    assert again.has("neu", "jpg") and not again.has("alt", "jpg")


@pytest.mark.parametrize(
    "manifest",
    [
        "{kaputt",
        "[]",
        json.dumps({"version": "0", "cards": {"k": [1, False]}, "pictures": {}}),
        json.dumps({"version": VERSION, "cards": [1], "pictures": {"x": 1}}),
    ],
)
def test_an_unreadable_or_old_manifest_is_ignored(tmp_path, manifest):
    (tmp_path / "manifest.json").write_text(manifest)
    assert read_manifest(tmp_path).get("cards", {}) == {}


def test_only_well_formed_entries_of_a_manifest_are_kept(tmp_path):
    entries = {"cards": {"gut": [70, True], "schlecht": 3}, "pictures": {"a": [1, 2, "d"], "b": []}}
    (tmp_path / "manifest.json").write_text(json.dumps({"version": VERSION, **entries}))
    assert read_manifest(tmp_path) == {"cards": {"gut": [70, True]}, "pictures": {"a": [1, 2, "d"]}}
