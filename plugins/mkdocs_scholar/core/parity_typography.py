"""Language and typography of translated pages: script shares, Ukrainian typography.

Pure text processing, no MkDocs; both read the prose of a page as
:func:`~mkdocs_scholar.core.parity_scan.prose_text` leaves it.
"""

from __future__ import annotations

import re
import unicodedata

from mkdocs_scholar.core.parity_mask import MASK, Lines, blank
from mkdocs_scholar.core.parity_numbers import NumberToken, glued_left, number_tokens
from mkdocs_scholar.core.parity_scan import prose_text

__all__ = ["cyrillic_share", "script_letters", "latin_phrases", "ukrainian_typography",
           "unmarked_latin_phrases"]

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

# -- no-break spaces in names and expressions ------------------------------------
_NO_BREAK = "\u00a0\u202f"
_UPPER_CYRILLIC = "А-ЯЄІЇҐ"
_LOWER_CYRILLIC = "а-яєіїґʼ"
# An initial: one capital letter and a point, not the end of a longer word.
_INITIAL = rf"(?<![^\W\d_])[{_UPPER_CYRILLIC}A-Z]\."
# A space that is not a no-break one: where a line may break.
_BREAKING = rf"[^\S{_NO_BREAK}]+"
# Н. В. (initial, initial), Н. Дедух (initial, surname; Cyrillic only, so that
# "вітамін D. Магній" is not read as a name) and Дедух Н. В. (surname, two initials
# not followed by a surname: in «Статтю Н. В. Дедух» the first word is no surname).
_NAME_RES = (
    re.compile(rf"(?P<left>{_INITIAL})(?P<space>{_BREAKING})(?={_INITIAL})"),
    re.compile(rf"(?P<left>(?<![^\W\d_])[{_UPPER_CYRILLIC}]\.)(?P<space>{_BREAKING})"
               rf"(?=[{_UPPER_CYRILLIC}][{_LOWER_CYRILLIC}])"),
    re.compile(rf"(?P<left>(?<![^\W\d_])[{_UPPER_CYRILLIC}A-Z][{_LOWER_CYRILLIC}a-z'-]+)"
               rf"(?P<space>{_BREAKING})(?={_INITIAL}[\s{_NO_BREAK}]*{_INITIAL}"
               rf"(?![\s{_NO_BREAK}]*[{_UPPER_CYRILLIC}A-Z][{_LOWER_CYRILLIC}a-z]))"),
)
# A lone "=" (not a setext underline or "=="), with a breaking space on either side.
_EQUALS_RE = re.compile(rf"(?P<before>{_BREAKING})?(?<![=<>≤≥])=(?![=])(?P<after>{_BREAKING})?")
# A comparison sign before a number; a ">" opening a line is a block quote.
_COMPARISON_RE = re.compile(rf"(?<![<>=])(?P<sign>[<>≤≥])(?P<space>{_BREAKING})(?=[\d−-])")
_NUMERO_RE = re.compile(rf"№(?P<space>{_BREAKING})(?=\d)")
# -- other-language phrases -----------------------------------------------------------
# An element whose language is marked: inline HTML with a lang attribute, or an
# attr_list element (`*text*{lang=en}`, a link or image) with one.
_LANG_ELEMENT_RES = (
    re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*\blang\s*=[^<>]*>.*?</(?P=tag)\s*>",
               re.DOTALL),
    re.compile(r"(?:\*[^*\n]+\*|_[^_\n]+_|!?\[[^\]\n]*\](?:\([^)\n]*\))?)"
               r"\{[^{}\n]*\blang\s*=[^{}\n]*\}"),
)
_LATIN_WORD = r"[A-Za-z][A-Za-z0-9'’-]*"
# Two or more Latin-script words in a row, separated by spaces only.
_LATIN_PHRASE_RE = re.compile(
    rf"(?<![\w’'-]){_LATIN_WORD}(?:[\s\u00a0\u202f]+{_LATIN_WORD})+(?![\w’'-])")

# The words around a breach, for the message; a comma inside a number stays.
_WORD_AFTER_RE = re.compile(r"[\s\u00a0\u202f]*((?:[^\s\u00a0\u202f(),;:!?»*]|,(?=\d))*)")
_WORD_BEFORE_RE = re.compile(r"(?:[^\s\u00a0\u202f(),;:!?«*]|,(?=\d))*$")


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

    No-break spaces (U+00A0, or narrow U+202F) are also asked for where a line
    must not break: between initials and between initials and a surname
    («Н.\u00a0В.\u00a0Дедух», «Дедух Н.\u00a0В.»), on both sides of a lone «=»
    («HR\u00a0=\u00a02,13»), after «<», «>», «≤», «≥» before a number, and
    after «№».
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
    issues.extend(_no_break_issues(prose, lines))
    return sorted(issues)


def unmarked_latin_phrases(text: str) -> list[tuple[int, str]]:
    """(line, message) for each phrase of two or more Latin-script words in the
    prose that no element marks with a language (`<span lang="en">…</span>`).

    Such a phrase in a Ukrainian page is English (a name, a term, a quoted
    title): without `lang`, a screen reader reads it with Ukrainian rules.
    Symbols and acronyms (MAPK ERK, CTX-1) and single words are not phrases:
    a phrase needs a word with two lower-case letters.
    """
    for pattern in _LANG_ELEMENT_RES:
        text = pattern.sub(lambda m: blank(m.group()), text)
    prose = prose_text(text)
    lines = Lines(prose)
    issues = []
    for start, phrase in latin_phrases(prose):
        issues.append((lines.at(start),
                       f"'{phrase}': Latin-script words without a language; mark them "
                       f'<span lang="en">…</span> (or their own language)'))
    return issues


def latin_phrases(text: str) -> list[tuple[int, str]]:
    """(offset, phrase) of each run of two or more Latin-script words in plain
    text, one of them with two lower-case letters (so not MAPK ERK)."""
    return [(match.start(), " ".join(match.group().split()))
            for match in _LATIN_PHRASE_RE.finditer(text) if re.search(r"[a-z]{2}", match.group())]


def _no_break_issues(prose: str, lines: Lines) -> list[tuple[int, str]]:
    issues = []
    for pattern in _NAME_RES:
        for match in pattern.finditer(prose):
            shown = f"{match.group('left')} {_word_after(prose, match.end())}"
            issues.append((lines.at(match.start("space")),
                           f"'{shown}': a line may break in a name, use a no-break "
                           "space (U+00A0) after an initial and between initials and surname"))
    for match in _EQUALS_RE.finditer(prose):
        if not (match.group("before") or match.group("after")):
            continue
        if _line_is(prose, match.start("before") if match.group("before") else match.start(),
                    "="):
            continue  # a setext heading's underline
        shown = f"{_word_before(prose, match.start())} = {_word_after(prose, match.end())}"
        issues.append((lines.at(match.start()),
                       f"'{shown.strip()}': a line may break at '=', use no-break spaces "
                       "(U+00A0) on both sides"))
    for match in _COMPARISON_RE.finditer(prose):
        if not prose[:match.start()].rsplit("\n", 1)[-1].strip(" \t" + MASK):
            continue  # the sign opens the line: a block quote
        issues.append((lines.at(match.start()),
                       f"'{match.group('sign')} {_number_after(prose, match.end())}': a line may "
                       f"break after '{match.group('sign')}', use a no-break space (U+00A0)"))
    for match in _NUMERO_RE.finditer(prose):
        issues.append((lines.at(match.start()),
                       f"'№ {_number_after(prose, match.end())}': a line may break after '№', "
                       "use a no-break space (U+00A0)"))
    return issues


def _word_after(prose: str, offset: int) -> str:
    match = _WORD_AFTER_RE.match(prose, offset)
    word = match.group(1).replace(MASK, "") if match else ""
    return word if len(word) <= 2 else word.rstrip(".")  # an initial keeps its point


def _word_before(prose: str, offset: int) -> str:
    head = prose[:offset].rstrip(" \t\n\u00a0\u202f")
    match = _WORD_BEFORE_RE.search(head)
    return match.group().replace(MASK, "") if match else ""


def _number_after(prose: str, offset: int) -> str:
    match = re.match(r"[−-]?\d[\d,.]*", prose[offset:])
    return match.group().rstrip(",.") if match else ""


def _line_is(prose: str, offset: int, chars: str) -> bool:
    """Whether the line around *offset* holds only *chars* (and spaces)."""
    start = prose.rfind("\n", 0, offset) + 1
    end = prose.find("\n", offset)
    line = prose[start:end if end >= 0 else len(prose)]
    return bool(line.strip()) and not line.strip(chars + " \t")


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
