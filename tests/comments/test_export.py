"""Writing comment files: atomic, through a temporary file of its own in the same folder."""

import threading

from comments.files import write_text


def test_a_stale_temporary_file_does_not_block_the_export(tmp_path):
    target = tmp_path / "artikel" / "20250311-081500-aa11bb.md"
    target.parent.mkdir()
    (target.parent / f".{target.name}.tmp").mkdir()  # left behind, in the way of a fixed name
    assert write_text(target, "Author: Greta\n\nHallo\n")
    assert target.read_text(encoding="utf-8") == "Author: Greta\n\nHallo\n"
    assert not write_text(target, "Author: Greta\n\nHallo\n")  # unchanged: not written


def test_two_writers_at_once_leave_one_whole_file_and_no_temporary_files(tmp_path):
    target = tmp_path / "artikel" / "c1.md"
    texts = [f"Author: {name}\n\n" + name * 5000 + "\n" for name in ("A", "B")]
    failures = []

    def write(text: str) -> None:
        for _ in range(200):
            try:
                write_text(target, text)
            except OSError as error:
                failures.append(error)

    threads = [threading.Thread(target=write, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert target.read_text(encoding="utf-8") in texts
    assert sorted(p.name for p in target.parent.iterdir()) == ["c1.md"]
