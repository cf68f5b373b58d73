"""The static search index: Pagefind, run over the built pages.

Pagefind (PyPI `pagefind[extended]` ships the binary) reads the built pages and
writes `pagefind/` into the site: the index (as parts, see ``part_of``: today one for the
whole site), in fragments plus the JavaScript the search page loads. Nothing is fetched
from another host, neither at build time nor when a reader searches.
"""

import contextlib
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from pagefind.service import get_executable

from newsroom.files import files_below, link_into_place, write_atomically
from newsroom.workers import usable_cores

logger = logging.getLogger(__name__)

DEFAULT_GLOB = "**/*.{html}"  # Pagefind's own default: every HTML file
# Every page's <main> holds all that is indexed (data-pagefind-body, the date meta);
# Pagefind then skips the head, navigation and footer: the same index, 8 % less work.
ROOT = "main"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def indexed_pages(settings: dict) -> str:
    """A Pagefind glob for the files that carry ``data-pagefind-body``: articles and
    pages (theme/templates/article.html and page.html), wherever *_SAVE_AS puts them.

    Each ``{placeholder}`` of the pattern becomes ``*`` (a date's year, month and day
    digits), so the glob may match a few more files, never fewer. Pagefind then does not
    read the tag, author and list pages, which it would skip anyway: a quarter less work
    on a large site.
    """
    templates = [
        settings[name] for name in ("ARTICLE_SAVE_AS", "PAGE_SAVE_AS") if settings.get(name)
    ]
    # The other languages' articles and pages too (en/…): Pagefind keeps one index per
    # <html lang>, and each language's search page reads its own. Their folder is named,
    # not a *: "*/*/index.html" would take in every tag page of the site's own language.
    default = settings.get("DEFAULT_LANG", "")
    for code in settings.get("NEWSROOM_LANGUAGES", ()):
        if code != default:
            templates += [
                settings[name].replace("{lang}", code)
                for name in ("ARTICLE_LANG_SAVE_AS", "PAGE_LANG_SAVE_AS")
                if settings.get(name)
            ]
    patterns = sorted({_glob_of(template) for template in templates})
    if not patterns:
        return DEFAULT_GLOB
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


# A date's parts in a *_SAVE_AS as digits: "*/*/*/index.html" would also take in the
# English topic pages (en/topic/<slug>/), whose changes would then run Pagefind again.
_DATE_PARTS = {"%Y": "[0-9]" * 4, "%m": "[0-9]" * 2, "%d": "[0-9]" * 2}


def _glob_of(template: str) -> str:
    """The Pagefind (and Python) glob of a *_SAVE_AS: its placeholders as wildcards."""

    def wildcard(match: re.Match[str]) -> str:
        return _DATE_PARTS.get(match["format"] or "", "*")

    return re.sub(r"\{[^}:]*(?::(?P<format>[^}]*))?\}", wildcard, template)


# The index is written as parts (``pagefind/<part>/``), which parts.json lists for each
# language; the search page loads the first part of its language and merges the others
# (Pagefind's mergeIndex), and a build indexes only the parts whose pages changed. Today
# the whole site is one part. Parts by year (2025, en-2025, pages) re-indexed one year
# after an edit, but each Pagefind index looks for a word it lacks as the longest start
# of it that it holds (so that a half-typed word finds something): a year lacking a word
# of another year answered with pages that merely start like it ("Impressum" found 12
# articles by their "im"; one index does that only for words the whole site lacks).
# docs/development.md ("Search") says what a partition needs to come back.
PARTS_FILE = "parts.json"
SITE_PART = "site"


def part_of(relative: str) -> str:
    """The part of the search index that holds the page at ``relative``: the whole site's
    (see above)."""
    del relative  # every page: one index answers as a reader expects
    return SITE_PART


def parts_of(pages: Iterable[str]) -> dict[str, list[str]]:
    """The pages of each part, both sorted."""
    parts: dict[str, list[str]] = {}
    for relative in sorted(pages):
        parts.setdefault(part_of(relative), []).append(relative)
    return dict(sorted(parts.items()))


class SearchIndexing:
    """Pagefind indexing the ``parts`` (part -> its pages) of the index of ``site`` in
    processes of their own: as many at once as there are cores, each part in its own
    run. It can start as soon as every page is written and run while the build writes
    its feeds and images. Parts already in ``site/pagefind/`` (from the last build) stay
    as they are; ``wait`` then lists all parts in ``pagefind/parts.json``."""

    def __init__(
        self,
        site: Path,
        parts: Mapping[str, Iterable[str]],
        stage: Path | None = None,
        reuse: Mapping[str, Mapping[str, tuple[str, Path]]] | None = None,
    ) -> None:
        self.site = site
        pages = {part: list(relatives) for part, relatives in parts.items()}
        self.parts = sorted(pages)
        # Per part, the fragments to link in before the run (name -> URL, file): see
        # ``reusable_fragments``. After ``wait``, ``fragments`` holds each part's
        # fragments (URL -> name) for the next build.
        self._reuse = {part: dict(reuse.get(part, {})) for part in self.parts} if reuse else {}
        self._linked: dict[str, dict[str, str]] = {}  # per part, name -> URL
        self.fragments: dict[str, dict[str, str]] = {}
        self.reused = 0  # fragments Pagefind found in place
        # Pagefind reads a folder: each part's pages are hard-linked into one of their own.
        # ``stage`` keeps it from build to build (in the cache), so that only the links of
        # changed pages are made again: at 1,000 articles the folders and links of every
        # page, and removing them, took 0.39 s of a one-edit build (a new folder costs this
        # kind of disk 0.25 ms). Without it, a folder inside the site's index folder (a
        # build that is killed leaves nothing elsewhere), removed at the end.
        if stage is not None:
            stage.mkdir(parents=True, exist_ok=True)
            if stage.stat().st_dev != site.stat().st_dev:
                stage = None  # no links across file systems: copies would be made each build
        self._temporary = stage is None
        if stage is None:
            (site / "pagefind").mkdir(exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=".pages-", dir=site / "pagefind"))
        self._staging = stage
        self._processes: list[subprocess.Popen] = []
        try:
            self._start(pages)
        except BaseException:
            self.cancel()  # the lanes started so far, and the staging folder
            raise

    def _start(self, pages: dict[str, list[str]]) -> None:
        lanes: list[list[str]] = [[] for _ in range(min(usable_cores(), len(pages)))]
        sizes = [0] * len(lanes)
        for part in sorted(pages, key=lambda name: -len(pages[name])):
            stage_pages(self.site, self._staging / part, pages[part])
            self._linked[part] = link_fragments(
                self.site / "pagefind" / part, self._reuse.get(part, {})
            )
            lane = sizes.index(min(sizes))  # the biggest parts first, each to the least busy
            lanes[lane].append(part)
            sizes[lane] += len(pages[part])
        # Pagefind's own binary, not `python -m pagefind`: that only finds and runs it.
        binary = get_executable()
        self._command = command = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
        # At the build's own priority: the build waits for it at its end, and on a busy
        # machine a lower priority starved it (most of a loaded build's time was spent
        # waiting for it). A lane runs its parts one after the other in a shell, so that
        # no thread of the build waits for them (the build forks its worker pools).
        for lane in lanes:
            script = "\n".join(shlex.join(self._run(command, part)) for part in lane)
            self._processes.append(
                subprocess.Popen(
                    ["sh", "-ec", script],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    start_new_session=True,  # cancel stops the shell and its Pagefind
                )
            )

    def _run(self, command: list[str], part: str) -> list[str]:
        output = self.site / "pagefind" / part
        return [
            *command,
            "--site",
            str(self._staging / part),
            "--output-path",
            str(output),
            "--root-selector",
            ROOT,
            "--quiet",
        ]

    def wait(self) -> str:
        """Pagefind's summary once it is done; SearchIndexError if it failed."""
        try:
            outputs = [process.communicate() for process in self._processes]
            for process, (stdout, stderr) in zip(self._processes, outputs, strict=True):
                _check(process.returncode, stdout, stderr, self.site)
            for part in self.parts:
                self.fragments[part] = self._fragments(part)
        finally:
            self._remove_staging()
        for part in self.parts:
            entry = self.site / "pagefind" / part / "pagefind-entry.json"
            if not entry.is_file():
                raise SearchIndexError(f"Pagefind wrote no index for {part} into {self.site}")
            sort_languages(entry)
            drop_ui(entry.parent)
        write_parts(self.site)
        return "\n".join(stdout.strip() for stdout, _ in outputs if stdout.strip())

    def _fragments(self, part: str) -> dict[str, str]:
        """The part's fragments (URL -> name) as Pagefind left them; when a fragment linked
        in may have become another page's, the part is indexed again from nothing."""
        folder = self.site / "pagefind" / part
        reused = self._linked.get(part, {})
        fragments = fragments_after(folder, reused)
        if fragments is not None:
            self.reused += len(reused)
            return fragments
        logger.info(
            "Search index: a fragment of the last build is not its page's in %s (two "
            "pages share a name, or Pagefind's own options changed); indexing it again "
            "without them",
            part,
        )
        shutil.rmtree(folder)
        run = subprocess.run(self._run(self._command, part), capture_output=True, text=True)
        _check(run.returncode, run.stdout, run.stderr, self.site)
        return fragments_after(folder, {}) or {}

    def cancel(self) -> None:
        """Stop Pagefind (the build failed after it started)."""
        for process in self._processes:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
        self._remove_staging()

    def _remove_staging(self) -> None:
        if self._temporary:
            shutil.rmtree(self._staging, ignore_errors=True)


def _check(returncode: int | None, stdout: str, stderr: str, site: Path) -> None:
    if returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site}: {(stderr or stdout).strip()}")


# Pagefind keeps each page's fragment (its text, title and address, fetched for a hit) in
# a file named by a hash of it, and does not write such a file where one of that name
# exists (its "immutable" files, pagefind/src/output/mod.rs). A page whose bytes are those
# of the last run has the same fragment, so its file is linked in from the last build
# before the run, and Pagefind compresses and writes only the fragments of changed pages:
# at 1,000 articles a one-edit run wrote 1 file instead of 1,000 (docs/development.md).
FRAGMENT_FOLDER = "fragment"
FRAGMENT_SUFFIX = ".pf_fragment"
# The length of the hash in a fragment's name. Pagefind lengthens it only when two pages
# of one run share it, and which of the two gets the short name follows its order.
SHORT_HASH = 7


def page_url(relative: str) -> str:
    """The address Pagefind gives the page at ``relative``: an index.html's folder."""
    url = "/" + relative
    return url.removesuffix("index.html") if url.endswith("/index.html") else url


def _short_name(name: str) -> str | None:
    """A fragment's name cut to the short hash (``de_1a2b3c4``); None if it is none."""
    stem, _, hashed = name.removesuffix(FRAGMENT_SUFFIX).rpartition("_")
    if not name.endswith(FRAGMENT_SUFFIX) or not stem or len(hashed) < SHORT_HASH:
        return None
    if not re.fullmatch("[0-9a-f]+", hashed):
        return None
    return f"{stem}_{hashed[:SHORT_HASH]}"


def _collided(names: Iterable[str]) -> set[str]:
    """The short names of ``names`` that Pagefind lengthened (two pages shared them)."""
    collided = set()
    for name in names:
        short = _short_name(name)
        if short is not None and short + FRAGMENT_SUFFIX != name:
            collided.add(short)
    return collided


def reusable_fragments(previous: Mapping[str, str], unchanged: Iterable[str]) -> dict[str, str]:
    """Name -> URL of the last run's fragments (``previous``: URL -> name) that may be
    linked into this run's folder: those of the pages ``unchanged`` (relative paths, whose
    bytes that run indexed), of a short name that no other page of that run shared."""
    collided = _collided(previous.values())
    reusable = {}
    for relative in unchanged:
        url = page_url(relative)
        name = previous.get(url)
        if name is None:
            continue
        short = _short_name(name)
        if short is not None and short + FRAGMENT_SUFFIX == name and short not in collided:
            reusable[name] = url
    return reusable


def link_fragments(folder: Path, reuse: Mapping[str, tuple[str, Path]]) -> dict[str, str]:
    """The fragments ``reuse`` (name -> URL, file of the last build) into the index
    folder ``folder`` that Pagefind is about to write; those linked (name -> URL). A file
    gone meanwhile (another build of the same cache finished) is left to Pagefind."""
    linked: dict[str, str] = {}
    if not reuse:
        return linked
    (folder / FRAGMENT_FOLDER).mkdir(parents=True, exist_ok=True)
    for name, (url, file) in reuse.items():
        try:
            link_into_place(file, folder / FRAGMENT_FOLDER / name)
        except FileNotFoundError:
            continue
        linked[name] = url
    return linked


def fragments_after(folder: Path, reused: Mapping[str, str]) -> dict[str, str] | None:
    """URL -> name of the fragments in the index folder ``folder`` after Pagefind's run,
    into which the fragments ``reused`` (name -> URL) were linked before it. None when
    one of those is not its page's fragment in this index:

    - Pagefind gave its page another one (an option of Pagefind's own changed the
      fragments): then there are more fragment files than indexed pages, and a written
      fragment names the linked one's page;
    - it may stand for another page: Pagefind gives the short name to the first of two
      pages of one short hash, so a changed page may have been given a linked fragment's
      name (and Pagefind kept that file); the run then also lengthened the other page's
      name, which shows it.
    """
    try:
        names = sorted(path.name for path in (folder / FRAGMENT_FOLDER).iterdir())
    except FileNotFoundError:
        names = []
    if reused and len(names) != _indexed_pages(folder):
        return None
    collided = _collided(names)
    if any(_short_name(name) in collided for name in reused):
        return None
    fragments = {}
    for name in names:
        if name not in reused:
            url = _url_of(folder / FRAGMENT_FOLDER / name)
            if url is not None:
                fragments[url] = name
    if any(url in fragments for url in reused.values()):
        return None
    for name, url in reused.items():
        fragments[url] = name
    return fragments


def _indexed_pages(folder: Path) -> int:
    """The pages Pagefind says it indexed into ``folder`` (each has one fragment); -1
    when its entry file cannot be read."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return -1


# A fragment is gzip of "pagefind_dcd" and the page's JSON, whose first field is its URL.
_FRAGMENT_URL = re.compile(rb'pagefind_dcd\{"url":"((?:[^"\\]|\\.)*)"')


def _url_of(fragment: Path) -> str | None:
    """The address of the page of a fragment Pagefind wrote; None if it is not found
    (the fragment is then not reused by the next build)."""
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fragment.read_bytes(), 4096)
        match = _FRAGMENT_URL.match(head)
        return json.loads(b'"' + match[1] + b'"') if match else None
    except (OSError, zlib.error, ValueError):
        return None


def stage_pages(site: Path, folder: Path, pages: Iterable[str]) -> None:
    """``folder`` holding ``pages`` of ``site`` (relative paths) and nothing else, each
    a hard link to the page. A link that is already the page's very file (a page taken
    from the last build, which staged it) stays as it is. The folders of pages that are
    gone go with them."""
    wanted = set(pages)
    if folder.is_dir():
        for stale, _entry in list(files_below(folder)):
            if stale not in wanted:
                (folder / stale).unlink()
                _remove_empty_folders((folder / stale).parent, folder)
    for relative in sorted(wanted):
        page, target = site / relative, folder / relative
        with contextlib.suppress(FileNotFoundError):
            if page.samefile(target):
                continue
        link_into_place(page, target)


def _remove_empty_folders(start: Path, top: Path) -> None:
    """``start`` and the folders above it, up to ``top`` (kept), while they are empty."""
    while start != top and top in start.parents:
        try:
            start.rmdir()
        except OSError:  # not empty: another page is staged below it
            return
        start = start.parent


# Pagefind's own search interfaces and its highlighter, written into every part: the
# search page has its own (theme/static/js/search.js), so they would be 0.4 MB per part
# that no page loads.
_UI_FILE = re.compile(r"pagefind-(?:[a-z]+-)?ui\.(?:js|css)|pagefind-highlight\.js")


def drop_ui(part: Path) -> None:
    """Remove Pagefind's interface files from the folder of a part of the index."""
    for file in part.iterdir():
        if _UI_FILE.fullmatch(file.name):
            file.unlink()


def write_parts(site: Path) -> None:
    """``pagefind/parts.json``: for each language, the parts of the index that hold pages
    in it, the newest year first (the search page loads the first and merges the rest)."""
    folder = site / "pagefind"
    by_language: dict[str, list[str]] = {}
    names = [entry.parent.name for entry in folder.glob("*/pagefind-entry.json")]
    for name in sorted(names, key=_newest_first):
        entry = json.loads((folder / name / "pagefind-entry.json").read_text("utf-8"))
        for language in entry.get("languages", {}):
            by_language.setdefault(language, []).append(name)
    text = json.dumps(dict(sorted(by_language.items())), separators=(",", ":"))
    folder.mkdir(exist_ok=True)
    write_atomically(folder / PARTS_FILE, text.encode("utf-8"))


def _newest_first(part: str) -> tuple[int, str]:
    year = part.rsplit("-", 1)[-1]  # a partition by year lists the newest first
    return (-int(year) if year.isdigit() else 0, part)


def sort_languages(entry: Path) -> None:
    """Pagefind's entry file with its languages in a fixed order. Pagefind lists the
    indexes of a site in several languages in the order of a hash map, which differs
    from run to run: the same pages gave another file (and another snapshot, another
    upload)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    languages = data.get("languages")
    if not isinstance(languages, dict) or len(languages) < 2:
        return
    data["languages"] = dict(sorted(languages.items()))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # A new file, never a write into this one: the snapshot may hold it as a hard link.
    write_atomically(entry, text.encode("utf-8"))


# The attribute in a tag (not in an article's text about it): Pagefind reads a page
# without it only when no page of its run has it, and then the whole page.
_BODY = re.compile(rb"<[A-Za-z][^<>]*\sdata-pagefind-body[\s=/>]")


def index_keys(
    site: Path,
    glob: str = DEFAULT_GLOB,
    known: Mapping[str, str] | None = None,
    options: str | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """A key for each part of the index Pagefind would write for ``site``: of the bytes
    of the part's pages, Pagefind's version and our options (the same key, the same
    part), and the digest of each page. ``known`` gives the digests of pages known to be
    unchanged (taken from the last build), which are then not read; ``options``, those
    of ``run_options`` when the caller has them.

    A part's pages are those ``glob`` matches that carry ``data-pagefind-body``: each
    part is a Pagefind run of its own, and a run in which no page has the attribute
    indexes every page whole (the archive, the search page, a hidden article). So the
    others are left out here, and a part with none of them does not exist.

    Pagefind has no incremental mode (a new word shifts every chunk of its index), and
    feeding it the pages through its Python API was far slower than its command (0.1 s
    per page: the API polls for each answer; docs/development.md, "Speed"), so a part
    whose pages are unchanged is taken from the last build, and Pagefind indexes the
    others.
    """
    known = known or {}
    digests: dict[str, str] = {}
    for page in sorted(matching(site, glob)):
        relative = page.relative_to(site).as_posix()
        digest = known.get(relative)  # the last build's digests are of indexed pages only
        if digest is None:
            data = page.read_bytes()
            if not _BODY.search(data):
                continue
            digest = hashlib.blake2b(data).hexdigest()
        digests[relative] = digest
    options = (options or run_options()).encode()
    keys: dict[str, str] = {}
    for part, relatives in parts_of(digests).items():
        key = hashlib.sha256(options)
        for relative in relatives:
            key.update(f"{relative}\0{digests[relative]}\0".encode())
        keys[part] = key.hexdigest()
    return keys, digests


def matching(site: Path, glob: str) -> set[Path]:
    """The files of ``site`` that Pagefind's ``glob`` names (a ``{a,b}`` of patterns
    whose ``*`` stays within a folder, as in Python's glob)."""
    found: set[Path] = set()
    for pattern in _braces(glob):
        found.update(path for path in site.glob(pattern) if path.is_file())
    return found


def _braces(glob: str) -> list[str]:
    """``**/*.{html}`` -> ``**/*.html``: one level of braces, expanded."""
    match = re.search(r"\{([^{}]*)\}", glob)
    if match is None:
        return [glob]
    return [
        expanded
        for part in match[1].split(",")
        for expanded in _braces(glob[: match.start()] + part + glob[match.end() :])
    ]


# Pagefind reads its options from PAGEFIND_* variables and from a configuration file in
# the folder it runs in, as well as from its command line.
PAGEFIND_CONFIGURATION = ("pagefind.json", "pagefind.yml", "pagefind.yaml", "pagefind.toml")


def run_options() -> str:
    """What, besides the pages, makes Pagefind write what it writes: its version (of the
    Python package and of the binary's), our options and its own (variables, file)."""
    versions = [_version(name) for name in ("pagefind", "pagefind_bin_extended", "pagefind_bin")]
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
    files = []
    for name in PAGEFIND_CONFIGURATION:
        with contextlib.suppress(OSError):
            files.append((name, hashlib.sha256(Path(name).read_bytes()).hexdigest()))
    return repr((versions, str(get_executable()), ROOT, variables, files))


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def build_search_index(site: Path, glob: str = DEFAULT_GLOB) -> str:
    """Index ``site`` in place, every part anew; returns Pagefind's summary line(s)."""
    return SearchIndexing(site, parts_of(index_keys(site, glob)[1])).wait()


def summary(site: Path) -> str:
    """ "Search index: 42 pages" from the parts Pagefind wrote into ``site``."""
    pages = 0
    for entry in (site / "pagefind").glob("*/pagefind-entry.json"):
        try:
            languages = json.loads(entry.read_text("utf-8"))["languages"].values()
            pages += sum(language.get("page_count", 0) for language in languages)
        except (OSError, ValueError, KeyError, AttributeError):
            return "Search index"
    return f"Search index: {pages} page{'' if pages == 1 else 's'}"
