"""The redirect table ``content/redirects.csv``: old site paths and where they went.

UTF-8, header line ``old,new``; ``old`` is a site path starting with "/" and may carry a
query (``/?p=123``), ``new`` a site path (``/2019/03/mein-beitrag/``). Pure: a file in,
records out; a bad line raises ValueError naming the file, the line and what was expected.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HEADER = ["old", "new"]


@dataclass(frozen=True)
class Redirect:
    old: str
    new: str

    @property
    def has_query(self) -> bool:
        return "?" in self.old


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
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise ValueError(
                f"{path}:{number}: expected two columns, the old path and the new path; "
                f"found {len(row)}"
            )
        old, new = row[0].strip(), row[1].strip()
        for name, value in (("old", old), ("new", new)):
            if (
                not value.startswith("/")
                or value.startswith("//")
                or any(c.isspace() for c in value)
            ):
                raise ValueError(
                    f'{path}:{number}: "{name}" is "{value}"; expected a site path starting '
                    'with "/", such as /2019/03/mein-beitrag/'
                )
        if "?" in new or "#" in old:
            raise ValueError(
                f'{path}:{number}: "{new if "?" in new else old}" is not allowed here; '
                'expected "new" without a query and "old" without a fragment'
            )
        if old in seen:
            raise ValueError(f'{path}:{number}: "{old}" is redirected already on line {seen[old]}')
        seen[old] = number
        redirects.append(Redirect(old, new))
    return redirects


def format_redirects(redirects: Iterable[Redirect]) -> str:
    """The file text for ``redirects`` (what ``read_redirects`` reads back)."""
    lines = [",".join(HEADER)]
    for redirect in redirects:
        lines.append(",".join(_cell(value) for value in (redirect.old, redirect.new)))
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"') else value
