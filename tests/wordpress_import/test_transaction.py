"""All or nothing: staged files move into place together, or everything is put back."""

import json
from pathlib import Path

import pytest

from wordpress_import import transaction
from wordpress_import.transaction import JOURNAL, CommitFailed, commit, recover


def scene(tmp_path) -> tuple[Path, Path, list[tuple[Path, Path]], dict]:
    """A content folder with one file the import replaces, and three staged files (one of
    them in a folder that does not exist yet)."""
    content, state = tmp_path / "content", tmp_path / "var"
    (content / "2019").mkdir(parents=True)
    (content / "2019" / "alt.md").write_text("vorher")
    staging = state / "staging"
    (staging / "files").mkdir(parents=True)
    moves = []
    for number, target in enumerate(["2019/alt.md", "2019/neu.md", "2020/neu.md"]):
        staged = staging / "files" / str(number)
        staged.write_text(f"neu {number}")
        moves.append((staged, content / target))
    return content, state, moves, tree(content)


def tree(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): p.read_text() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def test_every_file_moves_and_the_comments_follow(tmp_path):
    content, state, moves, _before = scene(tmp_path)
    added = []
    commit(state, state / "staging", moves, ["wp-1"], lambda: added.append("wp-1"), print)
    assert tree(content) == {
        "2019": None,
        "2019/alt.md": "neu 0",
        "2019/neu.md": "neu 1",
        "2020": None,
        "2020/neu.md": "neu 2",
    }
    assert added == ["wp-1"]
    assert list(state.iterdir()) == []  # no journal, no staging, no backup left


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])  # four renames: a backup, three moves
def test_a_failure_at_any_move_puts_everything_back(tmp_path, monkeypatch, fail_at):
    content, state, moves, before = scene(tmp_path)
    calls = []
    real = transaction._replace

    def failing(source, target):
        calls.append(target)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(transaction, "_replace", failing)
    removed = []
    with pytest.raises(CommitFailed, match="No space left on device; every file is as it was"):
        commit(state, state / "staging", moves, ["wp-1"], lambda: None, removed.extend)
    monkeypatch.setattr(transaction, "_replace", real)
    assert tree(content) == before
    assert removed == ["wp-1"] and list(state.iterdir()) == []


def test_a_failing_queue_puts_the_files_back(tmp_path):
    content, state, moves, before = scene(tmp_path)

    def locked():
        raise RuntimeError("database is locked")

    with pytest.raises(CommitFailed, match="database is locked"):
        commit(state, state / "staging", moves, ["wp-1"], locked, lambda ids: None)
    assert tree(content) == before


def test_an_import_killed_midway_is_taken_back_by_the_next(tmp_path, monkeypatch):
    content, state, moves, before = scene(tmp_path)
    real = transaction._replace
    calls = []

    def killed(source, target):
        calls.append(target)
        if len(calls) == 2:  # the old file is in its backup, its successor not yet in place
            raise KeyboardInterrupt  # stands in for the kill: nothing after it runs
        real(source, target)

    monkeypatch.setattr(transaction, "_replace", killed)
    monkeypatch.setattr(transaction, "rollback", lambda journal, remove: None)
    with pytest.raises(KeyboardInterrupt):
        commit(state, state / "staging", moves, ["wp-1"], lambda: None, lambda ids: None)
    assert tree(content) != before and (state / JOURNAL).is_file()
    monkeypatch.undo()
    removed = []
    message = recover(state, removed.extend)
    assert "was interrupted" in message and "3 files were taken back" in message
    assert tree(content) == before and removed == ["wp-1"]
    assert list(state.iterdir()) == []
    assert recover(state, removed.extend) == ""  # nothing left to do


def test_a_committed_import_killed_before_its_clean_up_stays(tmp_path):
    content, state, moves, _before = scene(tmp_path)
    commit(state, state / "staging", moves, [], lambda: None, lambda ids: None)
    after = tree(content)
    journal = state / JOURNAL
    journal.write_text(json.dumps({"status": "committed", "staging": str(state / "x")}))
    assert recover(state, lambda ids: None) == ""
    assert tree(content) == after and not journal.exists()
