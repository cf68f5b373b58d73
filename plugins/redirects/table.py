"""The redirects table ``content/redirects.csv``: old site path -> new site path.

Minimal reader with the agreed interface (contract 1), so that the S3 upload can turn
the redirects into redirect objects; the redirects plugin owns and extends it.
"""

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Redirect:
    old: str  # a site path starting with "/", may carry a query ("/?p=123")
    new: str  # a site path such as "/2019/03/mein-beitrag/"


def read_redirects(path: Path) -> list[Redirect]:
    """The table's rows; a missing file is an empty table. A bad line raises
    ValueError naming file, line and what was expected."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table))
    if not rows or [cell.strip() for cell in rows[0]] != ["old", "new"]:
        raise ValueError(f'{path}, line 1: expected the header line "old,new"')
    redirects = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2 or not all(cell.strip().startswith("/") for cell in row):
            raise ValueError(
                f"{path}, line {number}: expected two site paths starting with "
                f'"/" (old,new), got {",".join(row)!r}'
            )
        redirects.append(Redirect(row[0].strip(), row[1].strip()))
    return redirects
