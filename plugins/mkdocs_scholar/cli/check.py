"""`mkdocs-scholar check`: every problem an editor can make, without building the site.

It validates mkdocs.yml as the build does, reads the .bib files and every page
of every language, runs the same Markdown extension and the same resolver as
the plugin (one implementation, two front ends), and adds what only a
whole-repository view can see: pages missing in a language, translation
parity, stale translations.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from mkdocs.utils.meta import get_data

from mkdocs_scholar.cli.site import Site, flatten, load_site
from mkdocs_scholar.cli.translations import translation_diagnostics
from mkdocs_scholar.core import formatted_cache
from mkdocs_scholar.core.bibliography import Bibliography, load_bibliography
from mkdocs_scholar.core.crossref import Outline
from mkdocs_scholar.core.csl_json import CSL_EXTENSIONS
from mkdocs_scholar.core.diagnostics import LEVELS, Diagnostic
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.formatting import make_formatter
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import (
    PageRecord,
    front_matter_line,
    front_matter_lines,
    parse_nocite,
)
from mkdocs_scholar.core.resolve import resolve
from mkdocs_scholar.core.terms import english_fallback_problem

#: Uncited entries listed one by one in the summary line, before "…".
UNCITED_SHOWN = 5


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    strict: bool = False  # what mkdocs.yml says; the command line may override it

    def failed(self, strict: bool | None = None) -> bool:
        """Whether `mkdocs build` (with `--strict` when `strict`) would fail."""
        strict = self.strict if strict is None else strict
        levels = {d.level for d in self.diagnostics}
        return "error" in levels or (strict and "warning" in levels)


def check(config_file: str | os.PathLike = "mkdocs.yml", *,
          list_uncited: bool = False) -> Report:
    site, diagnostics = load_site(config_file)
    if site is None:
        return Report(_unique(diagnostics))
    report = Report(diagnostics, strict=site.strict)
    rel = _relative_to(site.root)
    disk = DiskCache(site.cache_dir) if site.cache_dir else None
    if disk is not None:
        formatted_cache.load(disk)
    bibliography = load_bibliography([rel(path) for path in site.bibliography], site.root,
                                     disk=disk)
    for problem in bibliography.problems:
        diagnostics.append(problem.moved(rel(problem.path)) if problem.path else problem)
    pages = {lang: _language_pages(site, lang) for lang in site.languages}
    default = site.languages[0]
    seed: list[str] = []
    cited: set[str] = set()
    for lang in site.languages:
        fallback = english_fallback_problem(lang, site.terms)
        if fallback is not None:
            diagnostics.append(fallback)
        extension = ScholarExtension()  # one per language: a citation is parsed once
        records = []
        for path in pages[lang]:
            record = _read_page(site, path, lang, extension, diagnostics)
            if record is not None:
                records.append(record)
        outline = _outline(site, lang, records) if site.number_sections else ()
        terms = (site.terms.get(lang) or {}).get("bibliography")
        resolution = resolve(records, bibliography, make_formatter(site.style, lang, terms=terms),
                             lang=lang, seed=seed, outline=outline, translation_of=default)
        if lang == default:
            seed = resolution.order.keys()
        cited.update(resolution.listed)
        for problem in resolution.problems:
            path = rel(site.docs_dir / problem.path) if problem.path.endswith(".md") else (
                problem.path if problem.path.endswith((".bib", *CSL_EXTENSIONS)) else "")
            diagnostics.append(problem.moved(path))
    diagnostics.extend(_uncited(bibliography, cited, rel, list_uncited))
    if len(site.languages) > 1 and site.folders:
        diagnostics.extend(translation_diagnostics(site, rel))
    if disk is not None:
        formatted_cache.save(disk)
    report.diagnostics = _unique(d if d.level in LEVELS else _as_warning(d)
                                 for d in diagnostics)
    return report


def _uncited(bibliography: Bibliography, cited: set[str], rel,
             list_all: bool) -> list[Diagnostic]:
    """One note per uncited entry, or one per .bib file that sums them up."""
    by_file: dict[str, list[tuple[str, int]]] = {}
    for key in bibliography.entries:
        if key not in cited:
            path, line = bibliography.locations.pair(key)
            by_file.setdefault(rel(path), []).append((key, line))
    notes = []
    for path, entries in by_file.items():
        if list_all or len(entries) == 1:
            notes.extend(Diagnostic(
                "info", "bib-uncited",
                f"entry '{key}' is not cited on any page (list it with 'nocite' to show it)",
                path, line) for key, line in entries)
            continue
        shown = ", ".join(key for key, _ in entries[:UNCITED_SHOWN])
        more = ", …" if len(entries) > UNCITED_SHOWN else ""
        notes.append(Diagnostic(
            "info", "bib-uncited",
            f"{len(entries)} entries are not cited on any page ({shown}{more}); "
            "'--uncited' lists each, 'nocite' in a page's front matter shows them",
            path, entries[0][1]))
    return notes


def _as_warning(diagnostic: Diagnostic) -> Diagnostic:
    return Diagnostic("warning", diagnostic.code, diagnostic.message, diagnostic.path,
                      diagnostic.line, diagnostic.column)


def _relative_to(root: Path):
    def rel(path) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    return rel


def _language_pages(site: Site, lang: str) -> list[str]:
    """Source paths (relative to docs_dir) of one language's pages, in nav order."""
    base = site.docs_dir / lang if site.folders else site.docs_dir
    found = sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md")) if (
        base.is_dir()) else []
    in_nav = [p for p in flatten(site.nav) if p in found]
    ordered = in_nav + [p for p in found if p not in in_nav]
    return [posixpath.join(lang, p) if site.folders else p for p in ordered]


def _read_page(site: Site, src: str, lang: str, extension: ScholarExtension,
               diagnostics: list[Diagnostic]) -> PageRecord | None:
    path = site.docs_dir / src
    raw = path.read_bytes()
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        diagnostics.append(Diagnostic(
            "error", "page-encoding",
            f"the page is not valid UTF-8 (byte {error.start}); MkDocs cannot read it. "
            "Save it as UTF-8.", path.relative_to(site.root).as_posix(), line))
        return None
    text, meta = get_data(source)
    record = PageRecord(src=src, lang=lang, markdown=text,
                        nocite=parse_nocite(meta.get("nocite")),
                        nocite_line=front_matter_line(source, "nocite"),
                        line_offset=front_matter_lines(source, text))
    extension.record = record
    extension.number_sections = site.number_sections
    md = markdown.Markdown(extensions=[*site.extensions, extension],
                           extension_configs=site.extension_configs)
    md.convert(text)
    return record


def _outline(site: Site, lang: str, records: list[PageRecord]) -> list[Outline]:
    by_rest = {_without_lang(r.src, lang, site.folders): r for r in records}

    def build(tree) -> list[Outline]:
        out = []
        for node in tree:
            if isinstance(node, list):
                out.append(Outline(children=build(node)))
            else:
                record = by_rest.get(node)
                out.append(Outline(headings=[t for t in record.targets if t.kind == "sec"]
                                   if record else []))
        return out

    return build(site.nav)


def _without_lang(src: str, lang: str, folders: bool) -> str:
    return src[len(lang) + 1:] if folders and src.startswith(lang + "/") else src


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for diagnostic in diagnostics:
        if diagnostic not in seen:
            seen.add(diagnostic)
            out.append(diagnostic)
    return out
