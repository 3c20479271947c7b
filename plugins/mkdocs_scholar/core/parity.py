"""Translation parity: facts a translated page must share with its original.

Pure text processing, no MkDocs: :func:`scan_markdown` reads one Markdown page
into :class:`PageFacts` (citation keys, cross-reference labels, numbers, each
with the lines it occurs on), :func:`compare_pages` lists what a translation
lost or gained, and :func:`page_pairs` pairs the pages of two language folders.

Non-prose parts of a page are *masked* (:mod:`~mkdocs_scholar.core.parity_mask`),
numbers read as :mod:`~mkdocs_scholar.core.parity_numbers` describes, and the
page read by :mod:`~mkdocs_scholar.core.parity_scan`; this module compares two
pages and re-exports the rest.

The helpers :func:`prose_text`, :func:`script_letters`,
:func:`ukrainian_typography` and :func:`unmarked_latin_phrases` serve the
language and typography checks of translated pages (:mod:`~mkdocs_scholar.core.parity_typography`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_scholar.core.parity_mask import MASK
from mkdocs_scholar.core.parity_numbers import NumberToken, number_tokens
from mkdocs_scholar.core.parity_scan import PageFacts, prose_text, scan_markdown
from mkdocs_scholar.core.parity_typography import (
    cyrillic_share,
    script_letters,
    ukrainian_typography,
    unmarked_latin_phrases,
)

#: Codes of :class:`Difference`.
CITATIONS = "parity-citations"
LABELS = "parity-labels"
NUMBERS = "parity-numbers"


@dataclass(frozen=True)
class Difference:
    """One fact that differs between a page and its translation."""

    code: str
    message: str
    line_default: int = 0
    line_translation: int = 0
    subject: str = ""  # the key, label or number concerned


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


def _first(where: dict[str, list[int]], value: str) -> int:
    found = where.get(value)
    return found[0] if found else 0


def _markdown_files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.md")) if p.is_file()}


__all__ = [
    "CITATIONS", "LABELS", "MASK", "NUMBERS", "Difference", "NumberToken", "PageFacts",
    "compare_pages", "cyrillic_share", "number_tokens", "page_pairs", "prose_text",
    "scan_markdown", "script_letters", "ukrainian_typography", "unmarked_latin_phrases",
]
