"""A moved page never 404s: every page of the last publish is a page of the new site, or
is redirected (``content/redirects.csv``, whose rows the build turns into pages too).

An editor who changes a ``Slug:`` (or the Title of an article without one) moves the
page; the rule finds the old address among the pages of the last publish and, because
the state records which content file each page came from, the new address of that
same file: the finding carries the exact line for the redirect table, and ``--fix``
writes it. A page whose file is gone has no new address to guess: the finding says so.
Pure: addresses and file names in, findings out.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsroom.findings import Finding


@dataclass(frozen=True)
class Vanished:
    old: str  # the address of the last publish
    new: str  # where its content file is now ("" when it is gone)
    source: str  # the content file it came from ("" for lists and archives)

    @property
    def row(self) -> str:
        return f"{self.old},{self.new}"


def vanished(
    last: Mapping[str, str], current: set[str], now_at: Mapping[str, str]
) -> list[Vanished]:
    """The pages of the last publish (address -> content file) that the new site lacks;
    ``now_at`` gives each content file's address today."""
    return [
        Vanished(old, now_at.get(source, "") if source else "", source)
        for old, source in sorted(last.items())
        if old not in current
    ]


def findings(gone: list[Vanished], table: str, exists: Callable[[str], bool]) -> list[Finding]:
    """One error per vanished page, on the content file that moved (or on the table)."""
    found = []
    for page in gone:
        if page.new:
            message = (
                f"{page.old} was published and moved to {page.new}: its old address would "
                "answer 404. "
                f'Add the line "{page.row}" to {table}: '
                f"invoke redirects.add {page.old} {page.new} (or invoke check --fix)"
            )
            found.append(Finding(page.source, None, "error", message))
            continue
        why = (
            f"{page.source} no longer exists"
            if page.source and not exists(page.source)
            else "no page has its address now"
        )
        message = (
            f"{page.old} was published and is gone ({why}): its address would answer 404. "
            "Redirect it "
            f"to the page that replaces it: invoke redirects.add {page.old} /NEW/ADDRESS/"
        )
        found.append(Finding(table, None, "error", message))
    return found
