"""The manual cannot rot: its commands exist, its links lead somewhere, it says each
thing once, and its settings reference matches the settings dataclasses."""

import dataclasses
import importlib
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


# --- Commands ------------------------------------------------------------------------

INVOKE_CALL = re.compile(r"(?:^|[\s(/])invoke\s+(?P<rest>[^\n`]*)")


def shown_commands() -> dict[str, set[str]]:
    """Every task the manual shows as `invoke TASK …`, with the options shown for it."""
    commands: dict[str, set[str]] = defaultdict(set)
    for page in PAGES:
        text = text_of(page)
        snippets = [block for block in FENCE.findall(text)]
        snippets += CODE_SPAN.findall(FENCE.sub("", text))
        for snippet in snippets:
            for call in INVOKE_CALL.finditer(snippet):
                rest = call["rest"].split(" -- ")[0]  # what follows -- goes to pytest
                rest = re.split(r"\s*(?:&&|\|\||;|#\s|\)\s)", rest)[0]
                words = rest.split()
                if not words or words[0].startswith("-"):
                    continue  # `invoke --list`
                task = words[0].rstrip(".,:;)")
                if task.endswith("…") or not re.fullmatch(r"[a-z][a-z0-9_.-]*", task):
                    continue  # `invoke comments.…`: the group, not a task
                options = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", " ".join(words[1:])))
                commands[task] |= options
    return commands


COMMANDS = shown_commands()


def test_the_manual_shows_the_everyday_commands():
    assert {"build", "livereload", "publish", "check", "test", "new"} <= set(COMMANDS)
    assert {"comments.editor", "comments.editors"} <= set(COMMANDS)
    assert "--fast" in COMMANDS["test"]


@pytest.mark.parametrize("task", sorted(COMMANDS))
def test_every_command_in_the_manual_exists_with_its_options(task, tmp_path):
    # `invoke --help TASK`: after the task's name, --help would be taken as the value of
    # a positional argument (`invoke new --help` writes an article titled "--help").
    done = subprocess.run(
        [str(Path(sys.executable).parent / "invoke"), "--help", task],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", "COMMENTS_DB_PATH": str(tmp_path / "q.sqlite3")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"`invoke --help {task}`: {done.stderr.strip()}"
    assert done.stdout.startswith(f"Usage: inv[oke] [--core-opts] {task}"), done.stdout
    options = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", done.stdout))
    missing = sorted(COMMANDS[task] - options - {"--help", "-h"})
    assert not missing, f"`invoke {task}` has no option {', '.join(missing)}"


# --- Each thing once -------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z„\"(`*\[])")


def sentences(page: Path) -> list[str]:
    """The prose sentences of a page: no code blocks, tables or headings."""
    prose = FENCE.sub("", text_of(page))
    lines = [line for line in prose.splitlines() if not line.lstrip().startswith(("|", "#"))]
    found = []
    for paragraph in re.split(r"\n\s*\n", "\n".join(lines)):
        flat = " ".join(paragraph.split()).lstrip("-* ")
        found += [s.strip() for s in SENTENCE_END.split(flat) if s.strip()]
    return found


def test_no_sentence_stands_twice_in_the_manual():
    where: dict[str, list[str]] = defaultdict(list)
    for page in PAGES:
        for sentence in sentences(page):
            if len(sentence.split()) >= 8:
                where[sentence.lower()].append(page.relative_to(ROOT).as_posix())
    twice = {sentence: pages for sentence, pages in where.items() if len(pages) > 1}
    assert not twice, twice


def test_a_repeated_sentence_is_found(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Intro. The form is plain HTML and works without JavaScript at all.\n\n"
        "| a | b |\n\n```sh\nThe form is plain HTML and works without JavaScript at all.\n```\n\n"
        "- The form is plain HTML and works without JavaScript at all.\n",
        encoding="utf-8",
    )
    found = sentences(page)
    assert found.count("The form is plain HTML and works without JavaScript at all.") == 2


# --- Links -----------------------------------------------------------------------------


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(FENCE.sub("", text_of(page)))}


def test_anchors_are_made_as_github_makes_them():
    assert anchor("Object storage: `invoke publish --target s3`") == (
        "object-storage-invoke-publish---target-s3"
    )
    assert anchor('Videos, posts and players ("Zwei-Klick")') == (
        "videos-posts-and-players-zwei-klick"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_relative_links_lead_to_a_page_and_a_heading_that_exist(page):
    broken = []
    for target in LINK.findall(CODE_SPAN.sub("", FENCE.sub("", text_of(page)))):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, fragment = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {linked.name}")
    assert not broken, broken


def test_the_readme_is_short_and_maps_every_page_of_the_manual():
    readme = text_of(ROOT / "README.md")
    assert len(readme.splitlines()) <= 150
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"


# --- The settings reference ---------------------------------------------------------------


def shown_default(value: Any) -> str:
    """A default as the reference writes it: Python's literal with double quotes."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        inner = ", ".join(shown_default(item) for item in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        inner = ", ".join(f"{shown_default(k)}: {shown_default(v)}" for k, v in value.items())
        return f"{{{inner}}}"
    return repr(value)


def settings_schemas() -> dict[str, Any]:
    """Every plugin's settings: NAME -> default, from its settings dataclass."""
    found = {}
    for path in sorted((ROOT / "plugins").glob("*/settings.py")):
        module = importlib.import_module(f"{path.parent.name}.settings")
        prefix = getattr(module, "PREFIX", None)
        for schema in vars(module).values():
            own = isinstance(schema, type) and schema.__module__ == module.__name__
            if not (own and dataclasses.is_dataclass(schema) and prefix):
                continue
            for spec in dataclasses.fields(schema):
                default = (
                    spec.default_factory() if spec.default is dataclasses.MISSING else spec.default
                )
                found[f"{prefix}{spec.name.upper()}"] = default
    return found


def documented_settings() -> dict[str, tuple[str, str]]:
    """The reference's rows: NAME -> (default as written, meaning)."""
    settings = text_of(ROOT / "docs" / "settings.md").split("## Environment variables")[0]
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \| `([^`]*)` \| (.*?) \|$", settings, re.M)
    return {name: (default, meaning) for name, default, meaning in rows}


def test_the_settings_reference_lists_every_setting_with_its_default():
    schemas = settings_schemas()
    documented = documented_settings()
    assert len(schemas) > 120  # every plugin's dataclass was found
    missing = sorted(set(schemas) - set(documented))
    assert not missing, f"docs/settings.md lacks {missing}"
    for name, default in schemas.items():
        written, meaning = documented[name]
        assert written == shown_default(default), f"{name}: {written} is not {default!r}"
        assert meaning.strip(), f"{name} has no meaning in docs/settings.md"


def test_the_settings_reference_lists_no_setting_that_does_not_exist():
    extra = set(documented_settings()) - set(settings_schemas())
    # The redirects plugin reads its one setting directly (redirects/hooks.py).
    assert extra == {"REDIRECTS_FILE"}
    hooks = (ROOT / "plugins" / "redirects" / "hooks.py").read_text(encoding="utf-8")
    assert 'settings.get("REDIRECTS_FILE", "redirects.csv")' in hooks
    assert documented_settings()["REDIRECTS_FILE"][0] == '"redirects.csv"'
