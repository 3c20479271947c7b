"""What one build holds: made afresh in ``on_pre_build`` for every build.

With mkdocs-static-i18n each language is a build of the same plugin
instance; :class:`BuildState` is one language's, :class:`SiteState` what the
default language leaves for the translations (its citation order and labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_scholar.core.bibliography import Bibliography
from mkdocs_scholar.core.formatting import Formatter
from mkdocs_scholar.core.records import PageRecord
from mkdocs_scholar.core.resolve import Resolution
from mkdocs_scholar.publication.article import Article


@dataclass
class SiteState:
    """What the default language leaves for the translations."""

    default_lang: str
    order: list[str] = field(default_factory=list)
    labels: dict[str, set[str]] = field(default_factory=dict)  # page path in language -> labels
    #: An author-date style's year suffixes and given names (core.csl_authordate).
    disambiguation: object = None


@dataclass
class BuildState:
    """One language's build, from ``on_pre_build`` to ``on_post_build``."""

    lang: str
    bibliography: Bibliography
    formatter: Formatter
    terms: dict  # this language's words, built-in and overridden
    article: Article | None = None
    docs_dir: str = ""  # for messages: page paths as seen from mkdocs.yml's folder
    config_dir: str = ""
    records: dict[str, PageRecord] = field(default_factory=dict)  # page path -> record
    keep_records: bool = True  # whether the one-page edition reads records again
    contents: dict[str, str] = field(default_factory=dict)  # page -> HTML, one-page edition
    nav_order: list[str] = field(default_factory=list)
    nav_tree: list = field(default_factory=list)  # nested lists of page paths
    resolution: Resolution | None = None
    files: object = None  # a FileIndex, from on_env
    cite_files: dict[str, str] = field(default_factory=dict)  # dest path -> content
    #: One-page edition -> its PDF's path in the site, when the PDFs are made: only
    #: then do pages link to them (the first is the one "Cite this" offers).
    pdfs: dict[str, str] = field(default_factory=dict)
    site_key: bytes | None = None  # this language's inputs to every page
    waiting: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> 2 forms
    indexed: dict[str, str] = field(default_factory=dict)  # page -> form for the index

    def release(self) -> None:
        """The language is written: what it alone needed is not kept while the next
        language builds, or while the search indexes are merged."""
        self.records, self.contents = {}, {}
        self.waiting, self.indexed = {}, {}
        self.resolution = self.files = None
