"""Checks for what a cache file holds: JSON data is only lists, dicts, strings,
numbers, booleans and null, and a file is untrusted, so each kind of file
checks the shape of its payload as it turns it back into values.

Pure core (no MkDocs). Each check raises CacheShapeError, which the disk cache
turns into "absent".
"""

from __future__ import annotations

from itertools import chain

from mkdocs_scholar.core.disk_cache import CacheShapeError

__all__ = ["expect", "pairs", "strings", "thaw", "to_data", "types_are"]


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CacheShapeError(what)


def types_are(values, *kinds: type) -> bool:
    """Whether every value is exactly of one of `kinds` (no subclass: JSON has none,
    and True is no int here). One pass in C: a cache holds hundreds of thousands."""
    return set(map(type, values)) <= set(kinds)


def strings(value, what: str, length: int | None = None) -> tuple[str, ...]:
    """A list of strings (of `length` items, if given), as a tuple."""
    expect(type(value) is list and types_are(value, str)
           and (length is None or len(value) == length), f"{what}: not a list of strings")
    return tuple(value)


def pairs(value, what: str) -> list[tuple[str, str]]:
    """A list of [string, string] pairs."""
    expect(type(value) is list and types_are(value, list) and set(map(len, value)) <= {2}
           and types_are(chain.from_iterable(value), str), f"{what}: not pairs of strings")
    return list(map(tuple, value))


def to_data(value):
    """Tuples (nested) of JSON scalars as lists; the inverse of `thaw`."""
    if isinstance(value, tuple):
        return [to_data(item) for item in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be saved in the cache")


def thaw(value, what: str):
    """Lists (nested) of JSON scalars as tuples, as the caches' keys are made."""
    if isinstance(value, list):
        return tuple(thaw(item, what) for item in value)
    expect(value is None or isinstance(value, (str, bool, int, float)),
           f"{what}: not a list of values")
    return value
