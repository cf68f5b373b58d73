"""The links between the languages of a built site, as a search engine reads them: each
page's hreflang alternates and the sitemap's, and the walk that checks every pair."""

from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def alternates_of(page: BeautifulSoup, siteurl: str) -> dict[str, str]:
    """hreflang -> URL path of a page's ``<link rel="alternate" hreflang>``."""
    found = {}
    for link in page.select('head link[rel="alternate"][hreflang]'):
        assert link["hreflang"] not in found, f"{link['hreflang']} twice"
        found[link["hreflang"]] = link["href"].removeprefix(f"{siteurl}/")
    return found


def page_file(output: Path, path: str) -> Path:
    return output / path / "index.html" if path == "" or path.endswith("/") else output / path


def walk_reciprocity(output: Path, siteurl: str) -> set[str]:
    """Check every page with alternates: each names itself and x-default, and each page it
    names exists, is in that language and names exactly the same alternates (search engines
    ignore a pair that is not returned). Returns the URL paths checked."""
    checked: set[str] = set()
    for file in sorted(output.rglob("*.html")):
        page = BeautifulSoup(file.read_text("utf-8"), "lxml")
        alternates = alternates_of(page, siteurl)
        if not alternates:
            continue
        own = page.select_one('link[rel="canonical"]')["href"].removeprefix(f"{siteurl}/")
        lang = page.html["lang"]
        assert alternates.get(lang) == own, (file, alternates)
        assert "x-default" in alternates, file
        assert len(alternates) >= 3, (file, alternates)  # two languages and x-default
        for other_lang, path in alternates.items():
            target = page_file(output, path)
            assert target.is_file(), (file, path)
            other = BeautifulSoup(target.read_text("utf-8"), "lxml")
            assert alternates_of(other, siteurl) == alternates, (file, path)
            if other_lang != "x-default":
                assert other.html["lang"] == other_lang, (file, path)
        checked.add(own)
    return checked


def sitemap_alternates(sitemap: Path, siteurl: str) -> dict[str, dict[str, str]]:
    """URL path -> its xhtml:link alternates ({} without) for every <url> of the sitemap."""
    found = {}
    for url in etree.parse(str(sitemap)).getroot().iter(f"{SITEMAP}url"):
        path = url.findtext(f"{SITEMAP}loc").removeprefix(f"{siteurl}/")
        assert path not in found, f"{path} twice in the sitemap"
        found[path] = {
            link.get("hreflang"): link.get("href").removeprefix(f"{siteurl}/")
            for link in url.iter(f"{XHTML}link")
        }
    return found
