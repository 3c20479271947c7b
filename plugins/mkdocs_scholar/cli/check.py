"""`mkdocs-scholar check`: every problem an editor can make, without building the site.

It reads mkdocs.yml, the .bib files and every page of every language, runs
the same Markdown extension and the same resolver as the plugin (one
implementation, two front ends), and adds what only a whole-repository view
can see: pages missing in a language, translation parity, stale translations.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from mkdocs_scholar.core import formatting, parity
from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.crossref import Outline
from mkdocs_scholar.core.diagnostics import LEVELS, Diagnostic
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.formatting import Formatter
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import (
    PageRecord,
    front_matter_line,
    front_matter_lines,
    parse_nocite,
)
from mkdocs_scholar.core.resolve import resolve
from mkdocs_scholar.plugin.config import ScholarConfig


@dataclass
class Site:
    """What the check needs to know of mkdocs.yml."""

    root: Path
    docs_dir: Path
    languages: list[str]  # default first
    folders: bool  # one folder per language (mkdocs-static-i18n, docs_structure: folder)
    nav: list  # nested lists of page paths relative to the language folder
    bibliography: list[str]
    style: str
    extensions: list
    extension_configs: dict
    number_sections: bool
    cache_dir: str = ""


def load_site(config_file: str | os.PathLike) -> Site:
    """What the check needs of mkdocs.yml, read without loading the theme and every
    plugin (that alone would take longer than the whole check); the scholar
    plugin's own options are validated by its typed config, as in a build."""
    path = Path(config_file)
    try:
        with open(path, "rb") as handle:
            raw = yaml_load(handle) or {}
    except OSError as error:
        raise ConfigurationError(f"cannot read {path}: {error}") from None
    except Exception as error:  # a YAML error, an !ENV or INHERIT problem
        raise ConfigurationError(f"{path}: {error}") from None
    plugins = _plugin_options(raw.get("plugins") or [])
    if "scholar" not in plugins:
        raise ConfigurationError("mkdocs.yml does not enable the 'scholar' plugin")
    scholar = ScholarConfig(config_file_path=str(path))
    scholar.load_dict(plugins["scholar"])
    errors, _ = scholar.validate()
    if errors:
        raise ConfigurationError("; ".join(f"plugin 'scholar' option '{name}': {error}"
                                           for name, error in errors))
    theme = raw.get("theme") or {}
    language = (theme.get("language") if isinstance(theme, dict) else None) or "en"
    i18n = plugins.get("i18n")
    if i18n is not None:
        entries = [lang for lang in i18n.get("languages") or [] if lang.get("build", True)]
        default = next((lang["locale"] for lang in entries if lang.get("default")),
                       entries[0]["locale"] if entries else language)
        languages = [default] + [lang["locale"] for lang in entries if lang["locale"] != default]
        folders = i18n.get("docs_structure", "suffix") == "folder"
    else:
        languages, folders = [language], False
    extensions, configs = [], {}
    for item in raw.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if options:
            configs[name] = options
    root = path.resolve().parent
    return Site(
        root=root,
        docs_dir=root / raw.get("docs_dir", "docs"),
        languages=languages,
        folders=folders,
        nav=_nav_paths(raw.get("nav") or []),
        bibliography=list(scholar.bibliography),
        style=scholar.style,
        extensions=extensions,
        extension_configs=configs,
        number_sections=scholar.number_sections,
        cache_dir=str(root / scholar.cache_dir) if scholar.cache_dir else "",
    )


def _plugin_options(items) -> dict[str, dict]:
    plugins = {}
    for item in items:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        plugins[str(name)] = options or {}
    return plugins


def _nav_paths(items) -> list:
    tree: list = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            tree.append(_nav_paths(value))
        elif isinstance(value, str) and value.endswith(".md"):
            tree.append(value)
    return tree


def _flatten(tree) -> list[str]:
    out: list[str] = []
    for node in tree:
        out.extend(_flatten(node) if isinstance(node, list) else [node])
    return out


def check(config_file: str | os.PathLike = "mkdocs.yml") -> list[Diagnostic]:
    try:
        site = load_site(config_file)
    except ConfigurationError as error:
        return [Diagnostic("error", "config", str(error), "mkdocs.yml")]
    diagnostics: list[Diagnostic] = []
    rel = _relative_to(site.root)
    disk = DiskCache(site.cache_dir) if site.cache_dir else None
    if disk is not None:
        formatting.load_disk(disk)
    bibliography = load_bibliography([rel(path) for path in site.bibliography], site.root,
                                     disk=disk)
    for problem in bibliography.problems:
        diagnostics.append(problem.moved(rel(problem.path)) if problem.path else problem)
    pages = {lang: _language_pages(site, lang) for lang in site.languages}
    default = site.languages[0]
    seed: list[str] = []
    cited: set[str] = set()
    for lang in site.languages:
        extension = ScholarExtension()  # one per language: a citation is parsed once
        records = [_read_page(site, path, lang, extension) for path in pages[lang]]
        outline = _outline(site, lang, records) if site.number_sections else ()
        resolution = resolve(records, bibliography, Formatter(site.style, lang), lang=lang,
                             seed=seed, outline=outline, translation_of=default)
        if lang == default:
            seed = resolution.order.keys()
        cited.update(resolution.listed)
        for problem in resolution.problems:
            path = rel(site.docs_dir / problem.path) if problem.path.endswith(".md") else (
                problem.path if problem.path.endswith(".bib") else "")
            diagnostics.append(problem.moved(path))
    for key in bibliography.entries:
        if key not in cited:
            location = bibliography.locations.get(key)
            diagnostics.append(Diagnostic(
                "info", "bib-uncited",
                f"entry '{key}' is not cited on any page (list it with 'nocite' to show it)",
                rel(location.path) if location else "", location.line if location else 0))
    if len(site.languages) > 1 and site.folders:
        diagnostics.extend(_translation_diagnostics(site, rel))
    if disk is not None:
        formatting.save_disk(disk)
    return _unique(diagnostics)


def _level(level: str) -> str:
    return level if level in LEVELS else "warning"


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
    in_nav = [p for p in _flatten(site.nav) if p in found]
    ordered = in_nav + [p for p in found if p not in in_nav]
    return [posixpath.join(lang, p) if site.folders else p for p in ordered]


def _read_page(site: Site, src: str, lang: str, extension: ScholarExtension) -> PageRecord:
    source = (site.docs_dir / src).read_text(encoding="utf-8-sig")
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


def _translation_diagnostics(site: Site, rel) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    default, others = site.languages[0], site.languages[1:]
    changed = _last_changes(site)
    for rest, first, second_by_lang in _pairs(site, default, others):
        for lang, second in second_by_lang.items():
            if first is None or second is None:
                present, absent = (first, f"{lang}/{rest}") if second is None else (
                    second, f"{default}/{rest}")
                diagnostics.append(Diagnostic(
                    "error", "page-missing",
                    f"this page has no counterpart docs/{absent}; add the translation "
                    "(or remove the page from both languages)", rel(present), 1))
                continue
            facts_first = parity.scan_markdown(first.read_text(encoding="utf-8"))
            facts_second = parity.scan_markdown(second.read_text(encoding="utf-8"))
            for difference in parity.compare_pages(facts_first, facts_second):
                diagnostics.append(Diagnostic(
                    "warning", difference.code,
                    f"{difference.message} (compared with {rel(first)}"
                    + (f":{difference.line_default}" if difference.line_default else "") + ")",
                    rel(second), difference.line_translation or 1))
            newer = changed.get(rel(first), 0)
            older = changed.get(rel(second), 0)
            if newer and older and newer > older:
                diagnostics.append(Diagnostic(
                    "warning", "translation-stale",
                    f"{rel(first)} changed in a commit after this translation's last change; "
                    "check whether the translation needs the same change", rel(second), 1))
    return diagnostics


def _pairs(site: Site, default: str, others: list[str]):
    rests: set[str] = set()
    for lang in site.languages:
        base = site.docs_dir / lang
        if base.is_dir():
            rests.update(p.relative_to(base).as_posix() for p in base.rglob("*.md"))
    for rest in sorted(rests):
        first = site.docs_dir / default / rest
        yield rest, first if first.is_file() else None, {
            lang: (site.docs_dir / lang / rest if (site.docs_dir / lang / rest).is_file() else None)
            for lang in others}


def _last_changes(site: Site) -> dict[str, int]:
    """Commit time of the last change of each file under docs/, from one `git log`."""
    try:
        output = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--", str(site.docs_dir)],
            cwd=site.root, capture_output=True, text=True, timeout=20, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    toplevel = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=site.root,
                              capture_output=True, text=True).stdout.strip()
    prefix = Path(toplevel).resolve() if toplevel else site.root
    changes: dict[str, int] = {}
    stamp = 0
    for line in output.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line.strip():
            path = (prefix / line.strip()).resolve()
            try:
                key = path.relative_to(site.root).as_posix()
            except ValueError:
                continue
            changes.setdefault(key, stamp)  # newest first: keep the first seen
    return changes


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for diagnostic in diagnostics:
        if diagnostic not in seen:
            seen.add(diagnostic)
            out.append(diagnostic)
    return out
