"""The intake's HTML pages and messages, in the site's language, from the site's theme."""

from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from comments.settings import CommentsSettings
from newsroom.i18n import load_translations


class Pages:
    """The theme's templates (autoescaped, with the site's translations) and ``gettext``."""

    def __init__(self, settings: CommentsSettings) -> None:
        translations = load_translations(Path(settings.theme_path), settings.lang)
        self.gettext = translations.gettext
        templates = Environment(
            loader=FileSystemLoader(Path(settings.theme_path) / "templates"),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
        )
        templates.install_gettext_translations(translations, newstyle=True)
        self.templates = templates
        # The site's origin: its stylesheet is the only one the pages load.
        parts = urlsplit(settings.site_url)
        self.site_origin = f"{parts.scheme}://{parts.netloc}"

    def template(self, name: str) -> Template:
        return self.templates.get_template(name)
