"""Loading .bib files: entries, where each is defined, and what is wrong with them.

Pure core (no MkDocs). :func:`load_bibliography` never raises for bad input:
missing files, syntax errors, duplicate keys and dangling crossrefs become
:class:`~mkdocs_scholar.core.diagnostics.Diagnostic` records with a ``path:line``
the editor can jump to.

This module merges the files and resolves crossrefs into a :class:`Bibliography`.
Parsing one file is :mod:`~mkdocs_scholar.core.bib_parser`'s job; each file is
parsed once per version (:mod:`~mkdocs_scholar.core.bib_cache`), so the pybtex
``Entry`` objects are shared between loads: treat them as read-only.
"""

from __future__ import annotations

import difflib
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pybtex.database import Entry

from mkdocs_scholar.core import bib_cache
from mkdocs_scholar.core.bib_cache import fingerprint
from mkdocs_scholar.core.bib_parser import ParsedFile
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.entry_lang import entry_language

__all__ = [
    "Bibliography",
    "SourceLocation",
    "clear_cache",
    "fingerprint",
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


# Fields a child never inherits through crossref (biblatex's list, abridged).
_NOT_INHERITED = {"crossref", "xref", "ids", "entryset", "label", "shorthand", "sortkey",
                  "options", "related", "execute"}
# Parent title becomes the child's booktitle for these child types.
_TITLE_TO_BOOKTITLE = {"incollection", "inproceedings", "inbook", "conference", "bookinbook",
                       "suppbook", "suppcollection"}


def clear_cache() -> None:
    """Forget every parsed file (tests; long-lived processes that want memory back)."""
    bib_cache.clear_cache()
    with _assembled_lock:
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
        files.append((display, abs_path, bib_cache.load_file(abs_path, display, disk)))
    with _assembled_lock:
        last = _assembled.get("last")
    # The same parses as the last call (the next language of a build, a rebuild
    # after a page edit): the entries and their places as assembled then, in a
    # Bibliography of its own (its own dict and list of problems).
    if last is not None and _same_files(last[0], files):
        made = last[1]
    else:
        made = _assemble(files)
        with _assembled_lock:
            _assembled["last"] = (files, made)  # holds the parses: no id is reused
    return Bibliography(entries=dict(made.entries), locations=made.locations,
                        problems=list(made.problems))


def _same_files(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x[:2] == y[:2] and x[2] is y[2] for x, y in zip(a, b, strict=True))


# The last bibliography assembled, with the parses it was made from.
_assembled: dict[str, tuple[list, Bibliography]] = {}
_assembled_lock = threading.Lock()


def _assemble(files: list[tuple[str, str, ParsedFile | None]]) -> Bibliography:
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
    _check_languages(bib)
    return bib


def _check_languages(bib: Bibliography) -> None:
    for key, entry in bib.entries.items():
        if "langid" not in entry.fields:
            continue
        _, unknown = entry_language(entry.fields)
        if unknown is not None:
            bib.problems.append(Diagnostic(
                "warning", "bib-unknown-language",
                f"entry '{key}' has langid '{unknown}', which names no language; the "
                "entry is shown in the page's language. Use a BibLaTeX name (english, "
                "ukrainian, ngerman) or a BCP 47 tag (en, uk, de-AT).",
                *bib.locations.pair(key)))


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
