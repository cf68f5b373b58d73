"""What a reader wrote, made safe for the editors' plain-text mail.

The notification mail carries the moderation links as lines of their own ("Freigeben:"
and the link on the next line). A reader's text, name or website, or a mentioning
page's title, must never produce a line that looks like one of them. So:

- A single-line value (name, website, title, spam reason) becomes one line: every line
  break of any kind (CR, LF, NEL, U+2028 …) and every other control or format character
  is shown, not obeyed, and runs of white space become one space. It is printed only
  after a label of ours, so it never starts a line.
- A text is quoted: every line, in every sense of "line" a mail program may have
  (``str.splitlines``: CR, LF, VT, FF, FS, GS, RS, NEL, U+2028, U+2029), starts with
  ``"> "``. Control and format characters inside a line, among them the bidirectional
  overrides that could turn the quote marker around on the screen, are shown as
  ``[U+202E]``; a tab becomes a space.

Look-alike letters (a Cyrillic "і" in "Freіgeben") need no rule of their own: whatever
they spell, they stand inside a quoted line or after a label.
"""

import unicodedata

QUOTE = "> "
# Categories shown instead of obeyed: controls, format characters (bidi overrides,
# zero-width joiners, soft hyphens), line and paragraph separators, unassigned points.
SHOWN = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def _shown(character: str) -> str:
    if character == "\t":
        return " "
    if unicodedata.category(character) in SHOWN:
        return f"[U+{ord(character):04X}]"
    return character


def visible(line: str) -> str:
    """``line`` with every control and format character shown as ``[U+XXXX]``."""
    return "".join(_shown(character) for character in line)


def one_line(value: str) -> str:
    """A value for a labelled line: line breaks and spacing collapsed to single spaces,
    other control and format characters shown."""
    return " ".join(visible(" ".join(value.splitlines())).split())


def quoted(text: str) -> str:
    """``text`` as a quote: each line starting with ``"> "`` (an empty line as ``">"``)."""
    lines = text.splitlines() or [""]
    return "\n".join((QUOTE + visible(line)).rstrip() for line in lines)
