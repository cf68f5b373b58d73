"""Pelican's side of the redirects: read the table, write what the web servers need."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from contract.reader import project_relative
from newsroom.report import BuildStopped
from redirects import render
from redirects.table import read_redirects

if TYPE_CHECKING:
    from pelican import Pelican

logger = logging.getLogger(__name__)


def table_path(settings: dict) -> Path:
    return Path(settings["PATH"]) / settings.get("REDIRECTS_FILE", "redirects.csv")


def write_redirects(pelican: "Pelican") -> None:
    settings = pelican.settings
    table = table_path(settings)
    try:
        redirects = read_redirects(table)
    except ValueError as error:  # named as every other message names a file
        shown = str(error).replace(str(table), project_relative(table, settings), 1)
        raise BuildStopped(f"Build failed: {shown}") from None
    if not redirects:
        return
    output = Path(settings["OUTPUT_PATH"])
    siteurl = settings.get("SITEURL", "") if not settings.get("RELATIVE_URLS") else ""
    lang = settings.get("DEFAULT_LANG", "de")
    for redirect in redirects:
        relative = render.page_path(redirect.old)
        if relative is None:
            continue
        path = output / relative
        if path.exists():
            logger.warning(
                "redirects: %s is not redirected to %s: the site has a page there",
                redirect.old,
                redirect.new,
            )
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render.page(redirect.new, siteurl, lang), encoding="utf-8")
    (output / "redirects.map").write_text(render.nginx_map(redirects), encoding="utf-8")
    (output / ".htaccess").write_text(render.htaccess(redirects), encoding="utf-8")
