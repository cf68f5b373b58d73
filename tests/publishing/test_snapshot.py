"""The site snapshot: an unchanged production build is restored, any change builds anew."""

from pathlib import Path

import pytest

from conftest import copy_fixture
from publishing.preview import build_into_place
from site_project import site_project

RESTORED = "Nothing the build reads has changed"


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def preview(project: Path, capsys) -> str:
    blog = site_project(project)
    assert build_into_place(blog, blog.settings_publish, project / "output")
    return " ".join(capsys.readouterr().out.split())


def test_an_unchanged_preview_is_restored_byte_for_byte_with_its_warnings(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    assert RESTORED not in preview(tmp_path, capsys)
    built = site_files(tmp_path / "output")

    printed = preview(tmp_path, capsys)
    assert RESTORED in printed
    # The last build's warning is reported again, not lost.
    assert "1 warning: content/2025/zweiter-beitrag.md:" in printed
    assert site_files(tmp_path / "output") == built


def test_an_edited_article_is_built_anew(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nEin Nachtrag der Redaktion.\n", encoding="utf-8"
    )
    assert RESTORED not in preview(tmp_path, capsys)
    page = next((tmp_path / "output" / "2024").rglob("zu-wem-gehoert-*/index.html"))
    assert "Ein Nachtrag der Redaktion." in page.read_text(encoding="utf-8")


def test_a_snapshot_changed_in_place_is_not_used(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    built = site_files(tmp_path / "output")
    # Whatever wrote into a published file also wrote into the snapshot (hard links).
    with (tmp_path / "output" / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- verändert -->")

    assert RESTORED not in preview(tmp_path, capsys)
    assert site_files(tmp_path / "output") == built


def test_the_snapshot_can_be_switched_off(tmp_path, capsys):
    copy_fixture("basic", tmp_path)
    preview(tmp_path, capsys)
    blog = site_project(tmp_path, PUBLISHING_SNAPSHOT=False)
    assert build_into_place(blog, blog.settings_publish, tmp_path / "output")
    assert RESTORED not in " ".join(capsys.readouterr().out.split())


def test_an_article_saved_during_the_first_build_is_built_again_next_time(tmp_path, capsys):
    from pelican import signals

    copy_fixture("basic", tmp_path)
    article = tmp_path / "content" / "2024" / "zu-wem-gehoert.md"

    def editor_saves(_generators) -> None:  # after Pelican has read the article
        article.write_text(article.read_text(encoding="utf-8") + "\nNachtrag.\n", "utf-8")

    signals.all_generators_finalized.connect(editor_saves)
    try:
        printed = preview(tmp_path, capsys)
    finally:
        signals.all_generators_finalized.disconnect(editor_saves)
    assert "no snapshot is kept" in printed
    assert RESTORED not in preview(tmp_path, capsys)
    page = next((tmp_path / "output" / "2024").rglob("zu-wem-gehoert-*/index.html"))
    assert "Nachtrag." in page.read_text(encoding="utf-8")


def test_the_snapshot_is_updated_in_place_and_keeps_the_files_it_holds(tmp_path):
    from publishing import snapshot
    from publishing.fingerprint import Fingerprint

    result = Fingerprint("key", {}, 0, "global")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("eins", encoding="utf-8")
    (site / "b.html").write_text("zwei", encoding="utf-8")
    folder = tmp_path / "snapshot"
    snapshot.store(folder, result, site)
    first = snapshot.Snapshot(folder)
    numbers = {path: entry[2] for path, entry in first.site.items()}

    # The next site: one page taken over (the very file), one new, one gone.
    following = tmp_path / "following"
    (following / "a").mkdir(parents=True)
    kept = folder / "files" / str(numbers["a/index.html"])
    (following / "a" / "index.html").hardlink_to(kept)
    (following / "c.html").write_text("drei", encoding="utf-8")
    storing = first.begin()
    storing.link(following)
    storing.finish(result)
    assert storing.linked == 1  # only the new file was linked

    second = snapshot.Snapshot(folder)
    assert second.site["a/index.html"][2] == numbers["a/index.html"]
    assert set(second.site) == {"a/index.html", "c.html"}
    assert sorted(p.name for p in (folder / "files").iterdir()) == sorted(
        str(entry[2]) for entry in second.site.values()
    )
    restored = tmp_path / "restored"
    restored.mkdir()
    assert second.restore("key", restored) is not None
    assert site_files(restored) == {"a/index.html": b"eins", "c.html": b"drei"}


@pytest.mark.parametrize(
    "kept",
    [
        "not a dict",
        {"options": 3, "parts": {}},
        {"options": "o", "parts": ["site"]},
        {"options": "o", "parts": {"site": ["de_1a2b3c4.pf_fragment"]}},
        {"options": "o", "parts": {"site": {"/2025/03/hafen/": 7}}},
        {"options": "o", "parts": {"site": {"/2025/03/hafen/": "../../manifest.json"}}},
        {"options": "o", "parts": {"site": {"/2025/03/hafen/": ".."}}},
    ],
)
def test_a_malformed_record_of_search_fragments_is_not_used(tmp_path, kept):
    # Anything unreadable in the snapshot only costs work (here: Pagefind writes every
    # fragment), never a failed build or a file outside the index's folder.
    import json

    from publishing.snapshot import VERSION, Snapshot

    manifest = {"version": VERSION, "site": {}, "search_fragments": kept}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert Snapshot(tmp_path).search_fragments == {}
    good = {"options": "o", "parts": {"site": {"/2025/03/hafen/": "de_1a2b3c4.pf_fragment"}}}
    manifest["search_fragments"] = good
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert Snapshot(tmp_path).search_fragments == good
