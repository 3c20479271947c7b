"""MkDocs wiring: reads pages through the Markdown extension, resolves numbers
once every page of a language is read, then fills in the placeholders.

With mkdocs-static-i18n each language is a separate build of one plugin
instance: state for a language is made afresh in ``on_pre_build``; what must
outlive a language (the default language's citation order and labels) lives
in :class:`SiteState`, made afresh when the default language builds.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from importlib import resources

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.utils import get_relative_url

from mkdocs_scholar.core import formatting
from mkdocs_scholar.core.bibliography import Bibliography, load_bibliography
from mkdocs_scholar.core.crossref import Outline
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.formatting import Formatter
from mkdocs_scholar.core.locale import load_section
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.page_cache import (
    PageCache,
    backlinks_digest,
    cacheable,
    page_key,
    site_digest,
)
from mkdocs_scholar.core.records import (
    TOKEN_RE,
    TOKEN_START,
    PageRecord,
    WholeReviewPlaceholder,
    front_matter_line,
    front_matter_lines,
    parse_nocite,
)
from mkdocs_scholar.core.render import Options, PageRenderer, Piece, entry_anchor
from mkdocs_scholar.core.resolve import Resolution, resolve
from mkdocs_scholar.plugin.config import ScholarConfig
from mkdocs_scholar.plugin.languages import current_and_default
from mkdocs_scholar.publication import article as publication
from mkdocs_scholar.publication.single_page import Part, combine

log = get_plugin_logger(__name__)

CSS_URI = "assets/mkdocs-scholar/scholar.css"
_PARSED = "citations"  # the disk cache's name for the citations as parsed


@dataclass
class SiteState:
    """What the default language leaves for the translations."""

    default_lang: str
    order: list[str] = field(default_factory=list)
    labels: dict[str, set[str]] = field(default_factory=dict)  # page path in language -> labels


class ScholarPlugin(BasePlugin[ScholarConfig]):
    def __init__(self):
        self.extension = ScholarExtension()
        self.site: SiteState | None = None
        self.lang = "en"
        self.records: dict[str, PageRecord] = {}
        self.keep_records = True  # see on_env
        self.nav_order: list[str] = []
        self.nav_tree: list = []
        self.resolution: Resolution | None = None
        self.bibliography: Bibliography | None = None
        self.formatter: Formatter | None = None
        self.files = None
        self.terms: dict | None = None
        self.article: publication.Article | None = None
        self.cite_files: dict[str, str] = {}  # dest path -> content, written after the page
        self.disk: DiskCache | None = None
        self.pages: PageCache | None = None  # filled-in pages of the last build
        self.site_key: bytes | None = None  # this language's inputs to every page
        self.waiting: dict[str, tuple[str, str]] = {}  # page -> (indexed form, reader's form)
        self.indexed: dict[str, str] = {}  # page -> indexed form, kept once it is written
        self.parsed_on_disk = -1  # citations in the disk cache's copy of extension.parsed

    # -- configuration --------------------------------------------------------

    def on_config(self, config):
        if not self.config.enabled:
            return config
        if self.extension not in config.markdown_extensions:
            config.markdown_extensions.append(self.extension)
        self.extension.number_sections = self.config.number_sections
        try:
            formatting.find_style(self.config.style)
        except ValueError as error:
            raise PluginError(f"scholar: style: {error}") from None
        if self.config.css and CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    def on_serve(self, server, config, builder):
        # A .bib (or article record) edit should rebuild the preview like a Markdown edit.
        for path in [*self.config.bibliography, *filter(None, [self.config.article])]:
            server.watch(path)
        return server

    def on_pre_build(self, config):
        if not self.config.enabled:
            return
        self.lang, default = current_and_default(config)
        if self.site is None or self.lang == default:
            self.site = SiteState(default_lang=default)
        self.records = {}
        self.keep_records = True
        self.terms = None  # this language's words, read once per build
        self.waiting, self.indexed = {}, {}
        self.contents: dict[str, str] = {}
        self.resolution = None
        root = os.path.dirname(config.config_file_path or "") or os.getcwd()
        if self.config.cache_dir and self.disk is None:
            self.disk = DiskCache(os.path.join(root, self.config.cache_dir))
            formatting.load_disk(self.disk)
            self.pages = PageCache(os.path.join(self.disk.folder, "pages"))
            saved = self.disk.load(_PARSED)
            if isinstance(saved, dict):
                self.extension.earlier = saved
                self.parsed_on_disk = len(saved)
        if self.lang == default:
            self.extension.start_build()
        self.site_key = None
        self.bibliography = load_bibliography(
            [os.path.relpath(path, root) for path in self.config.bibliography], root,
            disk=self.disk)
        if self.lang == default:
            for problem in self.bibliography.problems:
                _log(problem.level, str(problem))
        try:
            self.formatter = Formatter(self.config.style, self.lang,
                                       terms=(self.config.terms.get(self.lang) or {}).get(
                                           "bibliography"))
        except ValueError as error:
            raise PluginError(f"scholar: style: {error}") from None
        self.article = None
        if self.config.article:
            try:
                self.article = publication.load_article(self.config.article)
            except publication.ArticleError as error:
                raise PluginError(f"scholar: article: {error}") from None

    def on_files(self, files, config):
        if self.config.enabled and self.config.css:
            # A file outside docs_dir, like a theme file: mkdocs-static-i18n keeps
            # it as it is in every language build (it rejects generated files).
            assets = resources.files("mkdocs_scholar").joinpath("assets")
            files.append(File("scholar.css", src_dir=str(assets), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls, dest_uri=CSS_URI))
        return files

    # -- reading --------------------------------------------------------------

    @event_priority(-150)  # after i18n has translated the nav (-100)
    def on_nav(self, nav, config, files):
        if not self.config.enabled:
            return nav
        self.nav_order = [page.file.src_uri for page in nav.pages]
        self.nav_tree = _nav_tree(nav.items)
        return nav

    @event_priority(-100)
    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled:
            return markdown
        # No metadata, no front matter (MkDocs keeps the text whole then): the file
        # need not be read again to count the lines above the text.
        offset = front_matter_lines(page.file.content_string, markdown) if page.meta else 0
        record = PageRecord(src=page.file.src_uri, lang=self.lang, markdown=markdown,
                            nocite=parse_nocite(page.meta.get("nocite")), line_offset=offset,
                            nocite_line=front_matter_line(page.file.content_string, "nocite")
                            if "nocite" in page.meta else 0)
        self.records[record.src] = record
        self.extension.record = record
        return markdown

    def on_page_content(self, html, page, config, files):
        self.extension.record = None
        if self.config.enabled:
            self.contents[page.file.src_uri] = html  # for the one-page edition
        return html

    # -- resolving ------------------------------------------------------------

    def on_env(self, env, config, files):
        if not self.config.enabled:
            return env
        self.files = _FileIndex(files)
        # Only the one-page edition reads other pages' records and HTML again.
        self.keep_records = any(record.holds(WholeReviewPlaceholder)
                                for record in self.records.values())
        if not self.keep_records:
            # Keeping that HTML would hold two copies of every page once filled in.
            self.contents = {}
        in_nav = [src for src in self.nav_order if src in self.records]
        others = sorted(set(self.records) - set(in_nav))
        records = [self.records[src] for src in in_nav + others]
        is_default = self.lang == self.site.default_lang
        self.resolution = resolve(
            records,
            self.bibliography,
            self.formatter,
            lang=self.lang,
            seed=() if is_default else self.site.order,
            outline=_outline(self.nav_tree, self.records) if self.config.number_sections else (),
            translation_of=self.site.default_lang,
        )
        if is_default:
            self.site.order = self.resolution.order.keys()
            self.site.labels = {_without_lang(r.src, self.lang): {t.label for t in r.targets}
                                for r in records}
        else:
            self.resolution.problems.extend(self._label_parity(records))
        for problem in self.resolution.problems:
            _log(problem.level, self._where(problem, config))
        return env

    def _label_parity(self, records: list[PageRecord]) -> list[Diagnostic]:
        problems = []
        default = self.site.default_lang
        for record in records:
            rest = _without_lang(record.src, self.lang)
            if rest not in self.site.labels:
                continue
            ours = {t.label for t in record.targets}
            theirs = self.site.labels[rest]
            counterpart = posixpath.join(default, rest) if record.src.startswith(
                self.lang + "/") else rest
            for label in sorted(theirs - ours):
                problems.append(Diagnostic(
                    "warning", "parity-labels",
                    f"label '{label}' is defined in {counterpart} but not in its translation "
                    f"{record.src}", record.src, 0))
            for label in sorted(ours - theirs):
                problems.append(Diagnostic(
                    "warning", "parity-labels",
                    f"label '{label}' is defined in {record.src} but not in {counterpart}",
                    record.src, 0))
        return problems

    def _where(self, problem: Diagnostic, config) -> str:
        path = problem.path
        if path and path in self.records:
            full = os.path.join(config.docs_dir, path)
            path = os.path.relpath(full, os.path.dirname(config.config_file_path or full))
        if not path:
            return problem.message
        return f"{path}:{problem.line}: {problem.message}" if problem.line else (
            f"{path}: {problem.message}")

    # -- writing --------------------------------------------------------------

    def _narrative_author(self, key: str) -> str:
        return self.formatter.narrative_author(self.bibliography.entries[key])  # cached there

    def _renderer(self, page, record: PageRecord) -> PageRenderer:
        if self.terms is None:
            self.terms = _terms(self.lang, self.config.terms)
        return PageRenderer(
            record,
            self.resolution,
            self.terms,
            Options(self.config.links, self.config.previews, self.config.backlinks,
                    self.config.number_sections),
            _Urls(page, self.files),
            self._narrative_author,
            lambda: self._cite_this(page),
            lambda: self._whole_review(page),
        )

    # The search index reads a page in on_page_context (priority 0). It gets the
    # page with citations as text; their links and previews go in after it, so
    # that indexing parses no more markup than on a page without the plugin.

    @event_priority(100)  # before search indexes the page
    def _fill_for_index(self, context, page, config, nav):
        record = self.records.get(page.file.src_uri)
        if not self.config.enabled or record is None or not record.placeholders:
            return context
        renderers: list[PageRenderer] = []
        pieces: dict[int, Piece] = {}

        def piece(match: re.Match) -> Piece:
            index = int(match.group(1))
            if index not in pieces:
                if not renderers:
                    renderers.append(self._renderer(page, record))
                pieces[index] = renderers[0].render(index)
            return pieces[index]

        content = page.content
        key = filled = None
        if self.pages is not None and cacheable(record):
            backlinks = backlinks_digest(self.resolution.occurrences) if (
                self.resolution.bibliography_page == record.src) else b""
            key = page_key(self._site_key(), page.url, record, content, backlinks)
            filled = self.pages.get(key)  # the same page as in the last build
        if filled is None:
            # Made now, while the pieces are at hand: two strings wait for the search
            # index, not thousands of small objects that would outlive what it allocates.
            filled = (TOKEN_RE.sub(lambda m: piece(m).for_index, content),
                      TOKEN_RE.sub(lambda m: piece(m).html, content))
            if key is not None:
                self.pages.put(key, *filled)
        page.content = filled[0]
        self.waiting[page.file.src_uri] = filled
        _retitle(page.toc, lambda text: TOKEN_RE.sub(lambda m: piece(m).text, text))
        if page.title and TOKEN_RE.search(page.title):
            page.title = TOKEN_RE.sub(lambda m: piece(m).text, page.title)
        if page.present_anchor_ids is not None and self.resolution.bibliography_page == record.src:
            page.present_anchor_ids.update(entry_anchor(k) for k in self.resolution.listed)
        if not self.keep_records:
            # Nothing reads this page's record again; kept, its source text and
            # labels would stay in memory while the rest is written.
            del self.records[record.src]
        return context

    def _site_key(self) -> bytes:
        """What filling in any page of this language reads besides the page."""
        if self.site_key is None:
            if self.terms is None:
                self.terms = _terms(self.lang, self.config.terms)
            entries = self.bibliography.entries
            settings = repr((self.config.style, self.lang, self.config.links,
                             self.config.previews, self.config.backlinks,
                             self.config.number_sections, self.terms))
            self.site_key = site_digest(
                self.resolution,
                {key: formatting.fingerprint(entries[key])
                 for key in self.resolution.order.keys() if key in entries},
                ((src, file.url) for src, file in self.files.by_src.items()),
                settings)
        return self.site_key

    @event_priority(-100)  # after search has indexed the page
    def _fill_for_reader(self, context, page, config, nav):
        waiting = self.waiting.pop(page.file.src_uri, None)
        if waiting is None:
            return context
        indexed, full = waiting
        if page.content != indexed:
            # Material's search drops data-search-* attributes once it has read them.
            indexed, full = _without_search_attributes(indexed), _without_search_attributes(full)
        if page.content != indexed:
            where = os.path.relpath(page.file.abs_src_path or page.file.src_uri,
                                    os.path.dirname(config.config_file_path or ""))
            log.warning(
                f"{where}: another plugin changed the page between the search index and "
                "the plugin's links and previews; its citations stay plain text. Make that "
                "plugin change pages in on_page_content instead.")
            return context
        self.indexed[page.file.src_uri] = indexed
        page.content = full
        return context

    on_page_context = CombinedEvent(_fill_for_index, _fill_for_reader)

    def _whole_review(self, here) -> str:
        """Every other page of this language in navigation order, as one document."""
        parts = []
        for src in self.nav_order:
            record = self.records.get(src)
            file = self.files.get_file_from_path(src)
            if record is None or file is None or file.page is None or src == here.file.src_uri:
                continue
            if record.holds(WholeReviewPlaceholder):
                continue
            renderer = self._renderer(file.page, record)  # rebased below
            body = TOKEN_RE.sub(lambda m, r=renderer: r.render(int(m.group(1))).html,
                                self.contents.get(src, ""))
            parts.append(Part(url=file.page.url, title=file.page.title or "", html=body))
        terms = _terms(self.lang, self.config.terms).get("interface", {})
        return combine(parts, here.url, contents_title=terms.get("contents", "Contents"))

    def _cite_this(self, page) -> str:
        """The publication's citation in the page's language, with BibTeX and RIS files."""
        if self.article is None:
            log.warning(f"{page.file.src_uri}: '::: {{#cite-this}}' needs the 'article' option")
            return ""
        terms = _terms(self.lang, self.config.terms).get("interface", {})
        entry = publication.to_entry(self.article, self.lang)
        formatted = self.formatter.format({self.article.key: entry}, [self.article.key])
        base = f"{self.article.key}.{self.lang}"
        folder = os.path.dirname(page.file.abs_dest_path)
        self.cite_files[os.path.join(folder, base + ".bib")] = publication.to_bibtex(
            self.article, self.lang)
        self.cite_files[os.path.join(folder, base + ".ris")] = publication.to_ris(
            self.article, self.lang)
        bibtex = html.escape(publication.to_bibtex(self.article, self.lang))
        download = html.escape(terms.get("download", "Download"))
        return (
            f'<p class="scholar-cite-this-text">{formatted[self.article.key].html}</p>'
            f'<p class="scholar-cite-this-downloads">{download}: '
            f'<a href="{base}.bib" download>BibTeX</a> · <a href="{base}.ris" download>RIS</a></p>'
            f'<details class="scholar-cite-this-bibtex"><summary>BibTeX</summary>'
            f"<pre><code>{bibtex}</code></pre></details>"
        )

    @event_priority(-200)  # after every language is built (i18n builds them at -100)
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if self.disk is not None and not getattr(i18n, "building", False):
            formatting.save_disk(self.disk)
            self.pages.prune()  # every language is built: what none used is gone
            parsed = self.extension.parsed
            if self.extension.parsed_new or len(parsed) != self.parsed_on_disk:
                self.disk.save(_PARSED, parsed)  # what this build read, and no more
                self.parsed_on_disk = len(parsed)
        # This language is written: what it alone needed is not kept while the
        # next language builds, or while the search indexes are merged.
        self.records, self.contents = {}, {}
        self.waiting, self.indexed = {}, {}
        self.resolution = self.files = None

    def on_post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        indexed = self.indexed.pop(page.file.src_uri, None)
        if indexed is not None:
            # The page is written: MkDocs keeps `content` of every page to the end
            # of the build, and the form without previews is a fraction of the size.
            page.content = indexed
        for path, content in self.cite_files.items():
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        self.cite_files = {}
        if self.article is not None and _without_lang(page.file.src_uri, self.lang) == "index.md":
            site_url = config.site_url or ""
            tags = publication.head_tags(
                self.article, self.lang, description=config.site_description or "",
                site_name=config.site_name, url=(site_url + page.url) if site_url else "")
            output = output.replace("</head>", tags + "\n</head>", 1)
        return output


class _FileIndex:
    """Files by source path: mkdocs-static-i18n's own lookup scans every file."""

    def __init__(self, files):
        self.by_src = {file.src_uri: file for file in files}

    def get_file_from_path(self, src: str):
        return self.by_src.get(src)


class _Urls:
    def __init__(self, page, files):
        self.page_obj = page
        self.files = files
        self.memo: dict[str, str] = {}

    def page(self, src: str) -> str:
        if src not in self.memo:
            target = self.files.get_file_from_path(src)
            self.memo[src] = "" if target is None or src == self.page_obj.file.src_uri else (
                get_relative_url(target.url, self.page_obj.url))
        return self.memo[src]

    def asset(self, from_src: str, raw: str) -> str:
        if "://" in raw or raw.startswith("/"):
            return raw
        src = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), raw))
        target = self.files.get_file_from_path(src)
        if target is None:
            return raw
        return get_relative_url(target.url, self.page_obj.url)


_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material removes them


def _without_search_attributes(html_text: str) -> str:
    return _SEARCH_ATTRIBUTE.sub("", html_text)


def _without_lang(src: str, lang: str) -> str:
    prefix = lang + "/"
    return src[len(prefix):] if src.startswith(prefix) else src


def _nav_tree(items) -> list:
    tree = []
    for item in items:
        if isinstance(item, Section):
            tree.append(_nav_tree(item.children))
        elif getattr(item, "file", None) is not None:
            tree.append(item.file.src_uri)
    return tree


def _outline(tree, records: dict[str, PageRecord]) -> list[Outline]:
    outline = []
    for node in tree:
        if isinstance(node, list):
            outline.append(Outline(children=_outline(node, records)))
        else:
            record = records.get(node)
            headings = [t for t in record.targets if t.kind == "sec"] if record else []
            outline.append(Outline(headings=headings))
    return outline


def _terms(lang: str, overrides: dict) -> dict:
    terms = {part: load_section(lang, part) for part in ("bibliography", "crossref", "interface")}
    extra = overrides.get(lang) or {}
    return _merge(terms, extra) if extra else terms


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _retitle(toc, fix) -> None:
    for item in toc or []:
        if TOKEN_START in item.title:
            item.title = fix(item.title)
        _retitle(item.children, fix)


def _log(level: str, message: str) -> None:
    {"error": log.error, "warning": log.warning}.get(level, log.info)(message)
