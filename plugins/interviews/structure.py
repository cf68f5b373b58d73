"""The structure of an interview: intro, then questions (``### `` headings) with answers.

Pure: takes the article HTML our Markdown reader produced and returns a frozen record
that the template renders (question list, numbered questions, attributed answers).
The HTML is split with the standard library's HTML parser at top-level ``<h3>``
elements, so an ``<h3>`` inside a blockquote or a table never starts a question.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from newsroom.slugs import slugify_german
from newsroom.tags import strip_tags

# Bump when split_interview gives other output for the same HTML: the feeds plugin
# keys its cached entries of interviews by it.
VERSION = "2"
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_LEADING_SPEAKER = re.compile(r"\s*<p>\s*<strong>(?P<name>[^<]{1,80}?):?</strong>:?\s*")


@dataclass(frozen=True)
class Answer:
    """What one person says under a question."""

    speaker: str
    html: str


@dataclass(frozen=True)
class Question:
    number: int
    anchor: str  # stable id: "frage-" + slug of the question text
    text_html: str  # the question's inline HTML (emphasis, links kept)
    answer_html: str  # every answer to it, the bold names of the speakers removed
    speaker: str  # who answers first: the interviewee(s), or a name set in bold
    # Each speaker's part: a paragraph that starts with "**Name:**" of an interviewee
    # begins that person's answer, so two people under one question are both named.
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class Interview:
    intro_html: str
    questions: tuple[Question, ...]
    outro_html: str = ""  # text after a closing horizontal rule (---), e.g. a note


class _TopLevelHeadings(HTMLParser):
    """Offsets of every top-level <h3>…</h3> in an HTML fragment."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        # HTMLParser counts lines at "\n" only (not at U+2028 like str.splitlines).
        self._line_offsets = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.depth = 0
        self.headings: list[tuple[int, int, int]] = []  # start tag, inner start, end tag
        self._open: tuple[int, int] | None = None
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        if tag == "h3" and self.depth == 0:
            start = self._offset()
            self._open = (start, start + len(self.get_starttag_text() or ""))
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(0, self.depth - 1)
        if tag == "h3" and self.depth == 0 and self._open is not None:
            self.headings.append((self._open[0], self._open[1], self._offset()))
            self._open = None


def split_interview(html: str, interviewees: list[str] | tuple[str, ...]) -> Interview:
    """Split rendered interview HTML into intro and numbered questions with answers."""
    headings = _TopLevelHeadings(html).headings
    if not headings:
        return Interview(intro_html=html.strip(), questions=())
    default_speaker = _join_names(interviewees)
    questions = []
    seen: set[str] = set()
    for number, (_start, inner_start, end) in enumerate(headings, start=1):
        closing = end + len("</h3>")
        following = headings[number][0] if number < len(headings) else len(html)
        text_html = html[inner_start:end].strip()
        answer_html = html[closing:following].strip()
        if number == len(headings):
            answer_html, outro_html = _split_outro(answer_html)
        answers = _answers(answer_html, interviewees, default_speaker)
        anchor = _unique(f"frage-{slugify_german(strip_tags(text_html)) or number}", seen)
        joined = "\n".join(answer.html for answer in answers)
        questions.append(
            Question(number, anchor, text_html, joined, answers[0].speaker, tuple(answers))
        )
    return Interview(html[: headings[0][0]].strip(), tuple(questions), outro_html)


def _split_outro(answer_html: str) -> tuple[str, str]:
    """Text after a final ``<hr>`` closes the interview instead of belonging to the answer."""
    answer, separator, outro = answer_html.rpartition("<hr>")
    if not separator:
        answer, separator, outro = answer_html.rpartition("<hr />")
    if not separator:
        return answer_html, ""
    return answer.strip(), outro.strip()


_PARAGRAPH_START = re.compile(r"<p>")


def _answers(answer_html: str, interviewees, default: str) -> list[Answer]:
    """Split an answer where a top-level paragraph opens with **Name:** of an interviewee;
    text before the first such paragraph is the default speaker's."""
    starts = [
        (match.start(), name)
        for match in _PARAGRAPH_START.finditer(answer_html)
        if _depth(answer_html, match.start()) == 0
        and (name := _speaker_at(answer_html, match.start(), interviewees))
    ]
    if not starts:
        return [Answer(default, answer_html)]
    answers = []
    if answer_html[: starts[0][0]].strip():
        answers.append(Answer(default, answer_html[: starts[0][0]].strip()))
    for index, (start, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(answer_html)
        part = answer_html[start:end]
        match = _LEADING_SPEAKER.match(part)
        answers.append(Answer(name, ("<p>" + part[match.end() :]).strip()))
    return answers


def _speaker_at(html: str, offset: int, interviewees) -> str:
    match = _LEADING_SPEAKER.match(html, offset)
    name = match["name"].strip() if match else ""
    return name if name in interviewees else ""


def _depth(html: str, offset: int) -> int:
    """How deep ``offset`` lies inside elements (a <p> in a blockquote is no new answer)."""
    parser = _TopLevelHeadings(html[:offset])
    return parser.depth


def _join_names(names) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, counter = anchor, 2
    while candidate in seen:
        candidate = f"{anchor}-{counter}"
        counter += 1
    seen.add(candidate)
    return candidate
