"""Masking the non-prose parts of a Markdown page, for the translation parity checks.

Pure text processing, no MkDocs. Every character of a masked part except
newlines is replaced by :data:`MASK`, so offsets and line numbers survive and
masked text can neither join two numbers nor glue a digit to a letter.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["MASK", "Lines", "blank", "decode_entities", "mask_code",
           "mask_links_and_addresses_before_citations", "mask_matches",
           "mask_remaining_markup"]

#: Replaces every masked (non-prose) character; neither a letter, a digit nor a space.
MASK = "\x00"

# -- masking patterns -------------------------------------------------------

_FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A code span: a backtick run and the next run of the same length, within one
# paragraph (no blank line between), as in CommonMark.
_CODE_SPAN_RE = re.compile(
    r"(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)", re.DOTALL
)
_REF_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]+\S.*$", re.MULTILINE)
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]:?")
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_EMAIL_RE = re.compile(r"(?<![\w.+\\-])[\w.+\\-]*\w@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
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


class Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def blank(text: str) -> str:
    return re.sub(r"[^\n]", MASK, text)


def mask_matches(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: blank(m.group()), text)


def decode_entities(text: str) -> str:
    """`&nbsp;` and friends as characters; other entities masked (newlines kept)."""
    def decode(match: re.Match) -> str:
        entity = match.group()
        if entity in ("&nbsp;", "&#160;") or entity.lower() == "&#xa0;":
            return "\u00a0"
        if entity in ("&#8239;",) or entity.lower() == "&#x202f;":
            return "\u202f"
        return MASK
    return _ENTITY_RE.sub(decode, text)


def mask_code(text: str) -> tuple[str, Lines]:
    """Mask front matter, fenced and indented code, HTML comments and code spans."""
    lines = text.split("\n")
    _mask_front_matter(lines)
    _mask_fences(lines)
    masked = mask_matches(_COMMENT_RE, "\n".join(lines))
    lines = masked.split("\n")
    _mask_indented_code(lines)
    masked = mask_matches(_CODE_SPAN_RE, "\n".join(lines))
    return masked, Lines(masked)


def _mask_front_matter(lines: list[str]) -> None:
    if not lines or lines[0].rstrip() != "---":
        return
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            for i in range(end + 1):
                lines[i] = blank(lines[i])
            return


def _mask_fences(lines: list[str]) -> None:
    fence = None
    for i, line in enumerate(lines):
        if fence is None:
            match = _FENCE_RE.match(line)
            if match and not (match.group("fence")[0] == "`" and "`" in line[match.end():]):
                fence = match.group("fence")
                lines[i] = blank(line)
            continue
        closing = _FENCE_RE.match(line)
        if (closing and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence) and not line[closing.end():].strip()):
            fence = None
        lines[i] = blank(line)  # an unclosed fence runs to the end of the page


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
            lines[i] = blank(line)
            continue
        in_code = False
        if indent >= 4 and previous_blank and not in_list:
            in_code = True
            lines[i] = blank(line)
        elif _LIST_ITEM_RE.match(line):
            in_list = True
        elif indent == 0 and previous_blank:
            in_list = False
        previous_blank = False


def mask_links_and_addresses_before_citations(masked: str) -> str:
    # Reference definitions, footnote markers, autolinks and e-mail addresses
    # hold `@` or `[`…`]` that must not be read as citations.
    for pattern in (_REF_DEFINITION_RE, _FOOTNOTE_RE, _AUTOLINK_RE, _EMAIL_RE):
        masked = mask_matches(pattern, masked)
    return masked


def mask_remaining_markup(masked: str) -> str:
    masked = _LINK_RE.sub(
        lambda m: m.group()[:m.start("target") - m.start()] + blank(m.group("target")), masked)
    for pattern in (_URL_RE, _DOI_RE, _CODE_POINT_RE, _HTML_TAG_RE, _CHEMISTRY_RE):
        masked = mask_matches(pattern, masked)
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
            lines[i] = blank(marker.group()) + line[marker.end():]
            in_list = True
        elif _LIST_ITEM_RE.match(line):
            in_list = True
        elif previous_blank and _indent(line) == 0:
            in_list = False
        previous_blank = False
    return "\n".join(lines)
