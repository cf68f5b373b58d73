from newsroom.cache import DerivedCache, input_key


def test_input_keys_tell_apart_parts_that_join_to_the_same_text():
    assert input_key("ab", "c") != input_key("a", "bc")
    assert input_key("ab", "c") == input_key("ab", b"c")  # text and its UTF-8 bytes agree
    assert len(input_key("x")) == 64


def test_a_saved_entry_is_found_by_the_next_build_and_unused_ones_are_dropped(tmp_path):
    first = DerivedCache(tmp_path, "feeds", "1")
    first.put("used", {"html": "<p>Eintrag</p>"})
    first.save()
    second = DerivedCache(tmp_path, "feeds", "1")
    assert second.get("used") == {"html": "<p>Eintrag</p>"}
    assert second.get("neu") is None
    assert (second.hits, second.misses) == (1, 1)
    second.put("neu", "zwei")
    second.save()
    third = DerivedCache(tmp_path, "feeds", "1")
    assert third.get("used") is not None and third.get("neu") == "zwei"
    third.save()  # "used" was read this time; a build that does not read it drops it
    fourth = DerivedCache(tmp_path, "feeds", "1")
    fourth.get("neu")
    fourth.save()
    assert DerivedCache(tmp_path, "feeds", "1").get("used") is None


def test_another_version_or_a_broken_file_starts_empty(tmp_path):
    cache = DerivedCache(tmp_path, "bios", "1")
    cache.put("key", "value")
    cache.save()
    assert DerivedCache(tmp_path, "bios", "2").get("key") is None
    cache.path.write_bytes(b"not a pickle")
    assert DerivedCache(tmp_path, "bios", "1").get("key") is None  # rebuilt, never fatal
    assert oct(cache.path.stat().st_mode & 0o777) == "0o600"  # only the builder reads it


def test_a_file_digest_is_reused_while_size_and_mtime_stay(tmp_path):
    import hashlib
    import os

    from newsroom.cache import file_digest

    picture = tmp_path / "bild.jpg"
    picture.write_bytes(b"erstes Bild")
    entry, data = file_digest(picture)
    assert entry[2] == hashlib.sha256(b"erstes Bild").hexdigest() and data == b"erstes Bild"
    # Same size and mtime: the last build's digest, and the file is not read again.
    stat = picture.stat()
    picture.write_bytes(b"zweites Bil")
    os.utime(picture, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_digest(picture, entry) == (entry, None)
    # Another mtime: read and hashed again.
    os.utime(picture, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    again, data = file_digest(picture, entry)
    assert again[2] == hashlib.sha256(b"zweites Bil").hexdigest() and data == b"zweites Bil"


def test_a_build_that_used_every_entry_and_added_none_leaves_the_file_alone(tmp_path):
    first = DerivedCache(tmp_path, "feeds", "1")
    first.put("a", "eins")
    first.save()
    written = first.path.stat().st_mtime_ns
    warm = DerivedCache(tmp_path, "feeds", "1")
    assert warm.get("a") == "eins"
    first.path.chmod(0o400)  # a write now would replace the file (and its mode)
    warm.save()
    assert first.path.stat().st_mtime_ns == written
    assert oct(first.path.stat().st_mode & 0o777) == "0o400"
