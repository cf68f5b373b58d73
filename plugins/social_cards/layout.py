"""The card design as data: geometry, type sizes, colours. Changing it re-renders cards,
because its repr is part of every card's cache key."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    width: int = 1200
    height: int = 630
    margin: int = 64
    picture_width: int = 430  # right-hand panel when the article has its own picture
    decoration_width: int = 200  # kept free for the harbour lights on cards without picture
    logo_size: int = 56
    brand_y: int = 52
    brand_size: int = 30
    label_y: int = 148
    # Single lines (label, names, role) shrink through their sizes, then are cut at a word.
    label_sizes: tuple[int, ...] = (24, 22, 20)
    title_top: int = 204
    title_bottom: int = 470
    title_sizes: tuple[int, ...] = (76, 70, 64, 58, 54, 50, 46, 42)
    line_height: float = 1.12
    shrink_warning_size: int = 50  # a title set smaller than this gets a warning
    footer_y: int = 508
    avatar_size: int = 72
    avatar_overlap: int = 18  # several people: each avatar covers part of the previous one
    max_avatars: int = 3
    name_sizes: tuple[int, ...] = (28, 26, 24, 22)
    note_sizes: tuple[int, ...] = (22, 20, 18)


@dataclass(frozen=True)
class Branding:
    site_name: str
    footer: str  # e.g. the site's domain, under the author names
    logo: str  # absolute path of a square PNG with transparency
    background: str = "#0b2545"
    text: str = "#faf7f0"
    muted: str = "#c9d1dd"
    accent: str = "#f4d35e"
    accent_text: str = "#1a1f2b"
    secondary: str = "#1b998b"
