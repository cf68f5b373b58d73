"""Header values: how each type of the contract's keys is read and what it must look like.

``parse_value`` returns the value as the site uses it, or raises ``InvalidValue`` whose
message says what the editor wrote and what was expected; ``headers.check_header``
turns it into a problem naming file, line and key.
"""

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newsroom.schema import PATH_SEGMENT_KEYS, Field, FieldType
from newsroom.slugs import MAX_SLUG_LENGTH, TITLE_SLUG_LENGTH, is_valid_slug, slugify_german

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SITE_PATH = re.compile(r"^/[^\s]*$")
_HANDLE = re.compile(r"^@?[A-Za-z0-9_]{1,30}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
DATE_EXAMPLE = "an ISO 8601 date such as 2024-05-17 or 2024-05-17 09:30"


class InvalidValue(ValueError):
    """A header value of the wrong form; the message says what was expected."""


def split_list(value: str) -> list[str]:
    """Split a comma list; semicolons win when present ("Müller, Jörg; Doe, Jane")."""
    separator = ";" if ";" in value else ","
    return [item.strip() for item in value.split(separator) if item.strip()]


def parse_iso_date(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time; raise ValueError for anything else.

    ``datetime.fromisoformat`` is stricter than Pelican's dateutil parser, which
    would also take "05/06/2024" and guess the month: dates must not be guessed.
    """
    return datetime.fromisoformat(value.strip())


def normalise_content_path(value: str) -> str:
    """Turn ``{static}/images/a.jpg``, ``/images/a.jpg`` or ``images/a.jpg`` into the last."""
    return value.strip().removeprefix("{static}").removeprefix("{attach}").lstrip("/")


def shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_value(spec: Field, value: str, content_root: Path | None) -> str | list[str]:
    """Return the parsed value; raise InvalidValue saying what was expected.
    ``content_root`` (None: not checked) is where a file value must exist."""
    return _PARSERS[spec.type](spec, value, content_root)


def _text(spec: Field, value: str, _root: Path | None) -> str:
    if spec.name == "name":  # a profile's Name: its page is /autor/<slug>/
        _check_segment([value])
    return value


def _name(spec: Field, value: str, _root: Path | None) -> str:
    if "," in value or ";" in value:
        raise InvalidValue(_several_names_message(spec, value))
    _check_segment([value])
    return value


def _list(spec: Field, value: str, _root: Path | None) -> list[str]:
    items = split_list(value)
    if spec.name in PATH_SEGMENT_KEYS:
        _check_segment(items)
    return items


def _date(_spec: Field, value: str, _root: Path | None) -> str:
    try:
        parse_iso_date(value)
    except ValueError:
        raise InvalidValue(f'is "{value}"; expected {DATE_EXAMPLE}') from None
    return value


def _choice(spec: Field, value: str, _root: Path | None) -> str:
    if value.lower() not in spec.choices:
        raise InvalidValue(f'is "{value}"; expected one of: {", ".join(spec.choices)}')
    return value.lower()


def _choice_list(spec: Field, value: str, _root: Path | None) -> list[str]:
    items = [item.lower() for item in split_list(value)]
    unknown = [item for item in items if item not in spec.choices]
    if unknown:
        raise InvalidValue(
            f"has unknown {'kinds' if len(unknown) > 1 else 'kind'} "
            f'"{", ".join(unknown)}"; allowed: {", ".join(spec.choices)}'
        )
    return items


def _slug(_spec: Field, value: str, _root: Path | None) -> str:
    if not is_valid_slug(value):
        raise InvalidValue(
            f'is "{value}"; expected lower-case letters a-z, digits and '
            "single hyphens (ä→ae, ö→oe, ü→ue, ß→ss)"
        )
    if len(value) > MAX_SLUG_LENGTH:
        raise InvalidValue(
            f"has {len(value)} characters; expected at most {MAX_SLUG_LENGTH} "
            "(it becomes part of the URL and of file names, which the file system limits)"
        )
    return value


def _slug_path(_spec: Field, value: str, _root: Path | None) -> str:
    parts = value.strip("/").split("/")
    if not all(is_valid_slug(part) for part in parts):
        raise InvalidValue(
            f'is "{value}"; expected the slugs of the parent pages joined by "/", '
            "such as ueber-uns/team"
        )
    return "/".join(parts)


def _file(_spec: Field, value: str, content_root: Path | None) -> str:
    relative = normalise_content_path(value)
    if content_root is not None and not (content_root / relative).is_file():
        raise InvalidValue(f"points to {relative}, which does not exist below the content folder")
    return relative


def _url(_spec: Field, value: str, _root: Path | None) -> str:
    if not (_URL.match(value) or _SITE_PATH.match(value)):
        raise InvalidValue(f'is "{value}"; expected a web address starting with https://')
    return value


def _handle_or_url(_spec: Field, value: str, _root: Path | None) -> str:
    if not (_URL.match(value) or _HANDLE.match(value)):
        raise InvalidValue(f'is "{value}"; expected a handle like @hafenlicht or a profile URL')
    return value


def _yes_no(_spec: Field, value: str, _root: Path | None) -> str:
    if value.lower() not in ("yes", "no"):
        raise InvalidValue(f'is "{value}"; expected yes or no')
    return value.lower()


def _language(_spec: Field, value: str, _root: Path | None) -> str:
    if not _LANGUAGE.match(value):
        raise InvalidValue(f'is "{value}"; expected a language code such as de or en')
    return value


_PARSERS: dict[FieldType, Callable[[Field, str, Path | None], str | list[str]]] = {
    FieldType.TEXT: _text,
    FieldType.NAME: _name,
    FieldType.LIST: _list,
    FieldType.DATE: _date,
    FieldType.CHOICE: _choice,
    FieldType.CHOICE_LIST: _choice_list,
    FieldType.SLUG: _slug,
    FieldType.SLUG_PATH: _slug_path,
    FieldType.FILE: _file,
    FieldType.URL: _url,
    FieldType.HANDLE_OR_URL: _handle_or_url,
    FieldType.YES_NO: _yes_no,
    FieldType.LANGUAGE: _language,
}
assert set(_PARSERS) == set(FieldType), "every FieldType needs a parser"


def _several_names_message(spec: Field, value: str) -> str:
    if spec.name == "author":
        return (
            f'is "{value}", which names several people; expected one name, or '
            f'"Authors: {value}" for several'
        )
    return (
        f'is "{value}"; one category per article: expected one name without commas '
        '(put further topics into "Tags", comma-separated)'
    )


def _check_segment(names: list[str]) -> None:
    """Names that become a URL path segment must give a slug of a safe length."""
    for name in names:
        slug = slugify_german(name)
        if not slug:
            raise InvalidValue(
                f'names "{name}", which gives no URL part; expected letters or digits'
            )
        if len(slug) > TITLE_SLUG_LENGTH:
            raise InvalidValue(
                f'names "{shortened(name)}", whose URL part has {len(slug)} characters; '
                f"expected a name of at most {TITLE_SLUG_LENGTH}"
            )
