"""Formatted entries on disk: the formatter's caches (see formatting), saved for
the next process and read back with every value's shape checked.

Pure core (no MkDocs). One file, ``formatted.json``, holds the four caches;
it is written only when this process has results the folder lacks.
"""

from __future__ import annotations

from mkdocs_scholar.core import formatting
from mkdocs_scholar.core.cache_schema import expect, strings, thaw, to_data, types_are
from mkdocs_scholar.core.disk_cache import Codec, DiskCache
from mkdocs_scholar.core.formatting import FormattedEntry

__all__ = ["FORMATTED", "load", "save"]

_NAME = "formatted"


def _fingerprint(value, what: str) -> bytes:
    expect(type(value) is str and len(value) == 32, f"{what}: not a fingerprint")
    return bytes.fromhex(value)


def _result(value) -> FormattedEntry:
    expect(type(value) is list and len(value) == 4, "a formatted entry")
    key, html, text, missing = value
    expect(type(key) is str and type(html) is str and type(text) is str, "a formatted entry")
    missing = () if missing == [] else strings(missing, "missing fields")  # [] most often
    return FormattedEntry(key, html, text, missing)


def _row(value, length: int, what: str) -> list:
    expect(type(value) is list and len(value) == length, what)
    return value


def _names(value) -> tuple:
    """apa_in_text.citation_names: ("people", (last, ...), et_al) or ("title", text, quoted)."""
    expect(isinstance(value, list) and len(value) == 3 and isinstance(value[2], bool), "names")
    kind, names, flag = value
    if kind == "people":
        return kind, strings(names, "names"), flag
    expect(kind == "title" and isinstance(names, str), "names")
    return kind, names, flag


class _Table:
    """Values stored once and referred to by their place: thousands of keys hold a
    handful of terms, and each formatted entry is in the per-language cache and in
    the shared one. Each is read back once, and shared again as it was."""

    def __init__(self, to_json):
        self.values: list = []
        self._index: dict = {}
        self._to_json = to_json

    def add(self, value) -> int:
        if value not in self._index:
            self._index[value] = len(self.values)
            self.values.append(self._to_json(value))
        return self._index[value]


def _lookup(table: list, what: str):
    def get(index):
        expect(type(index) is int and 0 <= index < len(table), what)
        return table[index]
    return get


def _encode(caches: tuple[dict, dict, dict, dict]) -> dict:
    cache, shared, narratives, names = caches
    terms = _Table(to_data)
    results = _Table(lambda r: [r.key, r.html, r.text, list(r.missing)])
    return {
        # (style, language, terms, key, fingerprint) → result
        "cache": [[key[0], key[1], terms.add(key[2]), key[3], key[4].hex(), results.add(r)]
                  for key, r in cache.items()],
        # (style, key, fingerprint) → (terms read, result, terms read, result, ...)
        "shared": [[key[0], key[1], key[2].hex(),
                    [[terms.add(read), results.add(r)]
                     for read, r in zip(value[::2], value[1::2], strict=True)]]
                   for key, value in shared.items()],
        "narratives": [[key[0], key[1], terms.add(key[2]), key[3], key[4].hex(), value]
                       for key, value in narratives.items()],
        "names": [[key[0], key[1].hex(), to_data(value)] for key, value in names.items()],
        "terms": terms.values,
        "results": results.values,
    }


def _decode(data) -> tuple[dict, dict, dict, dict]:
    expect(type(data) is dict, "not an object")
    for part in ("cache", "shared", "narratives", "names", "terms", "results"):
        expect(type(data.get(part)) is list, part)
    table = [thaw(value, "terms") for value in data["terms"]]
    expect(types_are(table, tuple), "terms")
    terms = _lookup(table, "terms")
    result = _lookup([_result(value) for value in data["results"]], "a formatted entry")
    cache, shared, narratives, names = {}, {}, {}, {}
    for row in data["cache"]:
        style, lang, read, key, fp, index = _row(row, 6, "a formatted entry")
        expect(type(style) is str and type(lang) is str and type(key) is str,
               "a formatted entry's key")
        cache[(style, lang, terms(read), key, _fingerprint(fp, key))] = result(index)
    for row in data["shared"]:
        style, key, fp, pairs = _row(row, 4, "a shared entry")
        expect(type(style) is str and type(key) is str and type(pairs) is list,
               "a shared entry")
        flat = []
        for pair in pairs:
            read, index = _row(pair, 2, "a shared result")
            flat += terms(read), result(index)
        shared[(style, key, _fingerprint(fp, key))] = tuple(flat)
    for row in data["narratives"]:
        style, lang, read, key, fp, text = _row(row, 6, "a narrative citation")
        expect(types_are((style, lang, key, text), str), "a narrative citation")
        narratives[(style, lang, terms(read), key, _fingerprint(fp, key))] = text
    for row in data["names"]:
        key, fp, value = _row(row, 3, "in-text names")
        expect(type(key) is str, "in-text names")
        names[(key, _fingerprint(fp, key))] = _names(value)
    return cache, shared, narratives, names


#: The formatter's four caches in the disk cache.
FORMATTED = Codec("formatted", _encode, _decode)

# What each folder holds, as far as this process knows (it loaded or saved it).
_saved_size: dict[str, tuple[int, int, int, int]] = {}


def load(disk: DiskCache) -> None:
    """Merge the formatted entries an earlier process saved into the formatter's caches."""
    saved = disk.load(_NAME, FORMATTED)
    if saved is not None:
        formatting.merge(*saved)
        _saved_size[disk.folder] = formatting.size()


def save(disk: DiskCache) -> None:
    """Save the formatter's caches for the next process, when the folder lacks some."""
    if _saved_size.get(disk.folder) == formatting.size():
        return
    snapshot = formatting.snapshot()
    _saved_size[disk.folder] = tuple(len(part) for part in snapshot)
    disk.save(_NAME, snapshot, FORMATTED)


def forget() -> None:
    """Forget what the folders hold (for tests that start a new process)."""
    _saved_size.clear()
