"""Bibliography styles, and the LaTeX-to-rich-text decoding they share.

pybtex's own ``Text.from_latex`` decodes accents (through latexcodec) but leaves
``$_2$``, ``\\textit{...}`` and friends as raw TeX, so the styles here use
:func:`latex_to_text`, which turns BibTeX field values into pybtex rich text:

* braces become :class:`~pybtex.richtext.Protected` (they only protect case);
* accents (``{\\"o}``, ``\\'{e}``, ``\\c c``) and symbols (``\\ss``, ``\\o``)
  become Unicode characters;
* ``\\&``, ``\\%``, ``\\$``, ``\\#``, ``\\_`` become the characters themselves;
* ``--``/``---``/``~``/````` ``...'' ````` become dashes, no-break spaces and quotes;
* math ``$_2$``, ``$^{2+}$`` become ``sub``/``sup`` tags, ``$\\alpha$`` becomes α;
* ``\\emph``/``\\textit`` -> ``em``, ``\\textbf`` -> ``strong``,
  ``\\textsubscript``/``\\textsuperscript`` -> ``sub``/``sup``.

Unknown commands are dropped (their braced argument is kept), so no backslash
ever reaches the reader.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.richtext import Protected, Tag, Text

__all__ = ["latex_to_plain", "latex_to_text"]

# Accent commands -> Unicode combining characters (composed with NFC afterwards).
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
    "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
    "t": "\u0361",
}
# Control symbols that stand for a character (or nothing).
_ESCAPES = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    " ": " ", ",": "\u2009", ";": " ", ":": " ", "!": "", "-": "", "/": "",
    "\\": " ", "@": "",
}
# Commands with one argument that carry formatting: tag name, or None for "text as is".
_FORMAT_COMMANDS = {
    "emph": "em", "textit": "em", "textsl": "em", "mathit": "em",
    "textbf": "strong", "mathbf": "strong", "boldsymbol": "strong",
    "textsubscript": "sub", "textsuperscript": "sup",
    "textsc": None, "textrm": None, "textup": None, "textnormal": None, "textsf": None,
    "texttt": None, "textmd": None, "mbox": None, "hbox": None, "text": None,
    "mathrm": None, "mathsf": None, "mathtt": None, "mathnormal": None, "ensuremath": None,
    "NoCaseChange": None, "MakeUppercase": None, "MakeLowercase": None,
}
# Commands whose argument is verbatim (no TeX decoding).
_VERBATIM_COMMANDS = {"url", "nolinkurl", "path", "detokenize"}
# Commands whose argument is not printed.
_DROP_ARGUMENT_COMMANDS = {"noopsort", "index", "label", "hspace", "vspace"}
# Old-style font switches inside a group: {\it text}.
_SWITCHES = {
    "it": "em", "em": "em", "sl": "em", "itshape": "em", "slshape": "em",
    "bf": "strong", "bfseries": "strong",
    "rm": None, "sc": None, "scshape": None, "tt": None, "sf": None, "upshape": None,
    "normalfont": None, "relax": None,
}
# Symbols latexcodec does not know (or decodes oddly).
_SYMBOLS = {
    "textmu": "µ", "textquotesingle": "'", "dots": "…", "textgreater": ">",
    "textless": "<", "textasciitilde": "~", "textbackslash": "\\", "textunderscore": "_",
    "textbar": "|", "textbullet": "•", "textperiodcentered": "·", "i": "ı", "j": "ȷ",
    "lq": "‘", "rq": "’", "quad": " ", "qquad": " ", "enspace": " ", "thinspace": "\u2009",
    "space": " ", "textendash": "–", "textemdash": "—", "textdegree": "°",
}
# Runs of characters with no TeX meaning (text mode / math mode).
_PLAIN_TEXT = re.compile(r"[^{}\\$~\-`']+")
_PLAIN_MATH = re.compile(r"[^{}\\$_^\-]+")
_UNICODE_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_UNICODE_SUP = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")


@functools.lru_cache(maxsize=4096)
def _symbol(name: str, math: bool) -> str | None:
    """A control word as a character, or None if it is not a known symbol."""
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    source = f"$\\{name}$" if math else f"\\{name}"
    try:
        decoded = codecs.decode(source, "ulatex").strip()
    except (UnicodeError, ValueError):
        return None
    if not decoded or "\\" in decoded or "$" in decoded:
        if math:
            return None
        return _symbol(name, True)  # e.g. \textalpha is rare, but \alpha outside math
    return decoded


def _compose(base: str, accent: str) -> str:
    if not base:
        return ""
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])  # dotless i takes the accent
    return unicodedata.normalize("NFC", first + _ACCENTS[accent]) + base[1:]


class _Parser:
    """A small recursive-descent reader for the TeX found in BibTeX fields."""

    def __init__(self, source: str):
        self.s = source
        self.n = len(source)
        self.pos = 0

    # -- helpers -----------------------------------------------------------

    def _skip_spaces(self) -> None:
        while self.pos < self.n and self.s[self.pos] in " \t\r\n":
            self.pos += 1

    def _control_word(self) -> str:
        start = self.pos
        while self.pos < self.n and self.s[self.pos].isalpha() and self.s[self.pos].isascii():
            self.pos += 1
        return self.s[start:self.pos]

    def _raw_group(self) -> str:
        """The verbatim text of a braced group (self.pos just after '{')."""
        depth, start = 1, self.pos
        while self.pos < self.n:
            char = self.s[self.pos]
            self.pos += 1
            if char == "\\":
                self.pos += 1
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return self.s[start:self.pos - 1]
        return self.s[start:]

    def _argument(self, math: bool) -> list:
        """One macro argument: a braced group, a control word or a single character."""
        self._skip_spaces()
        if self.pos >= self.n:
            return []
        char = self.s[self.pos]
        if char == "{":
            self.pos += 1
            return self.parse(until="}", math=math)
        if char == "\\":
            self.pos += 1
            return self._command(math, in_group=False)
        self.pos += 1
        return [char]

    # -- main loop ---------------------------------------------------------

    def parse(self, until: str | None = None, math: bool = False) -> list:
        parts: list = []
        plain = _PLAIN_MATH if math else _PLAIN_TEXT
        while self.pos < self.n:
            run = plain.match(self.s, self.pos)
            if run:  # ordinary characters, taken in one go
                parts.append(run.group())
                self.pos = run.end()
                continue
            char = self.s[self.pos]
            if until is not None and char == until:
                self.pos += 1
                return _merge(parts)
            self.pos += 1
            if char == "{":
                inner = self.parse(until="}", math=math)
                parts.append(Text(*inner) if math else Protected(*inner))
            elif char == "}":
                continue  # unbalanced: ignore
            elif char == "\\":
                parts.extend(self._command(math, in_group=until == "}"))
                if self._switched is not None:
                    switch, self._switched = self._switched, None
                    rest = self.parse(until=until, math=math)
                    parts.append(Tag(switch, *rest) if switch else Text(*rest))
                    return _merge(parts)
            elif char == "$" and not math:
                if self.s.startswith("$", self.pos):  # $$display$$
                    self.pos += 1
                parts.append(Text(*self.parse(until="$", math=True)))
                if self.s.startswith("$", self.pos):
                    self.pos += 1
            elif math and char in "_^":
                argument = self._argument(math=True)
                parts.append(Tag("sub" if char == "_" else "sup", *argument))
            elif char == "~":
                parts.append("\u00a0")
            elif char == "-":
                if math:
                    parts.append("\u2212")  # a real minus sign: 10^{-3}
                    continue
                dashes = 1
                while self.s.startswith("-", self.pos) and dashes < 3:
                    self.pos += 1
                    dashes += 1
                parts.append({1: "-", 2: "\u2013", 3: "\u2014"}[dashes])
            elif char in "`'" and not math and self.s.startswith(char, self.pos):
                self.pos += 1
                parts.append("\u201c" if char == "`" else "\u201d")
            else:
                parts.append(char)
        return _merge(parts)

    _switched: str | None = None

    def _command(self, math: bool, in_group: bool) -> list:
        if self.pos >= self.n:
            return []
        char = self.s[self.pos]
        if not (char.isalpha() and char.isascii()):
            self.pos += 1
            if char in _ACCENTS:
                return [_compose(_plain(self._argument(math)), char)]
            if char == "(" and not math:  # \( inline math \)
                return self._inline_math("\\)")
            return [_ESCAPES.get(char, char)]
        name = self._control_word()
        if name in _ACCENTS and name.isalpha():  # \c{c}, \v s, \H{o}
            return [_compose(_plain(self._argument(math)), name)]
        if name in _FORMAT_COMMANDS:
            self._skip_spaces()
            if self.s.startswith("{", self.pos):
                tag = _FORMAT_COMMANDS[name]
                inner = self._argument(math)
                return [Tag(tag, *inner) if tag else Text(*inner)]
            return []
        if name in _VERBATIM_COMMANDS:
            self._skip_spaces()
            if self.s.startswith("{", self.pos):
                self.pos += 1
                return [self._raw_group()]
            return []
        if name in _DROP_ARGUMENT_COMMANDS:  # {\noopsort{a}}1973 sorts, prints 1973
            self._skip_spaces()
            if self.s.startswith("{", self.pos):
                self.pos += 1
                self._raw_group()
            return []
        if name in ("href",):
            self._skip_spaces()
            if self.s.startswith("{", self.pos):  # \href{url}{text}: keep the text
                self.pos += 1
                self._raw_group()
                return self._argument(math)
            return []
        if name in _SWITCHES and in_group:
            self._switched = _SWITCHES[name] or ""
            self._skip_spaces()
            return []
        symbol = _symbol(name, math)
        # A control word swallows the spaces after it (\ss x -> ßx), as in TeX.
        self._skip_spaces()
        if self.s.startswith("{}", self.pos):
            self.pos += 2
        if symbol is not None:
            return [symbol]
        return []  # unknown command: drop it; a following {group} is kept as text

    def _inline_math(self, end: str) -> list:
        close = self.s.find(end, self.pos)
        stop = self.n if close < 0 else close
        inner = _Parser(self.s[self.pos:stop])
        self.pos = stop + len(end) if close >= 0 else self.n
        return [Text(*inner.parse(math=True))]


def _merge(parts: list) -> list:
    """Join neighbouring plain strings: rich text built from fewer parts is much faster."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part:
            merged.append(part)
    return merged


def _plain(parts: list) -> str:
    return "".join(str(part) for part in parts)


@functools.lru_cache(maxsize=65536)
def latex_to_text(value: str) -> Text:
    """A BibTeX field value (TeX) as pybtex rich text. Never raises."""
    if not value:
        return Text()
    if not any(char in value for char in "\\{}$~-`'"):
        return Text(value)  # the common case: nothing to decode
    try:
        return Text(*_Parser(value).parse())
    except RecursionError:  # absurdly nested braces: show the text without markup
        return Text(value.replace("{", "").replace("}", ""))


@functools.lru_cache(maxsize=65536)
def latex_to_plain(value: str) -> str:
    """A BibTeX field value as plain text (for names, tooltips, sorting)."""
    return str(latex_to_text(value))


def unicode_script(text: str, tag: str) -> str | None:
    """`text` in Unicode sub/superscript characters, or None when some have none."""
    table = _UNICODE_SUB if tag == "sub" else _UNICODE_SUP
    converted = text.translate(table)
    if any(a == b and not a.isspace() for a, b in zip(text, converted, strict=True)):
        return None
    return converted
