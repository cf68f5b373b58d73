"""Checks that every page of a built site must pass, shared by the site tests."""

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from tools import require

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Elements and attributes that make a browser fetch something while the page loads.
# <a href> is missing on purpose: a link to another site loads nothing by itself.
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)['\"]")


def resource_urls(html: str) -> list[str]:
    """Every URL the page makes the browser load by itself."""
    soup = BeautifulSoup(html, "lxml")
    urls: list[str] = []
    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    urls += [part.strip().split(" ")[0] for part in value.split(",")]
                else:
                    urls.append(value)
    for link in soup.find_all("link"):
        if LOADING_LINK_RELS & set(link.get("rel", [])):
            urls.append(link.get("href", ""))
    for styled in soup.find_all(style=True):
        urls += CSS_URL.findall(styled["style"])
    for style in soup.find_all("style"):
        urls += CSS_URL.findall(style.get_text()) + CSS_IMPORT.findall(style.get_text())
    return urls


def foreign_resources(output: Path, siteurl: str) -> dict[str, list[str]]:
    """Resources of pages and style sheets that live on another host than the site."""
    own_host = urlsplit(siteurl).netloc
    found: dict[str, list[str]] = {}
    for path in sorted(output.rglob("*")):
        if path.suffix == ".html":
            urls = resource_urls(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        else:
            continue
        base = f"{siteurl}/{path.relative_to(output).as_posix()}"
        foreign = [
            u
            for u in urls
            if urlsplit(urljoin(base, u)).netloc not in ("", own_host) and not u.startswith("data:")
        ]
        if foreign:
            found[str(path.relative_to(output))] = foreign
    return found


def nu_html_checker_errors(output: Path) -> list[str]:
    """Errors the Nu Html Checker (vnu.jar) finds in the HTML, CSS and SVG of ``output``."""
    require("java", "vnu")
    java = shutil.which("java")
    result = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--also-check-css",
            "--also-check-svg",
            "--skip-non-html",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').replace(output.as_uri(), '')}:{m.get('lastLine', '?')}: "
        f"{m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error"
    ]
