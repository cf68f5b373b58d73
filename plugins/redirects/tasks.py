"""`invoke redirects.add OLD NEW`: a row for content/redirects.csv, checked and in its
normal spelling (``redirects.edit``)."""

from pathlib import Path

from invoke import Collection, Exit, task

from publishing.project import SETTINGS_HELP, Project

# The project whose table is edited (the tests lay a temporary content folder over it).
PROJECT = Project(Path(__file__).resolve().parents[2])


@task(
    help={
        "old": "the old address, a site path: /2019/03/alter-titel/ or /?p=123",
        "new": "where it went, a site path: /2019/03/neuer-titel/",
        "settings": SETTINGS_HELP["development"],
    }
)
def add(c, old, new, settings=""):
    """Redirect an old address to its new page (a row in content/redirects.csv)."""
    from redirects.edit import add_rows
    from redirects.hooks import table_path

    project = PROJECT
    pelican = project.read_settings(Path(settings) if settings else project.settings_base)
    table = table_path(pelican)
    page = _page_at(pelican, old)
    if page:
        raise Exit(
            f"Nothing was added: {old} is the address of {page}; a redirect there would "
            "hide that page (change its Slug first)",
            code=2,
        )
    try:
        lines = add_rows(table, [(old, new)], project.shown(table))
    except ValueError as error:
        raise Exit(f"Nothing was added: {error}", code=2) from None
    print("\n".join(lines))


def _page_at(settings: dict, old: str) -> str:
    """The content file whose page has the address ``old`` ("" when none has)."""
    from publishing.checks import content_layout
    from publishing.sources import url_map
    from redirects.table import redirect_key

    key = redirect_key(old)
    for output, source in url_map(content_layout(settings)).items():
        if redirect_key("/" + output.removesuffix("index.html")) == key:
            return source
    return ""


redirects = Collection("redirects")
redirects.add_task(add)
