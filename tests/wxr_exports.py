"""Small WordPress exports written by the tests, one class of real-world defect each.

``export(path, item(...), item(...))`` writes a WXR 1.2 file with one author; ``item``
and ``comment`` take the fields a case needs and default the others the way WordPress
writes them.
"""

from html import escape
from pathlib import Path

SITE = "https://alt.example"
HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Altes Blog</title><link>{SITE}</link>
<pubDate>Mon, 10 Jun 2024 12:00:00 +0000</pubDate>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>jana</wp:author_login>
<wp:author_display_name><![CDATA[Jana Albers]]></wp:author_display_name></wp:author>
"""


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def comment(
    number: int,
    text: str = "Danke!",
    author: str = "Leserin",
    date: str = "2019-03-05 09:00:00",
    date_gmt: str = "2019-03-05 08:00:00",
    approved: str = "1",
    parent: int = 0,
) -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{cdata(author)}</wp:comment_author>"
        "<wp:comment_author_email>leserin@example.org</wp:comment_author_email>"
        f"<wp:comment_date>{date}</wp:comment_date>"
        f"<wp:comment_date_gmt>{date_gmt}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(text)}</wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
        "</wp:comment>"
    )


def item(
    number: int,
    title: str = "Ein Beitrag",
    content: str = "<p>Text.</p>",
    kind: str = "post",
    name: str | None = None,
    link: str | None = None,
    date: str = "2019-03-04 10:00:00",
    date_gmt: str = "2019-03-04 09:00:00",
    status: str = "publish",
    parent: int = 0,
    creator: str = "jana",
    extra: str = "",
) -> str:
    """One ``<item>``; ``extra`` is more markup inside it (meta, comments, categories)."""
    name = f"beitrag-{number}" if name is None else name
    link = f"{SITE}/2019/03/{name}/" if link is None else link
    return f"""<item><title>{escape(title)}</title><link>{escape(link)}</link>
<dc:creator>{cdata(creator)}</dc:creator><guid isPermaLink="false">{SITE}/?p={number}</guid>
<content:encoded>{cdata(content)}</content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>
<wp:post_name>{escape(name)}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>{kind}</wp:post_type><wp:post_password></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>{extra}</item>
"""


def attachment(number: int, url: str, parent: int = 0, alt: str = "", caption: str = "") -> str:
    alt_meta = meta("_wp_attachment_image_alt", alt) if alt else ""
    return f"""<item><title>Bild {number}</title><link>{SITE}/?attachment_id={number}</link>
<guid isPermaLink="false">{escape(url)}</guid><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded>{cdata(caption)}</excerpt:encoded><wp:post_id>{number}</wp:post_id>
<wp:post_date>2019-03-04 10:00:00</wp:post_date><wp:post_name>bild-{number}</wp:post_name>
<wp:status>inherit</wp:status><wp:post_parent>{parent}</wp:post_parent>
<wp:post_type>attachment</wp:post_type><wp:attachment_url>{escape(url)}</wp:attachment_url>
{alt_meta}</item>
"""


def meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def export(path: Path, *items: str, head: str = "", prolog: str = "") -> Path:
    """Write the export; ``head`` goes before the items (terms, menus), ``prolog`` before
    the root element (after the XML declaration)."""
    text = HEAD.replace("?>\n", "?>\n" + prolog, 1) + head + "".join(items) + "</channel></rss>\n"
    path.write_text(text, encoding="utf-8")
    return path
