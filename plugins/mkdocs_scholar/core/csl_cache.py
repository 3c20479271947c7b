"""An author-date CSL style's site-wide work on disk: the bibliography's sort and
the cites' sort in each locale, and the year suffixes and given names (see
csl_authordate).

Pure core (no MkDocs). Both take citeproc-py a render of every listed entry
(seconds for a thousand), and a rebuild lists the same entries: keyed by the
style's identity, the locale and every listed key with its entry's fingerprint,
they are decided once. One file, ``csl.json``, written when this process has
results the folder lacks.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence

from mkdocs_scholar.core.bibliography import fingerprint
from mkdocs_scholar.core.cache_schema import expect, pairs, strings, types_are
from mkdocs_scholar.core.csl_authordate import Disambiguation
from mkdocs_scholar.core.disk_cache import Codec, DiskCache

__all__ = ["CSL", "digest", "load", "save"]

_NAME = "csl"
_lock = threading.Lock()
sorts: dict[str, tuple[str, ...]] = {}  # digest -> keys in the bibliography's order
disambiguations: dict[str, Disambiguation] = {}  # digest -> the site's suffixes
cite_orders: dict[str, tuple[str, ...]] = {}  # digest -> keys in the citation's order
_saved_size: dict[str, tuple[int, int]] = {}  # folder -> what it holds, as far as known


def digest(what: str, identity: str, locale: str, lang: str, entries: Mapping,
           keys: Sequence[str]) -> str:
    """What a sort or a disambiguation reads: the style, the locale and the listed
    keys in their order, each with its entry's fields (its fingerprint)."""
    h = hashlib.sha256(f"{what}\0{identity}\0{locale}\0{lang}".encode())
    for key in keys:
        entry = entries.get(key)
        h.update(f"\0{key}\0".encode())
        if entry is not None:
            h.update(fingerprint(entry))
    return h.hexdigest()


def get(table: dict, key: str):
    with _lock:
        return table.get(key)


def put(table: dict, key: str, value) -> None:
    with _lock:
        table[key] = value


def _encode(value: tuple[dict, dict, dict]) -> dict:
    found_sorts, found, orders = value
    return {"sorts": {key: list(keys) for key, keys in found_sorts.items()},
            "cite_orders": {key: list(keys) for key, keys in orders.items()},
            "disambiguations": {key: [sorted(d.keys), [list(p) for p in d.suffixes],
                                      sorted(d.givennames), [list(p) for p in d.names]]
                                for key, d in found.items()}}


def _decode(data) -> tuple[dict, dict, dict]:
    expect(type(data) is dict and types_are(
        (data.get("sorts"), data.get("disambiguations"), data.get("cite_orders")), dict),
        "not an object")
    found_sorts = {key: strings(keys, "a sort") for key, keys in data["sorts"].items()}
    orders = {key: strings(keys, "a cites' sort")
              for key, keys in data["cite_orders"].items()}
    found = {}
    for key, row in data["disambiguations"].items():
        expect(type(row) is list and len(row) == 4, "a disambiguation")
        keys, suffixes, given, names = row
        expect(type(names) is list and types_are(names, list)
               and all(len(p) == 2 and type(p[0]) is str and type(p[1]) is int
                       for p in names), "names shown: not pairs of a key and a number")
        found[key] = Disambiguation(frozenset(strings(keys, "keys")),
                                    tuple(pairs(suffixes, "year suffixes")),
                                    frozenset(strings(given, "given names")),
                                    tuple((p[0], p[1]) for p in names))
    expect(types_are(found_sorts, str) and types_are(found, str) and types_are(orders, str),
           "digests")
    return found_sorts, found, orders


CSL = Codec("csl", _encode, _decode)


def _size() -> tuple[int, int, int]:
    return len(sorts), len(disambiguations), len(cite_orders)


def load(disk: DiskCache) -> None:
    saved = disk.load(_NAME, CSL)
    if saved is not None:
        with _lock:
            sorts.update(saved[0])
            disambiguations.update(saved[1])
            cite_orders.update(saved[2])
        _saved_size[disk.folder] = _size()


def save(disk: DiskCache) -> None:
    """Only when this process decided something (a numeric style decides nothing)."""
    with _lock:
        size = _size()
        value = (dict(sorts), dict(disambiguations), dict(cite_orders))
    if size == (0, 0, 0) or _saved_size.get(disk.folder) == size:
        return
    _saved_size[disk.folder] = size
    disk.save(_NAME, value, CSL)


def forget() -> None:
    """Empty the tables and forget what the folders hold (a new process, in tests)."""
    with _lock:
        sorts.clear()
        disambiguations.clear()
        cite_orders.clear()
    _saved_size.clear()
