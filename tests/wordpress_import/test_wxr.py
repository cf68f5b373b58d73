"""Reading WordPress exports: both namespaces, the fields the import uses, bad files."""

from pathlib import Path

import pytest

from wordpress_import.model import Author, Category, Item, Notice, Site
from wordpress_import.sample import write_sample
from wordpress_import.wxr import ExportError, UnreadableXml, iter_export, read_repairing

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


FIXTURES = BLOG.parent


def test_xml_comments_and_processing_instructions_anywhere_are_no_records():
    found = records(FIXTURES / "stream-noise.xml")
    author = next(r for r in found if isinstance(r, Author))
    post = next(r for r in found if isinstance(r, Item))
    assert (author.login, author.id) == ("jana", "1")
    assert post.content == "<p>Text bleibt.</p>" and post.meta == {"_thumbnail_id": "7"}
    assert [(c.id, c.author, c.content) for c in post.comments] == [("5", "Leser", "Gut.")]


def test_comments_come_with_their_post_from_the_same_pass():
    post = next(r for r in records(BLOG) if isinstance(r, Item) and r.id == 10)
    assert [c.id for c in post.comments] == ["101", "102", "103", "104", "105", "106"]
    reply = post.comments[1]
    assert (reply.parent, reply.date_gmt, reply.approved) == ("101", "2019-03-05 08:00:00", "1")


def test_a_declared_entity_is_refused_with_file_and_line():
    with pytest.raises(ExportError) as refused:
        records(FIXTURES / "entity.xml")
    assert str(refused.value).startswith(f"{FIXTURES / 'entity.xml'}:3: declares the entity")
    assert '"firma"' in str(refused.value)


def test_fields_count_by_namespace_not_by_prefix():
    found = records(FIXTURES / "namespaces.xml")
    # A namespace name that is no valid URI (libxml2 says so) is read, as WordPress does.
    (notice,) = [r for r in found if isinstance(r, Notice)]
    assert notice.line == 9 and "ümlaut.example" in notice.message
    # "wp:" bound to another namespace is no WordPress field; the 1.1 namespace is.
    assert [r.login for r in found if isinstance(r, Author)] == ["jana"]
    post, hijacked = [r for r in found if isinstance(r, Item)]
    assert (post.id, post.type, post.meta) == (1, "post", {"gut": "y"})
    assert (hijacked.id, hijacked.type) == (0, "")


def test_unescaped_cdata_of_an_old_wordpress_is_read_as_wordpress_reads_it():
    path = FIXTURES / "old-cdata.xml"
    with pytest.raises(UnreadableXml, match=r"old-cdata\.xml:6: not readable as XML"):
        records(path)
    found, repaired = read_repairing(lambda repair: list(iter_export(path, repair=repair)))
    post = next(r for r in found if isinstance(r, Item))
    assert repaired
    assert post.content == "<p>Im XML steht <code><![CDATA[ x ]]></code> :)</p>"
    assert post.meta == {"ende": "]]>", "richtig": "a]]>b"}  # the escaped one stays right


def test_a_broken_file_keeps_its_own_first_error_after_the_repair_was_tried(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(BLOG.read_text()[:-300], "utf-8")
    with pytest.raises(UnreadableXml) as raised:
        read_repairing(lambda repair: list(iter_export(broken, repair=repair)))
    assert str(raised.value).startswith(f"{broken}:")
    assert "not readable as XML (Premature end of data" in str(raised.value)
