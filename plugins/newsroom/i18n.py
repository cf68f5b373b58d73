"""UI translations: the theme's gettext catalogues, compiled in memory at build time.

Templates use English message ids; ``theme/translations/<lang>/LC_MESSAGES/
messages.po`` translates them. Compiling the ``.po`` file on each build (a few
milliseconds) means no binary ``.mo`` file has to be committed or kept in sync.
"""

import gettext
import io
import logging
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language of the message ids in the templates


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for translation")
    """Mark a message id for `invoke i18n` without translating it here."""
    return message


def catalogue_path(theme: Path, lang: str) -> Path:
    return theme / "translations" / lang / "LC_MESSAGES" / "messages.po"


def load_translations(theme: Path, lang: str) -> gettext.NullTranslations:
    """The translations for ``lang``; English message ids when there is no catalogue."""
    path = catalogue_path(theme, lang)
    if not path.is_file():
        if lang != SOURCE_LANGUAGE:
            logger.warning(
                "No UI translation for language %r (%s is missing); the UI stays English",
                lang,
                path,
            )
        return gettext.NullTranslations()
    stat = path.stat()
    return _compiled(str(path), lang, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _compiled(path: str, lang: str, mtime_ns: int, size: int) -> Translations:
    """Compiled once per version of the file: every generator and plugin asks."""
    del mtime_ns, size  # part of the cache key only
    with Path(path).open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
