"""A generated WordPress export (WXR 1.2) of N posts, for the import figure and the tests.

Deterministic: the same N gives the same file. Each post has classic or block content
with paragraphs, a heading, a list, sometimes code, a captioned picture, an embed, two
categories, tags and a comment thread.
"""

from datetime import datetime, timedelta
from html import escape
from pathlib import Path

SITE = "https://alt.hafenlicht.example"
TOPICS = ("Pressearbeit", "Social Media", "Krisenkommunikation", "Interne Kommunikation")
WORDS = [
    "Kommunikation",
    "Redaktion",
    "Zielgruppe",
    "Botschaft",
    "Kanal",
    "Agentur",
    "Kampagne",
    "Reichweite",
    "Dialog",
    "Pressemitteilung",
    "Interview",
    "Strategie",
    "Marke",
    "Vertrauen",
    "Öffentlichkeit",
    "Beitrag",
    "Leserinnen",
]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _nicename(name: str) -> str:
    return name.lower().replace(" ", "-")


def _sentence(number: int, length: int = 12) -> str:
    words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def _body(number: int) -> str:
    paragraphs = [" ".join(_sentence(number + k) for k in range(3)) for k in range(4)]
    picture = (
        f'[caption id="attachment_{number}" align="aligncenter" width="800"]'
        f'<img src="{SITE}/wp-content/uploads/2020/01/bild-{number}-300x200.jpg" '
        f'alt="Bild {number}" width="300" height="200" /> Szene {number} Foto: Agentur[/caption]'
    )
    code = "<pre><code>if (a &lt; b) {\n    return a;\n}</code></pre>" if number % 5 == 0 else ""
    embed = "https://www.youtube.com/watch?v=abcdef12345" if number % 7 == 0 else ""
    return "\n\n".join(
        [
            paragraphs[0],
            "<!--more-->",
            f"<h2>Abschnitt {number}</h2>",
            paragraphs[1],
            "<ul>\n<li>Erstens</li>\n<li>Zweitens</li>\n</ul>",
            picture,
            paragraphs[2],
            code,
            embed,
            paragraphs[3],
        ]
    )


def _item(number: int, when: datetime, comments_per_post: int = 2) -> str:
    slug = f"beitrag-nummer-{number}"
    link = f"{SITE}/{when:%Y/%m}/{slug}/"
    first, second = TOPICS[number % 4], TOPICS[(number + 1) % 4]
    comments = "".join(
        f"""<wp:comment><wp:comment_id>{number * 10 + k}</wp:comment_id>
<wp:comment_author>{_cdata(f"Leserin {k}")}</wp:comment_author>
<wp:comment_author_email>leserin{k}@example.org</wp:comment_author_email>
<wp:comment_author_url></wp:comment_author_url>
<wp:comment_date>{when + timedelta(hours=k + 1):%Y-%m-%d %H:%M:%S}</wp:comment_date>
<wp:comment_date_gmt>{when + timedelta(hours=k):%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>
<wp:comment_content>{_cdata(_sentence(number + k, 8))}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{number * 10 if k else 0}</wp:comment_parent></wp:comment>"""
        for k in range(comments_per_post)
    )
    return f"""<item><title>{escape(f"Beitrag Nummer {number}: Über Reichweite")}</title>
<link>{link}</link><pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
<dc:creator>{_cdata("jana" if number % 2 else "mehmet")}</dc:creator>
<guid isPermaLink="false">{SITE}/?p={number}</guid><description></description>
<content:encoded>{_cdata(_body(number))}</content:encoded>
<excerpt:encoded>{_cdata("")}</excerpt:encoded>
<wp:post_id>{number}</wp:post_id>
<wp:post_date>{when + timedelta(hours=1):%Y-%m-%d %H:%M:%S}</wp:post_date>
<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="{_nicename(first)}">{_cdata(first)}</category>
<category domain="category" nicename="{_nicename(second)}">{_cdata(second)}</category>
<category domain="post_tag" nicename="tipps">{_cdata("Tipps")}</category>
{comments}</item>
"""


HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Altes Blog</title><link>{SITE}</link><language>de-DE</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{_cdata("jana")}</wp:author_login>
<wp:author_email>jana@example.org</wp:author_email>
<wp:author_display_name>{_cdata("Jana Albers")}</wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login>{_cdata("mehmet")}</wp:author_login>
<wp:author_email>mehmet@example.org</wp:author_email>
<wp:author_display_name>{_cdata("Mehmet Yıldız")}</wp:author_display_name></wp:author>
"""


def write_sample(path: Path, count: int, first_id: int = 1000, comments: int = 2) -> None:
    """Write an export of ``count`` posts, one every 20 hours from January 2020 on, each
    with ``comments`` comments (a thread)."""
    start = datetime(2020, 1, 6, 9, 0)
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEAD)
        for index in range(count):
            when = start + timedelta(hours=20 * index)
            stream.write(_item(first_id + index, when, comments))
        stream.write("</channel></rss>\n")
