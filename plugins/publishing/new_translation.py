"""`invoke new TITLE --lang en --translation-of FILE`: the draft of a translation, joined to
its original by their shared Translation key.

The draft carries the original's header (author, category, tags, picture, interview and
disclosure keys: the mapping in terms.csv names category and tags in the new language)
and its text below a note in the new language, so a translator overwrites it paragraph by
paragraph. The original gets a Translation line when it has none yet: its slug, which
both files then carry.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsroom.header_source import split_source
from newsroom.header_writer import write_content
from newsroom.headers import Kind, check_header
from newsroom.i18n import N_, load_translations
from newsroom.languages import language_name
from newsroom.slugs import slug_for_title
from publishing.project import Project, Refused

# Keys the translation gets anew (or not at all) instead of taking the original's.
OWN_KEYS = frozenset(
    {"title", "slug", "date", "modified", "status", "lang", "translation", "imported-from"}
)
KINDS = {"pages": Kind.PAGE}  # below content/; anything else is an article
NOT_TRANSLATABLE = ("authors", "comments")  # a profile's translation is <slug>.<lang>.md
NOTE = N_(
    "Translate the text below from %(language)s, then delete this paragraph. "
    "Remove “Status: draft” from the header when the translation may appear."
)


@dataclass(frozen=True)
class Translation:
    path: Path  # the draft
    key: str  # the Translation key both files carry
    key_added: bool  # the original got its Translation line now


@dataclass(frozen=True)
class Languages:
    default: str  # DEFAULT_LANG
    known: tuple[str, ...]  # NEWSROOM_LANGUAGES


def site_languages(project: Project) -> tuple[Languages, Path]:
    """The site's languages and its theme (for the note's catalogue), from its settings."""
    from newsroom.settings import from_pelican

    settings = project.read_settings(project.settings_base)
    return Languages(settings["DEFAULT_LANG"], from_pelican(settings).languages), Path(
        settings["THEME"]
    )


def draft_language(project: Project, lang: str) -> str:
    """``--lang`` of a new article as its Lang value: "" for the site's own language;
    ``Refused`` for one the site does not publish in."""
    if not lang:
        return ""
    languages, _theme = site_languages(project)
    _refuse_unknown(lang, languages)
    return "" if lang == languages.default else lang


def translate(
    project: Project, original: str, lang: str, now: datetime, title: str, slug: str = ""
) -> Translation:
    """`invoke new TITLE --lang LANG --translation-of FILE`: write_translation with the
    site's languages and theme."""
    if not lang:
        raise Refused("--translation-of needs --lang, the language to translate into", 2)
    languages, theme = site_languages(project)
    return write_translation(project, original, lang, now, languages, title, slug, theme)


def _refuse_unknown(lang: str, languages: Languages) -> None:
    if lang not in languages.known:
        known = ", ".join(languages.known)
        raise Refused(f"--lang {lang}: the site publishes in {known} (NEWSROOM_LANGUAGES)", 2)


def write_translation(
    project: Project,
    original: str,
    lang: str,
    now: datetime,
    languages: Languages,
    title: str = "",
    slug: str = "",
    theme: Path | None = None,
) -> Translation:
    """Write the draft of ``original`` (a path as the editor gives it) in ``lang`` beside
    it. ``Refused`` (code 2) for a file that is no article or page, a language the site
    does not publish in or the original's own, an existing translation into ``lang``, or a
    slug another article has. ``theme`` holds the catalogues of the draft's note."""
    path = _original_path(project, original)
    shown = project.shown(path)
    kind = KINDS.get(path.relative_to(project.content).parts[0], Kind.ARTICLE)
    source = split_source(path.read_text(encoding="utf-8"))
    header = check_header(kind, shown, source, None, project.timezone, languages.known)
    if header.errors:
        raise Refused("\n".join(str(problem) for problem in header.errors), 2)
    values = header.values
    own_lang = str(values.get("lang") or languages.default)
    _refuse_unknown(lang, languages)
    if lang == own_lang:
        raise Refused(f"--lang {lang}: {shown} is in {lang} already; expected another", 2)
    original_slug = str(values.get("slug") or slug_for_title(str(values["title"])))
    key = str(values.get("translation") or original_slug)
    for other in _versions(project, kind, key, languages.default):
        if other[1] == lang:
            raise Refused(f'{other[0]} is the "{lang}" version of {shown} already', 2)
    new_title = title or str(values["title"])
    new_slug = slug or (slug_for_title(title) if title else f"{original_slug}-{lang}")
    target = path.with_name(f"{new_slug}.md")
    if target.exists():
        raise Refused(f"{project.shown(target)} exists already; give another --slug", 2)
    _refuse_taken_slug(project, kind, new_slug)

    fields: dict[str, str | None] = {"Title": new_title, "Slug": new_slug}
    if kind is Kind.ARTICLE:
        fields["Date"] = now.strftime("%Y-%m-%d %H:%M")
    for line in source.header:
        if line.key.lower() not in OWN_KEYS:
            fields[line.key] = line.value.strip()
    fields.update({"Lang": lang, "Translation": key, "Status": "draft"})
    note = load_translations(theme or project.root / "theme", lang).gettext(NOTE) % {
        "language": language_name(own_lang, lang)
    }
    text = write_content(kind, fields, f"{note}\n\n{source.body.strip()}\n")
    checked = check_header(
        kind, project.shown(target), split_source(text), None, project.timezone, languages.known
    )
    if checked.errors:
        raise Refused("\n".join(str(problem) for problem in checked.errors), 2)
    key_added = "translation" not in values
    if key_added:
        _add_key(path, source, key)
    target.write_text(text, encoding="utf-8")
    return Translation(target, key, key_added)


def _original_path(project: Project, given: str) -> Path:
    """The original's file: as given from the project root (content/2024/x.md) or from
    the working directory; it must be a Markdown file below the content folder."""
    candidates = [project.root / given, Path(given)]
    path = next((p.resolve() for p in candidates if p.is_file()), None)
    if path is None:
        raise Refused(f"--translation-of {given}: no such file", 2)
    content = project.content.resolve()
    if content not in path.parents or path.suffix != ".md":
        raise Refused(f"--translation-of {given}: expected an article or page below content/", 2)
    if path.relative_to(content).parts[0] in NOT_TRANSLATABLE:
        raise Refused(
            f"--translation-of {given}: profiles and comments are not translated this way "
            "(an English profile is <name>.en.md beside the German one)",
            2,
        )
    return path


def _versions(project: Project, kind: Kind, key: str, default: str) -> list[tuple[str, str]]:
    """(file, language) of every article (or page) with the Translation ``key``."""
    found = []
    folder = project.content / "pages" if kind is Kind.PAGE else project.content
    for path in sorted(folder.rglob("*.md")):
        if kind is Kind.ARTICLE and path.relative_to(project.content).parts[0] in (
            *KINDS,
            *NOT_TRANSLATABLE,
        ):
            continue
        try:
            header = split_source(path.read_text(encoding="utf-8")).header
        except (OSError, UnicodeDecodeError):
            continue
        values = {line.key.lower(): line.value.strip() for line in header}
        if values.get("translation") == key:
            found.append((project.shown(path), values.get("lang") or default))
    return found


def _refuse_taken_slug(project: Project, kind: Kind, slug: str) -> None:
    if kind is not Kind.ARTICLE:
        return
    from publishing.sources import Layout, article_slugs

    layout = Layout(content_root=project.content, project_root=project.content.parent)
    taken = article_slugs(layout).get(slug)
    if taken:
        # Comments, social cards, feed ids and the comment form key on the slug.
        raise Refused(f'The slug "{slug}" belongs to {taken} already; give another --slug', 2)


def _add_key(path: Path, source, key: str) -> None:
    """The original's header with a Translation line after its last line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    last = max(line.line for line in source.header)  # 1-based
    lines.insert(last, f"Translation: {key}")
    path.write_text("\n".join(lines), encoding="utf-8")
