"""Loading .bib files: entries, where each is defined, and what is wrong with them.

Pure core (no MkDocs). :func:`load_bibliography` never raises for bad input:
missing files, syntax errors, duplicate keys and dangling crossrefs become
:class:`~mkdocs_scholar.core.diagnostics.Diagnostic` records with a ``path:line``
the editor can jump to.

Each file is parsed once per version: a module-level cache keyed by (absolute
path, mtime_ns, size) keeps the latest parse of every path, so ``mkdocs serve``
rebuilds and per-language builds reuse it. The cached pybtex ``Entry`` objects
are shared: treat them as read-only.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import OrderedCaseInsensitiveDict

from mkdocs_scholar.core import collector
from mkdocs_scholar.core.diagnostics import Diagnostic

__all__ = [
    "Bibliography",
    "SourceLocation",
    "clear_cache",
    "load_bibliography",
]


@dataclass(frozen=True)
class SourceLocation:
    path: str  # as given (relative path for messages)
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class SourceLocations(Mapping):
    """Where each key is defined, as SourceLocation objects made when asked.

    Kept as (path, line) pairs: plain tuples of a string and a number, which the
    garbage collector stops walking, where a .bib of thousands would otherwise
    keep thousands of objects for it to visit on every full collection."""

    def __init__(self):
        self._pairs: dict[str, tuple[str, int]] = {}

    def add(self, key: str, path: str, line: int) -> None:
        self._pairs[key] = (path, line)

    def pair(self, key: str) -> tuple[str, int]:
        """(path, line) where `key` is defined."""
        return self._pairs[key]

    def __getitem__(self, key: str) -> SourceLocation:
        return SourceLocation(*self._pairs[key])

    def __iter__(self):
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)


@dataclass
class Bibliography:
    entries: dict[str, Entry] = field(default_factory=dict)  # crossref already resolved
    locations: SourceLocations = field(default_factory=SourceLocations)
    problems: list[Diagnostic] = field(default_factory=list)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def canonical_key(self, key: str) -> str | None:
        """`key` as defined in the .bib, matching case-insensitively like BibTeX."""
        if key in self.entries:
            return key
        return self._folded().get(key.casefold())

    def close_matches(self, key: str, n: int = 3) -> list[str]:
        """Keys that look like `key` (case-insensitive), best first: for "did you mean".

        A key differing only in case comes first.
        """
        folded = self._folded()
        exact = folded.get(key.casefold())
        candidates = difflib.get_close_matches(key.casefold(), list(folded), n=n, cutoff=0.6)
        result = [exact] if exact and exact != key else []
        result += [folded[c] for c in candidates if folded[c] not in result and folded[c] != key]
        return result[:n]

    def _folded(self) -> dict[str, str]:
        # Built lazily (only needed for unknown keys) and rebuilt if entries changed.
        cache = self.__dict__.get("_folded_cache")
        if cache is None or cache[0] != len(self.entries):
            mapping: dict[str, str] = {}
            for key in self.entries:
                mapping.setdefault(key.casefold(), key)
            cache = (len(self.entries), mapping)
            self.__dict__["_folded_cache"] = cache
        return cache[1]


# -- parsing one file ----------------------------------------------------------


@dataclass(frozen=True)
class _ParsedFile:
    """The cached result of parsing one file version (shared, read-only)."""

    # In file order, duplicates kept. Three tuples rather than one of (key, entry,
    # line) triples: thousands of those would be objects for the garbage collector.
    keys: tuple[str, ...]
    entries: tuple[Entry, ...]
    lines: tuple[int, ...]
    problems: tuple[Diagnostic, ...]


_cache: dict[str, tuple[tuple[int, int], _ParsedFile]] = {}
_cache_lock = threading.Lock()

# "@type{key," or "@type ( key ," — the start of an entry, to find its line.
_ENTRY_START = re.compile(
    r"@[ \t]*(?P<type>[A-Za-z][\w.:+-]*)\s*(?:\{\s*(?P<bkey>[^\s,}]+)|\(\s*(?P<pkey>[^\s,]+))"
)
_NOT_ENTRIES = {"string", "preamble", "comment"}
# Fields a child never inherits through crossref (biblatex's list, abridged).
_NOT_INHERITED = {"crossref", "xref", "ids", "entryset", "label", "shorthand", "sortkey",
                  "options", "related", "execute"}
# Parent title becomes the child's booktitle for these child types.
_TITLE_TO_BOOKTITLE = {"incollection", "inproceedings", "inbook", "conference", "bookinbook",
                       "suppbook", "suppcollection"}


_PERSON_ROLES = {role.lower() for role in Person.valid_roles}
_lazy_lock = threading.Lock()


class _Names(OrderedCaseInsensitiveDict):
    """pybtex's ordered case-insensitive dict, lighter: plain dicts inside (they keep
    order) and shared lower-case names. A large .bib holds one per entry (two while
    its names are parsed)."""

    def __init__(self, items=()):
        self._dict = {}
        self._keys = {}
        for key, value in (items.items() if isinstance(items, Mapping) else items):
            lower = sys.intern(key.lower())
            self._dict[lower] = value
            self._keys[lower] = sys.intern(key)

    def __setstate__(self, state):
        _set_attributes(self, state)


class _LazyEntry(Entry):
    """An Entry whose author/editor names are parsed on first use.

    Name parsing is about two thirds of pybtex's parse time, and a site cites
    only part of a large .bib: the names of uncited entries are never parsed.
    """

    def __init__(self, type_, fields=None, raw_persons=()):
        # Entry's own attributes, without the heavier dicts its __init__ makes.
        self.type = type_.lower()
        self.original_type = type_
        self.fields = _Names(fields or ())
        self._persons: _Names | None = None  # parsed on first use
        self._raw_source = tuple(raw_persons)  # ((role, "A and B"), ...), as written

    @property
    def raw_names(self) -> tuple:
        """The names as written: what a cache needs to tell one version of the
        entry from another, without parsing them."""
        return tuple((role.lower(), value) for role, value in self._raw_source)

    @property
    def persons(self):
        persons = self._persons
        if persons is None:
            with _lazy_lock:
                persons = self._persons
                if persons is None:
                    persons = _Names()
                    # Malformed names were reported at load time (_check_names).
                    with pybtex.errors.capture():
                        for role, value in self._raw_source:
                            for name in split_name_list(value):
                                persons.setdefault(role, []).append(Person(name))
                    self._persons = persons
        return persons

    @persons.setter
    def persons(self, value):
        self._persons = value

    def __setstate__(self, state):
        _set_attributes(self, state)

    def release_names(self) -> None:
        """Forget the parsed names (they take more memory than the rest of the
        entry); the next use of `persons` parses them again."""
        with _lazy_lock:
            if self._raw_source:
                self._persons = None


def _set_attributes(obj, state: dict) -> None:
    """Unpickle by setting attributes one by one: pickle's default fills in the
    object's `__dict__`, which makes that dict a separate object the garbage
    collector tracks; attributes set one by one stay inside the object. A large
    .bib read from the disk cache has thousands of entries, two such dicts each."""
    for name, value in state.items():
        setattr(obj, name, value)


class _CollectingData(BibliographyData):
    """Keeps every entry in file order, duplicates included (we report them ourselves)."""

    def __init__(self):
        super().__init__()
        self.collected: list[tuple[str, Entry]] = []

    def add_entry(self, key, entry):
        # The parser runs with no person fields; move the raw names aside for later.
        raw_persons = [(name, value) for name, value in entry.fields.items()
                       if name.lower() in _PERSON_ROLES]
        fields = [(name, value) for name, value in entry.fields.items()
                  if name.lower() not in _PERSON_ROLES]
        lazy = _LazyEntry(entry.original_type, fields=fields, raw_persons=raw_persons)
        lazy.key = key
        self.collected.append((key, lazy))


class _Parser(Parser):
    """pybtex's BibTeX parser that records errors instead of raising them.

    pybtex's low-level parser already recovers from a syntax error by skipping
    to the next '@'; we only have to stop the error from propagating.
    """

    def __init__(self, **kwargs):
        super().__init__(person_fields=(), **kwargs)  # names: see _LazyEntry
        self.data = _CollectingData()
        self.errors: list[tuple[Exception, str | None]] = []
        self._current_key: str | None = None

    def handle_error(self, error):
        key = getattr(getattr(error, "parser", None), "current_entry_key", None)
        self.errors.append((error, key or self._current_key))

    def process_entry(self, entry_type, key, fields):
        if key is None:  # a syntax error ate the key: nothing to cite it by
            return
        self._current_key = key
        try:
            super().process_entry(entry_type, key, fields)
        finally:
            self._current_key = None


def _read_text(path: str) -> tuple[str, Diagnostic | None]:
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return raw.decode("cp1252", errors="replace"), Diagnostic(
            "warning", "bib-encoding",
            f"the file is not valid UTF-8 (byte {error.start}); it was read as Windows-1252. "
            "Save it as UTF-8.")


def _entry_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of the entry starts, per case-folded key, in file order."""
    lines: dict[str, list[int]] = {}
    line, last = 1, 0
    for match in _ENTRY_START.finditer(text):
        if match.group("type").lower() in _NOT_ENTRIES:
            continue
        line += text.count("\n", last, match.start())
        last = match.start()
        key = match.group("bkey") or match.group("pkey")
        lines.setdefault(key.casefold(), []).append(line)
    return lines


def _parse_file(abs_path: str, display: str) -> _ParsedFile:
    problems: list[Diagnostic] = []
    text, encoding_problem = _read_text(abs_path)
    if encoding_problem:
        problems.append(replace(encoding_problem, path=display, line=1))
    parser = _Parser()
    parser.filename = display
    # Some pybtex errors (bad names) go through pybtex.errors.report_error,
    # which raises in strict mode: capture them too.
    with pybtex.errors.capture() as captured, collector.paused():
        try:
            parser.parse_string(text)
        except PybtexError as error:  # defensive: whatever escapes recovery
            parser.errors.append((error, None))
    errors = parser.errors + [(error, None) for error in captured]

    lines = _entry_lines(text)
    seen: dict[str, int] = {}
    keys, entries, entry_lines = [], [], []
    for key, entry in parser.data.collected:
        folded = key.casefold()
        candidates = lines.get(folded, [])
        index = seen.get(folded, 0)
        seen[folded] = index + 1
        line = candidates[index] if index < len(candidates) else (candidates[-1] if candidates
                                                                  else 1)
        keys.append(key)
        entries.append(entry)
        entry_lines.append(line)

    for error, key in errors:
        problems.append(_error_problem(error, key, display, lines))
    for key, entry, line in zip(keys, entries, entry_lines, strict=True):
        problems.extend(_check_names(key, entry, display, line))
    return _ParsedFile(tuple(keys), tuple(entries), tuple(entry_lines), tuple(problems))


def _top_level_commas(name: str) -> int:
    depth = commas = 0
    for char in name:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            commas += 1
    return commas


def _check_names(key: str, entry: _LazyEntry, path: str, line: int) -> list[Diagnostic]:
    """Catch the classic "Smith, John, Doe, Jane" (a missing 'and') cheaply, unparsed."""
    problems = []
    for role, value in entry._raw_source:
        if value.count(",") < 3:
            continue
        for name in split_name_list(value):
            if _top_level_commas(name) > 2:
                problems.append(Diagnostic(
                    "warning", "bib-name",
                    f"entry '{key}': the {role.lower()} '{name}' has too many commas; "
                    "separate people with 'and' (\"Smith, John and Doe, Jane\")",
                    path, line))
    return problems


def _error_problem(error: Exception, key: str | None, display: str,
                   lines: dict[str, list[int]]) -> Diagnostic:
    message = str(error.args[0]) if getattr(error, "args", None) else str(error)
    entry_line = (lines.get(key.casefold()) or [None])[0] if key else None
    if isinstance(error, UndefinedMacro):
        line = getattr(error, "lineno", None) or entry_line or 1
        return Diagnostic("warning", "bib-undefined-string",
                       f"@string '{message}' is not defined"
                       + (f" (in entry '{key}')" if key else "")
                       + "; it was left empty. Define it with @string or put the value in braces.",
                       display, line)
    if isinstance(error, PybtexSyntaxError):
        line = getattr(error, "lineno", None) or entry_line or 1
        where = f" in entry '{key}'" if key else ""
        if key and entry_line and entry_line != line:
            where += f" (which starts at line {entry_line})"
        consequence = (f"; '{key}' may be incomplete" if key
                       else "; the text up to the next '@' was skipped")
        return Diagnostic("error", "bib-syntax",
                       f"BibTeX syntax error{where}: {message}{consequence}. "
                       "Check the braces, quotes and commas around this line.",
                       display, line)
    # Data errors: duplicate fields, malformed names, ...
    where = f"entry '{key}': " if key else ""
    return Diagnostic("warning", "bib-data", f"{where}{message}",
                   display, entry_line or 1)


def fingerprint(entry: Entry) -> bytes:
    """A digest of everything formatting reads from an entry.

    A digest, not the values: it keys caches that hold thousands of entries,
    in memory and on disk. Kept on the entry: the loader's entries are shared
    and never changed, and each is looked up once per language and build; the
    loader computes it before it saves a parse, so that it is saved too."""
    # Two attributes, not a (fields, digest) pair: one object less for the garbage
    # collector per entry, in a .bib of thousands.
    if getattr(entry, "_scholar_fingerprint_of", None) is entry.fields:
        return entry._scholar_fingerprint
    raw_names = getattr(entry, "raw_names", None)  # the loader's entries: names unparsed
    value = (
        entry.type,
        tuple((name.lower(), value) for name, value in entry.fields.items()),
        raw_names if raw_names is not None else
        tuple((role.lower(), tuple(str(person) for person in people))
              for role, people in entry.persons.items()),
    )
    digest = hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).digest()
    entry._scholar_fingerprint = digest
    entry._scholar_fingerprint_of = entry.fields
    return digest


def _load_file(abs_path: str, display: str, disk=None) -> _ParsedFile | None:
    """The parsed file from the cache, parsing only if it is new or changed."""
    try:
        stat = os.stat(abs_path)
    except OSError:
        return None
    signature = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(abs_path)
        if cached is not None and cached[0] == signature:
            return cached[1]
    parsed = None
    name = None
    if disk is not None:  # keyed by content: a checkout changes times, not text
        try:
            with open(abs_path, "rb") as handle:
                name = "bib-" + disk.digest(handle.read(), display)
        except OSError:
            return None
        parsed = disk.load(name)
    if parsed is None:
        parsed = _parse_file(abs_path, display)
        if name is not None:
            for entry in parsed.entries:
                fingerprint(entry)  # kept on the entry: the next process reads it
            disk.save(name, parsed)
    with _cache_lock:
        _cache[abs_path] = (signature, parsed)  # replaces the older version of this path
    return parsed


def clear_cache() -> None:
    """Forget every parsed file (tests; long-lived processes that want memory back)."""
    with _cache_lock:
        _cache.clear()
        _assembled.clear()


# -- assembling the bibliography ---------------------------------------------------


def _display_path(path: str | os.PathLike, base_dir: str | None) -> str:
    given = os.fspath(path)
    if base_dir and os.path.isabs(given):
        try:
            relative = os.path.relpath(given, base_dir)
        except ValueError:  # another drive on Windows
            return given
        if not relative.startswith(os.pardir):
            return relative
    return given


def load_bibliography(paths: Sequence[str | os.PathLike],
                      base_dir: str | os.PathLike | None = None, disk=None) -> Bibliography:
    """Load and merge .bib files; never raises for missing or broken files.

    Relative `paths` are resolved against `base_dir` (default: the current
    directory); messages show them as given. `disk` (a DiskCache) keeps parses
    between processes. The first definition of a key
    wins; later ones (compared case-insensitively, like BibTeX) are reported.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    base = os.fspath(base_dir) if base_dir is not None else None
    files = []
    for path in paths:
        display = _display_path(path, base)
        abs_path = os.path.abspath(os.path.join(base, os.fspath(path)) if base
                                   else os.fspath(path))
        files.append((display, abs_path, _load_file(abs_path, display, disk)))
    with _cache_lock:
        last = _assembled.get("last")
    # The same parses as the last call (the next language of a build, a rebuild
    # after a page edit): the entries and their places as assembled then, in a
    # Bibliography of its own (its own dict and list of problems).
    if last is not None and _same_files(last[0], files):
        made = last[1]
    else:
        made = _assemble(files)
        with _cache_lock:
            _assembled["last"] = (files, made)  # holds the parses: no id is reused
    return Bibliography(entries=dict(made.entries), locations=made.locations,
                        problems=list(made.problems))


def _same_files(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x[:2] == y[:2] and x[2] is y[2] for x, y in zip(a, b, strict=True))


# The last bibliography assembled, with the parses it was made from.
_assembled: dict[str, tuple[list, Bibliography]] = {}


def _assemble(files: list[tuple[str, str, _ParsedFile | None]]) -> Bibliography:
    bib = Bibliography()
    folded_keys: dict[str, str] = {}
    for display, abs_path, parsed in files:
        if parsed is None:
            bib.problems.append(Diagnostic(
                "error", "bib-missing-file",
                f"bibliography file '{display}' not found (looked for {abs_path}); "
                "check the path in the configuration"))
            continue
        bib.problems.extend(parsed.problems)
        for key, entry, line in zip(parsed.keys, parsed.entries, parsed.lines, strict=True):
            first = folded_keys.get(key.casefold())
            if first is not None:
                location = SourceLocation(display, line)
                bib.problems.append(Diagnostic(
                    "error", "bib-duplicate",
                    f"duplicate key '{key}' at {location}: already defined at "
                    f"{bib.locations[first]}"
                    + (f" as '{first}'" if first != key else "")
                    + "; the first definition is used. Rename or remove one of them.",
                    display, line))
                continue
            folded_keys[key.casefold()] = key
            bib.entries[key] = entry
            bib.locations.add(key, display, line)
    _resolve_crossrefs(bib, folded_keys)
    return bib


def _resolve_crossrefs(bib: Bibliography, folded_keys: dict[str, str]) -> None:
    """Replace each child with a copy that has its parent's fields filled in."""
    children = [key for key, entry in bib.entries.items() if "crossref" in entry.fields]
    if not children:
        return
    originals = dict(bib.entries)
    resolved: dict[str, Entry] = {}

    def resolve(key: str, chain: tuple[str, ...]) -> Entry:
        if key in resolved:
            return resolved[key]
        entry = originals[key]
        target = str(entry.fields.get("crossref", "")).strip()
        if not target:
            return entry
        parent_key = folded_keys.get(target.casefold())
        if parent_key is None:
            bib.problems.append(Diagnostic(
                "warning", "bib-crossref",
                f"entry '{key}' has crossref '{target}', which is not in the bibliography; "
                "its fields are not inherited. Fix the key or add the parent entry.",
                *bib.locations.pair(key)))
            resolved[key] = entry
            return entry
        if parent_key in chain or parent_key == key:
            bib.problems.append(Diagnostic(
                "warning", "bib-crossref",
                f"entry '{key}' is part of a crossref cycle ({' -> '.join((*chain, key))}); "
                "remove one of the crossref fields.",
                *bib.locations.pair(key)))
            resolved[key] = entry
            return entry
        parent = resolve(parent_key, (*chain, key))
        merged = _inherit(entry, parent)
        resolved[key] = merged
        return merged

    for key in children:
        bib.entries[key] = resolve(key, ())


def _inherit(child: Entry, parent: Entry) -> Entry:
    """A new entry: the child's fields and persons win; the parent fills the gaps."""
    fields = {}
    title_to_booktitle = child.type in _TITLE_TO_BOOKTITLE
    for name, value in parent.fields.items():
        lower = name.lower()
        if lower in _NOT_INHERITED:
            continue
        if title_to_booktitle and lower == "title":
            if "booktitle" not in child.fields:
                fields["booktitle"] = value
            continue
        fields[name] = value
    for name, value in child.fields.items():
        for existing in [k for k in fields if k.lower() == name.lower()]:
            del fields[existing]
        fields[name] = value
    persons = {role: list(people) for role, people in parent.persons.items()}
    persons.update({role: list(people) for role, people in child.persons.items()})
    merged = Entry(child.original_type, fields=fields, persons=persons)
    merged.key = child.key
    return merged
