"""WordPress HTML (classic editor and blocks) to the Markdown of our content contract.

The order matters: code is set aside first (kept verbatim), then blocks, the summary
break and shortcodes are resolved, classic posts get WordPress's paragraphs, and only
then markdownify writes Markdown, with our own rules for figures, images, embeds, code
and links to old addresses.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter, abstract_inline_conversion

from embeds.markdown import embed_line
from embeds.providers import recognise
from newsroom.escaping import escape_inline, escape_line_starts, starts_line
from newsroom.figures import CREDIT_LABELS
from newsroom.tags import strip_tags
from wordpress_import import media
from wordpress_import.autop import autop
from wordpress_import.context import SIZE_SUFFIX, Context
from wordpress_import.context import Attachment as Attachment  # re-exported, as before
from wordpress_import.context import attachment_key as attachment_key  # re-exported
from wordpress_import.lazy import LAZY_SRCSETS, drop_noscript_copies, own_source
from wordpress_import.preformatted import pre_text, replace_verses
from wordpress_import.shortcodes import CODE_SHORTCODES, attributes, replace_shortcodes
from wordpress_import.styles import background_pictures

_PRE = re.compile(r"<pre\b(?P<attrs>[^>]*)>(?P<code>.*?)</pre>", re.IGNORECASE | re.DOTALL)
_CODE_SHORTCODE = re.compile(
    r"\[(?P<name>" + "|".join(CODE_SHORTCODES) + r")(?P<attrs>[^\]]*)\](?P<code>.*?)\[/(?P=name)\]",
    re.DOTALL,
)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s+(?P<json>\{.*?\})\s*-->.*?<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.DOTALL,
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_MORE = re.compile(r"<!--more(?:\s[^>]*)?-->", re.IGNORECASE)
_NEXTPAGE = re.compile(r"<!--nextpage-->", re.IGNORECASE)
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|blockquote|tr|td|th|table|figure|figcaption|pre)\b[^>]*>",
    re.IGNORECASE,
)
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)
_CREDIT_IN_CAPTION = re.compile(
    r"(?:^|[\s(|–—-]+)(?P<label>" + "|".join(CREDIT_LABELS) + r")\s*:\s*(?P<credit>[^)]+)\)?\s*$",
    re.IGNORECASE,
)
_GALLERY_LIST = {"wp-block-gallery", "blocks-gallery-grid"}
PLUGIN_PLAYERS = ["object", "embed"]  # the players of the Flash years, read as a whole
_LANGUAGE = re.compile(r"(?:language-|lang(?:uage)?[:=]\s*|brush:\s*)(?P<lang>[\w+#-]+)")


@dataclass
class Converted:
    markdown: str
    summary: str  # plain text before <!--more-->, "" without one
    unknown_shortcodes: Counter = field(default_factory=Counter)
    missing_pictures: list[str] = field(default_factory=list)
    pictures: list[str] = field(default_factory=list)  # paths below content/
    unknown_embeds: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)  # video and audio addresses
    media: list[str] = field(default_factory=list)  # paths below content/
    missing_alt: list[str] = field(default_factory=list)  # pictures without alt text
    dropped: list[str] = field(default_factory=list)  # what was left out on purpose
    old_links: list[str] = field(default_factory=list)  # into the old blog, no new address


def plain_text(html: str) -> str:
    """Text without tags and entities, on one line; block tags separate words."""
    return " ".join(unescape(strip_tags(_BLOCK_TAG.sub(" ", html))).split())


def convert(html: str, context: Context) -> Converted:
    result = Converted("", "")
    code: list[tuple[str, str]] = []

    def keep_code(match: re.Match) -> str:
        language = _LANGUAGE.search(match["attrs"] or "")
        attrs = attributes(match["attrs"] or "")
        language = (
            attrs.get("lang") or attrs.get("language") or (language["lang"] if language else "")
        )
        text = pre_text(match["code"]) if match.re is _PRE else unescape(match["code"])
        code.append((language, text.strip("\n")))
        return f'\n\n<pre data-wpimport-code="{len(code) - 1}"></pre>\n\n'

    # Verses first (they are <pre> too, but no code); then <pre>, because the
    # placeholders the code shortcodes leave are <pre> elements as well.
    html = replace_verses(html)
    html = _PRE.sub(keep_code, html)
    html = _CODE_SHORTCODE.sub(keep_code, html)
    blocks = "<!-- wp:" in html
    if blocks:
        html = _EMBED_BLOCK.sub(_embed_block, html)
        html = _BLOCK_COMMENT.sub("", html)
    html = _NEXTPAGE.sub("", html)
    parts = _MORE.split(html, maxsplit=1)
    if len(parts) == 2:
        result.summary = plain_text(parts[0])
        html = parts[0] + "\n\n" + parts[1]

    html = replace_shortcodes(
        html,
        lambda attrs: _gallery(attrs, context),
        lambda name: result.unknown_shortcodes.update([name]),
    )
    if not blocks:
        html = _URL_LINE.sub(_url_line, html)
        html = autop(html)
    converter = _Converter(context, code, result)
    soup = BeautifulSoup(html, "lxml")
    drop_noscript_copies(soup)
    result.dropped += [f"the background picture {url}" for url in background_pictures(soup)]
    markdown = converter.convert_soup(soup)
    result.markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return result


def _embed_block(match: re.Match) -> str:
    try:
        url = json.loads(match["json"]).get("url", "")
    except ValueError:
        url = ""
    return f'\n\n<div data-wpimport-embed="{escape(url)}"></div>\n\n' if url else ""


def _url_line(match: re.Match) -> str:
    url = match[1]
    if recognise(url):
        return f'\n\n<div data-wpimport-embed="{escape(url)}"></div>\n\n'
    return f'<a href="{escape(url)}">{escape(url)}</a>'


def _gallery(attrs: dict[str, str], context: Context) -> str:
    """``[gallery]``: the listed attachments, or (without ids) those of the post."""
    ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids") or attrs.get("include") or "")]
    if not ids:
        ids = context.children.get(context.post_id, [])
    figures = []
    for number in ids:
        attachment = context.attachments.get(number)
        if attachment is None:
            continue
        figures.append(
            f'<figure><img class="wp-image-{number}" src="{escape(attachment.url)}" '
            f'alt="{escape(attachment.alt)}">'
            f"<figcaption>{escape(attachment.caption)}</figcaption></figure>"
        )
    return "\n\n" + "\n\n".join(figures) + "\n\n"


def largest_candidates(img, link: str = "") -> list[str]:
    """The URLs of one picture, largest first: the srcset's widest, a linked full-size
    file, the file without WordPress's ``-300x200`` size suffix, and the src itself (a
    lazy-load plugin's ``data-`` attributes, not its placeholders: see ``lazy``)."""
    candidates = []
    srcsets = [img.get(a) or "" for a in (*LAZY_SRCSETS, "srcset")]
    widths = []
    for part in ",".join(srcsets).split(","):
        pieces = part.split()
        if len(pieces) == 2 and pieces[1].endswith("w") and pieces[1][:-1].isdigit():
            widths.append((int(pieces[1][:-1]), pieces[0]))
    src = own_source(img)
    if _IMAGE_FILE.search(link):
        candidates.append(link)
    candidates += [SIZE_SUFFIX.sub("", src)] + [url for _, url in sorted(widths, reverse=True)]
    candidates.append(src)
    return [c for c in dict.fromkeys(candidates) if c]


class _Converter(MarkdownConverter):
    def __init__(self, context: Context, code: list[tuple[str, str]], result: Converted) -> None:
        # Subscript and superscript have no Markdown: they stay inline HTML (H<sub>2</sub>O).
        super().__init__(
            heading_style=ATX,
            bullets="-",
            escape_misc=False,
            sub_symbol="<sub>",
            sup_symbol="<sup>",
        )
        self.context, self.code, self.result = context, code, result

    # Struck-out text has no Markdown the site reads (``~~x~~`` showed the tildes):
    # inline HTML, as for subscript.
    convert_del = convert_s = convert_strike = abstract_inline_conversion(lambda self: "<del>")

    def escape(self, text, parent_tags):
        """Only what Markdown would read as markup (see ``escaping``), never code."""
        return escape_inline(text, in_table="_inline" in parent_tags) if text else ""

    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        if not text or "_noformat" in (parent_tags or ()):
            return text
        return escape_line_starts(text, starts_line(el))

    def process_tag(self, node, parent_tags=None):
        """A figure with a picture or a player, a link around a lone picture and an old
        plugin player are converted as a whole: markdownify would convert their children
        on their own first, and each picture would be fetched, counted and reported twice."""
        parent_tags = parent_tags or set()
        if node.name in ("ul", "ol") and _GALLERY_LIST.intersection(node.get("class") or []):
            # The gallery block of WordPress 5.0 to 5.8: a list of figures, no list.
            inner = [f for f in node.find_all("figure") if f.find_parent(["ul", "ol"]) is node]
            return "".join(self.process_tag(f, parent_tags) for f in inner)
        if node.name == "figure":
            inner = [f for f in node.find_all("figure") if f.find_parent("figure") is node]
            if inner:  # a block gallery: a figure of figures, one after the other
                figures = "".join(self.process_tag(f, parent_tags) for f in inner)
                return figures + self._gallery_caption(node)
            if node.find(["img", "video", "audio", *PLUGIN_PLAYERS]) is not None:
                return self.convert_figure(node, "", parent_tags)
        elif node.name == "a" and _lone_image(node) is not None:
            return self.convert_a(node, "", parent_tags)
        elif node.name in PLUGIN_PLAYERS:
            # Its <param>s, the <embed> inside an <object> and a copy in <noscript> (lxml
            # puts that inside an <embed>) are no players of their own.
            if node.find_parent(PLUGIN_PLAYERS) is not None:
                return ""
            return self._plugin_player(node, "")
        return super().process_tag(node, parent_tags)

    def _gallery_caption(self, gallery) -> str:
        """The caption of a whole gallery block, as a paragraph below its pictures."""
        caption = gallery.find("figcaption", recursive=False)
        text = " ".join(caption.get_text(" ").split()) if caption else ""
        return f"\n\n{escape_line_starts(escape_inline(text), True)}\n\n" if text else ""

    def convert_pre(self, el, text, parent_tags):
        number = el.get("data-wpimport-code")
        if number is None:
            language, text = "", el.get_text()
        else:
            language, text = self.code[int(number)]
        fence = "~~~~" if "```" in text else "```"
        return f"\n\n{fence}{language}\n{text}\n{fence}\n\n"

    def convert_div(self, el, text, parent_tags):
        url = el.get("data-wpimport-embed")
        if url is None:
            return super().convert_div(el, text, parent_tags)
        return self._embed(url, el.get("title", ""))

    def convert_iframe(self, el, text, parent_tags):
        # A lazy-load plugin's iframe: its own address, not the placeholder in src.
        return self._embed(own_source(el), el.get("title", ""))

    def _embed(self, url: str, title: str) -> str:
        if recognise(url):
            return f"\n\n{embed_line(url, title)}\n\n"
        if url:
            self.result.unknown_embeds.append(url)
            return f"\n\n[{title or url}]({url})\n\n"
        return ""

    def convert_a(self, el, text, parent_tags):
        href = el.get("href", "")
        lone = _lone_image(el)
        if lone is not None:
            if not href or _IMAGE_FILE.search(href) or "attachment" in href:
                # WordPress links a picture to its file or attachment page: the picture is enough.
                return self._image(lone, href)
            image = self._image(lone, "")
            return f"[{image}]({self._new_address(href)})" if image.startswith("!") else image
        if href:
            el["href"] = self._new_address(href)
        return super().convert_a(el, text, parent_tags)

    def _new_address(self, href: str) -> str:
        """The new address of a link to the old blog; a link into the old blog that has
        none keeps its address (it dies with the old blog) and is listed (``old_links``)."""
        found = self.context.new_address(href)
        if found:
            return found
        if not self.context.into_old_blog(href):
            return href
        path = urlsplit(href.strip()).path or "/"
        if path == "/" or path in self.context.new_paths:  # the same address on both sites
            return path
        self.result.old_links.append(href)
        return href

    def convert_img(self, el, text, parent_tags):
        return self._image(el, "")

    def _image(self, img, link: str, caption: str = "") -> str:
        """A picture: its alt text from the markup, else from its attachment (the alt text
        kept in the media library, else the attachment's caption), else the caption
        around it; a picture without any is listed (``missing_alt``)."""
        candidates = largest_candidates(img, link)
        attachment = self.context.attachment(img, candidates) if candidates else None
        alt = " ".join((img.get("alt") or "").split())
        if attachment is not None:
            alt = alt or attachment.alt or attachment.caption
        alt = alt or caption
        path = self.context.picture(candidates) if candidates else None
        if path is None:
            if candidates:
                source = own_source(img) or candidates[0]
                self.result.missing_pictures.append(source)
                label = _md_text(escape_inline(alt)) or "ohne Beschreibung"
                return f"[Bild: {label}]({source})"
            return ""
        self.result.pictures.append(path)
        if not alt:
            self.result.missing_alt.append(path)
        return f"![{_md_text(alt)}]({{static}}/{path}{_title(caption)})"

    def convert_video(self, el, text, parent_tags):
        return self._media(el, "")

    convert_audio = convert_video

    def _media(self, el, caption: str) -> str:
        if media.is_background(el):
            self.result.dropped.append("the background video of a cover block")
            return ""
        return self._player(media.read_element(el), caption)

    def _plugin_player(self, el, caption: str) -> str:
        """An old plugin player (a Flash movie, a file in ``<embed>``): a platform's video
        becomes an embed, an uploaded file plays in the browser's own player, anything
        else becomes a link, listed. It used to vanish without a word."""
        address = media.plugin_address(el)
        title = (el.get("title") or "").strip()
        found = media.file_media(address, title) if not recognise(address) else None
        if found is not None:
            return self._player(found, caption)
        return self._embed(address, title)

    def _player(self, found: media.Media, caption: str) -> str:
        if not found.sources:
            return ""
        embed = media.platform_line(found)
        if embed:
            return f"\n\n{embed}\n\n"
        local = self.context.media(list(found.sources))
        if local is None:
            self.result.missing_media.append(found.sources[0])
            return media.missing_link(found, caption)
        self.result.media.append(local)
        poster = self.context.picture([found.poster]) if found.poster else None
        if found.poster and poster is None:
            self.result.dropped.append(f"the poster picture {found.poster}")
        return media.player(found, local, poster, caption)

    def convert_figure(self, el, text, parent_tags):
        caption_element = el.find("figcaption")
        caption = " ".join(caption_element.get_text(" ").split()) if caption_element else ""
        player = el.find(["video", "audio"])
        if player is not None:
            return self._media(player, caption)
        image = el.find("img")
        plugin = el.find(PLUGIN_PLAYERS)
        if image is None and plugin is not None:
            return self._plugin_player(plugin, caption)
        if image is None:
            return f"\n\n{text.strip()}\n\n"
        credit = ""
        match = _CREDIT_IN_CAPTION.search(caption)
        if match:
            credit = f"{match['label'].capitalize()}: {match['credit'].strip()}"
            caption = caption[: match.start()].strip()
        link = image.parent.get("href", "") if image.parent.name == "a" else ""
        markdown = self._image(image, link, caption)
        if not markdown.startswith("!") and not (caption or credit):
            return f"\n\n{markdown}\n\n"
        if not markdown.startswith("!"):
            below = escape_line_starts(escape_inline(f"{caption} {credit}".strip()), True)
            return f"\n\n{markdown}\n\n{below}\n\n"
        return f"\n\n{markdown}\n{credit}\n\n" if credit else f"\n\n{markdown}\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        return ""


def _lone_image(link):
    """The one picture a link holds when it holds nothing else (WordPress links pictures
    to their file or attachment page), else None."""
    images = link.find_all("img")
    return images[0] if len(images) == 1 and not link.get_text(strip=True) else None


def _title(caption: str) -> str:
    if not caption:
        return ""
    if '"' in caption and "'" not in caption:
        return f" '{caption}'"
    return ' "' + caption.replace('"', "'") + '"'


def _md_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")
