"""Which files an import writes (never an editor's) and that it writes them only at the end."""

import pytest

from wordpress_import.files import (
    KEPT_DELETED,
    KEPT_EDITED,
    KEPT_FOREIGN,
    UNCHANGED,
    UPDATED,
    WRITTEN,
    Files,
    UnsafePath,
    safe_relative,
)


def imported(tmp_path, writes: dict[str, bytes]) -> dict[str, str]:
    """One import: the outcomes, then the staged files moved into place and the record
    kept (what ``transaction.commit`` does)."""
    record = tmp_path / "record.json"
    files = Files(tmp_path / "content", record, tmp_path / "staging")
    outcomes = {relative: files.write(relative, data) for relative, data in writes.items()}
    assert not any(
        (tmp_path / "content" / r).exists() for r in files.staged if outcomes[r] == WRITTEN
    )
    for relative, staged in files.staged.items():
        target = tmp_path / "content" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staged.replace(target)
    record.write_bytes(files.manifest_bytes())
    return outcomes


def test_files_written_updated_unchanged_and_kept(tmp_path):
    content = tmp_path / "content"
    assert imported(tmp_path, {"a.md": b"eins", "c.md": b"neu"}) == {
        "a.md": WRITTEN,
        "c.md": WRITTEN,
    }
    assert imported(tmp_path, {"a.md": b"zwei"}) == {"a.md": UPDATED}  # nobody touched it
    assert imported(tmp_path, {"a.md": b"zwei"}) == {"a.md": UNCHANGED}
    (content / "a.md").write_bytes(b"von Hand")
    (content / "b.md").write_bytes(b"fremd")
    (content / "c.md").unlink()
    assert imported(tmp_path, {"a.md": b"drei", "b.md": b"vier", "c.md": b"neu"}) == {
        "a.md": KEPT_EDITED,
        "b.md": KEPT_FOREIGN,
        "c.md": KEPT_DELETED,
    }
    assert (content / "a.md").read_bytes() == b"von Hand"
    assert (content / "b.md").read_bytes() == b"fremd"
    assert not (content / "c.md").exists()


def test_a_dry_run_stages_nothing(tmp_path):
    files = Files(tmp_path, tmp_path / "record.json", staging=None)
    assert files.write("a.md", b"eins") == WRITTEN
    assert files.staged == {} and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "relative",
    ["../x.md", "a/../../x.md", "/etc/x.md", "a\\..\\x.md", "a//b.md", "./a.md", ""],
)
def test_no_path_leaves_the_content_folder(tmp_path, relative):
    with pytest.raises(UnsafePath):
        safe_relative(relative)
    files = Files(tmp_path / "content", tmp_path / "record.json", tmp_path / "staging")
    with pytest.raises(UnsafePath):
        files.write(relative, b"x")
    assert not (tmp_path / "x.md").exists()
