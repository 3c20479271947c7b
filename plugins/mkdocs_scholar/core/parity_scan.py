"""Reading one Markdown page into the facts a translation must share with it.

Pure text processing, no MkDocs: :func:`scan_markdown` collects the citation
keys, cross-reference labels and numbers of a page, each with the lines it
occurs on, into :class:`PageFacts`; :func:`prose_text` is the page with
everything but prose masked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from mkdocs_scholar.core.parity_mask import (
    Lines,
    blank,
    decode_entities,
    mask_code,
    mask_links_and_addresses_before_citations,
    mask_remaining_markup,
)
from mkdocs_scholar.core.parity_numbers import number_tokens
from mkdocs_scholar.core.syntax import KEY, crossref_kind, find_citations

__all__ = ["PageFacts", "prose_text", "scan_markdown"]

# Label kinds that may be *defined* by an attribute list (pandoc-crossref).
_DEFINABLE_KINDS = ("fig", "tbl", "sec", "eq")

# `{#id key="value" .class}`: quoted values may hold braces and quotes of the other kind.
_ATTRS_RE = re.compile(r"""\{[ \t]*(?=[#.])(?:[^{}"'\n]|"[^"]*"|'[^']*')*\}""")
_ATTR_ID_RE = re.compile(r"""^\{[ \t]*#(?P<id>[^\s}"']+)""")
_KEY_RE = re.compile(rf"-?@{KEY}")


@dataclass
class PageFacts:
    """What a page cites, labels and counts, and on which lines (1-based)."""

    citation_keys: Counter[str] = field(default_factory=Counter)
    labels_defined: set[str] = field(default_factory=set)
    labels_referenced: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    citation_lines: dict[str, list[int]] = field(default_factory=dict)
    definition_lines: dict[str, list[int]] = field(default_factory=dict)
    reference_lines: dict[str, list[int]] = field(default_factory=dict)
    number_lines: dict[str, list[int]] = field(default_factory=dict)


def scan_markdown(text: str) -> PageFacts:
    """Collect the citation keys, labels and numbers of one Markdown page."""
    facts = PageFacts()
    masked, lines = mask_code(decode_entities(text))
    masked = _take_labels(masked, lines, facts)
    masked = mask_links_and_addresses_before_citations(masked)
    masked = _take_citations(masked, lines, facts)
    masked = mask_remaining_markup(masked)
    for token in number_tokens(masked):
        if not token.identifier:
            _add(facts.numbers, facts.number_lines, token.value, lines.at(token.start))
    return facts


def prose_text(text: str) -> str:
    """The page with everything but prose masked (same lines as *text*).

    Masked: front matter, code, comments, HTML tags, attribute lists, link
    targets, URLs, DOIs, e-mail addresses, citation keys, cross-reference
    labels, chemical charges and ordered-list numbers.
    """
    masked, lines = mask_code(decode_entities(text))
    masked = _take_labels(masked, lines, PageFacts())
    masked = mask_links_and_addresses_before_citations(masked)
    masked = _take_citations(masked, lines, PageFacts())
    return mask_remaining_markup(masked)


def _take_labels(masked: str, lines: Lines, facts: PageFacts) -> str:
    """Record `{#fig:x …}` label definitions; mask every attribute list."""
    def take(match: re.Match) -> str:
        ident = _ATTR_ID_RE.match(match.group())
        if ident:
            label = ident.group("id")
            kind = crossref_kind(label)
            if kind in _DEFINABLE_KINDS:
                label = f"{kind}:{label.split(':', 1)[1]}"
                facts.labels_defined.add(label)
                facts.definition_lines.setdefault(label, []).append(lines.at(match.start()))
        return blank(match.group())
    return _ATTRS_RE.sub(take, masked)


def _take_citations(masked: str, lines: Lines, facts: PageFacts) -> str:
    """Record citation keys and label references; mask the `@key` parts only.

    Prefixes and locators (`[see @a, p. 3]`) stay: they are prose.
    """
    spans = []
    for start, end, items, _narrative in find_citations(masked):
        keys = [m.span() for m in _KEY_RE.finditer(masked, start, end)]
        for index, item in enumerate(items):
            # The n-th `@key` of the match is the n-th item; fall back to the match start.
            span = keys[index] if index < len(keys) else (start, start)
            if item.crossref_kind is None:
                _add(facts.citation_keys, facts.citation_lines, item.key, lines.at(span[0]))
            else:
                _add(facts.labels_referenced, facts.reference_lines, item.label,
                     lines.at(span[0]))
            spans.append(span)
    chars = list(masked)
    for start, end in spans:
        chars[start:end] = blank(masked[start:end])
    return "".join(chars)


def _add(counter: Counter, where: dict[str, list[int]], value: str, line: int) -> None:
    counter[value] += 1
    where.setdefault(value, []).append(line)
