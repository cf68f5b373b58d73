"""Adding rows to ``content/redirects.csv`` (``invoke redirects.add``, ``invoke check --fix``).

A row is written in the table's normal spelling, after the same checks the build makes,
and never as a chain: a row to an address that is itself redirected points at the end of
the chain, and the rows that pointed at the newly redirected address are pointed on.
"""

from collections.abc import Iterable
from pathlib import Path

from newsroom.files import write_atomically
from redirects.table import (
    Redirect,
    format_redirects,
    normalise_old,
    old_problem,
    read_redirects,
    redirect_key,
)


def new_problem(new: str) -> str:
    """Why ``new`` cannot be a target ("" when it can)."""
    if not new.startswith("/") or new.startswith("//") or any(c.isspace() for c in new):
        return 'expected a site path starting with "/", such as /2019/03/mein-beitrag/'
    if "?" in new or "#" in new:
        return "expected a site path without query or fragment"
    return ""


def add_rows(table: Path, rows: Iterable[tuple[str, str]], shown: str) -> list[str]:
    """Add each (old, new) to ``table``; what changed, one line each. ValueError naming
    the row when one cannot be added (then nothing is written)."""
    redirects = read_redirects(table)
    done = []
    for old, new in rows:
        for name, value, problem in (
            ("old", old, old_problem(old)),
            ("new", new, new_problem(new)),
        ):
            if problem:
                raise ValueError(f'"{name}" is "{value}"; {problem}')
        by_key = {redirect_key(r.old): r for r in redirects}
        final, seen = new, {redirect_key(old)}
        while redirect_key(final) in by_key and redirect_key(final) not in seen:
            seen.add(redirect_key(final))
            final = by_key[redirect_key(final)].new
        if redirect_key(final) == redirect_key(old):
            raise ValueError(f"{old} and {new} are one address (or a loop of redirects)")
        existing = by_key.get(redirect_key(old))
        if existing is not None:
            if existing.new == final:
                done.append(f"{shown} has {existing.old},{existing.new} already")
                continue
            raise ValueError(
                f'{old} is redirected already ("{existing.old},{existing.new}" in {shown}); '
                "change that line instead"
            )
        row = Redirect(normalise_old(old), final)
        redirects.append(row)
        done.append(
            f"{shown}: added {row.old},{row.new}"
            + (f" ({new} is redirected to {final} itself)" if final != new else "")
        )
        for number, other in enumerate(redirects):
            if other is not row and redirect_key(other.new) == redirect_key(old):
                redirects[number] = Redirect(other.old, final)
                done.append(f"{shown}: {other.old} now goes to {final} directly (not via {old})")
    write_atomically(table, format_redirects(redirects).encode("utf-8"))
    return done
