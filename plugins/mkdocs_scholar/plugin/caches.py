"""The plugin's caches on disk: parsed .bib files, formatted entries, the
citations as parsed and the filled-in pages (see core.disk_cache, core.page_cache).

MkDocs keeps plugin instances between configurations of one process (tests,
`mkdocs serve` reloading mkdocs.yml), so the folder is opened again whenever
the configuration names another one.
"""

from __future__ import annotations

import re

from mkdocs.plugins import get_plugin_logger

from mkdocs_scholar.core import csl_cache, formatted_cache, formatting
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.page_cache import PageCache, site_digest
from mkdocs_scholar.core.records import PACKED_CITATIONS
from mkdocs_scholar.plugin.state import BuildState

_PARSED = "citations"  # the disk cache's name for the citations as parsed
log = get_plugin_logger("scholar")
# The files this plugin writes at the top of its folder (pickles up to 0.2.0).
_OWN_FILES = re.compile(r"(bib-[0-9a-f]{32}|formatted|citations|csl)(\.json|-.+\.pickle)")


class Caches:
    def __init__(self):
        self.disk: DiskCache | None = None
        self.pages: PageCache | None = None  # filled-in pages of the last build
        self._parsed_on_disk = -1  # citations in the disk's copy of extension.parsed

    def open(self, folder: str | None, extension: ScholarExtension) -> None:
        """Use `folder` (None: no cache on disk); nothing happens if it is in use."""
        if folder == (self.disk.folder if self.disk else None):
            return
        self.disk = self.pages = None
        self._parsed_on_disk = -1
        extension.earlier = {}
        if folder is None:
            return
        self.disk = DiskCache(folder, log)
        formatted_cache.load(self.disk)
        csl_cache.load(self.disk)
        self.pages = PageCache(self.disk.child("pages"))
        saved = self.disk.load(_PARSED, PACKED_CITATIONS)
        if saved is not None:
            extension.earlier = saved
            self._parsed_on_disk = len(saved)

    def save(self, extension: ScholarExtension, *, csl: bool = False) -> None:
        """Write what the next process can reuse, once every language is built; the
        CSL sorts and disambiguations only for a site with a CSL style (they are the
        process's, and a site with a pybtex style has no use for them)."""
        if self.disk is None:
            return
        formatted_cache.save(self.disk)
        if csl:
            csl_cache.save(self.disk)
        self.pages.prune()  # what no language used is gone
        parsed = extension.parsed
        if extension.parsed_new or len(parsed) != self._parsed_on_disk:
            self.disk.save(_PARSED, parsed, PACKED_CITATIONS)  # what this build read, and no more
            self._parsed_on_disk = len(parsed)
        # Older versions of the .bib files, and files of an earlier release, are gone.
        self.disk.delete_except(self.disk.used, _OWN_FILES)


def site_key(state: BuildState, settings: tuple) -> bytes:
    """What filling in any page of this language reads besides the page."""
    if state.site_key is None:
        entries = state.bibliography.entries
        state.site_key = site_digest(
            state.resolution,
            {key: formatting.fingerprint(entries[key])
             for key in state.resolution.order.keys() if key in entries},
            ((src, file.url) for src, file in state.files.by_src.items()),
            repr((*settings, state.lang, state.terms)))
    return state.site_key
