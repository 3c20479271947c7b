"""Formatting cited entries with a pybtex style: the API the plugin calls.

Pure core (no MkDocs). Only the cited keys are formatted, in one pybtex call
per batch, and every result is cached per process by (style, language, key,
entry fingerprint): ``mkdocs serve`` rebuilds and the second language's build
only format what changed; :mod:`~mkdocs_scholar.core.formatted_cache` saves the
caches for the next process.

Any pybtex formatting style works (``apa7`` from this package, ``unsrt``,
``plain``, ``alpha``, ...). Finding and making one is in
:mod:`~mkdocs_scholar.core.style_loader`, and rendering its rich text as HTML
and plain text in :mod:`~mkdocs_scholar.core.backends`.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pybtex.database import Entry, Person
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing

from mkdocs_scholar.core import collector
from mkdocs_scholar.core.backends import render
from mkdocs_scholar.core.bibliography import fingerprint
from mkdocs_scholar.core.locale import load_terms, normalize_lang
from mkdocs_scholar.core.style import apa, latex_to_plain, latex_to_text
from mkdocs_scholar.core.style_loader import DEFAULT_STYLE, find_style, make_style

__all__ = ["DEFAULT_STYLE", "FormattedEntry", "Formatter", "clear_cache", "find_style",
           "make_formatter", "merge", "size", "snapshot"]


@dataclass(frozen=True, slots=True)
class FormattedEntry:
    key: str
    html: str  # the whole reference as HTML; BibTeX text escaped, DOI/URL as <a href>
    text: str  # the same as plain text (for title="" tooltips; escape it there)
    missing: tuple[str, ...]  # fields the style needs but the entry lacks


# -- the cache ---------------------------------------------------------------------

_BATCH = 256  # entries formatted per pybtex call
_CACHE_LIMIT = 100_000  # entries; oldest dropped first (mkdocs serve edits add versions)
_cache: dict[tuple, FormattedEntry] = {}
_cache_lock = threading.Lock()


# Results shared between languages: an entry whose formatting read no term that
# differs between two languages comes out the same in both (most articles only
# read "&"), so the second language reuses the first one's result. Each value is
# (terms read, result, terms read, result, ...).
_shared: dict[tuple, tuple] = {}


# Narrative citation names ("Zhang et al."), by the same keys as _cache: for
# styles with their own `narrative_author`.
_narratives: dict[tuple, str] = {}

# Everyone else's in-text names (see apa.citation_names), by (key, fingerprint): the
# same in every language, taken while the entry's names are parsed for formatting.
_names: dict[tuple, tuple] = {}


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
        _shared.clear()
        _narratives.clear()
        _names.clear()


def snapshot() -> tuple[dict, dict, dict, dict]:
    """Copies of the four caches (see formatted_cache), as one consistent state."""
    with _cache_lock:
        return dict(_cache), dict(_shared), dict(_narratives), dict(_names)


def merge(cache: Mapping, shared: Mapping, narratives: Mapping, names: Mapping) -> None:
    """Add results an earlier process saved; what this process has wins."""
    with _cache_lock:
        for mine, theirs in ((_cache, cache), (_shared, shared), (_narratives, narratives),
                             (_names, names)):
            for key, value in theirs.items():
                mine.setdefault(key, value)


def size() -> tuple[int, int, int, int]:
    """How many results the caches hold (they only grow, but for the oldest dropped)."""
    with _cache_lock:
        return len(_cache), len(_shared), len(_narratives), len(_names)


class _TermsSpy(dict):
    """The style's terms, noting which ones it reads."""

    def __init__(self, terms: Mapping):
        super().__init__(terms)
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def _release_names(entry: Entry) -> None:
    """Drop an entry's parsed names once formatted: the loader's entries parse them
    again on demand, and most are never needed again."""
    release = getattr(entry, "release_names", None)
    if release is not None:
        release()


def _freeze(value):
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _copy_entry(entry: Entry, key: str, fields=None, persons=None) -> Entry:
    copy = Entry(
        getattr(entry, "original_type", entry.type),
        fields=dict(entry.fields.items()) if fields is None else fields,
        persons={role: list(p) for role, p in entry.persons.items()} if persons is None
        else persons,
    )
    copy.key = key
    return copy


# -- the formatter -----------------------------------------------------------------


class Formatter:
    """Formats the cited entries of a bibliography with one pybtex style and language."""

    is_csl = False
    #: The in-text form of numbers: None, the plugin's own ("[1, 3–5]").
    citation_form = None
    # pybtex styles cite by number, in the order of first citation.
    author_date = False
    sorted_numbers = False

    def __init__(self, style: str = DEFAULT_STYLE, lang: str = "en",
                 terms: Mapping | None = None):
        """`terms` optionally overrides locale terms (the ``bibliography:`` section)."""
        style = style or DEFAULT_STYLE
        style_class = find_style(style)
        self.style_name = style
        self.identity = style  # what the page cache keys pages by
        self.lang = normalize_lang(lang)
        self.terms = load_terms(self.lang)
        if terms:
            self.terms.update(terms)
        self.style = make_style(style_class, self.lang, terms)
        self._cache_prefix = (style, self.lang, _freeze(terms or {}))
        # pybtex's own styles have no in-text names, and ours are language-neutral
        # until the last step: only a style with its own is asked per language.
        own = getattr(style_class, "narrative_author", None)
        self._own_narrative = own is not None and own is not apa.APAStyle.narrative_author
        self._spy: _TermsSpy | None = None
        if isinstance(getattr(self.style, "terms", None), Mapping):
            self._spy = _TermsSpy(self.style.terms)
            self.style.terms = self._spy

    # -- public -------------------------------------------------------------------

    def format(self, bibliography_entries: Mapping[str, Entry],
               keys: Sequence[str]) -> dict[str, FormattedEntry]:
        """Format `keys` (in that order, duplicates once); keys not in the mapping are skipped."""
        result: dict[str, FormattedEntry] = {}
        todo: list[tuple[str, Entry, tuple]] = []
        for key in dict.fromkeys(keys):
            entry = bibliography_entries.get(key)
            if entry is None:
                continue
            cache_key = (*self._cache_prefix, key, fingerprint(entry))
            with _cache_lock:
                hit = _cache.get(cache_key) or self._shared_hit(key, entry)
            if hit is not None:
                result[key] = hit
            else:
                todo.append((key, entry, cache_key))
        if todo:
            formatted = {}
            # In slices: pybtex's rich text for thousands of entries at once would
            # hold many times the memory of the finished strings.
            for start in range(0, len(todo), _BATCH):
                batch = todo[start:start + _BATCH]
                with collector.paused():  # names and rich text: objects, no cycles
                    formatted.update(self._format_batch(
                        [(key, entry) for key, entry, _ in batch]))
                    for key, entry, _ in batch:
                        if not self._own_narrative:  # while the names are parsed
                            self._citation_names(key, entry)
                        _release_names(entry)
            # Field values decoded from TeX, cached for the values entries share
            # (journals, publishers, names): thousands of objects not needed any more.
            latex_to_text.cache_clear()
            latex_to_plain.cache_clear()
            with _cache_lock:
                for key, _, cache_key in todo:
                    _cache[cache_key] = formatted[key]
                    result[key] = formatted[key]
                overflow = len(_cache) - _CACHE_LIMIT
                if overflow > 0:
                    for stale in list(_cache)[:overflow]:  # dicts keep insertion order
                        del _cache[stale]
        return {key: result[key] for key in dict.fromkeys(keys) if key in result}

    def _shared_hit(self, key: str, entry: Entry) -> FormattedEntry | None:
        """Another language's result, when every term it read means the same here."""
        terms = self._spy if self._spy is not None else {}
        shared = _shared.get((self.style_name, key, fingerprint(entry)), ())
        for read, formatted in zip(shared[::2], shared[1::2], strict=False):
            if all(_freeze(dict.get(terms, name)) == value for name, value in read):
                return formatted
        return None

    def _share(self, entry: Entry, read: set[str] | None, formatted: FormattedEntry) -> None:
        if read is None:
            return
        terms = self._spy if self._spy is not None else {}
        values = tuple(sorted((name, _freeze(dict.get(terms, name))) for name in read))
        shared_key = (self.style_name, entry.key, fingerprint(entry))
        with _cache_lock:  # flat, not a list of pairs: fewer objects to collect
            _shared[shared_key] = (*_shared.get(shared_key, ()), values, formatted)

    def narrative_author(self, entry: Entry) -> str:
        """Author(s) for a narrative citation, as plain text (escape it for HTML).

        'Razzaque', 'Uwitonze and Razzaque' («Uwitonze та Razzaque»), 'Zhang et al.'
        («Zhang та ін.»); a corporate author as written; no author: the short title.
        """
        key = getattr(entry, "key", None)
        if not self._own_narrative:
            return apa.names_text(self._citation_names(key, entry), self.terms,
                                  self.terms.get("and_narrative", "and"))
        cache_key = (*self._cache_prefix, key, fingerprint(entry))
        cached = _narratives.get(cache_key)
        if cached is None:
            cached = self.style.narrative_author(entry)
            _release_names(entry)
            with _cache_lock:
                _narratives[cache_key] = cached
        return cached

    def parenthetical_author(self, entry: Entry) -> str:
        """The same for inside parentheses: 'Uwitonze & Razzaque'."""
        method = getattr(self.style, "parenthetical_author", None)
        if self._own_narrative and callable(method):
            return method(entry)
        return apa.names_text(self._citation_names(getattr(entry, "key", None), entry),
                              self.terms, self.terms.get("and", "&"))

    @staticmethod
    def _citation_names(key: str | None, entry: Entry) -> tuple:
        cache_key = (key, fingerprint(entry))
        names = _names.get(cache_key)
        if names is None:
            names = apa.citation_names(entry)
            _release_names(entry)
            with _cache_lock:
                _names[cache_key] = names
        return names

    # -- internals ------------------------------------------------------------------

    def _format_batch(self, items: list[tuple[str, Entry]]) -> dict[str, FormattedEntry]:
        entries = [entry if getattr(entry, "key", None) == key else _copy_entry(entry, key)
                   for key, entry in items]
        missing_fields = getattr(self.style, "missing_fields", None)
        missing = {entry.key: tuple(missing_fields(entry)) if missing_fields else ()
                   for entry in entries}
        texts: dict[str, Text] = {}
        read: dict[str, set[str] | None] = {}
        language_aware = "lang" in inspect.signature(type(self.style).__init__).parameters
        try:
            # One pybtex call for the whole batch (labels and sorting see all of it).
            if self._spy is not None:
                self._spy.read.clear()
            for formatted in self.style.format_entries(entries):
                texts[formatted.key] = formatted.text
                if self._spy is not None:
                    read[formatted.key] = set(self._spy.read)
                    self._spy.read.clear()
                elif not language_aware:
                    read[formatted.key] = set()  # pybtex's own styles know no language
        except Exception:  # a style that needs a field we lack: entry by entry instead
            texts, read = {}, {}
        result = {}
        for entry in entries:
            text = texts.get(entry.key)
            extra: tuple[str, ...] = ()
            if text is None:
                text, extra = self._format_one(entry)
            rendered_html, rendered_text = render(text)
            result[entry.key] = FormattedEntry(
                entry.key, rendered_html, rendered_text,
                tuple(dict.fromkeys(missing[entry.key] + extra)))
            self._share(entry, read.get(entry.key), result[entry.key])
        return result

    def _format_one(self, entry: Entry) -> tuple[Text, tuple[str, ...]]:
        """Format one entry, blanking the fields the style insists on until it works."""
        missing: list[str] = []
        current = entry
        for _ in range(16):
            try:
                return self.style.format_entry("", current).text, tuple(missing)
            except FieldIsMissing as error:
                name = error.field_name
                if name in missing:
                    break
                missing.append(name)
                current = _blank(current, name)
            except Exception:
                break
        if current.type != "misc":
            try:
                misc = _copy_entry(current, current.key)
                misc.type = "misc"
                return self.style.format_entry("", misc).text, tuple(missing)
            except Exception:
                pass
        # Last resort: the title (or the key), so the list never has a hole.
        title = entry.fields.get("title")
        return Text(latex_to_plain(title) if title else entry.key), tuple(missing)


def make_formatter(style: str = DEFAULT_STYLE, lang: str = "en", terms: Mapping | None = None):
    """The formatter `style` selects: pybtex's for a pybtex style (the name wins when
    it is also a CSL style's), citeproc-py's for a .csl file or a packaged CSL style.
    The config has checked the style; a .csl path is absolute by then."""
    style = style or DEFAULT_STYLE
    from mkdocs_scholar.core import csl_style

    if style.lower().endswith(".csl") or not csl_style.is_pybtex_style(style):
        from mkdocs_scholar.core.csl_format import CslFormatter

        return CslFormatter(style, lang, terms=terms)
    return Formatter(style, lang, terms)


def _blank(entry: Entry, name: str) -> Entry:
    """A copy of `entry` with an empty `name`, so a strict style can go on."""
    if name.lower() in (role.lower() for role in Person.valid_roles):
        persons = {role: list(p) for role, p in entry.persons.items()}
        persons[name] = []
        return _copy_entry(entry, entry.key, persons=persons)
    fields = dict(entry.fields.items())
    fields[name] = ""
    return _copy_entry(entry, entry.key, fields=fields)
