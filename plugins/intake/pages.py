"""The intake's HTML pages and messages, in the site's language or an article's, from the
site's theme."""

import functools
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from comments.settings import CommentsSettings
from newsroom.i18n import load_translations
from newsroom.languages import language_name
from newsroom.text import unquoted


class Pages:
    """The theme's templates (autoescaped, with the translations of one language, the
    site's by default) and ``gettext``."""

    def __init__(self, settings: CommentsSettings, lang: str = "") -> None:
        self.settings = settings
        self.lang = lang or settings.lang
        translations = load_translations(Path(settings.theme_path), self.lang)
        self.gettext = translations.gettext
        templates = Environment(
            loader=FileSystemLoader(Path(settings.theme_path) / "templates"),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
        )
        templates.install_gettext_translations(translations, newstyle=True)
        templates.filters["unquoted"] = unquoted  # a title set in „…“ by the texts
        # "Englisch": the moderation page names the language of each comment's article.
        templates.globals["language_name"] = functools.partial(language_name, in_language=self.lang)
        self.templates = templates
        self._languages: dict[str, Pages] = {self.lang: self}
        # The site's origin: its stylesheet is the only one the pages load.
        parts = urlsplit(settings.site_url)
        self.site_origin = f"{parts.scheme}://{parts.netloc}"

    def template(self, name: str) -> Template:
        return self.templates.get_template(name)

    def in_language(self, lang: str | None) -> "Pages":
        """These pages in ``lang`` (an article's, from the manifest): the intake answers a
        reader in the language of the article the comment belongs to."""
        if not lang:
            return self
        found = self._languages.get(lang)
        if found is None:
            found = Pages(self.settings, lang)
            found._languages = self._languages
            self._languages[lang] = found
        return found
