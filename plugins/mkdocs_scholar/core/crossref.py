"""Numbered figures, tables and sections: numbering and reference text.

Pure core: it knows targets (label, kind, page, title) and the order of
pages, and returns numbers and the pieces of a reference such as
"figs. 1–3". The Markdown extension collects targets; the renderer turns
pieces into HTML.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mkdocs_scholar.core.numbering import compress
from mkdocs_scholar.core.syntax import CiteItem


@dataclass
class Target:
    """Something a `@kind:name` reference can point at."""

    label: str  # "fig:direct-effects"
    kind: str  # "fig" | "tbl" | "sec"
    page: str  # source path of the page that holds it (language folder included)
    title: str  # caption or heading text
    line: int = 0
    level: int = 0  # heading level, for sections
    image: str | None = None  # image URL as written in the page, for previews
    number: str | None = None


@dataclass(frozen=True)
class Terms:
    """Words for one language, from the locale file (`crossref:` section)."""

    ref: Mapping[str, Sequence[str]]  # kind -> (singular, plural), lower case
    caption: Mapping[str, str]  # kind -> caption label ("Fig.", "Table")
    caption_separator: str = ". "
    range_dash: str = "\u2013"
    list_separator: str = ", "

    @classmethod
    def from_mapping(cls, data: Mapping) -> Terms:
        return cls(
            ref={kind: tuple(words) for kind, words in data.get("ref", {}).items()},
            caption=dict(data.get("caption", {})),
            caption_separator=data.get("caption_separator", ". "),
            range_dash=data.get("range_dash", "\u2013"),
            list_separator=data.get("list_separator", ", "),
        )

    def prefix(self, kind: str, plural: bool, capital: bool) -> str:
        words = self.ref.get(kind) or (kind, kind)
        word = words[1 if plural and len(words) > 1 else 0]
        return word[:1].upper() + word[1:] if capital else word


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    target: Target


@dataclass(frozen=True)
class Missing:
    label: str


Piece = Text | Link | Missing


@dataclass
class Outline:
    """A nav entry for section numbering: a page with its labelled headings,
    or a nav section with children."""

    children: list[Outline] = field(default_factory=list)
    headings: list[Target] = field(default_factory=list)  # labelled headings of a page

    @property
    def is_page(self) -> bool:
        return not self.children


def number_figures_and_tables(targets_in_order: Sequence[Target]) -> None:
    """Number figures and tables 1, 2, 3 ... per kind, in the order given
    (navigation order of pages, document order within a page)."""
    counters: dict[str, int] = {}
    for target in targets_in_order:
        if target.kind in ("fig", "tbl"):
            counters[target.kind] = counters.get(target.kind, 0) + 1
            target.number = str(counters[target.kind])


def number_sections(outline: Sequence[Outline], prefix: tuple[int, ...] = ()) -> None:
    """Give labelled headings hierarchical numbers that follow the navigation.

    A page whose first labelled heading is level 1 takes the next number at
    its nav depth; its deeper labelled headings number below it. A nav
    section takes a number when it holds numbered pages. Unlabelled pages
    (home, references) take none.
    """
    counter = 0
    for node in outline:
        if node.is_page:
            headings = node.headings
            if not headings or headings[0].level != 1:
                continue
            counter += 1
            _number_page(headings, prefix + (counter,))
        elif _has_numbered_page(node):
            counter += 1
            number_sections(node.children, prefix + (counter,))


def _has_numbered_page(node: Outline) -> bool:
    if node.is_page:
        return bool(node.headings) and node.headings[0].level == 1
    return any(_has_numbered_page(child) for child in node.children)


def _number_page(headings: Sequence[Target], base: tuple[int, ...]) -> None:
    stack: list[int] = []
    for heading in headings:
        if heading.level <= 1:
            stack = []
            heading.number = ".".join(map(str, base))
            continue
        depth = heading.level - 1
        stack = stack[:depth]
        while len(stack) < depth:
            stack.append(0)
        stack[depth - 1] += 1
        heading.number = ".".join(map(str, base + tuple(stack)))


def reference_pieces(
    items: Sequence[CiteItem],
    targets: Mapping[str, Target],
    terms: Terms,
    *,
    section_titles: bool,
) -> list[Piece]:
    """The text of a reference group, e.g. `figs. 1–3` or `fig. 1; table 2`.

    Items of one kind share one prefix; a different kind starts a new part.
    `[-@fig:x]` drops the prefix. Sections show their title when numbers are off.
    """
    pieces: list[Piece] = []
    for index, (kind, group) in enumerate(_group_by_kind(items)):
        if index:
            pieces.append(Text("; "))
        pieces.extend(_kind_pieces(kind, group, targets, terms, section_titles))
    return pieces


def _group_by_kind(items: Sequence[CiteItem]) -> list[tuple[str, list[CiteItem]]]:
    groups: list[tuple[str, list[CiteItem]]] = []
    for item in items:
        kind = item.crossref_kind or "?"
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(item)
        else:
            groups.append((kind, [item]))
    return groups


def _kind_pieces(kind, items, targets, terms, section_titles) -> list[Piece]:
    found = [(item, targets.get(item.label)) for item in items]
    numbered = [(item, t) for item, t in found if t is not None and t.number]
    missing = [Missing(item.label) for item, t in found if t is None]
    pieces: list[Piece] = []
    if kind == "sec" and section_titles:
        for index, target in enumerate(t for _, t in found if t is not None):
            if index:
                pieces.append(Text(terms.list_separator))
            pieces.append(Link(target.title, target))
        return _with_missing(pieces, missing, terms)
    if numbered:
        first = items[0]
        if not first.suppress_author:
            plural = len(numbered) > 1
            prefix = first.prefix + " " if first.prefix else ""
            pieces.append(Text(prefix + terms.prefix(kind, plural, first.capitalized) + "\u00a0"))
        pieces.extend(_number_pieces(numbered, terms))
        suffix = items[-1].suffix
        if suffix:
            pieces.append(Text(suffix if suffix[0] in ",;" else " " + suffix))
    return _with_missing(pieces, missing, terms)


def _with_missing(pieces: list[Piece], missing: list[Missing], terms: Terms) -> list[Piece]:
    for item in missing:
        if pieces:
            pieces.append(Text(terms.list_separator))
        pieces.append(item)
    return pieces


def _number_pieces(numbered, terms: Terms) -> list[Piece]:
    by_number: dict[str, Target] = {t.number: t for _, t in numbered}
    if all(number.isdigit() for number in by_number):
        pieces: list[Piece] = []
        for index, run in enumerate(compress([int(n) for n in by_number])):
            if index:
                pieces.append(Text(terms.list_separator))
            pieces.append(Link(str(run.first), by_number[str(run.first)]))
            if run.is_range:
                pieces.append(Text(terms.range_dash))
                pieces.append(Link(str(run.last), by_number[str(run.last)]))
        return pieces
    pieces = []
    for index, (number, target) in enumerate(by_number.items()):
        if index:
            pieces.append(Text(terms.list_separator))
        pieces.append(Link(number, target))
    return pieces


def close_labels(label: str, known: Sequence[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(label, list(known), n=n, cutoff=0.6)
