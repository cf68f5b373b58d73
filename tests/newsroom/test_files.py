import pytest

from newsroom.files import atomic_path, link_into_place, write_atomically


def test_write_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "neu" / "seite.html"
    write_atomically(target, b"erste")
    write_atomically(target, "zweite ä".encode(), durable=True)
    assert target.read_bytes() == "zweite ä".encode()
    assert oct(target.stat().st_mode & 0o777) == "0o644"  # readable by the web server
    assert [p.name for p in target.parent.iterdir()] == ["seite.html"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "artikel.json"
    target.write_text("alt")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("halb")
        raise RuntimeError("abgebrochen")
    assert target.read_text() == "alt"
    assert [p.name for p in tmp_path.iterdir()] == ["artikel.json"]


def test_two_writers_at_once_get_different_temporary_files(tmp_path):
    target = tmp_path / "kommentare.md"
    with atomic_path(target) as first, atomic_path(target) as second:
        assert first != second
        assert first.parent == second.parent == tmp_path  # a rename within one folder
        first.write_text("eins")
        second.write_text("zwei")
    assert target.read_text() == "eins"  # the outer block ends last and wins
    assert [p.name for p in tmp_path.iterdir()] == ["kommentare.md"]


def test_a_cached_file_is_linked_into_a_new_folder_and_replaces_an_old_one(tmp_path):
    cached = tmp_path / "cache" / "abc.br"
    write_atomically(cached, b"neu")
    fresh = tmp_path / "site" / "2025" / "index.html.br"
    link_into_place(cached, fresh)  # its folder does not exist yet
    assert fresh.read_bytes() == b"neu"
    assert fresh.stat().st_ino == cached.stat().st_ino  # a link, not a second copy
    old = tmp_path / "site" / "index.html.br"
    old.write_bytes(b"alt")
    link_into_place(cached, old)
    assert old.read_bytes() == b"neu"
    assert sorted(p.name for p in old.parent.iterdir()) == ["2025", "index.html.br"]
