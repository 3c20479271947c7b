"""Language and typography of translated pages: script shares, Ukrainian typography.

Pure text processing, no MkDocs; both read the prose of a page as
:func:`~mkdocs_scholar.core.parity_scan.prose_text` leaves it.
"""

from __future__ import annotations

import re
import unicodedata

from mkdocs_scholar.core.parity_mask import Lines
from mkdocs_scholar.core.parity_numbers import NumberToken, glued_left, number_tokens
from mkdocs_scholar.core.parity_scan import prose_text

__all__ = ["cyrillic_share", "script_letters", "ukrainian_typography"]

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
    lines = Lines(prose)
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
            if unit and not glued_left(prose, token.start):
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
