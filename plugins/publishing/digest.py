"""Digests of the values a page shows: the same value gives the same digest in every build.

The site record (record.py) keeps, for every page, what its templates read and a digest
of each value; a later build compares digests to decide whether the page can be taken
from the last build. A digest therefore hashes a canonical form of the value: dicts and
sets in sorted order, dates with their offset, objects by their attributes, never a
memory address. Content objects (articles, pages, static files) are *entities*: a value
that holds one hashes only its name (``entity_key``), because what a template reads from
an entity is recorded attribute by attribute, on its own.
"""

import datetime
import enum
import functools
import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup
from pelican.contents import Content

logger = logging.getLogger(__name__)

# Attributes that are no part of what an object shows: Pelican gives every content
# object and URL wrapper the settings (hashed once per build, see record.py) and the
# shared context (everything: its parts are recorded by name when a template reads them).
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context"})
MISSING = b"\x00missing"
UNSTABLE = " at 0x"  # in a repr: a memory address, different in every process
MAX_DEPTH = 40
SHORT = 24  # characters of a string that is its own digest (see Hasher.digest)


class Unstable(ValueError):
    """A value without a canonical form (its repr names a memory address)."""


def entity_key(content: Content) -> str:
    """The name of a content object, the same in every build: its kind and source file."""
    return f"{type(content).__name__}:{content.relative_source_path or content.source_path}"


def digest(value: Any) -> bytes:
    """16 bytes that are equal for equal values in every build; raises Unstable."""
    return Hasher().digest(value)


def whole(content: Content) -> bytes | None:
    """The digest of everything an entity holds (see ``Hasher.whole``)."""
    return Hasher().whole(content)


class Hasher:
    """Digests of one build's values. An object (not a list, dict or string) is hashed
    once: the pages of a list share its paginator, the cards of a page their authors.
    Nothing changes the content while pages are rendered, so an object's digest holds
    for the rest of the build."""

    def __init__(self) -> None:
        self._objects: dict[int, tuple[Any, bytes]] = {}  # the object kept: its id stays

    def digest(self, value: Any) -> bytes:
        """Bytes that are equal for equal values in every build; raises Unstable. A short
        string or number is its own digest (most of what a template reads: hashing each
        was a tenth of a cold build's recording); anything else is 16 bytes of BLAKE2b."""
        kind = type(value)
        if kind is str and len(value) <= SHORT:
            return b"s:" + value.encode("utf-8", "surrogatepass")
        if value is None or kind is int or kind is bool:
            return b"v:%r" % value
        if isinstance(value, Content):
            return b"e:" + entity_key(value).encode("utf-8", "surrogatepass")
        hasher = hashlib.blake2b(digest_size=16)
        self._feed(hasher.update, value, 0, set())
        return hasher.digest()

    def digest_or_none(self, value: Any) -> bytes | None:
        """``digest``, or None for a value without a canonical form (never reused)."""
        try:
            return self.digest(value)
        except Unstable as unstable:
            logger.debug("No stable digest (the page is always rendered): %s", unstable)
            return None

    def whole(self, content: Content) -> bytes | None:
        """The digest of everything an entity holds, for code that reads it outside the
        templates (a Jinja helper given an article): every attribute, and the content
        and summary as the page shows them (links to other files resolved)."""
        try:
            hasher = hashlib.blake2b(digest_size=16)
            update = hasher.update
            seen: set[int] = set()
            self._feed_attributes(update, content, 0, seen)
            for name in ("content", "summary"):
                try:
                    shown = getattr(content, name)
                except Exception as error:  # noqa: BLE001 (what Pelican raises is its own)
                    shown = f"{type(error).__name__}: {error}"
                self._feed(update, shown, 0, seen)
            return hasher.digest()
        except Unstable as unstable:
            logger.debug("No stable digest of %s: %s", entity_key(content), unstable)
            return None

    def _feed(self, update, value: Any, depth: int, seen: set[int]) -> None:
        kind = type(value)
        if kind is str:
            data = value.encode("utf-8", "surrogatepass")
            update(b"s%d:" % len(data))
            update(data)
        elif value is None or kind is int or kind is bool or kind is float:
            update(b"v%r;" % value)
        elif kind is list or kind is tuple:
            update(b"%s%d[" % (b"l" if kind is list else b"t", len(value)))
            if depth > MAX_DEPTH:
                raise Unstable(f"a value nested more than {MAX_DEPTH} levels deep")
            for item in value:
                self._feed(update, item, depth + 1, seen)
            update(b"]")
        elif kind is Markup:
            data = str(value).encode("utf-8", "surrogatepass")
            update(b"m%d:" % len(data))
            update(data)
        elif isinstance(value, Content):
            update(b"e%s;" % entity_key(value).encode("utf-8", "surrogatepass"))
        elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
            update(b"t%s;" % value.isoformat().encode())
            update(str(getattr(value, "tzinfo", "")).encode())
        else:
            self._feed_other(update, value, depth, seen)

    def _feed_other(self, update, value: Any, depth: int, seen: set[int]) -> None:
        kind = type(value)
        if isinstance(value, Undefined):  # what a template got for a missing attribute
            name = getattr(value, "_undefined_name", None) or ""
            update(b"u%s;" % str(name).encode("utf-8", "surrogatepass"))
        elif depth > MAX_DEPTH:
            raise Unstable(f"a value nested more than {MAX_DEPTH} levels deep ({kind.__name__})")
        elif isinstance(value, Mapping):
            update(b"d%s%d{" % (kind.__name__.encode(), len(value)))
            if all(type(key) is str for key in value):
                for key in sorted(value):
                    self._feed(update, key, depth + 1, seen)
                    self._feed(update, value[key], depth + 1, seen)
            else:
                for key_digest, key in sorted((self.digest(key), key) for key in value):
                    update(key_digest)
                    self._feed(update, value[key], depth + 1, seen)
            update(b"}")
        elif isinstance(value, set | frozenset):
            update(b"S%d{" % len(value))
            for item_digest in sorted(self.digest(item) for item in value):
                update(item_digest)
            update(b"}")
        elif isinstance(value, str):  # str subclasses (Markup handled above)
            self._feed(update, str(value), depth, seen)
            update(kind.__qualname__.encode())
        elif isinstance(value, int | float):  # e.g. an IntEnum is handled below
            if isinstance(value, enum.Enum):
                update(b"n%s.%s;" % (kind.__qualname__.encode(), value.name.encode()))
            else:
                update(b"v%r%s;" % (value, kind.__qualname__.encode()))
        elif isinstance(value, enum.Enum):
            update(b"n%s.%s;" % (kind.__qualname__.encode(), value.name.encode()))
        elif isinstance(value, PurePath | os.PathLike):
            self._feed(update, os.fspath(value), depth, seen)
        elif isinstance(value, bytes | bytearray):
            update(b"b%d:" % len(value))
            update(bytes(value))
        elif isinstance(value, list | tuple):  # subclasses, e.g. named tuples
            update(kind.__qualname__.encode())
            self._feed(update, list(value), depth + 1, seen)
        elif kind is functools.partial:
            update(b"p")
            self._feed(update, (value.func, value.args, value.keywords), depth + 1, seen)
        elif isinstance(value, type) or (callable(value) and hasattr(value, "__qualname__")):
            # Code is part of what the record's global key hashes (the plugin files).
            name = f"{getattr(value, '__module__', '')}.{value.__qualname__}"
            update(b"f%s;" % name.encode())
            owner = getattr(value, "__self__", None)  # a bound method: its object counts
            if owner is not None and not isinstance(owner, type):
                self._feed(update, owner, depth + 1, seen)
        else:
            known = self._objects.get(id(value))
            if known is None:
                hasher = hashlib.blake2b(digest_size=16)
                self._feed_attributes(hasher.update, value, depth, seen)
                known = self._objects[id(value)] = (value, hasher.digest())
            update(b"o")
            update(known[1])

    def _feed_attributes(self, update, value: Any, depth: int, seen: set[int]) -> None:
        """An object by its type and attributes (``__dict__`` and ``__slots__``)."""
        marker = id(value)
        if marker in seen:  # a cycle: the object is being hashed further up
            update(b"c;")
            return
        attributes = _attributes(value)
        if attributes is None:
            shown = repr(value)
            if UNSTABLE in shown:
                raise Unstable(f"{type(value).__qualname__} has no attributes to hash: {shown}")
            update(b"r%s;" % shown.encode("utf-8", "surrogatepass"))
            return
        seen.add(marker)
        kind = type(value)
        update(b"o%s.%s{" % (kind.__module__.encode(), kind.__qualname__.encode()))
        for name in sorted(attributes):
            if name in SKIPPED_ATTRIBUTES:
                continue
            update(name.encode())
            self._feed(update, attributes[name], depth + 1, seen)
        update(b"}")
        seen.discard(marker)


def _attributes(value: Any) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    for klass in type(value).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if hasattr(value, name):
                found[name] = getattr(value, name)
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        found.update(attributes)
    elif not found:
        return None
    return found
