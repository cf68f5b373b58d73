"""HTML tags taken out of a fragment: one pattern for every plugin that needs the text
of some markup (slugs, heading ids, reading time, interview anchors, the import).

A tag ends at the first ``>`` outside quotes, so ``<p title="a>b">`` goes whole, and
comments go whole too. Entities stay as they are; ``html.unescape`` decodes them.
A regular expression, not an HTML parser: it runs over every article of a build, and
the fragments are our own Markdown's output, not arbitrary HTML.
"""

import re

# Possessive quantifiers: a tag is matched in one pass and never backtracked into,
# which keeps it near the speed of the plain <[^>]+> (and linear on unclosed quotes).
TAG = re.compile(r"<!--.*?-->|<(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>", re.DOTALL)


def strip_tags(fragment: str, separator: str = "") -> str:
    """``fragment`` with each tag (and comment) replaced by ``separator``."""
    return TAG.sub(separator, fragment)
