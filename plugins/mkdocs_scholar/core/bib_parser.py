"""Parsing one .bib file with pybtex into entries, their lines and their problems.

Pure core (no MkDocs). Parsing never raises for bad input: syntax errors,
undefined @strings, malformed names and bad encodings become
:class:`~mkdocs_scholar.core.diagnostics.Diagnostic` records. Author and editor
names are kept as written and parsed on first use (see ``_LazyEntry``).
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import OrderedCaseInsensitiveDict

from mkdocs_scholar.core import collector
from mkdocs_scholar.core.diagnostics import Diagnostic

__all__ = ["ParsedFile", "entry_from_parts", "entry_parts", "parse_file"]


@dataclass(frozen=True)
class ParsedFile:
    """The cached result of parsing one file version (shared, read-only)."""

    # In file order, duplicates kept. Three tuples rather than one of (key, entry,
    # line) triples: thousands of those would be objects for the garbage collector.
    keys: tuple[str, ...]
    entries: tuple[Entry, ...]
    lines: tuple[int, ...]
    problems: tuple[Diagnostic, ...]


# "@type{key," or "@type ( key ," — the start of an entry, to find its line.
_ENTRY_START = re.compile(
    r"@[ \t]*(?P<type>[A-Za-z][\w.:+-]*)\s*(?:\{\s*(?P<bkey>[^\s,}]+)|\(\s*(?P<pkey>[^\s,]+))"
)
_NOT_ENTRIES = {"string", "preamble", "comment"}


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

    def release_names(self) -> None:
        """Forget the parsed names (they take more memory than the rest of the
        entry); the next use of `persons` parses them again."""
        with _lazy_lock:
            if self._raw_source:
                self._persons = None


def entry_parts(entry: _LazyEntry) -> tuple[str, list, list]:
    """What rebuilds a parsed entry (see `entry_from_parts`): its type as written,
    its fields and its names as written."""
    return entry.original_type, list(entry.fields.items()), list(entry._raw_source)


def entry_from_parts(type_: str, key: str, fields, raw_persons) -> Entry:
    entry = _LazyEntry(type_, fields=fields, raw_persons=raw_persons)
    entry.key = key
    return entry


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
        # Located at the first bad byte, so an editor can find it in a long file.
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        before = raw[line_start:error.start].decode("utf-8-sig")  # valid: the first bad byte
        return raw.decode("cp1252", errors="replace"), Diagnostic(
            "warning", "bib-encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); it was read as "
            "Windows-1252. Save it as UTF-8.",
            line=raw.count(b"\n", 0, error.start) + 1, column=len(before) + 1)


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


def parse_file(abs_path: str, display: str) -> ParsedFile:
    """Read and parse the file at `abs_path`; messages name it `display`."""
    problems: list[Diagnostic] = []
    text, encoding_problem = _read_text(abs_path)
    if encoding_problem:
        problems.append(replace(encoding_problem, path=display))
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
    return ParsedFile(tuple(keys), tuple(entries), tuple(entry_lines), tuple(problems))


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

