"""Translation parity: facts a translated page must share with its original.

Pure text processing, no MkDocs: :func:`scan_markdown` reads one Markdown page
into :class:`PageFacts` (citation keys, cross-reference labels, numbers, each
with the lines it occurs on), :func:`compare_pages` lists what a translation
lost or gained, and :func:`page_pairs` pairs the pages of two language folders.

Non-prose parts of a page are *masked*: every character of them except
newlines is replaced by :data:`MASK`, so offsets and line numbers survive and
masked text can neither join two numbers nor glue a digit to a letter.

A number is a run of digits, optionally with thousands separators (space,
U+00A0, U+202F, or a comma before exactly three digits) and a decimal part
(point or comma); it is normalised to digits and a decimal point, so "1,58",
"1.58", "119 755" and "119,755" compare equal. A digit run touching a letter
(any script, or `_`) on either side, or joined by a hyphen to a preceding letter run, is
part of an identifier (Notch1, FGF23, TRAP-5b, CTX-1) and not a number.

The helpers :func:`prose_text`, :func:`script_letters` and
:func:`ukrainian_typography` serve the language and typography checks of
translated pages.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_scholar.core.syntax import KEY, crossref_kind, find_citations

#: Replaces every masked (non-prose) character; neither a letter, a digit nor a space.
MASK = "\x00"

#: Codes of :class:`Difference`.
CITATIONS = "parity-citations"
LABELS = "parity-labels"
NUMBERS = "parity-numbers"

# Label kinds that may be *defined* by an attribute list (pandoc-crossref).
_DEFINABLE_KINDS = ("fig", "tbl", "sec", "eq")

_SPACE_SEPARATORS = " \u00a0\u202f"

# -- masking patterns -------------------------------------------------------

_FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A code span: a backtick run and the next run of the same length, within one
# paragraph (no blank line between), as in CommonMark.
_CODE_SPAN_RE = re.compile(
    r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL
)
# `{#id key="value" .class}`: quoted values may hold braces and quotes of the other kind.
_ATTRS_RE = re.compile(r"""\{[ \t]*(?=[#.])(?:[^{}"'\n]|"[^"]*"|'[^']*')*\}""")
_ATTR_ID_RE = re.compile(r"""^\{[ \t]*#(?P<id>[^\s}"']+)""")
_REF_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]:?")
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_EMAIL_RE = re.compile(r"(?<![\w.+\\-])[\w.+\\-]*\w@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_KEY_RE = re.compile(rf"-?@{KEY}")
# A link or image: its `[text]` (one level of nested brackets) and its
# `(target "title")` or `[ref]`; only the target is masked, the text is prose.
_LINK_RE = re.compile(
    r"\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]"
    r"(?P<target>\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\[\]\n]*\])"
)
_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\[\]()\"']*[^\s<>\[\]()\"'.,;:!?]|\bwww\.[^\s<>]+")
_DOI_RE = re.compile(r"\b10\.\d{4,9}/[^\s<>\[\]()\"']*[^\s<>\[\]()\"'.,;:!?]")
_CODE_POINT_RE = re.compile(r"\bU\+[0-9A-Fa-f]{4,6}\b")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# Chemical notation: an ion's charge with its element (`Mg^2+^`), a charge alone
# (`^2+^`), a super- or subscript right after a letter or bracket (`H~2~O`).
_CHEMISTRY_RE = re.compile(
    r"(?:[A-Z][a-z]?)?\^\d*[+\-\u2212]\^"
    r"|(?:(?<=[^\W\d_])|(?<=[\])]))(?:\^\d+\^|(?<!~)~\d+~(?!~))"
)
_LIST_NUMBER_RE = re.compile(r"^[ \t]*\d{1,9}[.)](?=[ \t]|$)")

# -- numbers ----------------------------------------------------------------

# A digit run and everything that may join it into one number: separators
# followed by more digits. The parser below decides how to split it.
_NUMBER_RUN_RE = re.compile(rf"\d+(?:(?:[.,]|[{_SPACE_SEPARATORS}])\d+)*")
_SEPARATOR_RE = re.compile(rf"([.,{_SPACE_SEPARATORS}])")


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


@dataclass(frozen=True)
class Difference:
    """One fact that differs between a page and its translation."""

    code: str
    message: str
    line_default: int = 0
    line_translation: int = 0
    subject: str = ""  # the key, label or number concerned


@dataclass(frozen=True)
class NumberToken:
    """A number (or an identifier's digits) found in prose."""

    start: int
    end: int
    raw: str
    value: str  # normalised: no thousands separators, decimal point
    identifier: bool


# -- public API ---------------------------------------------------------------


def scan_markdown(text: str) -> PageFacts:
    """Collect the citation keys, labels and numbers of one Markdown page."""
    facts = PageFacts()
    masked, lines = _mask_code(_decode_entities(text))
    masked = _take_labels(masked, lines, facts)
    masked = _mask_links_and_addresses_before_citations(masked)
    masked = _take_citations(masked, lines, facts)
    masked = _mask_remaining_markup(masked)
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
    masked, lines = _mask_code(_decode_entities(text))
    masked = _take_labels(masked, lines, PageFacts())
    masked = _mask_links_and_addresses_before_citations(masked)
    masked = _take_citations(masked, lines, PageFacts())
    return _mask_remaining_markup(masked)


def compare_pages(default: PageFacts, translation: PageFacts) -> list[Difference]:
    """What *translation* lacks or adds compared with the *default*-language page.

    Citation keys compare as multisets (each citation must survive), labels as
    sets, numbers one way only: every number of the default page must occur in
    the translation, which may repeat or add numbers as its prose needs.
    """
    differences = []
    for key in sorted(set(default.citation_keys) | set(translation.citation_keys)):
        ours, theirs = default.citation_keys[key], translation.citation_keys[key]
        if ours == theirs:
            continue
        d_lines = default.citation_lines.get(key, [])
        t_lines = translation.citation_lines.get(key, [])
        if ours > theirs:
            side = f"missing {ours - theirs} in the translation"
            # The first occurrence without a counterpart on the other side.
            line_d, line_t = d_lines[theirs], (t_lines[0] if t_lines else 0)
        else:
            side = f"{theirs - ours} extra in the translation"
            line_d, line_t = (d_lines[0] if d_lines else 0), t_lines[ours]
        differences.append(Difference(
            CITATIONS,
            f"citation key '{key}': cited {ours}× in the default-language page and "
            f"{theirs}× in the translation ({side})",
            line_d, line_t, key))
    for what, ours, theirs, d_lines, t_lines in (
        ("defined", default.labels_defined, translation.labels_defined,
         default.definition_lines, translation.definition_lines),
        ("referenced", set(default.labels_referenced), set(translation.labels_referenced),
         default.reference_lines, translation.reference_lines),
    ):
        for label in sorted(ours - theirs):
            differences.append(Difference(
                LABELS,
                f"label '{label}' is {what} in the default-language page "
                f"but not in the translation",
                _first(d_lines, label), 0, label))
        for label in sorted(theirs - ours):
            differences.append(Difference(
                LABELS,
                f"label '{label}' is {what} in the translation "
                f"but not in the default-language page",
                0, _first(t_lines, label), label))
    missing = set(default.numbers) - set(translation.numbers)
    for number in sorted(missing, key=lambda n: (_first(default.number_lines, n), n)):
        differences.append(Difference(
            NUMBERS,
            f"number {number} of the default-language page is not in the translation",
            _first(default.number_lines, number), 0, number))
    return differences


def page_pairs(
    docs_dir: Path, default_lang: str, other_langs: list[str]
) -> list[tuple[str, Path | None, Path | None]]:
    """(relative path, default page, translated page) for every `.md` page.

    Pages come per language in the order of *other_langs*, sorted by path;
    a side is None when that language lacks the page.
    """
    default_pages = _markdown_files(Path(docs_dir) / default_lang)
    pairs: list[tuple[str, Path | None, Path | None]] = []
    for lang in other_langs:
        other_pages = _markdown_files(Path(docs_dir) / lang)
        for rel in sorted(set(default_pages) | set(other_pages)):
            pairs.append((rel, default_pages.get(rel), other_pages.get(rel)))
    return pairs


def number_tokens(prose: str) -> Iterator[NumberToken]:
    """Numbers and identifier digits in already masked prose, in text order."""
    for match in _NUMBER_RUN_RE.finditer(prose):
        yield from _split_number_run(prose, match.start(), match.group())


# -- language and typography of translated pages -------------------------------

_WORD_RE = re.compile(r"\w+")
_UNITS = (
    "мг/добу", "ммоль", "мкг", "мг", "кг", "мл", "мМ", "мм", "см",
    "тиж.", "тижнів", "тижні", "років", "року", "г", "л", "%",
)
_UNIT_RE = re.compile(
    r"(?P<space>\s*)(?P<unit>" + "|".join(re.escape(u) for u in _UNITS) + r")(?![^\W\d_])"
)
_CYRILLIC = r"\u0400-\u052f"
_APOSTROPHE_RE = re.compile(rf"(?<=[{_CYRILLIC}])['\u2019\u2018`](?=[{_CYRILLIC}])")
# Characters that make a token a classification code (UDC), not prose numbers.
_CODE_TOKEN_CHARS = set("=[]+")


def script_letters(text: str) -> tuple[int, int]:
    """(Cyrillic, Latin) letter counts of a page's prose.

    Besides what :func:`prose_text` masks, Latin-script names and symbols are
    left out, as they stay Latin in any language: a Latin word counts only when
    it is all lower case without digits. So MagT1, SP7 (digits), RUNX2, WNT, D
    (capitals), PubMed, mTOR, pH (mixed case) and Scopus, Google (capitalised
    proper names) are skipped, while untranslated English prose still counts.
    """
    cyrillic = latin = 0
    for word in _WORD_RE.findall(prose_text(text)):
        letters = [c for c in word if c.isalpha()]
        is_latin = [_is_latin(c) for c in letters]
        if any(is_latin) and (
            any(c.isdigit() for c in word) or any(c.isupper() for c in letters)
        ):
            continue
        latin += sum(is_latin)
        cyrillic += sum(_is_cyrillic(c) for c in letters)
    return cyrillic, latin


def cyrillic_share(text: str) -> float:
    """Share of Cyrillic letters among Cyrillic and Latin ones (1.0 if none)."""
    cyrillic, latin = script_letters(text)
    return cyrillic / (cyrillic + latin) if cyrillic + latin else 1.0


def ukrainian_typography(text: str) -> list[tuple[int, str]]:
    """(line, message) for each breach of Ukrainian typography in the prose.

    Straight double quotes (use «»), a straight or curly apostrophe inside a
    Cyrillic word (use ʼ U+02BC), a decimal point (use a decimal comma; dates
    like 19.11.2023 and classification codes are not decimals), and a number
    followed by a unit without a no-break space (U+00A0).
    """
    prose = prose_text(text)
    lines = _Lines(prose)
    issues: list[tuple[int, str]] = []
    for match in re.finditer('"', prose):
        issues.append((lines.at(match.start()), 'straight double quote: use «…»'))
    for match in _APOSTROPHE_RE.finditer(prose):
        word = _word_around(prose, match.start())
        issues.append((lines.at(match.start()),
                       f"apostrophe {match.group()!r} in '{word}': use ʼ (U+02BC)"))
    for token in number_tokens(prose):
        if token.identifier:
            # `24г` is glued to a letter, so not a number, but may be one missing its space.
            unit = _UNIT_RE.match(prose, token.end)
            if unit and not _glued_left(prose, token.start):
                issues.append((lines.at(token.start),
                               f"'{token.raw} {unit.group('unit')}': nothing between number "
                               f"and unit, use a no-break space (U+00A0)"))
            continue
        if _is_decimal_point(token.raw) and not _in_code_token(prose, token):
            issues.append((lines.at(token.start),
                           f"decimal point in {token.raw}: use a decimal comma"))
        unit = _UNIT_RE.match(prose, token.end)
        if unit and unit.group("space") != "\u00a0":
            shown = unit.group("space").encode("unicode_escape").decode() or "nothing"
            issues.append((lines.at(token.start),
                           f"'{token.raw} {unit.group('unit')}': {shown} between number and "
                           f"unit, use a no-break space (U+00A0)"))
    return sorted(issues)


# -- masking ------------------------------------------------------------------


class _Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", MASK, text)


def _mask_matches(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: _blank(m.group()), text)


def _decode_entities(text: str) -> str:
    """`&nbsp;` and friends as characters; other entities masked (newlines kept)."""
    def decode(match: re.Match) -> str:
        entity = match.group()
        if entity in ("&nbsp;", "&#160;") or entity.lower() == "&#xa0;":
            return "\u00a0"
        if entity in ("&#8239;",) or entity.lower() == "&#x202f;":
            return "\u202f"
        return MASK
    return _ENTITY_RE.sub(decode, text)


def _mask_code(text: str) -> tuple[str, _Lines]:
    """Mask front matter, fenced and indented code, HTML comments and code spans."""
    lines = text.split("\n")
    _mask_front_matter(lines)
    _mask_fences(lines)
    masked = _mask_matches(_COMMENT_RE, "\n".join(lines))
    lines = masked.split("\n")
    _mask_indented_code(lines)
    masked = _mask_matches(_CODE_SPAN_RE, "\n".join(lines))
    return masked, _Lines(masked)


def _mask_front_matter(lines: list[str]) -> None:
    if not lines or lines[0].rstrip() != "---":
        return
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            for i in range(end + 1):
                lines[i] = _blank(lines[i])
            return


def _mask_fences(lines: list[str]) -> None:
    fence = None
    for i, line in enumerate(lines):
        if fence is None:
            match = _FENCE_RE.match(line)
            if match and not (match.group("fence")[0] == "`" and "`" in line[match.end():]):
                fence = match.group("fence")
                lines[i] = _blank(line)
            continue
        closing = _FENCE_RE.match(line)
        if (closing and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence) and not line[closing.end():].strip()):
            fence = None
        lines[i] = _blank(line)  # an unclosed fence runs to the end of the page


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _mask_indented_code(lines: list[str]) -> None:
    """Indented code: 4+ columns after a blank line, outside list items.

    Inside a list, indented lines continue the item (CommonMark); a line right
    after a paragraph line is a lazy continuation, never code.
    """
    in_list = in_code = False
    previous_blank = True
    for i, line in enumerate(lines):
        if not line.strip():
            previous_blank = True
            continue
        indent = _indent(line)
        if in_code and indent >= 4:
            lines[i] = _blank(line)
            continue
        in_code = False
        if indent >= 4 and previous_blank and not in_list:
            in_code = True
            lines[i] = _blank(line)
        elif _LIST_ITEM_RE.match(line):
            in_list = True
        elif indent == 0 and previous_blank:
            in_list = False
        previous_blank = False


def _take_labels(masked: str, lines: _Lines, facts: PageFacts) -> str:
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
        return _blank(match.group())
    return _ATTRS_RE.sub(take, masked)


def _mask_links_and_addresses_before_citations(masked: str) -> str:
    # Reference definitions, footnote markers, autolinks and e-mail addresses
    # hold `@` or `[`…`]` that must not be read as citations.
    for pattern in (_REF_DEFINITION_RE, _FOOTNOTE_RE, _AUTOLINK_RE, _EMAIL_RE):
        masked = _mask_matches(pattern, masked)
    return masked


def _take_citations(masked: str, lines: _Lines, facts: PageFacts) -> str:
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
        chars[start:end] = _blank(masked[start:end])
    return "".join(chars)


def _mask_remaining_markup(masked: str) -> str:
    masked = _LINK_RE.sub(
        lambda m: m.group()[:m.start("target") - m.start()] + _blank(m.group("target")), masked)
    for pattern in (_URL_RE, _DOI_RE, _CODE_POINT_RE, _HTML_TAG_RE, _CHEMISTRY_RE):
        masked = _mask_matches(pattern, masked)
    return _mask_list_numbers(masked)


def _mask_list_numbers(masked: str) -> str:
    """Mask `12.`/`12)` list markers, which are numbering, not prose numbers.

    A marker starts a list after a blank line, continues one after another
    item, or (only `1.`) interrupts a paragraph; elsewhere a line that starts
    with `2023. ` is a wrapped paragraph line (CommonMark).
    """
    lines = masked.split("\n")
    previous_blank, in_list = True, False
    for i, line in enumerate(lines):
        if not line.strip(MASK + " \t"):
            previous_blank = True
            continue
        marker = _LIST_NUMBER_RE.match(line)
        if marker and (previous_blank or in_list or marker.group().strip()[:-1] == "1"):
            lines[i] = _blank(marker.group()) + line[marker.end():]
            in_list = True
        elif _LIST_ITEM_RE.match(line):
            in_list = True
        elif previous_blank and _indent(line) == 0:
            in_list = False
        previous_blank = False
    return "\n".join(lines)


# -- numbers ------------------------------------------------------------------


def _is_letter(char: str) -> bool:
    return char.isalpha() or char == "_"


def _glued_left(prose: str, start: int) -> bool:
    """Digits right after a letter (M2) or after `letters-` (CTX-1, BMP-2)."""
    if start == 0:
        return False
    before = prose[start - 1]
    if _is_letter(before):
        return True
    return before in "-\u2010\u2011" and start >= 2 and _is_letter(prose[start - 2])


def _split_number_run(prose: str, offset: int, run: str) -> Iterator[NumberToken]:
    """Split one digit run with separators into numbers.

    Left to right: an integer part (1–3 digits with thousands groups of exactly
    three, or plain digits), then `.`/`,` parts: one makes a decimal fraction,
    two or more a dotted compound kept whole (a date such as 19.11.2023).
    A space that does not start a thousands group just ends a number.
    """
    parts = _SEPARATOR_RE.split(run)
    groups, seps = parts[0::2], [""] + parts[1::2]
    positions = []
    pos = offset
    for i, group in enumerate(groups):
        pos += len(seps[i])
        positions.append(pos)
        pos += len(group)
    i = 0
    while i < len(groups):
        first = i
        glued = i == 0 and _glued_left(prose, offset)
        thousands = None
        if not glued and len(groups[i]) <= 3:
            if _continues(groups, seps, i, _SPACE_SEPARATORS):
                thousands = "space"
            elif not groups[i].startswith("0") and _continues(groups, seps, i, ","):
                thousands = ","
        if thousands:
            allowed = _SPACE_SEPARATORS if thousands == "space" else ","
            while _continues(groups, seps, i, allowed):
                i += 1
        integer = "".join(groups[first:i + 1])
        fractions = []
        while i + 1 < len(groups) and seps[i + 1] in ".," and not (
                thousands == "," and seps[i + 1] == ","):
            i += 1
            fractions.append(groups[i])
        value = ".".join([integer, *fractions])
        start = positions[first]
        end = positions[i] + len(groups[i])
        identifier = glued or (end < len(prose) and _is_letter(prose[end]))
        yield NumberToken(start, end, prose[start:end], value, identifier)
        i += 1


def _continues(groups: list[str], seps: list[str], i: int, allowed: str) -> bool:
    """Whether group i+1 is a thousands group joined by a separator in *allowed*."""
    return i + 1 < len(groups) and seps[i + 1] in allowed and len(groups[i + 1]) == 3


def _is_decimal_point(raw: str) -> bool:
    return raw.count(".") == 1 and "," not in raw


def _in_code_token(prose: str, token: NumberToken) -> bool:
    """Whether the number sits in a whitespace-free token like a UDC code."""
    start, end = token.start, token.end
    while start > 0 and not prose[start - 1].isspace():
        start -= 1
    while end < len(prose) and not prose[end].isspace():
        end += 1
    return bool(_CODE_TOKEN_CHARS & set(prose[start:end]))


# -- helpers ------------------------------------------------------------------


def _add(counter: Counter, where: dict[str, list[int]], value: str, line: int) -> None:
    counter[value] += 1
    where.setdefault(value, []).append(line)


def _first(where: dict[str, list[int]], value: str) -> int:
    found = where.get(value)
    return found[0] if found else 0


def _markdown_files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.md")) if p.is_file()}


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _word_around(text: str, offset: int) -> str:
    start, end = offset, offset + 1
    while start > 0 and (text[start - 1].isalpha()):
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


__all__ = [
    "CITATIONS", "LABELS", "MASK", "NUMBERS", "Difference", "NumberToken", "PageFacts",
    "compare_pages", "cyrillic_share", "number_tokens", "page_pairs", "prose_text",
    "scan_markdown", "script_letters", "ukrainian_typography",
]
