"""What every feed of a built site must satisfy; shared by the fixture and demo tests."""

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

SCHEMA_FILE = Path(__file__).with_name("atom-rfc4287.rng")
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"atom": "http://www.w3.org/2005/Atom"}
# RFC 822 (with RFC 1123's four-digit year), as RSS 2.0 requires for pubDate.
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
URL_ATTRIBUTES = ("href", "src", "poster", "cite")
E_MAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def feeds_of(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.xml") if p.name != "sitemap.xml")


def parse(path: Path) -> feedparser.FeedParserDict:
    """The feed as feedparser reads it, but with the HTML exactly as written: feedparser
    would otherwise resolve relative URLs itself (hiding any we left relative) and drop
    elements such as <picture> in its sanitiser."""
    parsed = feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def entry_html(entry) -> str:
    return entry.content[0].value if "content" in entry else entry.get("summary", "")


def urls_in(html: str) -> list[str]:
    """Every URL in an HTML fragment, read with an HTML parser."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        found += [element[name] for name in URL_ATTRIBUTES if element.has_attr(name)]
        if element.has_attr("srcset"):
            found += [c.split()[0] for c in element["srcset"].split(",") if c.strip()]
    return found


def assert_absolute_links(path: Path, parsed, siteurl: str) -> None:
    for entry in parsed.entries:
        assert entry.link.startswith(f"{siteurl}/"), (path, entry.link)
        for url in urls_in(entry_html(entry)):
            assert url.startswith(("https://", "http://", "mailto:")), (path, url)


def assert_valid_atom(path: Path, schema: etree.RelaxNG) -> None:
    """RFC 4287's RELAX NG schema, plus its two Schematron rules (lxml skips those)."""
    document = etree.parse(str(path))
    assert schema.validate(document), (path, schema.error_log)
    root = document.getroot()
    # "An atom:feed must have an atom:author unless all of its entries have one."
    assert root.find(f"{ATOM}author") is not None or all(
        e.find(f"{ATOM}author") is not None for e in root.iter(f"{ATOM}entry")
    ), path
    for entry in root.iter(f"{ATOM}entry"):
        # "An atom:entry must have a link with rel 'alternate' or an atom:content."
        assert entry.xpath(
            "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content", namespaces=NS
        ), path
    ids = [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), path


def assert_valid_rss(path: Path, siteurl: str) -> None:
    """What RSS 2.0 requires (channel title, link, description), plus guid and RFC 822 dates."""
    channel = etree.parse(str(path)).getroot().find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), (path, required)
    assert channel.findtext("link").startswith(f"{siteurl}/"), path
    assert RFC_822.match(channel.findtext("lastBuildDate")), path
    guids = []
    for item in channel.findall("item"):
        assert item.findtext("title"), path
        assert item.findtext("link").startswith(f"{siteurl}/"), path
        guid = item.find("guid")
        assert guid.text and guid.get("isPermaLink") == "false", path
        guids.append(guid.text)
        published = item.findtext("pubDate")
        assert RFC_822.match(published), (path, published)
        assert parsedate_to_datetime(published).tzinfo is not None
    assert guids and len(guids) == len(set(guids)), path
