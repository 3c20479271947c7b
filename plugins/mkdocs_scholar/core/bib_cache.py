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

from mkdocs_scholar.core.bib_parser import ParsedFile, parse_file

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
    if disk is not None:  # keyed by content: a checkout changes times, not text
        try:
            with open(abs_path, "rb") as handle:
                name = "bib-" + disk.digest(handle.read(), display)
        except OSError:
            return None
        parsed = disk.load(name)
    if parsed is None:
        parsed = parse_file(abs_path, display)
        if name is not None:
            for entry in parsed.entries:
                fingerprint(entry)  # kept on the entry: the next process reads it
            disk.save(name, parsed)
    with _cache_lock:
        _cache[abs_path] = (signature, parsed)  # replaces the older version of this path
    return parsed


def clear_cache() -> None:
    """Forget every parsed file."""
    with _cache_lock:
        _cache.clear()
