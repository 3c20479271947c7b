"""An author-date CSL style's site-wide work on disk: the bibliography's sort and
the cites' sort in each locale, the year suffixes and given names, and the cites
rendered (see csl_authordate).

Pure core (no MkDocs). Both take citeproc-py a render of every listed entry
(seconds for a thousand), and a rebuild lists the same entries: keyed by the
style's identity, the locale and every listed key with its entry's fingerprint,
they are decided once. A cite is kept by what it reads: the style, the locale,
its entry's fingerprint, and what InText says of it (year suffix, given names,
names before "et al.", locator), so that a rebuild after one page's edit renders
no cite an earlier build rendered. One file, ``csl.json``, written when this
process has results the folder lacks.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence

from mkdocs_scholar.core.bibliography import fingerprint
from mkdocs_scholar.core.cache_schema import expect, pairs, strings, types_are
from mkdocs_scholar.core.csl_authordate import Disambiguation
from mkdocs_scholar.core.disk_cache import Codec, DiskCache

__all__ = ["CSL", "KeptCites", "digest", "load", "save"]

_NAME = "csl"
_lock = threading.Lock()
sorts: dict[str, tuple[str, ...]] = {}  # digest -> keys in the bibliography's order
disambiguations: dict[str, Disambiguation] = {}  # digest -> the site's suffixes
cite_orders: dict[str, tuple[str, ...]] = {}  # digest -> keys in the citation's order
cites: dict[str, str] = {}  # KeptCites digest -> a rendered cite (HTML)
#: Cites kept at most, the oldest dropped first: a site's cites in a few locales and
#: variants, and what edits of its entries left behind.
_CITES_LIMIT = 200_000
_cites_added = 0  # by this process: once full, the table's size tells nothing new
_saved_size: dict[str, tuple[int, ...]] = {}  # folder -> what it holds, as far as known


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


class KeptCites:
    """The rendered cites of one style and locale, as earlier builds left them."""

    def __init__(self, identity: str, locale: str, state: Callable[[str], bytes | None]):
        """`state(key)`: the fingerprint of the key's entry, None for a key with no
        entry (nothing is kept)."""
        self._prefix = f"cite\0{identity}\0{locale}\0".encode()
        self._state = state

    def _digest(self, what: tuple) -> str | None:
        state = self._state(what[1])
        if state is None:
            return None
        return hashlib.sha256(self._prefix + repr(what).encode() + b"\0" + state
                              ).hexdigest()[:32]

    def get(self, what: tuple) -> str | None:
        """The cite rendered for `what` ((kind, key, variant...)), if kept."""
        found = self._digest(what)
        return None if found is None else get(cites, found)

    def __setitem__(self, what: tuple, text: str) -> None:
        found = self._digest(what)
        if found is None:
            return
        global _cites_added
        with _lock:
            if found not in cites:
                _cites_added += 1
            cites[found] = text
            if len(cites) > _CITES_LIMIT:
                # A tenth at once, the oldest (dicts keep insertion order): one at a
                # time would list the whole table for every cite once it is full.
                for stale in list(cites)[:len(cites) - _CITES_LIMIT * 9 // 10]:
                    del cites[stale]


def _encode(value: tuple[dict, dict, dict, dict]) -> dict:
    found_sorts, found, orders, rendered = value
    return {"sorts": {key: list(keys) for key, keys in found_sorts.items()},
            "cite_orders": {key: list(keys) for key, keys in orders.items()},
            "cites": rendered,
            "disambiguations": {key: [sorted(d.keys), [list(p) for p in d.suffixes],
                                      sorted(d.givennames), [list(p) for p in d.names]]
                                for key, d in found.items()}}


def _decode(data) -> tuple[dict, dict, dict, dict]:
    expect(type(data) is dict and types_are(
        (data.get("sorts"), data.get("disambiguations"), data.get("cite_orders"),
         data.get("cites")), dict),
        "not an object, or not every table in it")
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
    rendered = data["cites"]
    expect(types_are(found_sorts, str) and types_are(found, str) and types_are(orders, str)
           and types_are(rendered, str), "digests")
    expect(types_are(rendered.values(), str), "a cite: not a text")
    return found_sorts, found, orders, rendered


CSL = Codec("csl", _encode, _decode)


def _size() -> tuple[int, int, int, int]:
    return len(sorts), len(disambiguations), len(cite_orders), _cites_added


def load(disk: DiskCache) -> None:
    saved = disk.load(_NAME, CSL)
    if saved is not None:
        with _lock:
            sorts.update(saved[0])
            disambiguations.update(saved[1])
            cite_orders.update(saved[2])
            for found, text in saved[3].items():  # what this process rendered wins
                cites.setdefault(found, text)
        _saved_size[disk.folder] = _size()


def save(disk: DiskCache) -> None:
    """Only when this process decided something (a numeric style decides nothing)."""
    with _lock:
        size = _size()
        value = (dict(sorts), dict(disambiguations), dict(cite_orders), dict(cites))
    if size == (0, 0, 0, 0) or _saved_size.get(disk.folder) == size:
        return
    _saved_size[disk.folder] = size
    disk.save(_NAME, value, CSL)


def forget() -> None:
    """Empty the tables and forget what the folders hold (a new process, in tests)."""
    global _cites_added
    with _lock:
        _cites_added = 0
        sorts.clear()
        disambiguations.clear()
        cite_orders.clear()
        cites.clear()
    _saved_size.clear()
