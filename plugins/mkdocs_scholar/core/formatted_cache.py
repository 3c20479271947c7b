"""Formatted entries on disk: the formatter's caches (see formatting), saved for
the next process and read back with every value's shape checked.

Pure core (no MkDocs). One file, ``formatted.json``, holds the four caches;
it is written only when this process has results the folder lacks.
"""

from __future__ import annotations

from mkdocs_scholar.core import formatting
from mkdocs_scholar.core.cache_schema import expect, strings, thaw, to_data
from mkdocs_scholar.core.disk_cache import Codec, DiskCache
from mkdocs_scholar.core.formatting import FormattedEntry

__all__ = ["FORMATTED", "load", "save"]

_NAME = "formatted"


def _fingerprint(value, what: str) -> bytes:
    expect(isinstance(value, str) and len(value) == 32, f"{what}: not a fingerprint")
    return bytes.fromhex(value)


def _result(value) -> FormattedEntry:
    expect(isinstance(value, list) and len(value) == 4
           and all(isinstance(part, str) for part in value[:3]), "a formatted entry")
    return FormattedEntry(value[0], value[1], value[2], strings(value[3], "missing fields"))


def _row(value, length: int, what: str) -> list:
    expect(isinstance(value, list) and len(value) == length, what)
    return value


def _names(value) -> tuple:
    """apa_in_text.citation_names: ("people", (last, ...), et_al) or ("title", text, quoted)."""
    expect(isinstance(value, list) and len(value) == 3 and isinstance(value[2], bool), "names")
    kind, names, flag = value
    if kind == "people":
        return kind, strings(names, "names"), flag
    expect(kind == "title" and isinstance(names, str), "names")
    return kind, names, flag


def _encode(caches: tuple[dict, dict, dict, dict]) -> dict:
    cache, shared, narratives, names = caches
    return {
        # (style, language, terms, key, fingerprint) → result
        "cache": [[*to_data(key[:4]), key[4].hex(), [r.key, r.html, r.text, list(r.missing)]]
                  for key, r in cache.items()],
        # (style, key, fingerprint) → (terms read, result, terms read, result, ...)
        "shared": [[*to_data(key[:2]), key[2].hex(),
                    [[to_data(read), [r.key, r.html, r.text, list(r.missing)]]
                     for read, r in zip(value[::2], value[1::2], strict=True)]]
                   for key, value in shared.items()],
        "narratives": [[*to_data(key[:4]), key[4].hex(), value]
                       for key, value in narratives.items()],
        "names": [[key[0], key[1].hex(), to_data(value)] for key, value in names.items()],
    }


def _decode(data) -> tuple[dict, dict, dict, dict]:
    expect(isinstance(data, dict), "not an object")
    for part in ("cache", "shared", "narratives", "names"):
        expect(isinstance(data.get(part), list), part)
    cache, shared, narratives, names = {}, {}, {}, {}
    for row in data["cache"]:
        style, lang, terms, key, fp, result = _row(row, 6, "a formatted entry")
        expect(isinstance(style, str) and isinstance(lang, str) and isinstance(key, str),
               "a formatted entry's key")
        cache[(style, lang, thaw(terms, "terms"), key, _fingerprint(fp, key))] = _result(result)
    for row in data["shared"]:
        style, key, fp, results = _row(row, 4, "a shared entry")
        expect(isinstance(style, str) and isinstance(key, str) and isinstance(results, list),
               "a shared entry")
        flat = []
        for pair in results:
            read, result = _row(pair, 2, "a shared result")
            flat += thaw(read, "terms read"), _result(result)
        shared[(style, key, _fingerprint(fp, key))] = tuple(flat)
    for row in data["narratives"]:
        style, lang, terms, key, fp, text = _row(row, 6, "a narrative citation")
        expect(all(isinstance(part, str) for part in (style, lang, key, text)),
               "a narrative citation")
        narratives[(style, lang, thaw(terms, "terms"), key, _fingerprint(fp, key))] = text
    for row in data["names"]:
        key, fp, value = _row(row, 3, "in-text names")
        expect(isinstance(key, str), "in-text names")
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
