"""Reading WordPress exports: both namespaces, the fields the import uses, bad files."""

from pathlib import Path

import pytest

from wordpress_import.model import Author, Category, Item, Site
from wordpress_import.sample import write_sample
from wordpress_import.wxr import ExportError, iter_export

BLOG = Path(__file__).resolve().parent / "fixtures" / "blog.xml"


def records(path: Path) -> list:
    return list(iter_export(path))


def test_authors_categories_site_and_items_in_file_order():
    found = records(BLOG)
    kinds = [type(r).__name__ for r in found]
    assert kinds[:3] == ["Author", "Author", "Author"] and kinds.index("Site") == 9
    site = next(r for r in found if isinstance(r, Site))
    assert (site.version, site.base_blog_url) == ("1.2", "https://alt.hafenlicht.example")
    jana = next(r for r in found if isinstance(r, Author))
    assert jana.display_name == "Jana Albers" and jana.meta["twitter"] == "@jana_albers"
    linkedin = next(r for r in found if isinstance(r, Category) and r.slug == "linkedin")
    assert (linkedin.term_id, linkedin.parent) == ("4", "social-media")


def test_an_item_carries_what_the_import_needs():
    post = next(r for r in records(BLOG) if isinstance(r, Item) and r.id == 10)
    assert post.title == "Pressearbeit im <em>Wandel</em> &amp; was bleibt"
    assert (post.type, post.status, post.creator, post.sticky) == ("post", "publish", "jana", True)
    assert (post.date, post.date_gmt) == ("2019-03-04 10:00:00", "2019-03-04 09:00:00")
    assert post.meta["_thumbnail_id"] == "20"
    assert [t.slug for t in post.terms if t.domain == "category"][:2] == [
        "social-media",
        "pressearbeit",
    ]
    assert post.content.startswith("Pressearbeit hat sich verändert.")
    assert post.line > 1


def test_wxr_1_1_and_1_0_namespaces(tmp_path):
    for version in ("1.1", "1.0"):
        old = tmp_path / f"{version}.xml"
        old.write_text(BLOG.read_text().replace("export/1.2/", f"export/{version}/"), "utf-8")
        found = records(old)
        assert next(r for r in found if isinstance(r, Site)).version == version
        assert len([r for r in found if isinstance(r, Item)]) == len(
            [r for r in records(BLOG) if isinstance(r, Item)]
        )


def test_a_generated_export_streams(tmp_path):
    export = tmp_path / "big.xml"
    write_sample(export, 300)
    items = [r for r in iter_export(export) if isinstance(r, Item)]
    assert [i.id for i in items] == list(range(1000, 1300))


def test_no_wordpress_export(tmp_path):
    rss = tmp_path / "feed.xml"
    rss.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item/></channel></rss>')
    with pytest.raises(ExportError, match=r"feed\.xml: not a WordPress export"):
        records(rss)


def test_broken_xml_names_file_and_line(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(BLOG.read_text().replace("</wp:post_name>", "</wp:name>", 1), "utf-8")
    with pytest.raises(ExportError, match=r"broken\.xml:\d+: not readable as XML"):
        records(broken)
