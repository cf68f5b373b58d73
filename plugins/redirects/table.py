"""The redirect table ``content/redirects.csv``: old site paths and where they went.

UTF-8, header line ``old,new``; ``old`` is a site path starting with "/" and may carry a
query (``/?p=123``), ``new`` a site path (``/2019/03/mein-beitrag/``). Pure: a file in,
records out; a bad line raises ValueError naming the file, the line and what was expected.

One old address has many spellings: ``/über/``, ``/%C3%BCber/`` and ``/%c3%bcber`` are one
page to a browser and to nginx (which decodes the path and matches map keys without
regard to case). ``normalise_old`` gives the one spelling the import writes, and
``redirect_key`` the identity two rows must not share.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_from_bytes, unquote, unquote_to_bytes

HEADER = ["old", "new"]
# What stays unencoded in a path: RFC 3986's unreserved and sub-delims, ":" and "@".
PATH_SAFE = "/-._~!$&'()*+,;=:@"
# The longest old address (decoded, with its query) deploy/nginx.conf's maps can hold:
# map_hash_bucket_size 1024 there, less nginx's own bytes per entry.
MAX_OLD_BYTES = 1000
_SLASHES = re.compile(r"/{2,}")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
# What browsers leave as it is in a query (the URL standard's query percent-encode set
# is everything else: controls, space, ", #, <, >, ' and all that is not ASCII).
_QUERY_KEPT = frozenset(chr(c) for c in range(0x21, 0x7F)) - set("\"#<>'")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Redirect:
    old: str
    new: str

    @property
    def has_query(self) -> bool:
        return "?" in self.old


def normalise_old(old: str) -> str:
    """The one spelling of an old address: repeated slashes collapsed, the path
    percent-encoded once in upper case as browsers send it (``/%CE%B5/``), the query as
    written, but with what browsers encode in a query encoded (``?test=💫`` is
    ``?test=%F0%9F%92%AB``; a WordPress guid has it raw) and its escapes in upper case."""
    path, mark, query = old.partition("?")
    path = _SLASHES.sub("/", path)
    path = quote_from_bytes(unquote_to_bytes(path), safe=PATH_SAFE)
    query = "".join(c if c in _QUERY_KEPT else quote(c, safe="") for c in query)
    query = _ESCAPE.sub(lambda m: m[0].upper(), query)
    return path + mark + query


def decoded_path(old: str) -> str:
    """The path of ``old`` as nginx's ``$uri`` holds it: decoded, one slash at a time
    (a byte sequence that is no UTF-8 stays encoded)."""
    path = _SLASHES.sub("/", old.partition("?")[0])
    try:
        return unquote(path, errors="strict")
    except UnicodeDecodeError:
        return path


def redirect_key(old: str) -> str:
    """What two rows must not share: the normal spelling, without the trailing slash and
    without regard to case (nginx's maps ignore case, so they could not tell them apart)."""
    path, mark, query = normalise_old(old).partition("?")
    return ((path.rstrip("/") or "/") + mark + query).casefold()


def old_problem(old: str) -> str:
    """Why ``old`` cannot be an old address ("" when it can)."""
    if not old.startswith("/") or any(c.isspace() for c in old):
        return 'expected a site path starting with "/", such as /2019/03/mein-beitrag/'
    if "#" in old:
        return "expected an address without a fragment (#…): browsers never send it"
    decoded = decoded_path(old)
    if _CONTROL.search(decoded) or any(c.isspace() for c in decoded):
        return "expected no spaces or control characters, also not percent-encoded ones"
    if any(part in (".", "..") for part in decoded.split("/")):
        return 'expected no "." or ".." segments (browsers resolve them before they ask)'
    _path, mark, query = old.partition("?")
    size = len((decoded + mark + query).encode("utf-8"))
    if size > MAX_OLD_BYTES:
        return (
            f"is {size} bytes long; the web server's map holds addresses of at most "
            f"{MAX_OLD_BYTES} (deploy/nginx.conf)"
        )
    return ""


def read_redirects(path: Path) -> list[Redirect]:
    """Every redirect of ``path`` in file order; a missing file has none."""
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: is not UTF-8 ({error})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [cell.strip().lower() for cell in rows[0]] != HEADER:
        raise ValueError(f'{path}:1: expected the header line "old,new"')
    redirects: list[Redirect] = []
    seen: dict[str, tuple[int, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise ValueError(
                f"{path}:{number}: expected two columns, the old path and the new path; "
                f"found {len(row)}"
            )
        old, new = row[0].strip(), row[1].strip()
        if not new.startswith("/") or new.startswith("//") or any(c.isspace() for c in new):
            raise ValueError(
                f'{path}:{number}: "new" is "{new}"; expected a site path starting '
                'with "/", such as /2019/03/mein-beitrag/'
            )
        if "?" in new:
            raise ValueError(
                f'{path}:{number}: "{new}" is not allowed here; expected "new" without a query'
            )
        problem = old_problem(old)
        if problem:
            raise ValueError(f'{path}:{number}: "old" is "{old}"; {problem}')
        key = redirect_key(old)
        if key in seen:
            line, first = seen[key]
            same = "" if first == old else f' (as "{first}": the same address to a browser)'
            raise ValueError(f'{path}:{number}: "{old}" is redirected already on line {line}{same}')
        seen[key] = (number, old)
        redirects.append(Redirect(old, new))
    return redirects


def merge_redirects(
    existing: Iterable[Redirect], added: Iterable[tuple[str, str]]
) -> tuple[list[Redirect], list[Redirect]]:
    """The table with the ``added`` rows (old, new) that are not in it yet, each in its
    normal spelling, the first of several spellings winning; and the rows added."""
    table = list(existing)
    keys = {redirect_key(r.old) for r in table}
    new_rows = []
    for old, new in added:
        key = redirect_key(old)
        if key in keys or old_problem(old):
            continue
        keys.add(key)
        new_rows.append(Redirect(normalise_old(old), new))
    return table + new_rows, new_rows


def format_redirects(redirects: Iterable[Redirect]) -> str:
    """The file text for ``redirects`` (what ``read_redirects`` reads back)."""
    lines = [",".join(HEADER)]
    for redirect in redirects:
        lines.append(",".join(_cell(value) for value in (redirect.old, redirect.new)))
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"') else value
