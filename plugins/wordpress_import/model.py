"""What the import reads from a WordPress export: authors, terms, menus, items (posts,
pages, attachments, menu entries) and their comments. Frozen records; an item's content
and comments are kept only until they are spooled (see ``spool.Spool``)."""

from dataclasses import dataclass, field, replace

# The post meta the import uses after the read; every other key is dropped when an item
# is kept in memory (attachment metadata alone can be kilobytes per picture).
USED_META = frozenset(
    [
        "_thumbnail_id",
        "_wp_attachment_image_alt",
        "_yoast_wpseo_metadesc",
        "rank_math_description",
        "_aioseo_description",
        "_yoast_wpseo_primary_category",
        "rank_math_primary_category",
        "_menu_item_type",
        "_menu_item_object",
        "_menu_item_object_id",
        "_menu_item_url",
        "_menu_item_menu_item_parent",
    ]
)


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # bio, website, social links if exported
    id: str = ""  # WordPress's user id: a comment's comment_user_id names it


@dataclass(frozen=True)
class Term:
    domain: str  # "category", "post_tag", "nav_menu", or a plugin's taxonomy ("author")
    slug: str  # WordPress's nicename, possibly percent-encoded
    name: str


@dataclass(frozen=True)
class Category:
    """A category from the channel's list, with its parent for nested archive URLs."""

    term_id: str
    slug: str
    name: str
    parent: str = ""  # the parent's nicename
    taxonomy: str = "category"  # or "post_tag" (a tag, read for the menu's entries)


@dataclass(frozen=True)
class Menu:
    """A WordPress navigation menu (a ``nav_menu`` term); its entries are items."""

    term_id: str
    slug: str
    name: str


@dataclass(frozen=True)
class Comment:
    id: str
    parent: str  # "0" or "" for none
    author: str
    email: str
    url: str
    date: str  # the blog's local time
    date_gmt: str
    content: str
    approved: str  # "1", "0", "spam", "trash", …
    type: str  # "", "comment", "pingback", "trackback"
    user_id: str
    line: int


@dataclass(frozen=True)
class Item:
    id: int
    type: str  # post, page, attachment, nav_menu_item, …
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    date: str  # the blog's local time, "2019-03-04 10:00:00"
    date_gmt: str
    modified: str
    modified_gmt: str
    name: str  # post_name, the slug (percent-encoded for non-Latin scripts)
    status: str
    parent: int
    password: str
    sticky: bool
    terms: tuple[Term, ...]
    meta: dict[str, str]
    attachment_url: str
    line: int  # where the item starts in the export, for messages
    comment_status: str = "open"
    menu_order: int = 0
    pub_date: str = ""  # RSS pubDate ("Tue, 09 Apr 2013 13:37:45 +0000"), a date of last resort
    comments: tuple[Comment, ...] = ()

    def slim(self) -> "Item":
        """The item without its text, comments and unused meta: what stays in memory."""
        meta = {k: v for k, v in self.meta.items() if k in USED_META}
        return replace(self, content="", excerpt="", comments=(), meta=meta)


@dataclass(frozen=True)
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""  # of the wp: namespace: 1.0, 1.1, 1.2 (or a newer 1.x)
    pub_date: str = ""  # when the export was made


@dataclass(frozen=True)
class Notice:
    """Something the reader tolerated in the file (a namespace that is no valid URI, CDATA
    an old WordPress did not escape); it goes into the report."""

    line: int
    message: str
