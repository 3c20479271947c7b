"""One term per concept: variants to avoid in a translation, from the site's term list.

Pure text processing, no MkDocs. The site keeps its list in a YAML file, a
list of entries such as::

    - use: диференціація
      avoid: [диференціюванн*]
      why: one term for "differentiation", as in the authors' abstract

:func:`load_term_list` reads it (every problem named with file and line),
:func:`find_variants` finds the variants in a text. The text is a Markdown
page as :func:`markdown_text` leaves it (code masked, alt texts kept) or an
SVG figure as :func:`svg_text` leaves it (only what a reader sees or hears).

A variant is matched as whole words: ``*`` ends a word with any ending
(``задіян*`` finds «задіяних»), a space stands for any run of spaces, line
breaks or markup between words. Letters match exactly, so a Latin «C» is not
a Cyrillic «С», except that the first letter may be a capital (a sentence may
start with the variant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from mkdocs_scholar.core.parity_mask import MASK, Lines, blank, decode_entities, mask_code

__all__ = ["TermListError", "TermRule", "find_variants", "load_term_list", "markdown_text",
           "svg_text"]

_KEYS = {"use", "avoid", "why"}
# SVG markup that is never read: tags, comments, CDATA markers, style and script.
_SVG_HIDDEN_RE = re.compile(
    r"<(style|script)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[|\]\]>|<[^<>]*>", re.DOTALL)
_XML_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);")
_GAP = rf"[\s{MASK}]+"


class TermListError(ValueError):
    """A term list that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class TermRule:
    """A preferred term and the variants of the same concept to avoid."""

    use: str
    avoid: tuple[str, ...]
    why: str = ""
    line: int = 0  # of the entry in the term list
    patterns: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Variant:
    """A variant found in a text."""

    line: int
    found: str
    rule: TermRule

    @property
    def message(self) -> str:
        why = f" ({self.rule.why})" if self.rule.why else ""
        return f"«{self.found}»: use «{self.rule.use}»{why}"


def load_term_list(text: str, source: str) -> list[TermRule]:
    """The rules of a term list; :class:`TermListError` names file and line of a problem."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = getattr(error, "problem", None) or error
        raise TermListError(f"{where}: not valid YAML: {problem}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise TermListError(f"{_at(source, root)}: expected a list of entries "
                            "(- use: …, avoid: […], why: …)")
    return [_rule(entry, source) for entry in root.value]


def find_variants(text: str, rules: list[TermRule]) -> list[Variant]:
    """Every variant of *rules* in *text* (already masked), in text order."""
    lines = Lines(text)
    found = []
    for rule in rules:
        for pattern in rule.patterns:
            for match in pattern.finditer(text):
                shown = " ".join(match.group().replace(MASK, " ").split())
                found.append(Variant(lines.at(match.start()), shown, rule))
    return sorted(found, key=lambda v: (v.line, v.found))


def markdown_text(text: str) -> str:
    """A Markdown page with code, comments and front matter masked (same lines).

    Attribute lists stay, so that alt texts (`fig-alt="…"`) are checked with
    the prose.
    """
    return mask_code(decode_entities(text))[0]


def svg_text(svg: str) -> str:
    """An SVG figure's text (titles, descriptions, labels), markup masked (same lines)."""
    masked = _SVG_HIDDEN_RE.sub(lambda m: blank(m.group()), svg)
    return _XML_ENTITY_RE.sub(lambda m: blank(m.group()), masked)


def _rule(entry, source: str) -> TermRule:
    if not isinstance(entry, yaml.MappingNode):
        raise TermListError(f"{_at(source, entry)}: each entry is a mapping with 'use', "
                            "'avoid' and optionally 'why'")
    values = {}
    for key_node, value_node in entry.value:
        key = key_node.value
        if key not in _KEYS:
            raise TermListError(f"{_at(source, key_node)}: unknown key '{key}' "
                                "(expected use, avoid, why)")
        values[key] = value_node
    for key in ("use", "avoid"):
        if key not in values:
            raise TermListError(f"{_at(source, entry)}: the entry has no '{key}'")
    use = _string(values["use"], source, "use")
    why = _string(values["why"], source, "why") if "why" in values else ""
    avoid_node = values["avoid"]
    items = avoid_node.value if isinstance(avoid_node, yaml.SequenceNode) else [avoid_node]
    if not items:
        raise TermListError(f"{_at(source, avoid_node)}: 'avoid' lists no variant")
    avoid = tuple(_string(item, source, "avoid") for item in items)
    patterns = tuple(_pattern(variant, source, node)
                     for variant, node in zip(avoid, items, strict=True))
    return TermRule(use, avoid, why, entry.start_mark.line + 1, patterns)


def _string(node, source: str, key: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise TermListError(f"{_at(source, node)}: '{key}' must be a non-empty text")
    return str(node.value).strip()


def _pattern(variant: str, source: str, node) -> re.Pattern:
    words = variant.split()
    if any("*" in word[:-1] for word in words) or any(word == "*" for word in words):
        raise TermListError(f"{_at(source, node)}: variant '{variant}': '*' may only end a "
                            "word (as in задіян*)")
    parts = []
    for index, word in enumerate(words):
        open_end = word.endswith("*")
        word = word.rstrip("*")
        body = re.escape(word)
        if index == 0 and word[:1].lower() != word[:1].upper():
            body = f"[{re.escape(word[0].lower())}{re.escape(word[0].upper())}]" + re.escape(
                word[1:])
        parts.append(body + (r"\w*" if open_end else r"(?!\w)"))
    return re.compile(r"(?<!\w)" + _GAP.join(parts))


def _at(source: str, node) -> str:
    return f"{source}:{node.start_mark.line + 1}"
