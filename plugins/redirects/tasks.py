"""`invoke redirects.add OLD NEW`: a row for content/redirects.csv, checked and in its
normal spelling (``redirects.edit``)."""

from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parents[2]


@task(
    help={
        "old": "the old address, a site path: /2019/03/alter-titel/ or /?p=123",
        "new": "where it went, a site path: /2019/03/neuer-titel/",
        "settings": "settings file (default: pelicanconf.py)",
    }
)
def add(c, old, new, settings=""):
    """Redirect an old address to its new page (a row in content/redirects.csv)."""
    from publishing.project import Project
    from redirects.edit import add_rows
    from redirects.hooks import table_path

    project = Project(ROOT)
    pelican = project.read_settings(Path(settings) if settings else project.settings_base)
    table = table_path(pelican)
    try:
        lines = add_rows(table, [(old, new)], project.shown(table))
    except ValueError as error:
        raise Exit(f"Nothing was added: {error}", code=2) from None
    print("\n".join(lines))


redirects = Collection("redirects")
redirects.add_task(add)
