"""Telling the sites our articles link to: Webmention, else pingback, once per change.

Reads the built site: the comment plugin's list of published articles
(``kommentare/artikel.json``) and, for each, the links in its text (``.post-body``).
An article that is new or changed since the last successful send (its links or text
differ from the record) notifies every page it links to, and every page it linked to
before and no longer does (the receiver then sees the link is gone). The record keeps,
per article, a hash of its text and, per link, whether the notification was delivered;
a failure is retried on the next run and reported, never raised. It lives with the
publish state at the target (``mentions.after_publish``), not in the checkout: publishing
leaves git clean, and every clone knows what was sent.
"""

import hashlib
import json
import logging
import xmlrpc.client
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from mentions.discovery import Endpoint, discover
from mentions.fetcher import Fetcher, FetchError
from mentions.pingback import ALREADY_REGISTERED, NO_LINK, XML_ERRORS

logger = logging.getLogger(__name__)

SENT, NO_ENDPOINT, FAILED = "sent", "no endpoint", "failed"


@dataclass
class Report:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # source, target, protocol
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # source, target, reason
    without_endpoint: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0  # articles not changed since the last send

    def summary(self) -> str:
        return (
            f"Mentions: {len(self.sent)} sent, {len(self.failed)} failed (retried next time), "
            f"{len(self.without_endpoint)} links without an endpoint, "
            f"{self.unchanged} articles unchanged"
        )


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Body(HTMLParser):
    """The links and the text inside the article's ``.post-body`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside .post-body (0: outside)
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth == 0 and "post-body" not in (values.get("class") or "").split():
            return
        if tag == "a" and values.get("href"):
            self.links.append((values["href"] or "").strip())
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def article_links(html: str, site_url: str, never: tuple[str, ...]) -> tuple[list[str], str]:
    """The external http(s) links in an article's text (in order, once each), and the text."""
    body = _Body()
    body.feed(html)
    own = (urlsplit(site_url).hostname or "").lower()
    found: dict[str, None] = {}
    for href in body.links:
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host or host == own:
            continue
        if any(host == name or host.endswith(f".{name}") for name in never):
            continue
        found[href.split("#")[0]] = None
    return list(found), " ".join(" ".join(body.text).split())


def read_record(path: Path) -> dict:
    """A record kept in a file (before it moved into the publish state)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(f"{path}: is no JSON record of sent mentions ({error})") from None
    return checked_record(data)


def checked_record(data: object) -> dict:
    """``data`` if it has the record's shape, else an empty record."""
    if isinstance(data, dict) and isinstance(data.get("articles"), dict):
        return data
    return {"articles": {}}


def notify(fetcher: Fetcher, endpoint: Endpoint, source: str, target: str, removed: bool) -> str:
    """Deliver one notification; "" when delivered, else the reason it was not."""
    try:
        if endpoint.protocol == "webmention":
            answer = fetcher.fetch(
                endpoint.url,
                "POST",
                urlencode({"source": source, "target": target}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
                follow=False,
            )
            # A removed link may be refused at once: the receiver has seen it is gone.
            if 200 <= answer.status < 300 or (removed and 400 <= answer.status < 500):
                return ""
            return f"the endpoint answered HTTP {answer.status}"
        body = xmlrpc.client.dumps((source, target), "pingback.ping").encode()
        answer = fetcher.fetch(
            endpoint.url, "POST", body, {"Content-Type": "text/xml"}, follow=False
        )
        if answer.status != 200:
            return f"the endpoint answered HTTP {answer.status}"
        xmlrpc.client.loads(answer.body)
        return ""
    except xmlrpc.client.Fault as fault:
        if fault.faultCode == ALREADY_REGISTERED or (removed and fault.faultCode == NO_LINK):
            return ""
        return f"pingback fault {fault.faultCode}: {fault.faultString}"
    except FetchError as error:
        return str(error)
    except XML_ERRORS as error:  # a broken XML-RPC answer; retried next time
        return f"the answer could not be read ({type(error).__name__})"


def send_all(
    site: Path, site_url: str, fetcher: Fetcher, record: dict, never: tuple[str, ...] = ()
) -> Report:
    """Notify what changed in the built ``site``; ``record`` is brought up to date as each
    article is done (so that the caller keeps what was sent even when this stops)."""
    manifest = json.loads((site / "kommentare" / "artikel.json").read_text(encoding="utf-8"))
    record.setdefault("articles", {})
    report = Report()
    for slug, article in sorted(manifest["articles"].items()):
        page = site / article["url"] / "index.html"
        if not page.is_file():
            continue
        source = f"{site_url.rstrip('/')}/{article['url']}"
        html = page.read_text(encoding="utf-8")
        links, text = article_links(html, site_url, tuple(never))
        digest = hashlib.sha256("\n".join([*links, text]).encode()).hexdigest()[:16]
        before = record["articles"].get(slug, {"hash": "", "links": {}})
        changed = before.get("hash") != digest
        if not changed and all(v["status"] != FAILED for v in before["links"].values()):
            report.unchanged += 1
            continue
        entry = {"hash": digest, "source": source, "links": {}}
        targets = links + [t for t in before["links"] if t not in links]
        for target in targets:
            previous = before["links"].get(target)
            if not changed and previous and previous["status"] != FAILED:
                entry["links"][target] = previous
                continue
            outcome = _deliver(fetcher, source, target, target not in links, report)
            if outcome is not None:
                entry["links"][target] = outcome
        record["articles"][slug] = entry
    return report


def _deliver(fetcher: Fetcher, source: str, target: str, removed: bool, report: Report):
    """The record entry of one link after trying to notify it (None: removed, done)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        endpoint = discover(fetcher, target)
    except FetchError as error:
        report.failed.append((source, target, str(error)))
        return {"status": FAILED, "reason": str(error), "at": now}
    if endpoint is None:
        report.without_endpoint.append((source, target))
        return None if removed else {"status": NO_ENDPOINT, "at": now}
    problem = notify(fetcher, endpoint, source, target, removed)
    if problem:
        report.failed.append((source, target, problem))
        return {"status": FAILED, "reason": problem, "protocol": endpoint.protocol, "at": now}
    report.sent.append((source, target, endpoint.protocol))
    logger.info("Notified %s (%s) of %s", target, endpoint.protocol, source)
    return None if removed else {"status": SENT, "protocol": endpoint.protocol, "at": now}
