"""Author profiles: parsing ``content/authors/<slug>.md``, indexing and matching names.

Pure: takes text and paths, returns frozen records and problems; the hooks log them.
"""

import difflib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from newsroom.headers import Kind, Problem, Severity, check_header, split_source
from newsroom.slugs import slugify_german
from newsroom.text import unfit_text_problem


@dataclass(frozen=True)
class Link:
    kind: str  # website, x, linkedin, xing, mastodon
    label: str  # what the reader sees, e.g. "LinkedIn"
    url: str


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    role: str
    organization: str
    photo: str | None  # path below the content folder, e.g. images/authors/jana.jpg
    guest: bool
    bio_html: str
    links: tuple[Link, ...]
    source: str  # the profile file, relative to the project root
    lang: str = ""  # the bio's language (Lang); "" is the site's own

    @property
    def role_line(self) -> str:
        """ "Beraterin für PR, Hafenlicht Kommunikation" (either part may be missing)."""
        return ", ".join(part for part in (self.role, self.organization) if part)


LINK_LABELS = {
    "website": "Website",
    "x": "X",
    "linkedin": "LinkedIn",
    "xing": "XING",
    "mastodon": "Mastodon",
}


def parse_profile(
    display_path: str,
    text: str,
    content_root: Path | None,
    render_markdown: Callable[[str], str],
    languages: Collection[str] = (),
) -> tuple[Profile | None, tuple[Problem, ...]]:
    """Parse one profile file; None when it has errors (the problems say which).
    ``languages``: those a Lang may name (not checked when empty)."""
    source = split_source(text)
    header = check_header(Kind.PROFILE, display_path, source, content_root, languages=languages)
    if header.errors:
        return None, header.problems
    # A bio is shown on pages and in structured data like an article: the same rule
    # for characters no text may carry (an ESC pasted from a terminal); the header
    # check has applied it to the header already.
    unfit = unfit_text_problem(display_path, "", source.body, text)
    if unfit is not None:
        return None, (*header.problems, unfit)
    values = header.values
    name = str(values["name"])
    slug = slugify_german(name)
    problems = list(header.problems)
    lang = str(values.get("lang", ""))
    # The site's own language: <slug>.md; another one: <slug>.<lang>.md beside it.
    expected = (f"{slug}.md", f"{slug}.{lang}.md") if lang else (f"{slug}.md",)
    if Path(display_path).name not in expected:
        problems.append(
            Problem(
                display_path,
                "Name",
                f'is "{name}"; the file should be named {expected[-1]} (the slug of the name'
                + (", then the language)" if lang else ")"),
                Severity.WARNING,
                header.lines.get("name"),
            )
        )
    links = tuple(
        Link(kind, label, _link_url(kind, str(values[kind])))
        for kind, label in LINK_LABELS.items()
        if kind in values
    )
    profile = Profile(
        slug=slug,
        name=name,
        role=str(values.get("role", "")),
        organization=str(values.get("organization", "")),
        photo=values.get("photo"),  # type: ignore[arg-type]  (FILE values are str)
        guest=values.get("guest") == "yes",
        bio_html=render_markdown(source.body).strip(),
        links=links,
        source=display_path,
        lang=lang,
    )
    return profile, tuple(problems)


def _link_url(kind: str, value: str) -> str:
    if kind == "x" and not value.startswith("http"):
        return f"https://x.com/{value.lstrip('@')}"
    return value


def index_profiles(
    profiles: Iterable[Profile], default: str = ""
) -> tuple[dict[str, Profile], tuple[Problem, ...]]:
    """The profiles in the site's language (``default``; a profile without Lang is in it)
    by slug; two files for one slug are an error naming both files."""
    return _index([p for p in profiles if p.lang in ("", default)])


def translated_profiles(
    profiles: Iterable[Profile], index: Mapping[str, Profile], lang: str
) -> tuple[dict[str, Profile], tuple[Problem, ...]]:
    """Everyone's profile for pages in ``lang``: the one in ``lang`` where there is one,
    with what it leaves out (photo, links, role, organisation) taken from the site's own
    profile; else the site's own (its bio is marked as in the site's language)."""
    own, problems = _index([p for p in profiles if p.lang == lang])
    found = dict(index)
    for slug, profile in own.items():
        base = index.get(slug)
        if base is not None:
            profile = replace(
                profile,
                role=profile.role or base.role,
                organization=profile.organization or base.organization,
                photo=profile.photo or base.photo,
                guest=profile.guest or base.guest,
                links=profile.links or base.links,
            )
        found[slug] = profile
    return found, problems


def _index(profiles: Iterable[Profile]) -> tuple[dict[str, Profile], tuple[Problem, ...]]:
    index: dict[str, Profile] = {}
    problems = []
    for profile in sorted(profiles, key=lambda p: p.source):
        first = index.get(profile.slug)
        if first is not None:
            problems.append(
                Problem(
                    profile.source,
                    "Name",
                    f'is "{profile.name}", the same person (slug "{profile.slug}") as in '
                    f"{first.source}; expected one profile per person",
                )
            )
            continue
        index[profile.slug] = profile
    return index, tuple(problems)


def team_then_guests(index: Mapping[str, Profile]) -> list[Profile]:
    """The order of the authors overview: the team first, then guests, each by name."""
    return sorted(index.values(), key=lambda p: (p.guest, p.name.casefold()))


def missing_profile_message(name: str, known: Iterable[str], folder: str) -> str:
    """What an editor needs to fix an author name that has no profile (``known``: the
    names of the profiles there are). The build and `invoke check` say it alike."""
    slug = slugify_german(name)
    guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    hint = f'; did you mean "{guess[0]}"?' if guess else ""
    return (
        f'names "{name}", who has no profile; expected {folder}/{slug}.md with "Name: {name}"{hint}'
    )


def person_json_ld(profile: Profile, page_url: str, picture_url: str) -> dict:
    """schema.org ``Person`` for structured data; URLs should be absolute."""
    data: dict = {"@type": "Person", "name": profile.name, "url": page_url}
    if profile.role:
        data["jobTitle"] = profile.role
    if profile.organization:
        data["worksFor"] = {"@type": "Organization", "name": profile.organization}
    if picture_url:
        data["image"] = picture_url
    same_as = [link.url for link in profile.links if link.kind != "website"]
    website = next((link.url for link in profile.links if link.kind == "website"), None)
    if website:
        same_as.insert(0, website)
    if same_as:
        data["sameAs"] = same_as
    return data
