"""Writing a content file's header: the one writer for every tool that makes content files.

A new article (`invoke new`), an exported or synced comment, the benchmark's corpus and
the WordPress import all write their headers here, so that what they write is what
``newsroom.headers`` reads back: keys in the contract's spelling, one line per key (runs
of whitespace, line breaks included, become one space, so a value can never start a
second key), lists joined with ", ". A key the contract does not know for the kind is a
programming error, refused before anything is written.
"""

from collections.abc import Mapping, Sequence

from newsroom.schema import FIELDS, Kind

HeaderValue = str | Sequence[str] | None


def write_header(kind: Kind, values: Mapping[str, HeaderValue]) -> str:
    """The header lines of ``values`` in their order, each ending in a newline.

    ``values`` is keyed by header key in any spelling ("Reply-To", "reply-to"); None
    leaves the key out, "" writes the key with nothing after it (a field for the editor
    to fill in, as `invoke new` does).
    """
    spelled = {spec.name: spec.key for spec in FIELDS[kind]}
    lines = []
    for key, value in values.items():
        name = key.lower()
        if name not in spelled:
            raise KeyError(f"{kind} files have no header key {key!r}; see newsroom/schema.py")
        if value is None:
            continue
        text = _one_line(value) if isinstance(value, str) else ", ".join(map(_one_line, value))
        lines.append(f"{spelled[name]}: {text}".rstrip() + "\n")
    return "".join(lines)


def write_content(kind: Kind, values: Mapping[str, HeaderValue], body: str) -> str:
    """A whole content file: the header, a blank line, the body ending in one newline."""
    return write_header(kind, values) + "\n" + body.strip("\n") + "\n"


def _one_line(value: str) -> str:
    return " ".join(value.split())
