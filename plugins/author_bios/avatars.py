"""Initials avatars drawn by the site itself, for profiles without a photo.

A generated SVG instead of Gravatar or any other service: no request to another
host, no e-mail hash leaving the site.
"""

import hashlib
from xml.sax.saxutils import escape

# Dark backgrounds from the theme's palette; white initials on each reach at
# least 7:1 contrast.
BACKGROUNDS = ("#0b2545", "#13315c", "#0d5c56", "#5b2a4a", "#3d3a7a", "#6b3410")
_TITLES = {"dr.", "prof.", "dipl.", "ing.", "mag.", "von", "van", "de", "zu"}


def initials(name: str) -> str:
    """Up to two initials: first and last name, titles and particles skipped."""
    firsts = [
        next(char for char in word if char.isalpha())
        for word in name.replace("-", " ").split()
        if word.lower() not in _TITLES and any(char.isalpha() for char in word)
    ]
    if not firsts:
        return "?"
    return (firsts[0] + (firsts[-1] if len(firsts) > 1 else "")).upper()


def background(slug: str) -> str:
    """A colour chosen by the slug, so a person keeps their colour across builds."""
    index = int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % len(BACKGROUNDS)
    return BACKGROUNDS[index]


def avatar_svg(name: str, slug: str) -> str:
    """A square SVG with the person's initials; its title is the person's name."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">'
        f"<title>{escape(name)}</title>"
        f'<rect width="96" height="96" fill="{background(slug)}"/>'
        '<text x="48" y="50" fill="#ffffff" font-family="Inter, system-ui, sans-serif" '
        'font-size="38" font-weight="700" text-anchor="middle" dominant-baseline="central">'
        f"{escape(initials(name))}</text></svg>\n"
    )
