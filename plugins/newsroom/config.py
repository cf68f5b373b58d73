"""Plugin settings: one prefix per plugin, read into a frozen dataclass.

Each plugin declares its settings as a frozen dataclass whose field names are the
setting names without the prefix (``AUTHOR_BIOS_STRICT`` -> ``strict``) and whose
defaults are the documented defaults. :func:`load` lays the user's values over
them, refuses values of the wrong type and warns about unknown keys with the
plugin's prefix, which are nearly always typos.
"""

import dataclasses
import difflib
import logging
import os
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

Schema = TypeVar("Schema")


class SettingsError(ValueError):
    """A setting has a value of the wrong type; names the key."""


def load(settings: Mapping[str, Any], prefix: str, schema: type[Schema]) -> Schema:
    """Build ``schema`` from the ``prefix``-ed keys of Pelican's settings."""
    fields = {f"{prefix}{f.name.upper()}": f for f in dataclasses.fields(schema)}
    hints = typing.get_type_hints(schema)
    values = {}
    for key, value in settings.items():
        if not key.startswith(prefix):
            continue
        spec = fields.get(key)
        if spec is None:
            guess = difflib.get_close_matches(key, fields, n=1)
            hint = f"; did you mean {guess[0]}?" if guess else ""
            logger.warning("Unknown setting %s is ignored%s", key, hint)
            continue
        expected = _runtime_type(hints[spec.name])
        if expected is not None and not isinstance(value, expected):
            raise SettingsError(
                f"Setting {key} is {value!r}; expected {_describe(hints[spec.name])}"
            )
        if typing.get_origin(hints[spec.name]) is tuple:
            value = tuple(value)
        values[spec.name] = value
    return schema(**values)


def from_environment(
    prefix: str,
    schema: type[Schema],
    environ: Mapping[str, str] | None = None,
    base: Schema | None = None,
) -> Schema:
    """``base`` (or the defaults) with every ``<prefix><FIELD>`` environment variable laid
    over it: the one reader of environment variables for every settings record.

    The intake reads its settings this way on a web server without Pelican; the tasks lay
    the variables over the settings file the same way. Booleans are 1/true/yes, tuples
    comma-separated, dicts ``key=value`` pairs separated by ``;``; a number that is none
    is refused with the variable's name.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(schema):  # type: ignore[arg-type]
        name = f"{prefix}{spec.name.upper()}"
        raw = environ.get(name)
        if raw is None:
            continue
        kind = type(spec.default)
        if spec.default is dataclasses.MISSING and spec.default_factory is not dataclasses.MISSING:
            kind = type(spec.default_factory())
        if kind is dict:
            values[spec.name] = _pairs(name, raw)
        elif kind is bool:
            values[spec.name] = raw.strip().lower() in ("1", "true", "yes")
        elif kind is tuple:
            values[spec.name] = tuple(item.strip() for item in raw.split(",") if item.strip())
        elif kind in (int, float):
            try:
                values[spec.name] = kind(raw)
            except ValueError:
                expected = "a whole number" if kind is int else "a number"
                raise SettingsError(f"{name} is {raw!r}; expected {expected}") from None
        else:
            values[spec.name] = raw
    return dataclasses.replace(base if base is not None else schema(), **values)


def _pairs(name: str, raw: str) -> dict[str, str]:
    """``en=What is three plus four?;fr=…`` as a dict (no quotes: systemd's environment
    files would take them away)."""
    pairs = {}
    for part in (part.strip() for part in raw.split(";")):
        key, equals, value = part.partition("=")
        if part and (not equals or not key.strip()):
            raise SettingsError(f"{name} has {part!r}; expected key=value pairs separated by ;")
        if part:
            pairs[key.strip()] = value.strip()
    return pairs


def _runtime_type(hint: Any) -> type | tuple[type, ...] | None:
    origin = typing.get_origin(hint)
    if origin is None:
        return hint if isinstance(hint, type) else None
    if origin in (typing.Union, types.UnionType):
        members = tuple(_runtime_type(arg) for arg in typing.get_args(hint))
        return None if None in members else tuple(t for t in members if isinstance(t, type))
    if origin in (tuple, list):
        return (tuple, list)  # settings files write lists where we store tuples
    return origin if isinstance(origin, type) else None


def _describe(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
