"""Formatting cited entries with a CSL style (citeproc-py): the CSL counterpart
of :class:`~mkdocs_scholar.core.formatting.Formatter`.

Pure core (no MkDocs). Entries go to citeproc-py as CSL-JSON
(:mod:`~mkdocs_scholar.core.csl_json`); each comes back as the same HTML
fragment the pybtex path makes (BibTeX text escaped, addresses and the DOI as
links), without the style's citation number: the numbers are the plugin's,
one numbering for the whole site, and the list shows them. The in-text form
of the numbers (brackets, parentheses, superscript) is read off the style
once (:func:`citation_form`).

Results share the pybtex path's caches (and so its file on disk), keyed by the
style file's digest and the CSL locale instead of a style name and terms.
"""

from __future__ import annotations

import copy
import functools
import html
import json
import re
import threading
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources

from pybtex.database import Entry

from mkdocs_scholar.core import csl_cache, csl_fixes, csl_json, csl_memo, formatting
from mkdocs_scholar.core.bibliography import fingerprint
from mkdocs_scholar.core.csl_authordate import (
    Disambiguation,
    InText,
    disambiguate,
    sort_bibliography,
)
from mkdocs_scholar.core.csl_json import entry_to_csl
from mkdocs_scholar.core.csl_style import CSL_NS, CslStyle, resolve_style
from mkdocs_scholar.core.formatting import FormattedEntry
from mkdocs_scholar.core.locale import load_terms, normalize_lang
from mkdocs_scholar.core.render import CitationForm
from mkdocs_scholar.core.style import apa

__all__ = ["CslFormatter", "citation_form", "csl_locale"]

_lock = threading.RLock()  # citeproc-py's style objects keep state while they render


@functools.cache
def _dialects() -> dict[str, str]:
    data = resources.files("citeproc").joinpath("data", "locales", "locales.json")
    try:
        return json.loads(data.read_text(encoding="utf-8"))["primary-dialects"]
    except (OSError, ValueError, KeyError):
        return {"en": "en-US", "uk": "uk-UA", "de": "de-DE"}


@functools.cache
def _locales() -> frozenset[str]:
    folder = resources.files("citeproc").joinpath("data", "locales")
    return frozenset(item.name[len("locales-"):-len(".xml")] for item in folder.iterdir()
                     if item.name.startswith("locales-") and item.name.endswith(".xml"))


def csl_locale(lang: str, default_locale: str | None = None) -> str:
    """The CSL locale of a page language: the style's own when it is of that
    language (nature's en-GB on English pages), else the language's main dialect."""
    lang = normalize_lang(lang)
    if default_locale and default_locale.split("-")[0].lower() == lang and (
            default_locale in _locales()):
        return default_locale
    dialect = _dialects().get(lang)
    return dialect if dialect in _locales() else "en-US"


@functools.lru_cache(maxsize=16)
def _style(path: str, identity: str, locale: str):
    """citeproc-py's style for `locale`, its bibliography without citation numbers."""
    from citeproc import CitationStylesStyle

    csl_fixes.apply()
    csl_memo.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # schema warnings: citeproc-py validates loosely
        style = CitationStylesStyle(path, locale=locale, validate=False)
    _drop_bibliography_numbers(style.root)
    csl_memo.forget(style.root)  # the loading searched the tree as it was
    return style


def _drop_bibliography_numbers(root) -> None:
    """The list numbers its entries itself: the style's number goes from the
    bibliography's layout, and from copies of the macros it calls for it."""
    bibliography = root.find(f"{CSL_NS}bibliography")
    if bibliography is None:
        return
    macros = {macro.get("name"): macro for macro in root.iter(f"{CSL_NS}macro")}

    def numbered(node, seen=()) -> bool:
        for text in node.iter(f"{CSL_NS}text"):
            if text.get("variable") == "citation-number":
                return True
            name = text.get("macro")
            if name in macros and name not in seen and numbered(macros[name], (*seen, name)):
                return True
        return False

    def strip(node, seen=()) -> None:
        for text in list(node.iter(f"{CSL_NS}text")):
            if text.get("variable") == "citation-number":
                text.getparent().remove(text)
                continue
            name = text.get("macro")
            if name in macros and name not in seen and numbered(macros[name]):
                clone = copy.deepcopy(macros[name])
                clone.set("name", f"{name} (bibliography)")
                strip(clone, (*seen, name))
                macros[name].addnext(clone)
                macros[clone.get("name")] = clone
                text.set("macro", clone.get("name"))

    strip(bibliography)


@functools.lru_cache(maxsize=32)
def _sorts_bibliography(path: str) -> bool:
    """Whether the bibliography has a ``<sort>`` by anything but the citation number."""
    from lxml import etree

    root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    keys = root.findall(f"{CSL_NS}bibliography/{CSL_NS}sort/{CSL_NS}key")
    return any(key.get("variable") != "citation-number" for key in keys)


def citation_form(style: CslStyle) -> CitationForm:
    """How the style writes citation numbers, found by citing with it: [1] or (1)
    or a superscript 1; [1,3] (one pair of brackets) or [1], [3] (one each)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = [{"id": f"k{n}", "type": "book", "title": f"T{n}",
              "author": [{"family": f"F{n}"}], "issued": {"date-parts": [[2000 + n]]}}
             for n in range(3)]
    with _lock:
        style_object = _style(style.path, style.identity, "en-US")
        out = {}
        for name, kind in (("plain", formatter.plain), ("html", formatter.html)):
            bibliography = CitationStylesBibliography(style_object, CiteProcJSON(items), kind)
            citations = [Citation([CitationItem(f"k{n}")]) for n in range(3)]
            for citation in citations:
                bibliography.register(citation)
            pair = Citation([CitationItem("k0"), CitationItem("k2")])
            bibliography.register(pair)
            out[name] = (str(bibliography.cite(citations[0], _ignore)),
                         str(bibliography.cite(pair, _ignore)))
    single, pair = out["plain"]
    superscript = "<sup>" in out["html"][0]
    prefix, _, suffix = single.partition("1")
    if not _:
        return CitationForm()  # no number where one was expected: our own form
    each = False
    if pair.startswith(prefix + "1") and pair.endswith("3" + suffix):
        delimiter = pair[len(prefix) + 1:len(pair) - len(suffix) - 1]
        if prefix + suffix and delimiter.endswith(prefix) and delimiter.startswith(suffix):
            each = True  # IEEE: [1], [3]
            delimiter = delimiter[len(suffix):len(delimiter) - len(prefix)]
    else:
        delimiter = ", "
    citation = style_object.root.find(f"{CSL_NS}citation")
    collapse = citation is not None and "citation-number" in citation.get("collapse", "")
    return CitationForm(prefix=prefix, suffix=suffix, delimiter=delimiter or ", ", each=each,
                        superscript=superscript, collapse=collapse)


def _ignore(_item) -> None:
    return None


# Addresses in the formatted text, and what ends a sentence after one.
_URL = re.compile(r"(?:https?|ftps?)://[^\s<>\"]+")
_TRAILING = ".,;:"
_TAG = re.compile(r"<[^>]+>")
# citeproc-py keeps the affixes of a part that came out empty (uk-UA's AMA gives
# "2019. ."): punctuation doubled across a space is one.
_DOUBLED = re.compile(r"([.,;:])(?:\s+\1)+(?=\s|$|<)")
_SPACES = re.compile(r"\s{2,}")


def _linked(fragment: str, doi: str | None) -> str:
    """Web addresses as links, and the DOI as a link to doi.org when the style
    writes it bare (IEEE's "doi: 10.1/x")."""

    def link(match: re.Match) -> str:
        url = match.group(0)
        tail = ""
        while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") <
                                                 url.count(")"))):
            url, tail = url[:-1], url[-1] + tail
        href = html.escape(html.unescape(url), quote=True)
        return f'<a href="{href}">{url}</a>{tail}'

    fragment = _URL.sub(link, fragment)
    if doi:
        shown = html.escape(doi, quote=False)
        if f'href="https://doi.org/{html.escape(doi, quote=True)}"' not in fragment:
            place = _outside_links(fragment, shown)
            if place >= 0:
                href = html.escape("https://doi.org/" + doi, quote=True)
                fragment = (fragment[:place] + f'<a href="{href}">{shown}</a>'
                            + fragment[place + len(shown):])
    return fragment


def _outside_links(fragment: str, text: str) -> int:
    start = 0
    while True:
        place = fragment.find(text, start)
        if place < 0:
            return -1
        before = fragment[:place]
        if before.count("<a ") == before.count("</a>") and not before.endswith('href="'):
            return place
        start = place + 1


def _plain(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


class CslFormatter:
    """Formats the cited entries of a bibliography with one CSL style and language."""

    is_csl = True

    def __init__(self, style: str | CslStyle, lang: str = "en", base_dir: str | None = None,
                 terms: Mapping | None = None):
        if isinstance(style, str):
            resolved = resolve_style(style, base_dir)
            if not isinstance(resolved, CslStyle):
                raise ValueError(f"'{style}' is a pybtex style, not a CSL style")
            style = resolved
        from citeproc import __version__ as citeproc_version

        self.csl = style
        self.style_name = style.name
        self.lang = normalize_lang(lang)
        self.locale = csl_locale(self.lang, style.default_locale)
        self.terms = load_terms(self.lang)  # for the narrative names ("Zhang et al.")
        if terms:  # `terms:` overrides them as it does for a pybtex style
            self.terms.update(terms)
        #: What the formatted entries depend on besides the entries (page cache keys).
        self.identity = (f"csl:{style.identity}:{citeproc_version}:{csl_json.CONVERSION}:"
                         f"{csl_fixes.REVISION}")
        self._cache_prefix = (self.identity, self.locale, ())
        self.author_date = style.citation_format == "author-date"
        # An author-date style writes no numbers: its cites are InText's.
        self.citation_form = CitationForm() if self.author_date else citation_form(style)
        self._items: dict[tuple, dict | None] = {}  # (key, fingerprint) -> CSL-JSON
        self._blank: InText | None = None  # the disambiguation's cites, without suffixes
        #: A numeric style whose list is sorted (AMA's alphabetical one): numbered in
        #: the list's order, not the order of first citation.
        self.list_sorted = _sorts_bibliography(style.path)
        self.sorted_numbers = not self.author_date and self.list_sorted

    # -- author-date styles (see core.csl_authordate) ---------------------------------

    def _csl_items(self, bibliography_entries: Mapping[str, Entry], keys: Sequence[str],
                   suffixes: Mapping[str, str] | None = None) -> tuple[list, dict]:
        """CSL-JSON of `keys` (converted once per entry), with their year suffixes,
        and each key's citeproc id."""
        data, ids = [], {}
        for key in dict.fromkeys(keys):
            entry = bibliography_entries.get(key)
            if entry is None:
                continue
            cache_key = (key, fingerprint(entry))
            if cache_key not in self._items:
                try:
                    item = entry_to_csl(key, entry)
                    item["id"] = key.lower()  # citeproc-py folds ids to lower case
                except Exception:
                    item = None
                self._items[cache_key] = item
            item = self._items[cache_key]
            if item is None:
                continue
            suffix = (suffixes or {}).get(key)
            if suffix:
                item = dict(item, **{"year-suffix": suffix})
            data.append(item)
            ids[key] = item["id"]
        return data, ids

    def sort(self, bibliography_entries: Mapping[str, Entry], keys: Sequence[str]) -> list[str]:
        """`keys` in the style's bibliography order, in the page language's collation."""
        if not self.list_sorted:  # the list follows the citations
            return list(dict.fromkeys(keys))
        # Ties go by the key, not by first citation: an edit that moves a page's first
        # citations changes neither the order nor what is kept of it.
        keys = sorted(dict.fromkeys(keys))
        # The sort renders every entry's sort keys (seconds for a thousand): once for
        # the same keys and fields, in this process and, through csl_cache, the next.
        digest = csl_cache.digest("sort", self.identity, self.locale, self.lang,
                                  bibliography_entries, keys)
        found = csl_cache.get(csl_cache.sorts, digest)
        if found is not None:
            return list(found)
        data, ids = self._csl_items(bibliography_entries, keys)
        style = _style(self.csl.path, self.csl.identity, self.locale)
        ordered = sort_bibliography(style, data, ids, keys, self.lang, _lock)
        csl_cache.put(csl_cache.sorts, digest, tuple(ordered))
        return ordered

    def disambiguate(self, bibliography_entries: Mapping[str, Entry],
                     keys: Sequence[str]) -> Disambiguation:
        """Year suffixes and given names for the listed `keys` (the site's)."""
        # Two renders of every listed entry's cite: decided once for the same keys
        # and fields, and kept on disk with the formatted entries (csl_cache).
        # It reads the keys in the list's order (self.sort): of a sorted list, the set.
        digest = csl_cache.digest("disambiguate", self.identity, self.locale, self.lang,
                                  bibliography_entries,
                                  sorted(set(keys)) if self.list_sorted else keys)
        found = csl_cache.get(csl_cache.disambiguations, digest)
        if found is not None:
            return found
        ordered = self.sort(bibliography_entries, keys)
        blank = Disambiguation(frozenset(keys))
        self._blank = self.in_text(bibliography_entries, ordered, blank)
        found = disambiguate(self._blank, ordered)
        csl_cache.put(csl_cache.disambiguations, digest, found)
        return found

    def in_text(self, bibliography_entries: Mapping[str, Entry], keys: Sequence[str],
                disambiguation: Disambiguation) -> InText:
        # Converted when a cite is first rendered (not at all when every page is cached).
        def item(key: str) -> dict | None:
            data, _ = self._csl_items(bibliography_entries, [key], disambiguation.suffix)
            return data[0] if data else None

        # The cites' order: kept on disk with the rest for the same keys and fields.
        digest = csl_cache.digest("cite-order", self.identity, self.locale, self.lang,
                                  bibliography_entries, keys)

        def kept_order(sort) -> Sequence[str]:
            found = csl_cache.get(csl_cache.cite_orders, digest)
            if found is None:
                found = tuple(sort())
                csl_cache.put(csl_cache.cite_orders, digest, found)
            return found

        def state(key: str) -> bytes | None:
            entry = bibliography_entries.get(key)
            return None if entry is None else fingerprint(entry)

        # The cites rendered: kept on disk too, a rebuild renders the new ones alone.
        kept = csl_cache.KeptCites(self.identity, self.locale, state)
        intext = InText(self.csl, self.locale, item, keys, disambiguation, self.lang, _lock,
                        kept_order, kept)
        blank, self._blank = self._blank, None
        if blank is not None:  # what the disambiguation rendered and still holds
            intext.reuse(blank)
        return intext

    def format(self, bibliography_entries: Mapping[str, Entry], keys: Sequence[str],
               disambiguation: Disambiguation | None = None) -> dict[str, FormattedEntry]:
        """Format `keys` (in that order, duplicates once); keys not in the mapping are
        skipped. An author-date style's entries carry their year suffixes."""
        result: dict[str, FormattedEntry] = {}
        todo: list[tuple[str, Entry, tuple]] = []
        cache = formatting._cache
        suffixes = disambiguation.suffix if disambiguation is not None else {}
        for key in dict.fromkeys(keys):
            entry = bibliography_entries.get(key)
            if entry is None:
                continue
            suffix = suffixes.get(key)
            # The entry's year suffix is the one thing the site's cites change in it.
            prefix = (self.identity, self.locale, (("year-suffix", suffix),)) if suffix \
                else self._cache_prefix
            cache_key = (*prefix, key, fingerprint(entry))
            with formatting._cache_lock:
                hit = cache.get(cache_key)
            if hit is not None:
                result[key] = hit
            else:
                todo.append((key, entry, cache_key))
        if todo:
            made = self._format_all([(key, entry) for key, entry, _ in todo], suffixes)
            with formatting._cache_lock:
                for key, _, cache_key in todo:
                    cache[cache_key] = result[key] = made[key]
        return {key: result[key] for key in dict.fromkeys(keys) if key in result}

    def _format_all(self, items: list[tuple[str, Entry]],
                    suffixes: Mapping[str, str] | None = None) -> dict[str, FormattedEntry]:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        data, by_id, failed = [], {}, {}
        for key, entry in items:
            try:
                item = entry_to_csl(key, entry, self.locale)
            except Exception:  # never a hole in the list: the title stands in
                failed[key] = entry
                continue
            # citeproc-py folds ids to lower case; BibTeX keys are unique when folded.
            item["id"] = key.lower()
            if suffixes and suffixes.get(key):
                item["year-suffix"] = suffixes[key]
            by_id[key.lower()] = (key, item)
            data.append(item)
        result = {}
        with _lock:
            style = _style(self.csl.path, self.csl.identity, self.locale)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    source = CiteProcJSON(data)
                    bibliography = CitationStylesBibliography(style, source, formatter.html)
                    for item_id in by_id:
                        bibliography.register(Citation([CitationItem(item_id)]))
                    rendered = [str(out) for out in bibliography.bibliography()]
                outputs = dict(zip(bibliography.keys, rendered, strict=True))
            except Exception:
                outputs = {}
                for item_id, (_, item) in by_id.items():
                    outputs[item_id] = self._one(style, item)
        for item_id, (key, item) in by_id.items():
            fragment = outputs.get(item_id)
            if fragment is None:
                failed[key] = dict(items)[key]
                continue
            fragment = csl_fixes.punctuation_inside_quotes(fragment.strip(), self.locale)
            fragment = _linked(_DOUBLED.sub(r"\1", fragment), item.get("DOI"))
            result[key] = FormattedEntry(key, fragment, _plain(fragment), ())
        for key, entry in failed.items():
            title = html.escape(str(entry.fields.get("title") or key), quote=False)
            result[key] = FormattedEntry(key, title, html.unescape(title), ())
        return result

    @staticmethod
    def _one(style, item: dict) -> str | None:
        """One entry alone, when the batch failed: the others still come out."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bibliography = CitationStylesBibliography(style, CiteProcJSON([item]),
                                                          formatter.html)
                bibliography.register(Citation([CitationItem(item["id"])]))
                return str(bibliography.bibliography()[0])
        except Exception:
            return None

    # -- in-text names, as the pybtex path makes them --------------------------------

    def narrative_author(self, entry: Entry) -> str:
        """'Zhang et al.' («Zhang та ін.»), for a narrative citation `@key`."""
        names = formatting.Formatter._citation_names(getattr(entry, "key", None), entry)
        return apa.names_text(names, self.terms, self.terms.get("and_narrative", "and"))

    def parenthetical_author(self, entry: Entry) -> str:
        names = formatting.Formatter._citation_names(getattr(entry, "key", None), entry)
        return apa.names_text(names, self.terms, self.terms.get("and", "&"))
