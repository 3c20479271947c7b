"""The parse cache: each .bib file version parsed once per process.

Pure core (no MkDocs). A module-level cache keyed by (absolute path, mtime_ns,
size) keeps the latest parse of every path, so ``mkdocs serve`` rebuilds and
per-language builds reuse it; a DiskCache keeps parses between processes,
keyed by content. The cached pybtex ``Entry`` objects are shared: treat them as
read-only. :func:`fingerprint` digests an entry for the caches of formatted
entries.
"""

from __future__ import annotations

import hashlib
import os
import threading

from pybtex.database import Entry

from mkdocs_scholar.core.bib_parser import ParsedFile, entry_from_parts, entry_parts, parse_file
from mkdocs_scholar.core.cache_schema import expect, pairs, strings
from mkdocs_scholar.core.csl_json import is_csl_file, parse_csl_file
from mkdocs_scholar.core.diagnostics import LEVELS, Diagnostic
from mkdocs_scholar.core.disk_cache import Codec

__all__ = ["clear_cache", "fingerprint", "load_file"]

_cache: dict[str, tuple[tuple[int, int], ParsedFile]] = {}
_cache_lock = threading.Lock()


def fingerprint(entry: Entry) -> bytes:
    """A digest of everything formatting reads from an entry.

    A digest, not the values: it keys caches that hold thousands of entries,
    in memory and on disk. Kept on the entry: the loader's entries are shared
    and never changed, and each is looked up once per language and build; the
    loader computes it before it saves a parse, so that it is saved too."""
    # Two attributes, not a (fields, digest) pair: one object less for the garbage
    # collector per entry, in a .bib of thousands.
    if getattr(entry, "_scholar_fingerprint_of", None) is entry.fields:
        return entry._scholar_fingerprint
    raw_names = getattr(entry, "raw_names", None)  # the loader's entries: names unparsed
    value = (
        entry.type,
        tuple((name.lower(), value) for name, value in entry.fields.items()),
        raw_names if raw_names is not None else
        tuple((role.lower(), tuple(str(person) for person in people))
              for role, people in entry.persons.items()),
    )
    digest = hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).digest()
    entry._scholar_fingerprint = digest
    entry._scholar_fingerprint_of = entry.fields
    return digest


def load_file(abs_path: str, display: str, disk=None) -> ParsedFile | None:
    """The parsed file from the cache, parsing only if it is new or changed."""
    try:
        stat = os.stat(abs_path)
    except OSError:
        return None
    signature = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(abs_path)
        if cached is not None and cached[0] == signature:
            return cached[1]
    parsed = None
    name = None
    if is_csl_file(abs_path):  # CSL-JSON, CSL-YAML: quick to read, not kept on disk
        parsed = parse_csl_file(abs_path, display)
        with _cache_lock:
            _cache[abs_path] = (signature, parsed)
        return parsed
    if disk is not None:  # keyed by content: a checkout changes times, not text
        try:
            with open(abs_path, "rb") as handle:
                name = "bib-" + disk.digest(handle.read(), display)
        except OSError:
            return None
        parsed = disk.load(name, PARSED_FILE)
    if parsed is None:
        parsed = parse_file(abs_path, display)
        if name is not None:
            for entry in parsed.entries:
                fingerprint(entry)  # kept on the entry: the next process reads it
            disk.save(name, parsed, PARSED_FILE)
    with _cache_lock:
        _cache[abs_path] = (signature, parsed)  # replaces the older version of this path
    return parsed


def clear_cache() -> None:
    """Forget every parsed file."""
    with _cache_lock:
        _cache.clear()


# -- on disk -------------------------------------------------------------------------


def _encode(parsed: ParsedFile) -> dict:
    return {
        "keys": list(parsed.keys),
        "lines": list(parsed.lines),
        # Each entry: type as written, fields, names as written, fingerprint.
        "entries": [[*entry_parts(entry), fingerprint(entry).hex()] for entry in parsed.entries],
        "problems": [[p.level, p.code, p.message, p.path, p.line, p.column]
                     for p in parsed.problems],
    }


def _decode(data) -> ParsedFile:
    expect(isinstance(data, dict), "not an object")
    keys = strings(data.get("keys"), "keys")
    lines, rows, problems = data.get("lines"), data.get("entries"), data.get("problems")
    expect(isinstance(lines, list) and len(lines) == len(keys)
           and all(type(line) is int for line in lines), "lines")
    expect(isinstance(rows, list) and len(rows) == len(keys), "entries")
    entries = []
    for key, row in zip(keys, rows, strict=True):
        expect(isinstance(row, list) and len(row) == 4 and isinstance(row[0], str)
               and row[0] and isinstance(row[3], str) and len(row[3]) == 32, "an entry")
        entry = entry_from_parts(row[0], key, pairs(row[1], "fields"), pairs(row[2], "names"))
        # Saved with the entry, as fingerprint() keeps it (see there).
        entry._scholar_fingerprint = bytes.fromhex(row[3])
        entry._scholar_fingerprint_of = entry.fields
        entries.append(entry)
    expect(isinstance(problems, list), "problems")
    diagnostics = []
    for row in problems:
        expect(isinstance(row, list) and len(row) == 6 and row[0] in LEVELS
               and all(isinstance(part, str) for part in row[1:4])
               and type(row[4]) is int and type(row[5]) is int, "a problem")
        diagnostics.append(Diagnostic(*row))
    return ParsedFile(keys, tuple(entries), tuple(lines), tuple(diagnostics))


#: A parsed .bib file in the disk cache.
PARSED_FILE = Codec("bib", _encode, _decode)
