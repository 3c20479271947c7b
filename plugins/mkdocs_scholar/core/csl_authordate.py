"""Author-date CSL styles: in-text citations as pandoc writes them, year
suffixes and added given names decided once for the site, and the style's
sort with the page language's collation.

Pure core (no MkDocs). citeproc-py renders one cite at a time and does
neither disambiguation nor cite grouping, so this module does them the CSL
way around it:

- :func:`disambiguate` renders every listed entry's cite, adds given names
  (``disambiguate-add-givenname``) where that tells two authors apart and
  gives the cites still alike year suffixes in the bibliography's order
  (``disambiguate-add-year-suffix``). The plugin computes it once, in the
  default language, and every language reuses it: a citation reads the same on
  every page and in every language.
- :class:`InText` renders one cite with a variant of the style whose citation
  layout has no brackets, and finds its names as what comes before the date
  (rendered once more with a date no work has). Groups are sorted by the citation's
  ``<sort>`` and collapsed (``collapse="year"``) by :mod:`~.render`.
- :func:`sort_keys` sorts by a ``<sort>`` element's keys, comparing text with
  the Unicode Collation Algorithm (pyuca), tailored for Ukrainian on
  Ukrainian pages (Ґ after Г).
"""

from __future__ import annotations

import functools
import html
import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from mkdocs_scholar.core import csl_fixes, csl_memo
from mkdocs_scholar.core.csl_style import CSL_NS

__all__ = ["Disambiguation", "InText", "ItemText", "Locator", "collation_key",
           "disambiguate", "parse_locator", "sort_keys"]

_NS = {"cs": CSL_NS[1:-1]}


@dataclass(frozen=True)
class Disambiguation:
    """The site's year suffixes, the keys whose cites show given names, and those
    whose cites show more names before "et al."."""

    keys: frozenset[str]  # the keys it was decided over
    suffixes: tuple[tuple[str, str], ...] = ()  # (key, "a"), in bibliography order
    givennames: frozenset[str] = frozenset()
    names: tuple[tuple[str, int], ...] = ()  # (key, names shown before "et al.")

    @functools.cached_property
    def names_shown(self) -> Mapping[str, int]:
        return dict(self.names)

    @functools.cached_property
    def suffix(self) -> Mapping[str, str]:
        return dict(self.suffixes)

    def digest(self) -> str:
        """As text, for the page cache's key (asked for by every page)."""
        return self._digest

    @functools.cached_property
    def _digest(self) -> str:
        return repr((self.suffixes, sorted(self.givennames), self.names))


@dataclass(frozen=True)
class Locator:
    label: str  # a CSL locator term: "page", "chapter", ...
    value: str


@dataclass(frozen=True)
class ItemText:
    """One cite's parts, as HTML and as text: "Zhang et al." and "2016a, p. 33"."""

    author_html: str
    author_text: str
    rest_html: str
    rest_text: str
    full_html: str
    full_text: str


# -- collation ----------------------------------------------------------------------

@functools.cache
def _collator(lang: str):
    import pyuca

    collator = pyuca.Collator()
    if lang == "uk":
        # CLDR's Ukrainian tailoring, &Г<ґ<<<Ґ: a letter of its own after Г, where
        # the root order has it as Г with an accent. Є, І and Ї are in their
        # Ukrainian places already.
        for letter, base in (("ґ", "г"), ("Ґ", "Г")):
            _, elements, _ = collator.table.find_prefix([ord(base)])
            primary, secondary, tertiary = elements[0]
            collator.table.add([ord(letter)], [(primary + 0.5, secondary, tertiary),
                                               *elements[1:]])
    return collator


def collation_key(text: str, lang: str = "en") -> tuple:
    """The sort key of `text` in the language's alphabetical order."""
    return _collation_key(text, "uk" if lang.split("-")[0].lower() == "uk" else "root")


# pyuca takes a third of a millisecond a text; the list's sort and the cites' sort
# read the same names, and the next language the same ones again.
@functools.lru_cache(maxsize=1 << 16)
def _collation_key(text: str, collation: str) -> tuple:
    return _collator(collation).sort_key(text)


_TAG = re.compile(r"<[^>]+>")
_OPEN_TAGS = re.compile(r"(?:<[a-z][^>]*>\s*)+$")  # formatting opened for the date
#: A year no cited work has, to find where a cite's date starts.
_SENTINEL = "9876"


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def sort_keys(sort_element, layout, items, lang: str) -> list[tuple]:
    """One comparable key per citeproc item, by the keys of a CSL ``<sort>``:
    numbers as numbers, text in the language's collation, an empty key last (as
    citeproc-py and CSL sort).

    A later key is rendered only for the items the earlier ones leave tied (the
    same names, then the same date): two items that differ in a key are ordered
    by it whatever follows, so the order is the one of every key rendered for
    every item, for a fraction of the renders (each a macro: APA's names, dates,
    title and archive)."""
    weights: list[list] = [[] for _ in items]
    descending: list[bool] = []
    tied = list(range(len(items)))
    for key in sort_element.findall("cs:key", _NS):
        if not tied:
            break
        descending.append(key.get("sort", "ascending").lower() == "descending")
        values = key.sort_keys([items[i] for i in tied], layout)
        for i, value in zip(tied, values, strict=True):
            weights[i].append(_weight(value, lang))
        counts = Counter(tuple(weights[i]) for i in tied)
        tied = [i for i in tied if counts[tuple(weights[i])] > 1]
    # A row stops at the key that left it untied: zip stops with it.
    return [tuple((0, _Reversed(weight[1])) if down and weight[0] == 0 else weight
                  for weight, down in zip(row, descending, strict=False)) for row in weights]


def _weight(value, lang: str) -> tuple:
    text = None if value is None else _plain(str(value))
    if not text:
        return (2, ())  # empty last, whichever the direction
    return (0, (0, int(text)) if text.isdigit() else (1, collation_key(text, lang)))


@functools.total_ordering
class _Reversed:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value


# -- locators, as pandoc reads them ---------------------------------------------------

#: Pandoc's English locator labels (and their plurals), by CSL locator term.
_LABELS = {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "number": ("number", "numbers", "no.", "nos."),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}
_VALUE = r"[\dIVXLCDMivxlcdm]+(?:\s*[-–—,&]\s*[\dIVXLCDMivxlcdm]+)*"


@functools.cache
def _locale_labels(locale: str) -> dict[str, str]:
    """The locale's own words for the locator terms ("с.", "розд."), lower case."""
    from lxml import etree

    found: dict[str, str] = {}
    path = resources.files("citeproc").joinpath("data", "locales", f"locales-{locale}.xml")
    try:
        root = etree.fromstring(path.read_bytes(),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError):
        return found
    for term in root.iter(f"{CSL_NS}term"):
        name = term.get("name")
        if name in _LABELS:
            words = [term.text or ""] + [child.text or "" for child in term]
            for word in words:
                if word.strip():
                    found.setdefault(word.strip().lower(), name)
    return found


@functools.cache
def _locator_re(locale: str) -> re.Pattern:
    words = {word: name for name, forms in _LABELS.items() for word in forms}
    words.update(_locale_labels(locale))
    labels = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"^,?\s*(?:(?P<label>{labels})\s*)?(?P<value>{_VALUE})"
                      r"(?![\w])(?P<rest>.*)$", re.DOTALL | re.IGNORECASE)


def parse_locator(suffix: str, locale: str = "en-US") -> tuple[Locator | None, str]:
    """Pandoc's reading of a suffix: ", p. 33, see also" is the page 33 and the
    suffix ", see also"; a number without a label is a page."""
    match = _locator_re(locale).match(suffix)
    if not match:
        return None, suffix
    label = match.group("label")
    if label is None:
        name = "page"
    else:
        words = {word: name for name, forms in _LABELS.items() for word in forms}
        words.update(_locale_labels(locale))
        name = words.get(label.lower(), "page")
    return Locator(name, match.group("value").strip()), match.group("rest")


# -- the style's variants ---------------------------------------------------------------

#: In a cite's locator, a Ukrainian page is "с. 33"; citeproc-py's uk-UA locale
#: has the capital of a bibliographic description's page count ("С. 45–49").
_CITATION_TERMS = {"uk": {"page": "с."}}


def _variant(path: str, *, givennames: str | None, lang: str,
             use_first: int | None = None) -> bytes:
    """The style's XML with its citation layout changed: no brackets or delimiter
    (one cite alone), the names with given names when asked, and `use_first` names
    before "et al." when asked (CSL's disambiguate-add-names)."""
    from lxml import etree

    tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    citation = root.find("cs:citation", _NS)
    layout = citation.find("cs:layout", _NS)
    for name in ("prefix", "suffix", "delimiter", "vertical-align"):
        layout.attrib.pop(name, None)
    if givennames is not None:
        # Long names in the cites (this file formats only cites): initials for
        # the "-with-initials" rules, as APA's "J. Smith"; whole given names else.
        for name in root.iter(f"{CSL_NS}name"):
            name.attrib.pop("form", None)
            if givennames.endswith("with-initials"):
                name.set("initialize-with", name.get("initialize-with") or ". ")
            else:
                name.attrib.pop("initialize-with", None)
    if use_first is not None:
        citation.set("et-al-use-first", str(use_first))
        citation.set("et-al-subsequent-use-first", str(use_first))
        for name in citation.iter(f"{CSL_NS}name"):
            if name.get("et-al-use-first"):
                name.set("et-al-use-first", str(use_first))
    terms = _CITATION_TERMS.get(lang)
    if terms:
        locale = etree.SubElement(root, f"{CSL_NS}locale")
        locale.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
        holder = etree.SubElement(locale, f"{CSL_NS}terms")
        for term_name, word in terms.items():
            term = etree.SubElement(holder, f"{CSL_NS}term", name=term_name, form="short")
            term.text = word
        info = root.find("cs:info", _NS)
        if info is not None:  # locales come right after <info>
            info.addnext(locale)
    return etree.tostring(root)


@functools.lru_cache(maxsize=64)
def _variant_style(path: str, identity: str, locale: str, givennames: str | None,
                   use_first: int | None = None):
    from citeproc import CitationStylesStyle

    data = _variant(path, givennames=givennames, lang=locale.split("-")[0],
                    use_first=use_first)
    csl_fixes.apply()
    csl_memo.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(io.BytesIO(data), locale=locale, validate=False)
    csl_memo.forget(style.root)  # the loading asked before its locales were all set
    return style


@functools.lru_cache(maxsize=32)
def _layout_affixes(path: str, identity: str) -> tuple[str, str, str]:
    from lxml import etree

    root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    layout = root.find("cs:citation/cs:layout", _NS)
    if layout is None:
        return "(", ")", "; "
    return layout.get("prefix", ""), layout.get("suffix", ""), layout.get("delimiter", "")


def citation_options(style) -> dict[str, str]:
    """The citation element's disambiguation and grouping options."""
    citation = style.root.citation
    return {name: citation.get(name) for name in (
        "disambiguate-add-givenname", "givenname-disambiguation-rule",
        "disambiguate-add-names", "et-al-use-first", "et-al-min",
        "disambiguate-add-year-suffix", "collapse", "cite-group-delimiter",
        "after-collapse-delimiter") if citation.get(name) is not None}


# -- rendering cites ---------------------------------------------------------------------

class CiteStore(Protocol):
    """Cites rendered by earlier builds (csl_cache.KeptCites), by (kind, key, what
    else the render reads): the store adds the style, the locale and the entry."""

    def get(self, what: tuple) -> str | None: ...

    def __setitem__(self, what: tuple, text: str) -> None: ...


class InText:
    """The cites of one style and locale over the listed entries (CSL-JSON items
    with their year suffixes), each rendered once."""

    def __init__(self, csl, locale: str, item: Callable[[str], dict | None],
                 keys: Sequence[str], disambiguation: Disambiguation, lang: str, lock,
                 kept_order: Callable[[Callable[[], list[str]]], Sequence[str]] | None = None,
                 kept: CiteStore | None = None):
        """`item` gives one listed key's CSL-JSON (with its year suffix), or None when
        it cannot be converted. Entries are converted and handed to citeproc-py
        when a cite of theirs is first rendered: a rebuild after one page's edit
        renders that page's cites alone. `kept_order`, given the function that sorts
        the listed keys by the citation's ``<sort>``, answers with the order it kept
        (on disk) or the function's: the sort renders every entry's sort keys. `kept`
        holds the cites earlier builds rendered, and takes the ones rendered here."""
        self._kept_order = kept_order
        self._kept = kept
        self._rank: dict[str, int] | None = None
        self.csl, self.locale, self.lang, self._lock = csl, locale, lang, lock
        self._item = item
        self._keys = list(dict.fromkeys(keys))
        self._place = {key: n for n, key in enumerate(self._keys)}
        self._converted: dict[str, str | None] = {}  # key -> citeproc's id, None: failed
        self.givennames = disambiguation.givennames
        self.names_shown = disambiguation.names_shown
        options = citation_options(self._style(None))
        # The brackets and delimiter are the style's own: its variants have none.
        self.prefix, self.suffix, self.delimiter = _layout_affixes(csl.path, csl.identity)
        self.collapse = options.get("collapse") in ("year", "year-suffix",
                                                    "year-suffix-ranged")
        self.group_delimiter = options.get("cite-group-delimiter", ", ")
        self.after_collapse = options.get("after-collapse-delimiter", self.delimiter)
        self.rule = options.get("givenname-disambiguation-rule", "by-cite")
        self._cache: dict[tuple, ItemText] = {}
        # (key, given names, names before "et al.") -> the names
        self._authors: dict[tuple[str, bool, int | None], str] = {}
        self._suffixes = disambiguation.suffix
        # (key, rule, names before "et al.") -> the cite without a locator
        self._full: dict[tuple[str, str | None, int | None], str] = {}

    def _id(self, key: str) -> str | None:
        """citeproc's id of `key`, its entry converted and in both sources on first use."""
        if key in self._converted:
            return self._converted[key]
        from citeproc.source.json import CiteProcJSON

        item = self._item(key) if key in self._place else None
        found = None
        if item is not None:
            undated = {**{k: v for k, v in item.items() if k != "year-suffix"},
                       "issued": {"date-parts": [[int(_SENTINEL)]]}}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    one, blank = CiteProcJSON([item]), CiteProcJSON([undated])
                except Exception:  # data citeproc-py cannot read: the key stands in
                    one = blank = None
            if one:
                self.source.update(one)
                self.undated.update(blank)
                found = item["id"]
        self._converted[key] = found
        return found

    @functools.cached_property
    def ids(self) -> Mapping[str, str]:
        """BibTeX key -> citeproc's id (lower case), for every listed key (all converted:
        what later conversions add is not listed, so the mapping stays true)."""
        for key in self._keys:
            self._id(key)
        return {key: found for key, found in self._converted.items() if found is not None}

    @functools.cached_property
    def source(self):
        """The entries rendered so far, as citeproc-py reads them."""
        from citeproc.source.json import CiteProcJSON

        return CiteProcJSON([])

    @functools.cached_property
    def undated(self):
        """The same works dated _SENTINEL: what comes before it is the names."""
        from citeproc.source.json import CiteProcJSON

        return CiteProcJSON([])

    def _style(self, givennames: str | None, use_first: int | None = None):
        return _variant_style(self.csl.path, self.csl.identity, self.locale, givennames,
                              use_first)

    def _rendered(self, what: tuple, render: Callable[[], str]) -> str:
        """`render()`'s text for `what` ((kind, key, what else it reads: the year
        suffix, given names, names before "et al.", the locator)), kept from an
        earlier build when there is one; the caller holds the lock."""
        found = None if self._kept is None else self._kept.get(what)
        if found is None:
            found = render()
            if self._kept is not None:
                self._kept[what] = found
        return found

    def _render(self, style, key: str, locator: Locator | None, source=None) -> str:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc import Locator as CiteprocLocator

        item_id = self._id(key)
        if item_id is None:  # an entry the CSL conversion failed on: its key
            return html.escape(key)
        extra = {} if locator is None else {
            "locator": CiteprocLocator(locator.label, locator.value)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(
                style, self.source if source is None else source, formatter.html)
            citation = Citation([CitationItem(item_id, **extra)])
            bibliography.register(citation)
            try:
                return str(bibliography.cite(citation, lambda _item: None)).strip()
            except Exception:  # a cite citeproc-py cannot make: the key stands in
                return html.escape(key)

    def full(self, key: str, given: str | None, use_first: int | None | bool = True) -> str:
        """The cite without a locator, with given names by rule `given` or without, and
        `use_first` names before "et al." (True: as decided for the key; None: the
        style's own count)."""
        if use_first is True:
            use_first = self.names_shown.get(key)
        found = self._full.get((key, given, use_first))
        if found is None:
            with self._lock:
                found = self._full[key, given, use_first] = self._rendered(
                    ("full", key, self._suffixes.get(key), given, use_first),
                    lambda: self._render(self._style(given, use_first), key, None))
        return found

    def reuse(self, other: InText) -> None:
        """Take the renders of `other` (the same style, locale and entries) that
        read the same here: the names always (they are rendered undated), a cite
        when its key has no year suffix in either."""
        if (other.csl.identity, other.locale) != (self.csl.identity, self.locale):
            return
        for found, names in other._authors.items():
            self._authors.setdefault(found, names)
        for (key, given, use_first), cite in other._full.items():
            if not self._suffixes.get(key) and not other._suffixes.get(key):
                self._full.setdefault((key, given, use_first), cite)

    def item(self, key: str, locator: Locator | None = None) -> ItemText:
        cache_key = (key, locator)
        found = self._cache.get(cache_key)
        if found is not None:
            return found
        given = self.rule if key in self.givennames else None
        if locator is None:
            full = self.full(key, given)
        else:
            use_first = self.names_shown.get(key)
            with self._lock:
                full = self._rendered(
                    ("located", key, self._suffixes.get(key), given, use_first, locator.label,
                     locator.value),
                    lambda: self._render(self._style(given, use_first), key, locator))
        author = self.author(key)
        if author and full.startswith(author):
            rest = full[len(author):].lstrip(" ,;:")
        else:  # names not first: the whole cite is the rest
            author, rest = "", full
        found = ItemText(author, _plain(author), rest, _plain(rest), full, _plain(full))
        self._cache[cache_key] = found
        return found

    def author(self, key: str, given: bool | None = None) -> str:
        """The names of the cite (HTML), "" when the style writes no date after them."""
        if given is None:
            given = key in self.givennames
        use_first = self.names_shown.get(key)
        found = self._authors.get((key, given, use_first))
        if found is not None:
            return found
        def names() -> str:
            dated = self._render(self._style(self.rule if given else None, use_first), key,
                                 None, self.undated)
            place = dated.find(_SENTINEL)
            found = _OPEN_TAGS.sub("", dated[:place]).rstrip(" ,;:(") if place > 0 else ""
            return found if _plain(found) else ""

        with self._lock:
            found = self._authors[key, given, use_first] = self._rendered(
                ("names", key, given, use_first), names)
        return found

    def order(self, keys: Sequence[str]) -> list[str]:
        """`keys` in the citation's sort order; as written when the style has none."""
        if self._sort_element is None:
            return list(keys)
        if self._rank is None:
            ordered = (self._kept_order(self.cite_order) if self._kept_order
                       else self.cite_order())
            self._rank = {key: n for n, key in enumerate(ordered)}
        # A key not listed (no entry) first, as its empty sort key would put it.
        return sorted(keys, key=lambda key: self._rank.get(key, -1))

    @functools.cached_property
    def _sort_element(self):
        return self._style(None).root.citation.find("cs:sort", _NS)

    def cite_order(self) -> list[str]:
        """The listed keys by the citation's ``<sort>``, ties in the list's order
        ("Zhang, 2016a, 2016b")."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter

        element = self._sort_element
        if element is None:
            return list(self._keys)
        ids = self.ids
        style = self._style(None)
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(style, self.source, formatter.plain)
            for item_id in ids.values():
                bibliography.register(Citation([CitationItem(item_id)]))
            by_id = {item.key: item for item in bibliography.items}
            found = [key for key in ids if ids[key] in by_id]
            values = sort_keys(element, style.root.citation.layout,
                               [by_id[ids[key]] for key in found], self.lang)
        ranked = dict(zip(found, values, strict=True))
        return sorted(self._keys, key=lambda key: (ranked.get(key, ()), self._place[key]))


def _suffix_letters(n: int) -> str:
    """a, b, ..., z, aa, ab, ... (CSL's year suffixes)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def disambiguate(intext: InText, keys_in_order: Sequence[str]) -> Disambiguation:
    """Given names and year suffixes for the keys (in bibliography order), the
    CSL way: cites that read alike get given names where those differ, then the
    cites still alike get a, b, c in the bibliography's order."""
    options = citation_options(intext._style(None))
    keys = [key for key in keys_in_order if key in intext.ids]
    rule = options.get("givenname-disambiguation-rule", "by-cite")
    plain = {key: _plain(intext.full(key, None, None)) for key in keys}
    shown: dict[str, int] = {}
    if options.get("disambiguate-add-names") == "true" and options.get("et-al-use-first"):
        shown = _add_names(intext, keys, plain, int(options["et-al-use-first"]))
        # The names part of these cites, as the steps below compare it.
        intext.names_shown = shown
        plain.update({key: _plain(intext.full(key, None)) for key in shown})
    # Any rule but by-cite tells apart names as well as cites (CSL 1.0.2,
    # "givenname-disambiguation-rule"): "Smith, 2019" and "Smith, 2020" by
    # two Smiths become "J. Smith, 2019" and "A. Smith, 2020".
    names = {key: _plain(intext.author(key, False)) for key in keys} if (
        rule != "by-cite") else {}
    groups: dict[tuple, list[str]] = {}
    for key in keys:
        groups.setdefault(("cite", plain[key]), []).append(key)
        if names.get(key):
            groups.setdefault(("names", names[key]), []).append(key)
    givennames: set[str] = set()
    final = dict(plain)
    if options.get("disambiguate-add-givenname") == "true":
        for (kind, _), members in groups.items():
            if len(members) < 2:
                continue
            given = {key: _plain(intext.full(key, rule)) for key in members}
            # Names alike: given names help when they differ (two Smiths), not
            # for one author's works of two years.
            differ = given if kind == "cite" else {
                key: _plain(intext.author(key, True)) for key in members}
            if len(set(differ.values())) > 1:
                givennames.update(members)
                final.update(given)
    suffixes: list[tuple[str, str]] = []
    if options.get("disambiguate-add-year-suffix") == "true":
        alike: dict[str, list[str]] = {}
        for key in keys:
            alike.setdefault(final[key], []).append(key)
        for members in alike.values():
            if len(members) > 1:
                suffixes += [(key, _suffix_letters(n)) for n, key in enumerate(members)]
        suffixes.sort(key=lambda pair: keys.index(pair[0]))
    return Disambiguation(frozenset(keys_in_order), tuple(suffixes), frozenset(givennames),
                          tuple(sorted(shown.items())))


#: More names than this before "et al." is a list no style would print in a cite.
_MOST_NAMES = 20


def _add_names(intext: InText, keys: Sequence[str], plain: Mapping[str, str],
               use_first: int) -> dict[str, int]:
    """CSL's disambiguate-add-names: cites that read alike show one more name before
    "et al." at a time, until some read apart; a group no added name tells apart keeps
    the style's count. Returns the keys that show more names, and how many."""
    alike: dict[str, list[str]] = {}
    for key in keys:
        alike.setdefault(plain[key], []).append(key)
    shown: dict[str, int] = {}
    for members in alike.values():
        if len(members) < 2:
            continue
        for n in range(use_first + 1, _MOST_NAMES + 1):
            texts = {key: _plain(intext.full(key, None, n)) for key in members}
            if len(set(texts.values())) > 1:
                # Every cite of the group shows them, as pandoc's citeproc does: those
                # still alike are told apart by the steps that follow.
                shown.update({key: n for key in members})
                break
    return shown


def sort_bibliography(style, source_items: Sequence[dict], ids: Mapping[str, str],
                      keys: Sequence[str], lang: str, lock) -> list[str]:
    """`keys` in the bibliography's ``<sort>`` order, text in the language's
    collation; unchanged when the style has no sort."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography_element = style.root.bibliography
    element = None if bibliography_element is None else bibliography_element.find(
        "cs:sort", _NS)
    if element is None:
        return list(keys)
    present = [key for key in keys if key in ids]
    with lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(style, CiteProcJSON(list(source_items)),
                                                  formatter.plain)
        for key in present:
            bibliography.register(Citation([CitationItem(ids[key])]))
        by_id = {item.key: item for item in bibliography.items}
        present = [key for key in present if ids[key] in by_id]
        values = sort_keys(element, bibliography_element.layout,
                           [by_id[ids[key]] for key in present], lang)
    ranked = dict(zip(present, values, strict=True))
    written = {key: n for n, key in enumerate(keys)}
    return sorted(keys, key=lambda key: (key not in ranked, ranked.get(key, ()),
                                         written[key]))

