"""Second phase: with every page of a language read, fix numbers and targets.

Pure: takes page records in navigation order, the bibliography and a
formatter; returns numbers, targets, formatted entries and problems. The
plugin and the check command both call :func:`resolve`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mkdocs_scholar.core import crossref
from mkdocs_scholar.core.bibliography import Bibliography
from mkdocs_scholar.core.crossref import Outline, Target
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.entry_lang import entry_language
from mkdocs_scholar.core.formatting import FormattedEntry
from mkdocs_scholar.core.numbering import FirstAppearanceOrder
from mkdocs_scholar.core.records import BibliographyPlaceholder, PageRecord
from mkdocs_scholar.core.syntax import CROSSREF_KINDS, crossref_kind, crossref_label, label_kind

#: Where a key is cited: page, id of the citation there, page, id, ... in one
#: flat tuple of strings. A long review has tens of thousands of places: as
#: pairs, each would be an object for the garbage collector to count and visit.
Occurrences = tuple[str, ...]


@dataclass
class Resolution:
    lang: str
    order: FirstAppearanceOrder
    listed: list[str]  # keys of the bibliography list, in number order
    occurrences: dict[str, Occurrences]  # see Occurrences; `places` pairs them up
    targets: dict[str, Target]
    formatted: dict[str, FormattedEntry]
    bibliography_page: str | None
    problems: list[Diagnostic] = field(default_factory=list)
    previews: dict[str, str] = field(default_factory=dict)  # key -> preview HTML, made once
    # key -> the work's language (BCP 47), for entries whose language is known
    languages: dict[str, str] = field(default_factory=dict)
    #: An author-date style's cites (core.csl_authordate.InText), else None: numbers.
    intext: object = None
    #: The site's year suffixes and given names (author-date styles), else None.
    disambiguation: object = None

    def __post_init__(self):
        self.number = self.order.get  # key -> number or None; see FirstAppearanceOrder

    def places(self, key: str) -> list[tuple[str, str]]:
        """(page, citation id) of every place `key` is cited, in order."""
        flat = self.occurrences.get(key, ())
        return list(zip(flat[::2], flat[1::2], strict=True))


def citation_anchor(index: int) -> str:
    return f"cite-{index}"


def resolve(
    records: Sequence[PageRecord],
    bibliography: Bibliography,
    formatter,
    *,
    lang: str,
    seed: Sequence[str] = (),
    outline: Sequence[Outline] = (),
    translation_of: str | None = None,
    disambiguation=None,
) -> Resolution:
    """Number citations and labels for one language.

    `records` are in navigation order (pages outside the nav last). `seed` is
    the default language's citation order, so a translation keeps its numbers.
    With an author-date style, `disambiguation` is the default language's year
    suffixes and given names, so a translation's cites read the same.
    """
    problems: list[Diagnostic] = []
    order = FirstAppearanceOrder(seed)
    seeded = set(seed)
    occurrences: dict[str, list[str]] = {}
    targets = _collect_targets(records, problems)
    crossref.number_figures_and_tables(list(targets.values()))
    crossref.number_sections(outline)

    bibliography_page = None
    entries = bibliography.entries
    add = order.add
    nocite_all = False
    nocite: list[tuple[str, str, int]] = []  # key, page, line of its front matter
    for record in records:
        for problem in record.problems:
            problems.append(problem)
        if record.holds(BibliographyPlaceholder):
            if bibliography_page is None:
                bibliography_page = record.src
            else:
                problems.append(Diagnostic(
                    "warning", "refs-duplicate",
                    f"a second '::: {{#refs}}' block; the bibliography is already on "
                    f"{bibliography_page}. Remove one of them.",
                    record.src, record.line_of("{#refs", advance=False)))
        nocite_all = nocite_all or "*" in record.nocite
        nocite.extend((key, record.src, record.nocite_line) for key in record.nocite
                      if key != "*")
        citations = record.cited()
        places = _Places(record, citations)
        src = record.src
        for n, (index, _, keys) in enumerate(citations):
            anchor = None
            for key in keys:
                if ":" in key and (label := crossref_label(key)) is not None:
                    if label not in targets:
                        problems.append(_undefined_label(label, targets, src, *places[n]))
                    continue
                if key not in entries:
                    problems.append(_unknown_key(key, bibliography, src, *places[n]))
                    continue
                if seed and key not in seeded and key not in order:
                    problems.append(Diagnostic(
                        "warning", "cite-translation-only",
                        f"'{key}' is cited here but nowhere in the {translation_of or 'default'}"
                        " edition; it is numbered after the others. Cite it in both languages.",
                        src, *places[n]))
                add(key)
                if anchor is None:
                    anchor = citation_anchor(index)
                found = occurrences.get(key)
                if found is None:
                    occurrences[key] = [src, anchor]
                else:
                    found += src, anchor

    listed = [key for key in order.keys() if key in occurrences or key in seeded]
    extra = [(key, "", 0) for key in bibliography.entries] if nocite_all else nocite
    for key, src, line in extra:
        if key not in bibliography:
            matches = bibliography.close_matches(key)
            hint = f" (did you mean {_quoted(matches)}?)" if matches else ""
            problems.append(Diagnostic(
                "warning", "nocite-unknown-key",
                f"nocite names '{key}', which is not in the bibliography{hint}", src, line))
        elif key not in order:
            order.add(key)
            listed.append(key)
        elif key not in listed:
            listed.append(key)
    if formatter.sorted_numbers and not seed:
        # The numbers follow the sorted list; a translation keeps them (its seed).
        ranked = formatter.sort(entries, listed)
        order = FirstAppearanceOrder([*ranked, *(k for k in order.keys() if k not in ranked)])
    listed.sort(key=order.get)

    if occurrences and bibliography_page is None:
        problems.append(Diagnostic(
            "warning", "refs-missing",
            "pages cite references but no page has a '::: {#refs}' block; add one "
            "(usually to references.md) so the numbers can link to the list",
            records[0].src if records else "", 0))

    intext = None
    if formatter.author_date:
        if disambiguation is None or not set(listed) <= disambiguation.keys:
            # Decided over the default language's keys, and any a translation adds.
            disambiguation = formatter.disambiguate(
                entries, list(dict.fromkeys([*sorted(disambiguation.keys if disambiguation
                                                      else ()), *listed])))
        # The style's order (author, year), in the page language's collation.
        listed = formatter.sort(entries, listed)
        formatted = formatter.format(entries, listed, disambiguation)
        intext = formatter.in_text(entries, listed, disambiguation)
    else:
        disambiguation = None
        formatted = formatter.format(bibliography.entries, listed)
    for key in listed:
        entry = formatted[key]
        if entry.missing:
            location = bibliography.locations.get(key)
            problems.append(Diagnostic(
                "warning", "bib-missing-field",
                f"entry '{key}' lacks {', '.join(entry.missing)}, which the style needs; "
                "it is shown without them",
                location.path if location else "", location.line if location else 0))
    problems = _one_missing_extension(problems)
    # Tuples of strings, which the garbage collector stops walking; thousands of
    # lists it would visit on every full collection.
    frozen = {key: tuple(found) for key, found in occurrences.items()}
    languages = {}
    for key in listed:
        tag, _ = entry_language(bibliography.entries[key].fields)
        if tag is not None:
            languages[key] = tag
    return Resolution(lang, order, listed, frozen, targets, formatted,
                      bibliography_page, problems, languages=languages, intext=intext,
                      disambiguation=disambiguation)


class _Places:
    """(line, column) of each citation of a page, found only when a problem needs one.

    Finding them is a search of the page's source per citation; most pages have
    no problem at all."""

    def __init__(self, record: PageRecord, citations):
        self.record = record
        self.citations = citations
        self.found: list[tuple[int, int]] | None = None

    def __getitem__(self, n: int) -> tuple[int, int]:
        if self.found is None:
            # In order: a citation written twice gets each place in turn.
            self.found = [self.record.position_of(raw) for _, raw, _ in self.citations]
        return self.found[n]


def _collect_targets(records: Sequence[PageRecord],
                     problems: list[Diagnostic]) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for record in records:
        for target in record.targets:
            first = targets.get(target.label)
            if first is not None:
                problems.append(Diagnostic(
                    "error", "label-duplicate",
                    f"label '{target.label}' is defined twice: here and at "
                    f"{first.page}:{first.line}. Give one of them another name.",
                    record.src, target.line))
                continue
            targets[target.label] = target
    return targets


def _undefined_label(label: str, targets, path: str, line: int, column: int) -> Diagnostic:
    kind = label_kind(label)
    if kind not in CROSSREF_KINDS:
        return Diagnostic("warning", "label-unknown-prefix",
                       f"'{label}' has an unknown label prefix; use one of "
                       f"{', '.join(CROSSREF_KINDS)}", path, line, column)
    matches = crossref.close_labels(label, [t for t in targets if crossref_kind(t) == kind])
    hint = f" (did you mean {_quoted(matches)}?)" if matches else ""
    return Diagnostic("warning", "label-undefined",
                   f"undefined label '{label}'{hint}", path, line, column)


def _unknown_key(key: str, bibliography: Bibliography, path: str, line: int,
                 column: int) -> Diagnostic:
    matches = bibliography.close_matches(key)
    hint = f" (did you mean {_quoted(matches)}?)" if matches else ""
    return Diagnostic("warning", "cite-unknown-key",
                   f"unknown citation key '{key}'{hint}", path, line, column)


def _one_missing_extension(problems: list[Diagnostic]) -> list[Diagnostic]:
    """attr_list missing: its first message, and none of the undefined figure and
    section labels that follow from it."""
    missing = [p for p in problems if p.code == "config-markdown-extension"]
    if not missing:
        return problems
    pages = {p.path for p in missing} - {missing[0].path}
    first = missing[0]
    if pages:
        first = replace(first, message=f"{first.message}; the same on {len(pages)} other "
                                       f"page{'s' if len(pages) > 1 else ''}")
    unread = ("label-undefined", "label-unknown-prefix")
    return [first] + [p for p in problems if p.code != "config-markdown-extension" and not (
        p.code in unread and ("'fig:" in p.message or "'sec:" in p.message))]


def _quoted(names: Sequence[str]) -> str:
    return " or ".join(f"'{name}'" for name in names)

