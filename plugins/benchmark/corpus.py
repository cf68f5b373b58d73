"""A deterministic synthetic corpus of German articles for `invoke bench`.

Same N, same seed: byte-identical files, so figures of different runs and machines are
comparable. The corpus follows the content contract (docs/writing.md): author profiles with
pictures, articles over ten years in eight categories, interviews, guest and sponsored
articles, header pictures, and comment threads (with replies and a pingback) on a fifth
of the articles.
"""

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from newsroom.header_writer import write_header
from newsroom.headers import Kind
from newsroom.slugs import slugify_german

CATEGORIES = (
    "Social Media",
    "PR & Krisenkommunikation",
    "Content & Corporate Blogs",
    "Interne Kommunikation",
    "Employer Branding",
    "Events",
    "Daten & Analyse",
    "Recht & Ethik",
)
TAGS = (
    "LinkedIn",
    "Mastodon",
    "Barrierefreiheit",
    "Krisenkommunikation",
    "Corporate Blog",
    "Newsletter",
    "Employee Advocacy",
    "KI",
    "Pressearbeit",
    "Messen",
    "Podcasts",
    "Video",
    "Datenschutz",
    "Monitoring",
    "Storytelling",
    "Reichweite",
    "Community",
    "Markenführung",
    "Intranet",
    "Führungskräfte",
    "Nachhaltigkeit",
    "Recruiting",
    "B2B",
    "Mittelstand",
    "Influencer",
    "Instagram",
    "XING",
    "Medienarbeit",
    "Redaktionsplan",
    "Suchmaschinen",
    "Leichte Sprache",
    "Umfragen",
    "Kennzahlen",
    "Change",
    "Veranstaltungen",
    "Fachpresse",
    "Lokaljournalismus",
    "Agenturen",
    "Werkzeuge",
    "Strategie",
)
FIRST_NAMES = (
    "Jana",
    "Katrin",
    "Mehmet",
    "Tobias",
    "Lea",
    "Jörg",
    "Svenja",
    "Ömer",
    "Birte",
    "Felix",
    "Anouk",
    "Małgorzata",
    "Henrik",
    "Ayşe",
    "Jürgen",
    "Greta",
)
LAST_NAMES = (
    "Albers",
    "Schäfer",
    "Yıldız",
    "Wendt",
    "Sommerfeld",
    "Müller",
    "Brandt",
    "Kaya",
    "Hansen",
    "Voß",
    "de Vries",
    "Nowak",
    "Lindqvist",
    "Demir",
    "Groß",
    "Petersen",
)
SUBJECTS = (
    "Die Unternehmenskommunikation",
    "Ein Social-Media-Team",
    "Die Pressestelle",
    "Jede Führungskraft",
    "Das Redaktionsteam",
    "Ein mittelständischer Hersteller",
    "Die Geschäftsführung",
    "Eine gute Krisenkommunikation",
    "Der Corporate Blog",
    "Die Personalabteilung",
    "Ein Newsletter",
    "Die Fachabteilung",
)
VERBS = (
    "braucht",
    "plant",
    "überprüft",
    "verändert",
    "erklärt",
    "misst",
    "begleitet",
    "stärkt",
    "übersetzt",
    "priorisiert",
    "öffnet",
    "gestaltet",
)
OBJECTS = (
    "klare Zuständigkeiten",
    "einen verlässlichen Redaktionsplan",
    "die Fragen der Leserinnen und Leser",
    "messbare Ziele für jedes Quartal",
    "barrierefreie Beiträge mit Alt-Texten",
    "die Zusammenarbeit mit der Fachpresse",
    "Reichweite ohne bezahlte Werbung",
    "Vertrauen in schwierigen Zeiten",
    "die Stimme der Mitarbeitenden",
    "Geschichten aus dem Arbeitsalltag",
    "Kennzahlen jenseits von Klicks",
    "Antworten innerhalb von 24 Stunden",
)
ENDINGS = (
    "– und zwar bevor die Kampagne startet.",
    "– das zeigt jedes Projekt aufs Neue.",
    "; alles andere kostet Zeit und Glaubwürdigkeit.",
    ", auch wenn es unbequem ist.",
    ", damit aus Aufmerksamkeit Vertrauen wird.",
    ".",
)
TITLE_PATTERNS = (
    "{n} Fragen zu {topic}",
    "Was {who} über {topic} wissen sollten",
    "{topic}: ein Leitfaden für {who}",
    "Warum {topic} mehr ist als ein Trend",
    "So gelingt {topic} im Mittelstand",
    "{topic} – Erfahrungen aus {n} Projekten",
    "Größer denken: {topic}",
    "Zehn Irrtümer über {topic}",
)
TOPICS = (
    "Krisenkommunikation",
    "Employee Advocacy",
    "barrierefreie Posts",
    "den Firmenblog",
    "LinkedIn-Newsletter",
    "Pressemitteilungen",
    "interne Podcasts",
    "Mastodon für Unternehmen",
    "Redaktionsplanung",
    "Messekommunikation",
    "Social-Media-Richtlinien",
    "KI-gestützte Texte",
    "Community-Management",
    "Fachpressearbeit",
    "Change-Kommunikation",
    "Markenführung",
)
WHO = (
    "Kommunikationsteams",
    "Geschäftsführerinnen",
    "Personalabteilungen",
    "Pressesprecher",
    "Agenturen",
    "Fachabteilungen",
)


@dataclass(frozen=True)
class Corpus:
    root: Path  # the project folder holding content/
    articles: int
    commented: int  # articles with a comment thread
    comments: int
    authors: int
    edit_target: Path  # the article `invoke bench` edits for the incremental rebuild


def write_corpus(root: Path, count: int, seed: int = 2026, translated: float = 0.0) -> Corpus:
    """Write ``count`` articles with profiles, pictures and comments below ``root/content``;
    ``translated``: the share of them that get an English version too (same text, Lang: en,
    joined by a Translation key), and the mapping of terms that names their lists."""
    rng = random.Random(seed)
    content = root / "content"
    people = _write_profiles(content, rng)
    pictures = _write_pictures(content, rng)
    team = [name for name, guest in people if not guest]
    guests = [name for name, guest in people if guest]
    start = datetime(2016, 1, 4, 8, 0)
    comments = commented = 0
    first = None
    used_slugs: set[str] = set()
    for number in range(count):
        date = start + timedelta(hours=int(number * (87_600 / max(count, 1))) + rng.randint(0, 5))
        title = _title(rng, number)
        slug = _unique(slugify_german(title), used_slugs)
        kind = "interview" if number % 20 == 7 else "guest" if number % 15 == 4 else "article"
        authors = (
            [rng.choice(guests)]
            if kind == "guest"
            else rng.sample(team, 2 if number % 11 == 0 else 1)
        )
        header = {
            "Title": title,
            "Date": f"{date:%Y-%m-%d %H:%M}",
            "Authors" if len(authors) > 1 else "Author": authors,
            "Category": CATEGORIES[number % len(CATEGORIES)],
            "Tags": rng.sample(TAGS, 3),
            "Slug": slug,
            "Summary": _sentence(rng),
            "Image": rng.choice(pictures) if number % 3 == 0 else None,
            "Type": kind if kind != "article" else None,
            "Interviewee": rng.choice(guests) if kind == "interview" else None,
            "Disclosure": "sponsored" if number % 25 == 12 else None,
        }
        body = (
            _interview(rng)
            if kind == "interview"
            else _body(rng, pictures if number % 5 == 1 else None)
        )
        path = content / str(date.year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Spread evenly: article n is translated when the running share crosses a step.
        if translated and int((number + 1) * translated) > int(number * translated):
            header["Translation"] = slug
            english = {**header, "Slug": f"{slug}-en"}
            english.update({"Lang": "en", "Translation": slug})
            english_path = path.with_name(f"{slug}-en.md")
            english_path.write_text(
                write_header(Kind.ARTICLE, english) + "\n" + body, encoding="utf-8"
            )
        path.write_text(write_header(Kind.ARTICLE, header) + "\n" + body, encoding="utf-8")
        first = first or path
        if number % 5 == 2:
            commented += 1
            comments += _write_thread(content / "comments" / slug, rng, date, authors[0])
    if translated:
        rows = [("category", name, f"{name} (en)") for name in CATEGORIES]
        rows += [("tag", name, f"{name} (en)") for name in TAGS]
        with (content / "terms.csv").open("w", encoding="utf-8", newline="") as terms:
            csv.writer(terms, lineterminator="\n").writerows([("kind", "de", "en"), *rows])
    return Corpus(root, count, commented, comments, len(people), first)


def _title(rng: random.Random, number: int) -> str:
    pattern = TITLE_PATTERNS[number % len(TITLE_PATTERNS)]
    return pattern.format(n=rng.randint(3, 12), topic=rng.choice(TOPICS), who=rng.choice(WHO))


def _unique(slug: str, used: set[str]) -> str:
    candidate, counter = slug, 2
    while candidate in used:
        candidate = f"{slug}-{counter}"
        counter += 1
    used.add(candidate)
    return candidate


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(ENDINGS)}"


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _body(rng: random.Random, pictures: list[str] | None) -> str:
    parts = [_paragraph(rng), _paragraph(rng)]
    for _section in range(rng.randint(2, 4)):
        parts.append(f"## {rng.choice(TOPICS).capitalize()} in der Praxis")
        parts += [_paragraph(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            parts.append("\n".join(f"- {rng.choice(OBJECTS).capitalize()}" for _ in range(4)))
    if pictures:
        parts.append(
            f"![Illustration zum Beitrag]({{static}}/{rng.choice(pictures)} "
            f'"Eine Illustration")\nBildquelle: Hafenlicht Kommunikation'
        )
    return "\n\n".join(parts) + "\n"


def _interview(rng: random.Random) -> str:
    parts = [_paragraph(rng)]
    for _question in range(rng.randint(5, 8)):
        parts.append(
            f"### Wie {rng.choice(VERBS)} {rng.choice(SUBJECTS).lower()} {rng.choice(OBJECTS)}?"
        )
        parts += [_paragraph(rng) for _ in range(rng.randint(1, 2))]
    return "\n\n".join(parts) + "\n"


def _write_profiles(content: Path, rng: random.Random) -> list[tuple[str, bool]]:
    folder = content / "authors"
    folder.mkdir(parents=True, exist_ok=True)
    (content / "images" / "authors").mkdir(parents=True, exist_ok=True)
    people = []
    for index, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        name = f"{first} {last}"
        slug = slugify_german(name)
        guest = index % 4 == 3
        role = rng.choice(WHO)[:-1]  # drawn before the picture: the corpus stays the same
        picture = f"images/authors/{slug}.jpg" if index % 2 == 0 else None
        if picture:
            _picture(content / picture, (200, 200), rng)
        header = {
            "Name": name,
            "Role": role,
            "Organization": "Hafenlicht",
            "Photo": picture,
            "Website": "https://hafenlicht.example",
            "Guest": "yes" if guest else "no",
        }
        (folder / f"{slug}.md").write_text(
            write_header(Kind.PROFILE, header) + "\n" + _paragraph(rng) + "\n", encoding="utf-8"
        )
        people.append((name, guest))
    return people


def _write_pictures(content: Path, rng: random.Random) -> list[str]:
    folder = content / "images" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(24):
        name = f"images/articles/motiv-{index:02d}.jpg"
        _picture(content / name, (1200, 675), rng)
        names.append(name)
    return names


def _picture(path: Path, size: tuple[int, int], rng: random.Random) -> None:
    image = Image.new("RGB", size, (11, 37, 69))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        radius = rng.randint(20, size[0] // 4)
        colour = rng.choice([(27, 153, 139), (244, 211, 94), (250, 247, 240), (19, 49, 92)])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    image.save(path, quality=80)


def _write_thread(folder: Path, rng: random.Random, date: datetime, author: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count = rng.randint(2, 8)
    for number in range(1, count + 1):
        moment = date + timedelta(hours=number * 3)
        header = {
            "Author": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)[0]}.",
            "Date": f"{moment:%Y-%m-%d %H:%M}",
        }
        if number == count and number > 2:
            header = {"Author": author, "Date": f"{moment:%Y-%m-%d %H:%M}", "Reply-To": "c1"}
        elif number == 2 and count > 4:
            header |= {"Kind": "pingback", "Website": "https://andere-blog.example/beitrag"}
        (folder / f"c{number}.md").write_text(
            write_header(Kind.COMMENT, header) + "\n" + _sentence(rng) + "\n", encoding="utf-8"
        )
    return count
