"""What only a whole-repository view can see: pages missing in a language,
translation parity, translations older than their original (from git)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs_scholar.cli.site import Site
from mkdocs_scholar.core import parity
from mkdocs_scholar.core.diagnostics import Diagnostic


def translation_diagnostics(site: Site, rel) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    default, others = site.languages[0], site.languages[1:]
    changed = _last_changes(site)
    for rest, first, second_by_lang in _pairs(site, default, others):
        for lang, second in second_by_lang.items():
            if first is None or second is None:
                present, absent = (first, f"{lang}/{rest}") if second is None else (
                    second, f"{default}/{rest}")
                diagnostics.append(Diagnostic(
                    "error", "page-missing",
                    f"this page has no counterpart docs/{absent}; add the translation "
                    "(or remove the page from both languages)", rel(present), 1))
                continue
            facts_first = parity.scan_markdown(first.read_text(encoding="utf-8"))
            facts_second = parity.scan_markdown(second.read_text(encoding="utf-8"))
            for difference in parity.compare_pages(facts_first, facts_second):
                diagnostics.append(Diagnostic(
                    "warning", difference.code,
                    f"{difference.message} (compared with {rel(first)}"
                    + (f":{difference.line_default}" if difference.line_default else "") + ")",
                    rel(second), difference.line_translation or 1))
            newer = changed.get(rel(first), 0)
            older = changed.get(rel(second), 0)
            if newer and older and newer > older:
                diagnostics.append(Diagnostic(
                    "warning", "translation-stale",
                    f"{rel(first)} changed in a commit after this translation's last change; "
                    "check whether the translation needs the same change", rel(second), 1))
    return diagnostics


def _pairs(site: Site, default: str, others: list[str]):
    rests: set[str] = set()
    for lang in site.languages:
        base = site.docs_dir / lang
        if base.is_dir():
            rests.update(p.relative_to(base).as_posix() for p in base.rglob("*.md"))
    for rest in sorted(rests):
        first = site.docs_dir / default / rest
        yield rest, first if first.is_file() else None, {
            lang: (site.docs_dir / lang / rest if (site.docs_dir / lang / rest).is_file() else None)
            for lang in others}


def _last_changes(site: Site) -> dict[str, int]:
    """Commit time of the last change of each file under docs/, from one `git log`."""
    try:
        output = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--", str(site.docs_dir)],
            cwd=site.root, capture_output=True, text=True, timeout=20, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    toplevel = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=site.root,
                              capture_output=True, text=True).stdout.strip()
    prefix = Path(toplevel).resolve() if toplevel else site.root
    changes: dict[str, int] = {}
    stamp = 0
    for line in output.splitlines():
        if line.startswith("@"):
            stamp = int(line[1:])
        elif line.strip():
            path = (prefix / line.strip()).resolve()
            try:
                key = path.relative_to(site.root).as_posix()
            except ValueError:
                continue
            changes.setdefault(key, stamp)  # newest first: keep the first seen
    return changes
