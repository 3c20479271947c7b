"""Formatting cited entries with a pybtex style: the API the plugin calls.

Pure core (no MkDocs). Only the cited keys are formatted, in one pybtex call
per batch, and every result is cached per process by (style, language, key,
entry fingerprint): ``mkdocs serve`` rebuilds and the second language's build
only format what changed.

Any pybtex formatting style works (``apa7`` from this package, ``unsrt``,
``plain``, ``alpha``, ...); the language is passed to styles that accept a
``lang`` argument.
"""

from __future__ import annotations

import functools
import html
import importlib
import inspect
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pybtex.backends import html as html_backend
from pybtex.backends import plaintext as plaintext_backend
from pybtex.database import Entry, Person
from pybtex.plugin import (
    PluginNotFound,
    enumerate_plugin_names,
    find_plugin,
    register_plugin,
)
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing

from mkdocs_scholar.core import collector
from mkdocs_scholar.core.bibliography import fingerprint
from mkdocs_scholar.core.locale import load_terms, normalize_lang
from mkdocs_scholar.core.style import apa, latex_to_plain, latex_to_text, unicode_script

__all__ = ["FormattedEntry", "Formatter", "clear_cache"]

DEFAULT_STYLE = "apa7"

# Make "apa7" findable before the package is installed (tests, a source checkout);
# when the entry point exists this is a no-op.
register_plugin("pybtex.style.formatting", DEFAULT_STYLE, apa.APAStyle)


@dataclass(frozen=True, slots=True)
class FormattedEntry:
    key: str
    html: str  # the whole reference as HTML; BibTeX text escaped, DOI/URL as <a href>
    text: str  # the same as plain text (for title="" tooltips; escape it there)
    missing: tuple[str, ...]  # fields the style needs but the entry lacks

    def __reduce__(self):
        # The dataclass's own pickling looks its fields up for every object;
        # the disk cache holds thousands.
        return FormattedEntry, (self.key, self.html, self.text, self.missing)


# -- output backends ---------------------------------------------------------

_SAFE_URL = re.compile(r"^(?:https?|ftps?)://|^mailto:", re.IGNORECASE)


class _HTMLBackend(html_backend.Backend):
    """pybtex's HTML backend, minus protection spans, with escaped and vetted links."""

    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "&nbsp;"}

    def format_protected(self, text):
        return text  # braces only protect case; no <span class="bibtex-protected">

    def format_href(self, url, text, external=False):
        if not text:
            return ""
        if not _SAFE_URL.match(url.strip()):
            return text  # javascript: and friends are shown, never linked
        return f'<a href="{html.escape(url.strip(), quote=True)}">{text}</a>'


class _TextBackend(plaintext_backend.Backend):
    """Plain text; sub/superscripts as Unicode characters where they exist (TiO₂)."""

    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}

    def format_tag(self, tag_name, text):
        if tag_name in ("sub", "sup"):
            return unicode_script(text, tag_name) or text
        return text

    def format_protected(self, text):
        return text


_HTML = _HTMLBackend()
_TEXT = _TextBackend()
_SPACES = re.compile(r" {2,}")


def _render(text: Text) -> tuple[str, str]:
    rendered_html = _SPACES.sub(" ", text.render(_HTML)).strip()
    rendered_text = _SPACES.sub(" ", text.render(_TEXT)).strip()
    return rendered_html, rendered_text


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


def load_disk(disk) -> None:
    """Merge formatted entries saved by an earlier process."""
    saved = disk.load("formatted")
    if not isinstance(saved, tuple) or len(saved) != 4:
        return
    cache, shared, narratives, names = saved
    with _cache_lock:
        for key, value in cache.items():
            _cache.setdefault(key, value)
        for key, values in shared.items():
            _shared.setdefault(key, values)
        for key, value in narratives.items():
            _narratives.setdefault(key, value)
        for key, value in names.items():
            _names.setdefault(key, value)
        _saved_size[disk.folder] = _size()


def save_disk(disk) -> None:
    """Save formatted entries for the next process, when the folder lacks some."""
    with _cache_lock:
        if _saved_size.get(disk.folder) == _size():
            return
        snapshot = (dict(_cache), dict(_shared), dict(_narratives), dict(_names))
        _saved_size[disk.folder] = _size()
    disk.save("formatted", snapshot)


# Cache size each folder holds, as far as this process knows (it loaded or saved it).
_saved_size: dict[str, tuple[int, int, int]] = {}


def _size() -> tuple[int, int, int]:
    return len(_cache), len(_narratives), len(_names)


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


@functools.cache  # pybtex scans every installed package's entry points on each lookup
def find_style(name: str):
    try:
        return find_plugin("pybtex.style.formatting", name)
    except PluginNotFound:
        available = sorted(set(enumerate_plugin_names("pybtex.style.formatting")))
        raise ValueError(
            f"unknown bibliography style '{name}'; available styles: {', '.join(available)}"
        ) from None


# pybtex's own name, label and sorting styles: module and class by plugin group.
_BUILTIN_HELPERS = {"pybtex.style.names": "NameStyle", "pybtex.style.labels": "LabelStyle",
                    "pybtex.style.sorting": "SortingStyle"}


@functools.cache
def _helper_plugin(group: str, name: str | None):
    """A helper style class; pybtex's own ones imported directly, others looked up."""
    if name and name.isidentifier():
        try:
            module = importlib.import_module(f"{group}.{name}")
            return getattr(module, _BUILTIN_HELPERS[group])
        except (ImportError, AttributeError):
            pass
    return find_plugin(group, name)


class Formatter:
    """Formats the cited entries of a bibliography with one pybtex style and language."""

    def __init__(self, style: str = DEFAULT_STYLE, lang: str = "en",
                 terms: Mapping | None = None):
        """`terms` optionally overrides locale terms (the ``bibliography:`` section)."""
        style = style or DEFAULT_STYLE
        style_class = find_style(style)
        self.style_name = style
        self.lang = normalize_lang(lang)
        self.terms = load_terms(self.lang)
        if terms:
            self.terms.update(terms)
        parameters = inspect.signature(style_class.__init__).parameters
        # The caller orders the list itself: skip pybtex's sorting of each batch.
        kwargs: dict = {}
        if issubclass(style_class, BaseStyle):
            # Classes, not names: pybtex would scan every installed package's entry
            # points for each name, each time a style is made (once per language).
            kwargs = {
                "sorting_style": _helper_plugin("pybtex.style.sorting", "none"),
                "name_style": _helper_plugin("pybtex.style.names",
                                             style_class.default_name_style),
                "label_style": _helper_plugin("pybtex.style.labels",
                                              style_class.default_label_style),
            }
        if "lang" in parameters:  # ours; pybtex's own styles take no language
            kwargs["lang"] = self.lang
        if terms and "terms" in parameters:
            kwargs["terms"] = dict(terms)
        self.style = style_class(**kwargs)
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
            rendered_html, rendered_text = _render(text)
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


def _blank(entry: Entry, name: str) -> Entry:
    """A copy of `entry` with an empty `name`, so a strict style can go on."""
    if name.lower() in (role.lower() for role in Person.valid_roles):
        persons = {role: list(p) for role, p in entry.persons.items()}
        persons[name] = []
        return _copy_entry(entry, entry.key, persons=persons)
    fields = dict(entry.fields.items())
    fields[name] = ""
    return _copy_entry(entry, entry.key, fields=fields)
