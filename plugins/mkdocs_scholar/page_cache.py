"""Filled-in pages from earlier builds, on disk, by everything they were made from.

`mkdocs build` renders every page again, and filling in a long review's
citations, cross-references and previews costs a visible share of a build. A
page whose HTML, placeholders and inputs are as they were gets its two filled-in
forms (for the search index, for the reader) back from here.

A page's key is a digest of:

- the language's site-wide inputs, computed once per language build
  (:func:`site_digest`): every number, formatted entry and entry fingerprint,
  every target, every file's URL, the terms and options;
- the page's URL, its placeholders as written, and its HTML with the tokens;
- for the page with the bibliography, every place each entry is cited (its
  back-links), from :func:`backlinks_digest`.

Nothing is ever invalidated: a change to any input is another key, which is
not found. Pages the last build did not use are deleted at its end, so the
file holds one build's pages. Pure: no MkDocs.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from . import __version__
from .records import (
    CiteThisPlaceholder,
    PageRecord,
    WholeReviewPlaceholder,
)
from .resolve import Resolution

# Bumped when the filled-in HTML changes for the same inputs (a new release of
# the renderer does that too: the version is part of every key).
_FORMAT = 1

#: Placeholders whose HTML depends on more than the page and the site-wide
#: inputs (the other pages' HTML, files written beside the page): pages holding
#: one are always filled in afresh.
UNCACHED = (CiteThisPlaceholder, WholeReviewPlaceholder)


def site_digest(
    resolution: Resolution,
    fingerprints: Mapping[str, bytes],
    file_urls: Iterable[tuple[str, str]],
    settings: str,
) -> bytes:
    """What every page's filling-in may read besides the page itself.

    `fingerprints` are the cited entries' digests (names included, which the
    formatted text may abbreviate); `file_urls` every file's source path and
    URL (links to pages, images in previews); `settings` the options, terms,
    style and language, as text.
    """
    hasher = hashlib.blake2b(digest_size=20)

    def add(*parts: str) -> None:
        hasher.update("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1e")

    add(__version__, str(_FORMAT), settings, resolution.lang,
        resolution.bibliography_page or "")
    for key in resolution.order.keys():
        entry = resolution.formatted.get(key)
        add(key, str(resolution.number(key)), entry.html if entry else "",
            entry.text if entry else "")
        hasher.update(fingerprints.get(key, b""))
    for label, target in resolution.targets.items():
        add(label, target.kind, target.page, target.title, target.number or "",
            target.image or "", str(target.level))
    for src, url in file_urls:
        add(src, url)
    return hasher.digest()


def cacheable(record: PageRecord) -> bool:
    return not record.holds(*UNCACHED)


def backlinks_digest(occurrences: Mapping[str, Sequence[str]]) -> bytes:
    """Where each entry is cited (Resolution.occurrences): what the bibliography's
    back-links point to."""
    hasher = hashlib.blake2b(digest_size=20)
    for key, places in occurrences.items():
        hasher.update("\x1f".join((key, *places)).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1e")
    return hasher.digest()


def page_key(site: bytes, url: str, record: PageRecord, content: str,
             extra: bytes = b"") -> str:
    """The key of one page: the site-wide digest, its URL, placeholders and HTML,
    and `extra` (the back-links, on the page with the bibliography)."""
    hasher = hashlib.blake2b(site + extra, digest_size=20)
    # What each token stands for fixes what it becomes.
    written = "\x1e".join(record.placeholders.written())
    hasher.update(f"{url}\x1e{written}\x1e".encode("utf-8", "surrogatepass"))
    hasher.update(content.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


class PageCache:
    """Filled-in pages in one SQLite file, a row per key.

    A file per page cost more to create and open than its contents cost to read
    (hundreds of pages, tens of kilobytes each); SQLite reads and writes them in
    one file, and a build's writes in one transaction, committed by `prune`. A
    cache that cannot be opened, read or written (a damaged file, a read-only
    folder, another build holding the lock) is only slower: a miss, a page not
    kept.
    """

    def __init__(self, path: str):
        self.path = path
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._unusable = False
        self._writing = False  # in a transaction of this build's pages

    def get(self, key: str) -> tuple[str, str] | None:
        """(indexed form, reader's form), or None when this key was never saved."""
        self.used.add(key)
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT indexed, reader FROM pages WHERE key = ?",
                             (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not all(isinstance(part, str) for part in row):
            return None
        return row

    def put(self, key: str, indexed: str, full: str) -> None:
        self.used.add(key)
        db = self._connect()
        if db is None:
            return
        try:
            if not self._writing:
                db.execute("BEGIN")
                self._writing = True
            db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", (key, indexed, full))
        except sqlite3.Error:
            self._give_up()

    def prune(self) -> None:
        """Delete the pages this build did not use, keep what it wrote, close the
        file; start counting afresh."""
        used, self.used = self.used, set()
        db = self._connect()
        if db is None:
            self._unusable = False  # the next build tries again
            return
        try:
            stale = [(key,) for (key,) in db.execute("SELECT key FROM pages")
                     if key not in used]
            if stale and not self._writing:
                db.execute("BEGIN")
                self._writing = True
            if self._writing:  # else the file is left as it is, untouched
                db.executemany("DELETE FROM pages WHERE key = ?", stale)
                db.execute("COMMIT")
                self._writing = False
        except sqlite3.Error:
            pass
        self.close()
        self._unusable = False

    def close(self) -> None:
        """Close the file; what was not pruned (committed) is dropped."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._writing = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._unusable:
            try:
                self._db = _open(self.path)
            except sqlite3.OperationalError:  # locked by another build, or no room
                self._unusable = True
            except sqlite3.DatabaseError:  # not a database (damaged): start afresh
                try:
                    os.unlink(self.path)
                    self._db = _open(self.path)
                except (sqlite3.Error, OSError):
                    self._unusable = True
            except OSError:  # a folder that cannot be made
                self._unusable = True
        return self._db

    def _give_up(self) -> None:
        """A write failed (the lock, a full disk): nothing more is written this time."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        self._writing = False
        self._unusable = True


def _open(path: str) -> sqlite3.Connection:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    # Autocommit except where the cache begins a transaction itself; builds of
    # `mkdocs serve` may run in another thread than the first, never two at once.
    db = sqlite3.connect(path, timeout=1.0, isolation_level=None, check_same_thread=False)
    try:
        # Large pages: a filled-in page is tens of kilobytes. A cache needs no
        # durability, only consistency: no waiting for the disk.
        db.execute("PRAGMA page_size = 65536")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE IF NOT EXISTS pages "
                   "(key TEXT PRIMARY KEY, indexed TEXT NOT NULL, reader TEXT NOT NULL)")
        db.execute("SELECT count(*) FROM pages").fetchone()  # a damaged file fails here
    except sqlite3.Error:
        db.close()
        raise
    return db
