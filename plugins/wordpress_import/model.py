"""What the import reads from a WordPress export: authors, terms and items (posts,
pages, attachments). Frozen records; the content is kept only while one item is
converted (see ``wxr.iter_export``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # bio, website, social links if exported


@dataclass(frozen=True)
class Term:
    domain: str  # "category", "post_tag", or a plugin's taxonomy ("author" for co-authors)
    slug: str  # WordPress's nicename, possibly percent-encoded
    name: str


@dataclass(frozen=True)
class Category:
    """A category from the channel's list, with its parent for nested archive URLs."""

    term_id: str
    slug: str
    name: str
    parent: str = ""  # the parent's nicename


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
    line: int
    comment_status: str = "open"
    menu_order: int = 0  # where the item starts in the export, for messages

    def without_content(self) -> "Item":
        from dataclasses import replace

        return replace(self, content="")


@dataclass(frozen=True)
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""  # WXR version: 1.1 or 1.2
