"""The platforms a two-click embed knows: how to recognise a URL and what to load on click.

Pure: a URL in, an ``Embed`` (or None) out. The iframe address is used only after the
reader's click; the page itself carries it as data, never as a ``src``.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Embed:
    provider: str  # shown to the reader: "YouTube"
    url: str  # the public page, the link that works without JavaScript
    frame: str  # what the iframe loads after the click
    kind: str = "video"  # "video" (16:9), "post" (tall) or "audio" (short)


# The hosts the iframes load from after the click: a Content-Security-Policy's
# frame-src must name them (deploy/nginx.conf does; tests/deploy checks it).
PLAYER_HOSTS = (
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "platform.twitter.com",
    "www.instagram.com",
    "open.spotify.com",
)

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_NUMBER = re.compile(r"^\d+$")


def recognise(url: str) -> Embed | None:
    """The embed for ``url``, or None when no known platform serves it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    for match in (_youtube, _vimeo, _x, _instagram, _spotify):
        embed = match(host, segments, parts.query, url.strip())
        if embed is not None:
            return embed
    return None


def _youtube(host: str, segments: list[str], query: str, url: str) -> Embed | None:
    video = ""
    if host == "youtu.be" and segments:
        video = segments[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            video = parse_qs(query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            # The Flash player's /v/ID&hl=de&fs=1 has its options in the path.
            video = segments[1].split("&", 1)[0]
    if not _YOUTUBE_ID.match(video):
        return None
    return Embed(
        "YouTube",
        f"https://www.youtube.com/watch?v={video}",
        f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1",
    )


def _vimeo(host: str, segments: list[str], query: str, url: str) -> Embed | None:
    if host not in ("vimeo.com", "player.vimeo.com"):
        return None
    number = next((s for s in segments if _NUMBER.match(s)), "")
    if not number:
        return None
    return Embed(
        "Vimeo",
        f"https://vimeo.com/{number}",
        f"https://player.vimeo.com/video/{number}?dnt=1&autoplay=1",
    )


def _x(host: str, segments: list[str], query: str, url: str) -> Embed | None:
    if host not in ("twitter.com", "x.com") or len(segments) < 3 or segments[1] != "status":
        return None
    if not _NUMBER.match(segments[2]):
        return None
    return Embed(
        "X",
        f"https://x.com/{segments[0]}/status/{segments[2]}",
        f"https://platform.twitter.com/embed/Tweet.html?id={segments[2]}&dnt=true",
        "post",
    )


def _instagram(host: str, segments: list[str], query: str, url: str) -> Embed | None:
    if host != "instagram.com" or len(segments) < 2 or segments[0] not in ("p", "reel", "tv"):
        return None
    if not _YOUTUBE_ID.match(segments[1]):
        return None
    page = f"https://www.instagram.com/{segments[0]}/{segments[1]}/"
    return Embed("Instagram", page, f"{page}embed/", "post")


def _spotify(host: str, segments: list[str], query: str, url: str) -> Embed | None:
    if host != "open.spotify.com":
        return None
    segments = [s for s in segments if not s.startswith("intl-") and s != "embed"]
    kinds = ("track", "album", "playlist", "episode", "show", "artist")
    if len(segments) < 2 or segments[0] not in kinds or not segments[1].isalnum():
        return None
    path = f"{segments[0]}/{segments[1]}"
    return Embed(
        "Spotify",
        f"https://open.spotify.com/{path}",
        f"https://open.spotify.com/embed/{path}",
        "audio",
    )
