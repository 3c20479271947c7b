"""MkDocs wiring: reads pages through the Markdown extension, resolves numbers
once every page of a language is read, then fills in the placeholders.

With mkdocs-static-i18n each language is a separate build of one plugin
instance: what a language needs is a :class:`~.state.BuildState` made afresh
in ``on_pre_build``; what must outlive a language (the default language's
citation order and labels) is a :class:`~.state.SiteState`, made afresh when
the default language builds. Only the caches on disk outlive a build.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from importlib import resources

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.formatting import make_formatter
from mkdocs_scholar.core.headings import TOC_DEFAULT_TITLE, retitle_permalinks
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.page_cache import backlinks_digest, cacheable, page_key
from mkdocs_scholar.core.records import (
    TOKEN_RE,
    TOKEN_START,
    PageRecord,
    WholeReviewPlaceholder,
    front_matter_line,
    front_matter_lines,
    parse_nocite,
)
from mkdocs_scholar.core.render import CitationForm, Options, PageRenderer, Piece, entry_anchor
from mkdocs_scholar.core.resolve import resolve
from mkdocs_scholar.core.terms import english_fallback_problem, terms_for
from mkdocs_scholar.core.translations import label_parity, without_lang
from mkdocs_scholar.plugin import blocks
from mkdocs_scholar.plugin.caches import Caches, site_key
from mkdocs_scholar.plugin.config import ScholarConfig
from mkdocs_scholar.plugin.languages import current_and_default
from mkdocs_scholar.plugin.nav import nav_tree, outline
from mkdocs_scholar.plugin.state import BuildState, SiteState
from mkdocs_scholar.plugin.urls import FileIndex, PageUrls
from mkdocs_scholar.publication import article as publication
from mkdocs_scholar.publication import pdf

log = get_plugin_logger(__name__)

CSS_URI = "assets/mkdocs-scholar/scholar.css"
JS_URI = "assets/mkdocs-scholar/scholar.js"


class ScholarPlugin(BasePlugin[ScholarConfig]):
    def __init__(self):
        self.extension = ScholarExtension()
        self.site: SiteState | None = None
        self.state: BuildState | None = None  # the language being built
        self.caches = Caches()  # they outlive a build (mkdocs serve, the next process)
        self.reported = 0  # warnings and errors of this build, in every language
        self.errors = 0  # errors alone
        self.serving = False  # `mkdocs serve` keeps going; a build stops on errors
        self.browser: str | None = None  # what prints the PDFs (None: Playwright's own)
        self.browser_for: object = _UNCHECKED  # the `chromium` setting it was found for
        self.serve_noted = False  # the notice that serve makes no PDF, given once
        self.pdf_editions: list[pdf.Edition] = []  # every language's, printed at the end
        self.pdf_pages: list[tuple[str, str]] = []  # (written page, language) with a size

    def _log(self, problem: Diagnostic) -> None:
        if problem.level in _LOG:
            self.reported += 1
            self.errors += problem.level == "error"
        _LOG.get(problem.level, log.info)(str(problem))

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    # -- configuration --------------------------------------------------------

    def on_config(self, config):
        if not self.config.enabled:
            return config
        if self.extension not in config.markdown_extensions:
            config.markdown_extensions.append(self.extension)
        self.extension.number_sections = self.config.number_sections
        if self.config.css and CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if self._script() and JS_URI not in map(str, config.extra_javascript):
            config.extra_javascript.append(JS_URI)
        if self._printing() and self.browser_for != self.config.chromium:
            try:  # before any page is read: a build that cannot print stops at once
                self.browser = pdf.check(self.config.chromium)
            except pdf.UnavailableError as error:
                problem = Diagnostic("error", "pdf-unavailable", str(error))
                raise Abort(f"scholar: {problem.report()}") from None
            self.browser_for = self.config.chromium  # each language's build asks again
        elif self.config.pdf and self.serving and not self.serve_noted:
            log.info("pdf: the one-page edition's PDF is not made by `mkdocs serve`; "
                     "`mkdocs build` makes it")
            self.serve_noted = True
        return config

    def _printing(self) -> bool:
        # A preview rebuilt on every edit would wait for Chromium each time.
        return self.config.pdf and not self.serving

    def _script(self) -> bool:
        # Without previews the script has nothing to do.
        return self.config.js and self.config.previews

    def on_serve(self, server, config, builder):
        # A .bib (or article record) edit should rebuild the preview like a Markdown edit.
        for path in [*self.config.bibliography, *filter(None, [self.config.article])]:
            server.watch(path)
        return server

    def on_pre_build(self, config):
        if not self.config.enabled:
            return
        lang, default = current_and_default(config)
        if self.site is None or lang == default:
            self.site = SiteState(default_lang=default)
            self.reported = self.errors = 0
            self.pdf_editions, self.pdf_pages = [], []
        root = os.path.dirname(config.config_file_path or "") or os.getcwd()
        self.caches.open(os.path.join(root, self.config.cache_dir)
                         if self.config.cache_dir else None, self.extension)
        if lang == default:
            self.extension.start_build()
        bibliography = load_bibliography(
            [os.path.relpath(path, root) for path in self.config.bibliography], root,
            disk=self.caches.disk)
        if lang == default:
            for problem in bibliography.problems:
                self._log(problem)
        terms = terms_for(lang, self.config.terms)
        self._note_english_words(lang)
        self.state = BuildState(
            lang=lang,
            bibliography=bibliography,
            # The style was checked with the configuration.
            formatter=make_formatter(
                self.config.style, lang,
                terms=(self.config.terms.get(lang) or {}).get("bibliography")),
            terms=terms,
            article=self._article(),
            docs_dir=config.docs_dir,
            config_dir=root,
        )

    def _note_english_words(self, lang: str) -> None:
        """Once per language and build, not per page: what is English on its pages."""
        problem = english_fallback_problem(lang, self.config.terms)
        if problem is not None:
            self._log(problem)

    def _article(self) -> publication.Article | None:
        if not self.config.article:
            return None
        try:  # read when the configuration was checked; read again for `mkdocs serve`
            return publication.load_article(self.config.article)
        except publication.ArticleError as error:
            raise PluginError(f"scholar: article: {error}") from None

    def on_files(self, files, config):
        if not self.config.enabled:
            return files
        # Files outside docs_dir, like a theme's: mkdocs-static-i18n keeps them as
        # they are in every language build (it rejects generated files).
        assets = resources.files("mkdocs_scholar").joinpath("assets")
        for name, uri, wanted in (("scholar.css", CSS_URI, self.config.css),
                                  ("scholar.js", JS_URI, self._script())):
            if wanted:
                files.append(File(name, src_dir=str(assets), dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls, dest_uri=uri))
        return files

    # -- reading --------------------------------------------------------------

    @event_priority(-150)  # after i18n has translated the nav (-100)
    def on_nav(self, nav, config, files):
        if not self.config.enabled:
            return nav
        self.state.nav_order = [page.file.src_uri for page in nav.pages]
        self.state.nav_tree = nav_tree(nav.items)
        return nav

    @event_priority(-100)
    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled:
            return markdown
        # No metadata, no front matter (MkDocs keeps the text whole then): the file
        # need not be read again to count the lines above the text.
        source = page.file.content_string if page.meta else ""
        record = PageRecord(
            src=page.file.src_uri, lang=self.state.lang, markdown=markdown,
            nocite=parse_nocite(page.meta.get("nocite")),
            line_offset=front_matter_lines(source, markdown) if source else 0,
            nocite_line=front_matter_line(source, "nocite") if "nocite" in page.meta else 0)
        self.state.records[record.src] = record
        self.extension.record = record
        return markdown

    def on_page_content(self, html, page, config, files):
        self.extension.record = None
        if self.config.enabled:
            html = self._permalinks_in_page_language(html, config)
            self.state.contents[page.file.src_uri] = html  # for the one-page edition
        return html

    def _permalinks_in_page_language(self, html: str, config) -> str:
        toc = config.mdx_configs.get("toc") or {}
        if not toc.get("permalink"):
            return html
        current = toc.get("permalink_title", TOC_DEFAULT_TITLE)
        lang = self.state.lang
        chosen = ((self.config.terms.get(lang) or {}).get("interface") or {}).get(
            "permalink_title")
        # A title of the site's own choosing stays, unless `terms:` gives this language one.
        if current != TOC_DEFAULT_TITLE and not chosen:
            return html
        wanted = self.state.terms.get("interface", {}).get("permalink_title") or current
        return retitle_permalinks(html, current, wanted)

    # -- resolving ------------------------------------------------------------

    def on_env(self, env, config, files):
        if not self.config.enabled:
            return env
        state = self.state
        state.files = FileIndex(files)
        # Only the one-page edition reads other pages' records and HTML again.
        state.keep_records = any(record.holds(WholeReviewPlaceholder)
                                 for record in state.records.values())
        if not state.keep_records:
            # Keeping that HTML would hold two copies of every page once filled in.
            state.contents = {}
        in_nav = [src for src in state.nav_order if src in state.records]
        others = sorted(set(state.records) - set(in_nav))
        records = [state.records[src] for src in in_nav + others]
        is_default = state.lang == self.site.default_lang
        state.resolution = resolve(
            records,
            state.bibliography,
            state.formatter,
            lang=state.lang,
            seed=() if is_default else self.site.order,
            outline=outline(state.nav_tree, state.records) if self.config.number_sections
            else (),
            translation_of=self.site.default_lang,
            disambiguation=None if is_default else self.site.disambiguation,
        )
        if is_default:
            self.site.order = state.resolution.order.keys()
            self.site.disambiguation = state.resolution.disambiguation
            self.site.labels = {without_lang(r.src, state.lang): {t.label for t in r.targets}
                                for r in records}
        else:
            state.resolution.problems.extend(label_parity(
                records, self.site.labels, state.lang, self.site.default_lang))
        for problem in state.resolution.problems:
            self._log(self._relative(problem))
        if self._printing():
            self._plan_pdfs(records, config)
        return env

    def _plan_pdfs(self, records: list[PageRecord], config) -> None:
        """Which pages of this language are printed, and where their PDFs go."""
        state = self.state
        editions = [r.src for r in records if r.holds(WholeReviewPlaceholder)]
        if not editions:
            self._log(Diagnostic(
                "warning", "pdf-no-edition",
                f"'pdf: true', but no page of the '{state.lang}' edition has a "
                "'::: {#whole-review}' block, so it has no PDF"))
        article = state.article
        for src in editions:
            file = state.files.get_file_from_path(src)
            if file is None:
                continue
            # The publication's key names the first, as it names the BibTeX and RIS files.
            stem = article.key if article is not None and not state.pdfs else (
                posixpath.splitext(posixpath.basename(src))[0])
            uri = posixpath.join(posixpath.dirname(file.dest_uri),
                                 pdf.file_name(stem, state.lang))
            state.pdfs[src] = uri
            edition = article.edition(state.lang) if article is not None else None
            self.pdf_editions.append(pdf.Edition(
                html=file.abs_dest_path, pdf=os.path.join(config.site_dir, uri), uri=uri,
                lang=state.lang, title=edition.title if edition else "",
                author=", ".join(map(publication.display_name, edition.authors)) if edition
                else config.site_author or "",
                keywords=edition.keywords if edition else ()))

    def _relative(self, problem: Diagnostic) -> Diagnostic:
        """A page's diagnostic with its path from mkdocs.yml's folder (docs/…)."""
        state = self.state
        if not problem.path or not (problem.path in state.records or (
                state.files is not None and problem.path in state.files.by_src)):
            return problem  # a .bib file's, already relative to mkdocs.yml
        full = os.path.join(state.docs_dir, problem.path)
        return problem.moved(os.path.relpath(full, state.config_dir or state.docs_dir))

    # -- writing --------------------------------------------------------------

    def _renderer(self, page, record: PageRecord) -> PageRenderer:
        state = self.state
        return PageRenderer(
            record,
            state.resolution,
            state.terms,
            Options(self.config.links, self.config.previews, self.config.backlinks,
                    self.config.number_sections,
                    state.formatter.citation_form or CitationForm()),
            PageUrls(page, state.files),
            # Cached by the formatter.
            lambda key: state.formatter.narrative_author(state.bibliography.entries[key]),
            lambda: self._cite_this(page),
            lambda: blocks.whole_review(state, page, self._renderer),
        )

    def _cite_this(self, page) -> str:
        if self.state.article is None:
            self._log(self._relative(Diagnostic(
                "warning", "cite-this-no-article",
                "'::: {#cite-this}' needs the 'article' option (the publication's record, a "
                "YAML file); the block is left empty", page.file.src_uri)))
            return ""
        return blocks.cite_this(self.state, page)

    # The search index reads a page in on_page_context (priority 0). It gets the
    # page with citations as text; their links and previews go in after it, so
    # that indexing parses no more markup than on a page without the plugin.

    @event_priority(100)  # before search indexes the page
    def _fill_for_index(self, context, page, config, nav):
        state = self.state
        record = state.records.get(page.file.src_uri) if state else None
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
        pages = self.caches.pages
        if pages is not None and cacheable(record):
            backlinks = backlinks_digest(state.resolution.occurrences) if (
                state.resolution.bibliography_page == record.src) else b""
            # A CSL style's identity is its file's digest: an edited .csl is a new key.
            settings = (state.formatter.identity, self.config.links, self.config.previews,
                        self.config.backlinks, self.config.number_sections)
            if state.resolution.disambiguation is not None:  # an author-date style's cites
                settings += (state.resolution.disambiguation.digest(),)
            key = page_key(site_key(state, settings), page.url, record, content, backlinks)
            filled = pages.get(key)  # the same page as in the last build
        if filled is None:
            # Made now, while the pieces are at hand: two strings wait for the search
            # index, not thousands of small objects that would outlive what it allocates.
            filled = (TOKEN_RE.sub(lambda m: piece(m).for_index, content),
                      TOKEN_RE.sub(lambda m: piece(m).html, content))
            if key is not None:
                pages.put(key, *filled)
        page.content = filled[0]
        state.waiting[page.file.src_uri] = filled
        _retitle(page.toc, lambda text: TOKEN_RE.sub(lambda m: piece(m).text, text))
        if page.title and TOKEN_RE.search(page.title):
            page.title = TOKEN_RE.sub(lambda m: piece(m).text, page.title)
        resolution = state.resolution
        if page.present_anchor_ids is not None and resolution.bibliography_page == record.src:
            page.present_anchor_ids.update(entry_anchor(k) for k in resolution.listed)
        if not state.keep_records:
            # Nothing reads this page's record again; kept, its source text and
            # labels would stay in memory while the rest is written.
            del state.records[record.src]
        return context

    @event_priority(-100)  # after search has indexed the page
    def _fill_for_reader(self, context, page, config, nav):
        waiting = self.state.waiting.pop(page.file.src_uri, None) if self.state else None
        if waiting is None:
            return context
        indexed, full = waiting
        if page.content != indexed:
            # Material's search drops data-search-* attributes once it has read them.
            indexed, full = _without_search_attributes(indexed), _without_search_attributes(full)
        if page.content != indexed:
            self._log(self._relative(Diagnostic(
                "warning", "page-changed-by-plugin",
                "another plugin changed the page between the search index and the plugin's "
                "links and previews; its citations stay plain text. Make that plugin change "
                "pages in on_page_content instead.", page.file.src_uri)))
            return context
        self.state.indexed[page.file.src_uri] = indexed
        page.content = full
        return context

    on_page_context = CombinedEvent(_fill_for_index, _fill_for_reader)

    def on_post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        state = self.state
        indexed = state.indexed.pop(page.file.src_uri, None)
        if indexed is not None:
            # The page is written: MkDocs keeps `content` of every page to the end
            # of the build, and the form without previews is a fraction of the size.
            page.content = indexed
        blocks.write_cite_files(state)
        if state.pdfs and pdf.SIZE_MARK_START in output:
            self.pdf_pages.append((page.file.abs_dest_path, state.lang))
        if state.article is not None:
            # citation_* on the home pages alone: see publication.cite_as_link.
            tags = publication.cite_as_link(state.article)
            if without_lang(page.file.src_uri, state.lang) == "index.md":
                site_url = config.site_url or ""
                tags += "\n" + publication.head_tags(
                    state.article, state.lang, description=config.site_description or "",
                    site_name=config.site_name, url=(site_url + page.url) if site_url else "")
            output = output.replace("</head>", tags + "\n</head>", 1)
        return output

    @event_priority(-200)  # after every language is built (i18n builds them at -100)
    def _finish_build(self, config):
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):
            self.caches.save(self.extension,
                             csl=self.state is not None and self.state.formatter.is_csl)
        if self.state is not None:
            self.state.release()
        if getattr(i18n, "building", False):
            return  # other languages follow: the verdict is for the whole site
        if self.errors and not self.serving:
            # An error is a page that is wrong (a lost entry, a label defined twice):
            # a build that publishes it should not pass, strict or not.
            count = f"{self.errors} error{'s' if self.errors > 1 else ''}"
            raise Abort(f"Aborted with {count} reported by the scholar plugin")
        if (config.strict and self.reported
                and not logging.getLogger("mkdocs").isEnabledFor(logging.WARNING)):
            # MkDocs counts only the warnings it shows: with -q, strict would pass.
            count = f"{self.reported} problem{'s' if self.reported > 1 else ''}"
            raise Abort(f"Aborted with {count} reported by the scholar plugin in strict mode "
                        "(hidden by -q; run without it to see them)")

    @event_priority(-300)  # last: every plugin has written its files (search at -200)
    def _print_pdfs(self, config):
        """Every language's one-page edition printed, then the sizes put in the links."""
        if getattr(config.plugins.get("i18n"), "building", False) or not self.pdf_editions:
            return
        editions, self.pdf_editions = self.pdf_editions, []
        try:
            refused = pdf.print_editions(editions, self.browser)
        except pdf.UnavailableError as error:
            problem = Diagnostic("error", "pdf-unavailable", str(error))
            raise Abort(f"scholar: {problem.report()}") from None
        for url in dict.fromkeys(refused):
            self._log(Diagnostic(
                "warning", "pdf-offline",
                f"the one-page edition asks for {url}, which is not on this machine; the "
                "PDF is printed without it (nothing is loaded from another host)"))
        sizes = {edition.uri: os.path.getsize(edition.pdf) for edition in editions}
        for edition in editions:
            log.info(f"pdf: {edition.uri} ({pdf.size_text(sizes[edition.uri], {})})")
        pages, self.pdf_pages = self.pdf_pages, []
        for path, lang in pages:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            words = terms_for(lang, self.config.terms).get("interface", {})
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(pdf.fill_sizes(text, sizes.get, words))

    on_post_build = CombinedEvent(_finish_build, _print_pdfs)


_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material removes them


def _without_search_attributes(html_text: str) -> str:
    return _SEARCH_ATTRIBUTE.sub("", html_text)


def _retitle(toc, fix) -> None:
    for item in toc or []:
        if TOKEN_START in item.title:
            item.title = fix(item.title)
        _retitle(item.children, fix)


_LOG = {"error": log.error, "warning": log.warning}
_UNCHECKED = object()
