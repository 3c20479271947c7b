"""What the Markdown extension finds on one page, before numbers are known."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

from mkdocs_scholar.core.cache_schema import expect, types_are
from mkdocs_scholar.core.crossref import Target
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.disk_cache import Codec
from mkdocs_scholar.core.syntax import CiteItem

TOKEN_START = "\ue000"
TOKEN_END = "\ue001"
TOKEN_RE = re.compile(f"{TOKEN_START}(\\d+){TOKEN_END}")
_STASH_RE = re.compile("\x02[^\x03]*\x03")


@dataclass(frozen=True, slots=True)
class CitationPlaceholder:
    """A citation group or a cross-reference group, as written."""

    items: tuple[CiteItem, ...]
    narrative: bool
    raw: str
    is_crossref: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "is_crossref",
                           any(item.crossref_kind for item in self.items))


@dataclass(frozen=True)
class CaptionPlaceholder:
    label: str  # "Fig. 2." goes here


@dataclass(frozen=True)
class SectionNumberPlaceholder:
    label: str


@dataclass(frozen=True)
class BibliographyPlaceholder:
    pass


@dataclass(frozen=True)
class CiteThisPlaceholder:
    """`::: {#cite-this}`: how to cite the publication itself."""


@dataclass(frozen=True)
class WholeReviewPlaceholder:
    """`::: {#whole-review}`: every page of the language, in navigation order."""


Placeholder = (
    CitationPlaceholder
    | CaptionPlaceholder
    | SectionNumberPlaceholder
    | BibliographyPlaceholder
    | CiteThisPlaceholder
    | WholeReviewPlaceholder
)


def _written(placeholder) -> str:
    return f"{type(placeholder).__name__}\x1f{getattr(placeholder, 'label', '')}"


#: A citation as stored: (raw, narrative, key, prefix, suffix, suppress_author,
#: key, ...), four values per item. See :class:`Placeholders`. The disk cache keeps
#: them between builds (:data:`PACKED_CITATIONS`): a change of shape bumps
#: `disk_cache.SCHEMA`.
PackedCitation = tuple


def pack_citation(raw: str, narrative: bool, items) -> PackedCitation:
    # Flat: the collector stops tracking a tuple once it finds only strings and the
    # like in it, one level per look; nested tuples could stay tracked for long.
    packed = [raw, narrative]
    for item in items:
        packed += item.key, item.prefix, item.suffix, item.suppress_author
    return tuple(packed)


def unpack_citation(packed: PackedCitation) -> CitationPlaceholder:
    items = tuple(CiteItem(*packed[i:i + 4]) for i in range(2, len(packed), 4))
    return CitationPlaceholder(items=items, narrative=packed[1], raw=packed[0])


def _decode_packed(data) -> dict[str, PackedCitation]:
    # {raw: [narrative, (key, prefix, suffix, suppress_author) ...]}, keys not empty;
    # checked column by column, in C (a long review's file holds tens of thousands).
    expect(type(data) is dict, "not an object")
    rows = list(data.values())
    expect(types_are(rows, list) and all(n >= 5 and n % 4 == 1 for n in set(map(len, rows))),
           "a citation")

    def column(start: int):
        return chain.from_iterable(row[start::4] for row in rows)

    expect(types_are(column(0), bool) and types_are(column(1), str) and all(column(1))
           and types_are(column(2), str) and types_are(column(3), str), "a citation")
    return {raw: (raw, *row) for raw, row in zip(data, rows, strict=True)}


#: Citations as parsed, by their text as written, in the disk cache.
PACKED_CITATIONS = Codec("citations", lambda parsed: {raw: list(packed[1:])
                                                      for raw, packed in parsed.items()},
                         _decode_packed)


def bare_key(packed: PackedCitation) -> str | None:
    """The key of `[@key]` (one key, no affixes, not narrative; a `-` before the `@`
    changes nothing in a number), most citations of a review; None for any other."""
    if len(packed) == 6 and not (packed[1] or packed[3] or packed[4]):
        return packed[2]
    return None


class Placeholders(Sequence):
    """A page's placeholders, in order, with each citation kept as a flat tuple of
    strings (a :data:`PackedCitation`).

    A long review has tens of thousands of citations. As objects (a group, its
    items), each would be visited by every full garbage collection of the build;
    tuples of strings are not tracked by the collector. They are also what the
    reader keeps from one build to the next, so that a rebuild parses only the
    citations that are new. Reading a citation by index gives it back as a
    :class:`CitationPlaceholder`.
    """

    __slots__ = ("_items",)

    def __init__(self, placeholders=()):
        self._items: list = []
        for placeholder in placeholders:
            self.append(placeholder)

    def append(self, placeholder: Placeholder) -> None:
        if type(placeholder) is CitationPlaceholder:
            placeholder = pack_citation(placeholder.raw, placeholder.narrative,
                                        placeholder.items)
        self._items.append(placeholder)

    def append_packed(self, packed: PackedCitation) -> int:
        """Append a citation already packed; returns its index."""
        items = self._items
        items.append(packed)
        return len(items) - 1

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._items)))]
        item = self._items[index]
        return unpack_citation(item) if type(item) is tuple else item

    def __eq__(self, other) -> bool:
        if isinstance(other, Placeholders):
            return self._items == other._items
        return NotImplemented

    __hash__ = None  # mutable

    def stored(self, index: int):
        """Placeholder `index` as kept: a citation still packed, as a tuple."""
        return self._items[index]

    def written(self) -> list[str]:
        """What each token stands for: a citation's text, or the kind and label of
        any other placeholder."""
        return [item[0] if type(item) is tuple else _written(item) for item in self._items]

    def cited(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """(index, text as written, keys) of each citation, without making objects."""
        return [(index, item[0], item[2::4]) for index, item in enumerate(self._items)
                if type(item) is tuple]


@dataclass
class PageRecord:
    """Everything one page holds: placeholders in order, labels defined, problems."""

    src: str  # source path relative to docs_dir, e.g. "en/introduction.md"
    lang: str
    markdown: str
    placeholders: Placeholders = field(default_factory=Placeholders)
    targets: list[Target] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    nocite: list[str] = field(default_factory=list)  # keys from front matter; "*" for all
    nocite_line: int = 0  # line of the `nocite:` key in the front matter
    line_offset: int = 0  # lines of front matter above `markdown` in the file
    _search_from: dict[str, int] = field(default_factory=dict)
    # Kinds of placeholder other than citations on the page: asked of every page
    # (is the bibliography here?), which a scan of its citations would answer slowly.
    _kinds: set[type] = field(default_factory=set)

    def add(self, placeholder: Placeholder) -> str:
        """Append a placeholder (or `add_citation`); returns its token."""
        self.placeholders.append(placeholder)
        if type(placeholder) is not CitationPlaceholder:
            self._kinds.add(type(placeholder))
        return f"{TOKEN_START}{len(self.placeholders) - 1}{TOKEN_END}"

    def add_citation(self, packed: PackedCitation) -> str:
        """Append a citation already packed (see `pack_citation`); returns its token."""
        return f"{TOKEN_START}{self.placeholders.append_packed(packed)}{TOKEN_END}"

    def holds(self, *kinds: type) -> bool:
        """Whether the page has a placeholder of one of these kinds (not citations)."""
        return any(kind in self._kinds for kind in kinds)

    def define(self, target: Target, needle: str) -> None:
        target.line = self.line_of(needle)
        self.targets.append(target)

    def problem(self, level: str, code: str, needle: str, message: str) -> None:
        line, column = self.position_of(needle, advance=False)
        self.problems.append(Diagnostic(level, code, message, self.src, line, column))

    def cited(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """(index, text as written, keys) of each citation on the page."""
        return self.placeholders.cited()

    def line_of(self, needle: str, advance: bool = True) -> int:
        return self.position_of(needle, advance)[0]

    def position_of(self, needle: str, advance: bool = True) -> tuple[int, int]:
        """1-based (line, column) of the next occurrence of `needle` in the source.

        Successive calls with the same needle move forward, so a key cited
        twice gets the place of each occurrence in turn. (0, 0) when not found.
        """
        start = self._search_from.get(needle, 0)
        position = self.markdown.find(needle, start)
        if position < 0:
            position = self.markdown.find(needle)
            if position < 0:
                return 0, 0
        if advance:
            self._search_from[needle] = position + len(needle)
        # Counted in C each time: a page asks for a few places (its labels, its
        # problems), and a table of line starts would cost more to build.
        line_start = self.markdown.rfind("\n", 0, position) + 1
        line = self.markdown.count("\n", 0, position) + 1
        return self.line_offset + line, position - line_start + 1

    @staticmethod
    def plain_text(text: str) -> str:
        """Text without placeholder tokens or Python-Markdown stash markers."""
        return _STASH_RE.sub("", TOKEN_RE.sub("", text))


def front_matter_lines(source: str, markdown: str) -> int:
    """Lines above `markdown` in the file `source` (YAML front matter), for line numbers."""
    if not source.startswith("---") or not markdown:
        return 0
    position = source.find(markdown.lstrip()[:200])
    return source.count("\n", 0, position) if position > 0 else 0


def front_matter_line(source: str, key: str) -> int:
    """1-based line of a top-level `key:` in the YAML front matter of `source`; 0 if absent."""
    if not source.startswith("---"):
        return 0
    for number, line in enumerate(source.splitlines()[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return 0
        if line.startswith(key) and line[len(key):].lstrip().startswith(":"):
            return number
    return 0


def parse_nocite(value) -> list[str]:
    """Pandoc's `nocite` front matter: "@*", "@a, @b" or a list of "@key"."""
    if not value:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return [str(item).strip().lstrip("@").strip("{}") for item in value if str(item).strip()]
