"""Pandoc citation and pandoc-crossref reference syntax, as plain data.

Pure parsing: no Markdown, no MkDocs. The Markdown extension feeds text to
:func:`parse_group` and :func:`parse_key`; the check command uses the same
functions, so both front ends agree on what a citation is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Pandoc's key rule: starts with a letter, digit or `_`; may contain internal
# punctuation from this set, each followed by a word character.
KEY_PUNCTUATION = r":.#$%&\-+?<>~/"
BARE_KEY = rf"\w(?:\w|[{KEY_PUNCTUATION}](?=\w))*"
BRACED_KEY = r"\{[^{}\n]+\}"
KEY = rf"(?:{BRACED_KEY}|{BARE_KEY})"

# `@` may not follow a word character or URL/e-mail/escape punctuation: that
# keeps e-mail addresses, `user@host` and `/@handle` URLs out.
_BEFORE_AT_FORBIDDEN = r"[\w@\\/:.=&?#%+~`']"
NOT_BEFORE_AT = rf"(?<!{_BEFORE_AT_FORBIDDEN})"

#: Label prefixes that belong to cross-references, not to the bibliography.
CROSSREF_KINDS = ("fig", "tbl", "sec", "eq")

_ITEM_RE = re.compile(
    rf"^(?P<prefix>.*?)(?:(?<=\s)|^)(?P<suppress>-)?@(?P<key>{KEY})(?P<suffix>.*)$",
    re.DOTALL,
)
_KEY_RE = re.compile(rf"^{KEY}$")
_BARE_ITEM_RE = re.compile(rf"\s*@({BARE_KEY})\s*$")
_LABEL_RE = re.compile(r"^(?P<kind>[A-Za-z]+):(?P<name>.+)$")


@dataclass(frozen=True, slots=True)  # slots: a long review holds tens of thousands
class CiteItem:
    """One `@key` inside a citation group, with its affixes."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    #: `fig`, `tbl`, `sec` or `eq` for a cross-reference label, else None.
    crossref_kind: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "crossref_kind", crossref_kind(self.key))

    @property
    def capitalized(self) -> bool:
        """`@Fig:label` asks for a capitalised prefix (start of a sentence)."""
        return self.crossref_kind is not None and self.key[:1].isupper()

    @property
    def label(self) -> str:
        """The label with a lower-case kind: `Fig:x` and `fig:x` name one target."""
        return crossref_label(self.key) or self.key


def strip_braces(key: str) -> str:
    return key[1:-1].strip() if key.startswith("{") and key.endswith("}") else key


def crossref_kind(key: str) -> str | None:
    if ":" not in key:  # most keys: no label prefix
        return None
    match = _LABEL_RE.match(key)
    if match and match.group("kind").lower() in CROSSREF_KINDS:
        return match.group("kind").lower()
    return None


def crossref_label(key: str) -> str | None:
    """A cross-reference key as a label with a lower-case kind (`Fig:x` -> `fig:x`),
    or None for a bibliography key."""
    kind = crossref_kind(key)
    if kind is None:
        return None
    return f"{kind}:{key.split(':', 1)[1]}"


def label_kind(label: str) -> str | None:
    """The kind part of a label (`fig` of `fig:x`), whether known or not."""
    match = _LABEL_RE.match(label)
    return match.group("kind").lower() if match else None


def is_valid_key(key: str) -> bool:
    return bool(_KEY_RE.match(key))


def parse_item(text: str) -> CiteItem | None:
    """Parse one `;`-separated part of a bracketed group, or None if it has no key."""
    bare = _BARE_ITEM_RE.match(text)
    if bare:  # the common case, `@key` alone, without the general pattern's backtracking
        return CiteItem(key=bare.group(1))
    match = _ITEM_RE.match(text)
    if not match:
        return None
    prefix = match.group("prefix")
    if prefix and not prefix[-1].isspace():
        return None
    suffix = match.group("suffix")
    if "@" in suffix and re.search(rf"{NOT_BEFORE_AT}@{KEY}", suffix):
        return None  # two keys without a `;`: not pandoc syntax
    return CiteItem(
        key=strip_braces(match.group("key")),
        prefix=prefix.strip(),
        suffix=suffix.strip(),
        suppress_author=bool(match.group("suppress")),
    )


def parse_group(body: str) -> list[CiteItem] | None:
    """Parse the inside of `[...]`; None when it is not a citation group.

    Pandoc requires every `;`-separated part to hold exactly one key.
    """
    parts = _split_semicolons(body)
    items = [parse_item(part) for part in parts]
    if not items or any(item is None for item in items):
        return None
    return items  # type: ignore[return-value]


def _split_semicolons(body: str) -> list[str]:
    """Split on `;` outside braced keys."""
    if "{" not in body:
        return body.split(";")
    parts, depth, current = [], 0, []
    for char in body:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


# The inline pattern used by the Markdown extension: links and link
# definitions (matched only to be skipped), a bracketed group not followed by
# `(`, `[` or `:`, or a narrative `@key` with an optional bracketed locator.
# Every branch starts with a literal `[` or `@` (the guard on the character
# before `@` looks back from after it), so that the regex engine skips to those
# two characters instead of trying each branch at every position of the text.
INLINE_PATTERN = (
    r"\[(?:(?P<link>[^\[\]]*\](?:\([^()\s]*\)|:[ \t]))"
    r"|(?P<group>(?P<body>[^\[\]]*?@[^\[\]]*)\](?![(\[:])))"
    rf"|@(?<!{_BEFORE_AT_FORBIDDEN}@)(?P<narrative>{KEY})"
    r"(?:[ ]\[(?P<locator>[^\[\]@]+)\](?![(\[:]))?"
)
INLINE_RE = re.compile(INLINE_PATTERN, re.DOTALL)


def find_citations(text: str):
    """Yield (start, end, items, narrative) for each citation in plain text.

    Used where no Markdown parse is at hand (tests, quick scans); the Markdown
    extension applies the same pattern through Python-Markdown.
    """
    for match in INLINE_RE.finditer(text):
        parsed = parse_match(match)
        if parsed is not None:
            yield match.start(), match.end(), parsed[0], parsed[1]


def parse_match(match: re.Match) -> tuple[tuple[CiteItem, ...], bool] | None:
    """Turn an INLINE_RE match into (items, narrative) or None."""
    if match.group("link") is not None:
        return None  # a link or a link definition: its brackets are not a citation
    if match.group("group") is not None:
        items = parse_group(match.group("body"))
        return (tuple(items), False) if items else None
    narrative, locator = match.group("narrative"), match.group("locator") or ""
    return (CiteItem(key=strip_braces(narrative), suffix=locator.strip()),), True
