"""Headlines that break a word only where it cannot fit.

The titles carry soft hyphens at German syllables (newsroom.hyphenation), and a browser
uses a soft hyphen as soon as part of the word fits at the end of a line: "Kom-
munikation", although "Kommunikation" would fit on the next line whole. Wrapped in an
inline block, the word moves to the next line whole when it fits there, and breaks at
its syllables only when it is wider than the line itself.
"""

import re

from markupsafe import Markup, escape

SOFT_HYPHEN = "\u00ad"
# A word as a line sees it: what lies between ordinary spaces (a no-break space joins).
_HYPHENATED_WORD = re.compile(rf"[^ \t\n]*{SOFT_HYPHEN}[^ \t\n]*")


def fit_words(text: str) -> Markup:
    """``text``, escaped, with each word that has a soft hyphen in a ``span.fit``."""
    return Markup(
        _HYPHENATED_WORD.sub(lambda word: f'<span class="fit">{word[0]}</span>', str(escape(text)))
    )
