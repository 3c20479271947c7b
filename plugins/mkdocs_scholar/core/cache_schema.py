"""Checks for what a cache file holds: JSON data is only lists, dicts, strings,
numbers, booleans and null, and a file is untrusted, so each kind of file
checks the shape of its payload as it turns it back into values.

Pure core (no MkDocs). Each check raises CacheShapeError, which the disk cache
turns into "absent".
"""

from __future__ import annotations

from mkdocs_scholar.core.disk_cache import CacheShapeError

__all__ = ["expect", "pairs", "strings", "thaw", "to_data"]


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise CacheShapeError(what)


def strings(value, what: str, length: int | None = None) -> tuple[str, ...]:
    """A list of strings (of `length` items, if given), as a tuple."""
    expect(isinstance(value, list) and all(isinstance(item, str) for item in value)
           and (length is None or len(value) == length), f"{what}: not a list of strings")
    return tuple(value)


def pairs(value, what: str) -> list[tuple[str, str]]:
    """A list of [string, string] pairs."""
    expect(isinstance(value, list), f"{what}: not a list")
    out = []
    for item in value:
        expect(isinstance(item, list) and len(item) == 2
               and isinstance(item[0], str) and isinstance(item[1], str),
               f"{what}: not a pair of strings")
        out.append((item[0], item[1]))
    return out


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
