"""Articles of the same date come in the same order in every build (contract/order.py).

Pelican finds the source files as a set, whose order follows the process's hash seed;
the builds here run in processes with different seeds, as two CI runs do.
"""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOT, copy_fixture
from contract.order import settled

SAME_MINUTE = [
    ("erst-zuhoeren", "Erst zuhören, dann posten"),
    ("bilder-mit-rechten", "Bilder mit Rechten"),
    ("zehn-fragen", "Zehn Fragen an die Redaktion"),
    ("ohne-fachjargon", "Ohne Fachjargon"),
    ("die-messe-danach", "Die Messe danach"),
    ("alt-texte", "Alt-Texte, die helfen"),
    ("kurz-und-klar", "Kurz und klar"),
]

BUILD = """
import sys
sys.path.insert(0, {plugins!r})
from pelican import Pelican
from pelican.settings import read_settings

settings = read_settings({settings!r}, override={{
    "PATH": {content!r}, "OUTPUT_PATH": {output!r}, "CACHE_PATH": {cache!r},
    "SITEURL": "https://blog.example.de", "FEEDS_SITEURL": "https://blog.example.de",
}})
Pelican(settings).run()
"""


def test_ties_follow_the_source_file_after_the_order_setting():
    def item(path, date):
        return SimpleNamespace(relative_source_path=path, source_path="/x/" + path, date=date)

    items = [item("2025/c.md", 2), item("2025/b.md", 1), item("2025/a.md", 2), item("d.md", 1)]
    ordered = settled(items, "reversed-date")
    assert [i.relative_source_path for i in ordered] == [
        "2025/a.md",
        "2025/c.md",
        "2025/b.md",
        "d.md",
    ]


def _build(project: Path, seed: str) -> Path:
    output = project / f"output-{seed}"
    code = BUILD.format(
        plugins=str(ROOT / "plugins"),
        settings=str(ROOT / "publishconf.py"),
        content=str(project / "content"),
        output=str(output),
        cache=str(project / f"cache-{seed}"),
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return output


def test_articles_of_the_same_minute_are_listed_alike_by_every_build(tmp_path):
    copy_fixture("basic", tmp_path)
    for slug, title in SAME_MINUTE:
        (tmp_path / "content" / "2025" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: 2025-03-12 09:00\nAuthor: Jana Albers\n"
            "Category: Social Media\nTags: Redaktion\n"
            f"Summary: {title}: ein Beitrag zur gleichen Minute.\n\nText von {title}.\n",
            encoding="utf-8",
        )
    first, second = (_build(tmp_path, seed) for seed in ("1", "2"))
    shown = ["index.html", "thema/redaktion/index.html", "thema/redaktion/atom.xml"]
    for relative in shown:
        assert (first / relative).is_file(), relative
    page = (first / "thema/redaktion/index.html").read_text(encoding="utf-8")
    positions = [page.find(title) for _, title in SAME_MINUTE]
    assert -1 not in positions
    # Sorted by their source files: alt-texte.md first, zehn-fragen.md last.
    assert positions.index(min(positions)) == 5 and positions.index(max(positions)) == 2
    differing = [
        str(path.relative_to(first))
        for path in sorted(first.rglob("*"))
        if path.is_file() and path.read_bytes() != (second / path.relative_to(first)).read_bytes()
    ]
    assert differing == []
