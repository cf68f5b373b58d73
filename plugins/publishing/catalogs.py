"""`invoke i18n`: the theme's translation catalogues brought up to date with the UI texts
of the templates and plugins (babel.cfg), with Babel's own commands.

Run on a checkout whose texts did not change, it changes no file: Babel stamps every
template it extracts with the time (POT-Creation-Date) and the year (the copyright
lines), and `update` copies that time into each catalogue, so the template is replaced
only when a message in it changed. The catalogues are written as Babel writes them
(its line width, 76); one edited by hand is rewrapped the first time, which the tests
catch (tests/test_tasks.py runs the task on a clean copy of the checkout).
"""

import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from newsroom.files import write_atomically

# gettext_in(lang, message): the language switcher's texts, in the language it leads to.
KEYWORDS = ("gettext_in:2",)


def update_catalogues(root: Path) -> bool:
    """Extract the messages of the project at ``root`` into its template, then update
    every language's catalogue from it; whether any message changed."""
    translations = root / "theme" / "translations"
    template = translations / "messages.pot"
    with tempfile.TemporaryDirectory(prefix="i18n-") as scratch:
        extracted = Path(scratch) / "messages.pot"
        keywords = [argument for keyword in KEYWORDS for argument in ("-k", keyword)]
        _babel(
            "extract",
            *("-F", str(root / "babel.cfg"), *keywords, "--no-location", "--sort-output"),
            *("-o", str(extracted), str(root)),
        )
        fresh = extracted.read_bytes()
    changed = not template.is_file() or _messages(fresh) != _messages(template.read_bytes())
    if changed:
        write_atomically(template, fresh)
    # A message the templates no longer use leaves the catalogues (git keeps it), rather
    # than staying behind as a commented-out "#~" entry.
    _babel(
        "update",
        *("--no-fuzzy-matching", "--ignore-obsolete"),
        *("-i", str(template), "-d", str(translations)),
    )
    return changed


def _messages(catalogue: bytes) -> bytes:
    """A template without its header (the comment with the year, and the header entry
    with POT-Creation-Date): what it says, not when it was made. Babel ends the header
    entry, like every entry, with an empty line."""
    return catalogue.partition(b"\n\n")[2]


def _babel(*arguments: str) -> None:
    """One of Babel's commands (pybabel), in this process."""
    CommandLineInterface().run(["pybabel", *arguments])
