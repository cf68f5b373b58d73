"""Text a feed cannot carry: characters XML 1.0 forbids (most control characters).

The rule is the content contract's (``newsroom.text``): every content file is held to
it, also the ones that never reach a feed (author bios), so it lives there.
"""

from newsroom.text import EXPECTED, first_unfit_character, unfit_text_problem

__all__ = ["EXPECTED", "first_unfit_character", "unfit_text_problem"]
