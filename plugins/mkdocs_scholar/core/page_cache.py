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
not found. Files the last build did not use are deleted at its end, so the
folder holds one build's pages. Pure: no MkDocs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

from mkdocs_scholar import __version__
from mkdocs_scholar.core.cache_schema import strings
from mkdocs_scholar.core.disk_cache import Codec, DiskCache
from mkdocs_scholar.core.records import (
    CiteThisPlaceholder,
    PageRecord,
    WholeReviewPlaceholder,
)
from mkdocs_scholar.core.resolve import Resolution

# Bumped when the filled-in HTML changes for the same inputs (a new release of
# the renderer does that too: the version is part of every key).
_FORMAT = 3

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
    # An author-date site numbers nothing: which work a page's edit cites first
    # changes no other page.
    numbered = resolution.intext is None
    for key in resolution.order.keys() if numbered else sorted(resolution.order.keys()):
        entry = resolution.formatted.get(key)
        add(key, str(resolution.number(key)) if numbered else "",
            entry.html if entry else "", entry.text if entry else "")
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


def _decode_page(data) -> tuple[str, str]:
    return strings(data, "a filled-in page", 2)


#: A filled-in page, (indexed form, reader's form), in the disk cache.
FILLED_PAGE = Codec("page", list, _decode_page, texts=True)


# A page's file: its key, as JSON (or a pickle, up to 0.2.0).
_PAGE_FILE = re.compile(r"[0-9a-f]{40}(\.json|-.+\.pickle)")


class PageCache:
    """Filled-in pages in a folder of their own, one file per key."""

    def __init__(self, store: DiskCache):
        self.store = store
        self.folder = store.folder
        self.used: set[str] = set()

    def get(self, key: str) -> tuple[str, str] | None:
        """(indexed form, reader's form), or None when this key was never saved."""
        self.used.add(key)
        return self.store.load(key, FILLED_PAGE)

    def put(self, key: str, indexed: str, full: str) -> None:
        self.used.add(key)
        self.store.save(key, (indexed, full), FILLED_PAGE)

    def prune(self) -> None:
        """Delete the files this build did not use; start counting afresh."""
        self.store.delete_except(self.used, _PAGE_FILE)
        self.used = set()
