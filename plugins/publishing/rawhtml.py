"""Editors' raw HTML: what `invoke check` reports in content files.

Markdown passes HTML through, and our editors are trusted; guest authors send pull
requests, though, and a merged ``<script>`` would run on the site and in feed readers.
The policy (docs/writing.md, "Raw HTML in articles"): scripts, frames, style sheets, event-handler
attributes and ``javascript:`` URLs in article bodies, headers (Summary, CTA), pages and
bios are reported with file and line, as warnings by default and as errors with
``PUBLISHING_RAW_HTML = "error"``. The theme's Content-Security-Policy keeps such a
script from running even if one is merged, and feeds drop scripts (feeds/entries.py).

Code is left alone: fenced code blocks and inline code spans show HTML, they do not
carry it. Pure: text in, findings out.
"""

import re
from collections.abc import Iterable

from newsroom.findings import Finding
from newsroom.headers import Source

RAW_HTML_LEVELS = ("warning", "error")

_RULES = (
    (re.compile(r"<\s*script\b", re.IGNORECASE), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.IGNORECASE), "an <iframe> element"),
    (re.compile(r"<\s*style\b", re.IGNORECASE), "a <style> element"),
    (re.compile(r"<\s*(object|embed)\b", re.IGNORECASE), "an <object>/<embed> element"),
    (
        re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE),
        "an event-handler attribute",
    ),
    (
        re.compile(r"""(?:=\s*["']?|\]\(\s*<?)\s*(?:javascript|vbscript)\s*:""", re.IGNORECASE),
        "a javascript: URL",
    ),
)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
EXPECTED = (
    "the site allows no scripts, frames, style sheets or event handlers in content "
    "(they would not run: the Content-Security-Policy blocks them); write Markdown, "
    "or show code in `backticks`"
)


def raw_html_findings(shown: str, source: Source, severity: str = "warning") -> list[Finding]:
    """Findings for raw HTML the policy forbids, in the header values and the body."""
    findings = [
        _finding(shown, item.line, f'"{item.key}" has', what, severity)
        for item in source.header
        for what in _matches(item.value)
    ]
    for number, line in _prose_lines(source.body, source.body_line):
        findings += [_finding(shown, number, "the text has", w, severity) for w in _matches(line)]
    return findings


def _matches(text: str) -> list[str]:
    text = _INLINE_CODE.sub("", text)
    found = []
    for pattern, what in _RULES:
        match = pattern.search(text)
        if match:
            found.append(f"{what} ({match.group(1)})" if match.groups() else what)
    return found


def _prose_lines(body: str, first_line: int) -> Iterable[tuple[int, str]]:
    """The body's lines outside fenced code blocks, with their line numbers."""
    fence = ""
    for offset, line in enumerate(body.splitlines()):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)[0] * 3
            continue
        yield first_line + offset, line


def _finding(shown: str, line: int, subject: str, what: str, severity: str) -> Finding:
    return Finding(shown, line, severity, f"{subject} {what}; {EXPECTED}")
