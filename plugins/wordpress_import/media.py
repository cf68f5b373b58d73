"""Video and audio: a two-click embed for a platform, a local file for an upload, never
anything loaded from the old host.

WordPress writes them as the video and audio blocks (``<figure><video src poster>``),
as ``[video mp4="…" poster="…"]`` and ``[audio mp3="…"]`` shortcodes, or as plain
``<video>``/``<audio>`` with ``<source>`` children. A platform's address (YouTube, Vimeo,
Spotify …) becomes ``Einbettung:``; an uploaded file is copied below ``content/media/``
and played by the browser's own player (``<video controls>``, the site's CSP allows
``media-src 'self'``); its poster picture is copied like any picture or left out. A file
that cannot be had becomes a link to the old address and is reported. A cover block's
background video is decoration: it is left out, its text stays.
"""

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from embeds.markdown import embed_line
from embeds.providers import recognise
from wordpress_import.lazy import own_poster, own_source

# What a file's name ends with when an old plugin player (<embed>, <object>) plays it.
VIDEO_FILES = (".mp4", ".m4v", ".webm", ".ogv", ".mov")
AUDIO_FILES = (".mp3", ".m4a", ".ogg", ".oga", ".wav", ".aac", ".flac")
PLUGIN_PARAMETERS = ("movie", "src", "url", "filename")  # <param name> of the address
SHORTCODE_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "m4a", "ogg", "wav")
LABELS = {"video": "Video", "audio": "Audio"}


@dataclass(frozen=True)
class Media:
    tag: str  # "video" or "audio"
    sources: tuple[str, ...]  # the file's URLs, in the order the markup gives them
    poster: str = ""
    title: str = ""


def from_shortcode(name: str, attrs: dict[str, str], inner: str) -> str:
    """``[video]``/``[audio]`` as the element the converter reads."""
    sources = [attrs[k] for k in SHORTCODE_SOURCES if attrs.get(k)]
    if inner.strip().startswith("http"):
        sources.append(inner.strip())
    if not sources:
        return ""
    poster = f' poster="{escape(attrs["poster"])}"' if attrs.get("poster") else ""
    children = "".join(f'<source src="{escape(s)}">' for s in sources)
    return f"\n\n<{name}{poster}>{children}</{name}>\n\n"


def read_element(element) -> Media:
    """The sources, poster and title of a ``<video>`` or ``<audio>`` element (a lazy-load
    plugin's ``data-`` attributes, not its placeholders: see ``lazy``)."""
    sources = [own_source(element)] + [own_source(s) for s in element.find_all("source")]
    return Media(
        element.name,
        tuple(s for s in dict.fromkeys(sources) if s),
        own_poster(element),
        (element.get("title") or "").strip(),
    )


def plugin_address(element) -> str:
    """The address an old plugin player plays: an ``<embed>``'s src (or a lazy-load
    plugin's data- attribute), an ``<object>``'s data, else its movie parameter, else
    the ``<embed>`` inside it (YouTube's Flash code gave both)."""
    if element.name == "embed":
        return own_source(element)
    found = (element.get("data") or "").strip()
    for param in element.find_all("param"):
        if not found and (param.get("name") or "").lower() in PLUGIN_PARAMETERS:
            found = (param.get("value") or "").strip()
    inner = element.find("embed")
    return found or (own_source(inner) if inner is not None else "")


def file_media(address: str, title: str = "") -> Media | None:
    """The video or audio file ``address`` names, for the browser's own player; None for
    anything else (a Flash movie, a page)."""
    name = urlsplit(address).path.lower()
    if name.endswith(VIDEO_FILES):
        return Media("video", (address,), "", title)
    if name.endswith(AUDIO_FILES):
        return Media("audio", (address,), "", title)
    return None


def is_background(element) -> bool:
    return "wp-block-cover__video-background" in (element.get("class") or [])


def platform_line(media: Media) -> str:
    """``Einbettung: …`` when a source is a platform's address, else ""."""
    for source in media.sources:
        if recognise(source):
            return embed_line(source, media.title)
    return ""


def player(media: Media, local: str, poster: str | None, caption: str) -> str:
    """The raw HTML of the browser's own player for the local file ``local`` (a path below
    content/), in a figure with its caption."""
    attributes = ' controls preload="metadata"' if media.tag == "video" else " controls"
    file = f'src="{{static}}/{escape(local)}"'
    if poster:
        # In a <source> of its own: Pelican alone resolves one {static} link per tag (the
        # last; contract.pelican_internals lifts that for this site), so the import's
        # output stays right for a Pelican without our plugins as well.
        attributes += f' poster="{{static}}/{escape(poster)}"'
        element = f"<{media.tag}{attributes}><source {file}></{media.tag}>"
    else:
        element = f"<{media.tag}{attributes} {file}></{media.tag}>"
    caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"\n\n<figure>{element}{caption_html}</figure>\n\n"


def missing_link(media: Media, caption: str) -> str:
    """A link to the old address of a file that could not be had."""
    label = caption or media.title or media.sources[0].rsplit("/", 1)[-1]
    return f"\n\n[{LABELS[media.tag]}: {label}]({media.sources[0]})\n\n"
