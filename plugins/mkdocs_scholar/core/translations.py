"""What a translation must share with its original, checked while building."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.records import PageRecord


def without_lang(src: str, lang: str) -> str:
    """`uk/intro.md` -> `intro.md`: the page's path in every language."""
    prefix = lang + "/"
    return src[len(prefix):] if src.startswith(prefix) else src


def label_parity(records: Sequence[PageRecord], original: Mapping[str, set[str]], lang: str,
                 default: str) -> list[Diagnostic]:
    """Labels a translated page lacks or adds, against `original` (the default
    language's labels by page path without the language folder)."""
    problems = []
    for record in records:
        rest = without_lang(record.src, lang)
        if rest not in original:
            continue
        ours = {t.label for t in record.targets}
        theirs = original[rest]
        counterpart = posixpath.join(default, rest) if record.src.startswith(
            lang + "/") else rest
        for label in sorted(theirs - ours):
            problems.append(Diagnostic(
                "warning", "parity-labels",
                f"label '{label}' is defined in {counterpart} but not in its translation "
                f"{record.src}", record.src))
        for label in sorted(ours - theirs):
            problems.append(Diagnostic(
                "warning", "parity-labels",
                f"label '{label}' is defined in {record.src} but not in {counterpart}",
                record.src))
    return problems
