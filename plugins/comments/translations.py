"""The theme's UI translations for the intake service, which runs without Pelican.

The build translates through ``newsroom.i18n``; importing anything from the newsroom
package also imports Pelican (its ``__init__`` wires signals), which the intake must not
need. This loader reads the same catalogue the same way.
"""

import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark for translation")
    """Mark a message id for `invoke i18n` without translating it here."""
    return message


def load(theme: Path, lang: str) -> gettext.NullTranslations:
    """The translations for ``lang`` from ``theme``; English message ids without one."""
    path = theme / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
