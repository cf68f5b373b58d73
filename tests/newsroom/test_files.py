import pytest

from newsroom.files import atomic_path, write_atomically


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
