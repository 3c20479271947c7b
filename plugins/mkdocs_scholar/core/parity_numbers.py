"""Numbers in masked prose, for the translation parity checks.

A number is a run of digits, optionally with thousands separators (space,
U+00A0, U+202F, or a comma before exactly three digits) and a decimal part
(point or comma); it is normalised to digits and a decimal point, so "1,58",
"1.58", "119 755" and "119,755" compare equal. A digit run touching a letter
(any script, or `_`) on either side, or joined by a hyphen to a preceding letter run, is
part of an identifier (Notch1, FGF23, TRAP-5b, CTX-1) and not a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["NumberToken", "glued_left", "number_tokens"]

_SPACE_SEPARATORS = " \u00a0\u202f"

# A digit run and everything that may join it into one number: separators
# followed by more digits. The parser below decides how to split it.
_NUMBER_RUN_RE = re.compile(rf"\d+(?:(?:[.,]|[{_SPACE_SEPARATORS}])\d+)*")
_SEPARATOR_RE = re.compile(rf"([.,{_SPACE_SEPARATORS}])")


@dataclass(frozen=True)
class NumberToken:
    """A number (or an identifier's digits) found in prose."""

    start: int
    end: int
    raw: str
    value: str  # normalised: no thousands separators, decimal point
    identifier: bool


def number_tokens(prose: str) -> Iterator[NumberToken]:
    """Numbers and identifier digits in already masked prose, in text order."""
    for match in _NUMBER_RUN_RE.finditer(prose):
        yield from _split_number_run(prose, match.start(), match.group())


def _is_letter(char: str) -> bool:
    return char.isalpha() or char == "_"


def glued_left(prose: str, start: int) -> bool:
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
        glued = i == 0 and glued_left(prose, offset)
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
