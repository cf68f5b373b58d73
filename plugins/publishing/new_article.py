"""`invoke new`: a draft article with a complete header, at a free slug."""

import subprocess
from datetime import datetime
from pathlib import Path

from publishing.project import Project, Refused

BODY = """\
Der erste Absatz steht hier. Entfernen Sie „Status: draft“, wenn der Text erscheinen soll.

## Zwischenüberschrift

Weiterer Text.
"""
# The draft's text in another language (--lang): the same hints in it.
BODIES = {
    "en": """\
The first paragraph goes here. Remove “Status: draft” when the text may appear.

## A subheading

More text.
""",
}


def write_new_article(
    project: Project,
    title: str,
    now: datetime,
    author: str = "",
    category: str = "",
    folder: str = "",
    slug: str = "",
    lang: str = "",
) -> Path:
    """Write the draft below ``project.content``; its path. ``Refused`` (code 2) when the
    title gives no slug, the file exists, another article has the slug or the header
    would be wrong."""
    from newsroom.header_writer import write_content
    from newsroom.headers import Kind, check_header, split_source
    from newsroom.slugs import slug_for_title
    from publishing.sources import Layout, article_slugs

    if title.startswith("-"):
        # invoke hands `invoke new --help` the flag as the title (the positional comes first).
        raise Refused(f'"{title}" is no title; the options of the task: invoke --help new', 2)
    if folder and (Path(folder).is_absolute() or ".." in Path(folder).parts):
        raise Refused(f"--folder {folder}: expected a folder below content/, e.g. 2025", 2)
    made = slug_for_title(title)
    slug = slug or made
    if not slug:
        raise Refused(f'The title "{title}" gives no usable slug; use letters or digits.', 2)
    target = project.content / (folder or str(now.year)) / f"{slug}.md"
    if target.exists():
        raise Refused(f"{project.shown(target)} exists already; choose another title.", 2)
    layout = Layout(content_root=project.content, project_root=project.content.parent)
    taken = article_slugs(layout).get(slug)
    if taken:
        # Comments, social cards, feed ids and the comment form key on the slug.
        raise Refused(
            f'The slug "{slug}" belongs to {taken} already (its comments, card and feed '
            f"entry key on it); choose another title, or give one: --slug {slug}-2",
            2,
        )
    header = draft_header(title, now, author, category, slug if slug != made else "")
    if lang:  # another language than the site's (the task checked it)
        header["Lang"] = lang
    text = write_content(Kind.ARTICLE, header, BODIES.get(lang, BODY))
    checked = check_header(
        Kind.ARTICLE, project.shown(target), split_source(text), None, project.timezone
    )
    if checked.errors:
        raise Refused("\n".join(str(problem) for problem in checked.errors), 2)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def draft_header(title: str, now: datetime, author: str, category: str, slug: str) -> dict:
    """The header of a draft; empty keys are fields for the editor to fill in."""
    return {
        "Title": title,
        "Date": now.strftime("%Y-%m-%d %H:%M"),
        "Author": author or git_user_name() or "Redaktion",
        "Category": category or "Allgemein",
        "Slug": slug or None,  # only when it is not the title's
        "Tags": "",
        "Summary": "",
        "Image": "",
        "Type": "article",
        "Comments": "open",
        "Status": "draft",
    }


def profile_hint(project: Project, article: Path) -> str:
    """What to do when the new article's author has no profile ("" when there is one):
    the production build refuses such an article once it is no longer a draft."""
    from newsroom.header_source import split_source
    from newsroom.slugs import slugify_german

    source = split_source(article.read_text(encoding="utf-8"))
    author = next((line.value for line in source.header if line.key.lower() == "author"), "")
    profile = project.content / "authors" / f"{slugify_german(author)}.md"
    if not author or profile.exists():
        return ""
    return (
        f'"Author: {author}" has no profile yet: write {project.shown(profile)} with '
        f'"Name: {author}" (or give --author the name of an existing profile) before the '
        "article leaves draft status; the production build refuses it otherwise."
    )


def git_user_name() -> str:
    """The author of a new article when none is given: git's user.name, if set."""
    try:
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return result.stdout.strip()
