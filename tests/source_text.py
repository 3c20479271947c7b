"""The source article, read for the tests: body paragraphs and citation sequence."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "source"

# Extraction damage mended in the edition (listed on the "About this edition" page).
MENDS = {"defiency": "deficiency"}


def source_file() -> Path | None:
    files = sorted(SOURCE_DIR.glob("*.txt")) if SOURCE_DIR.is_dir() else []
    return files[0] if files else None


def _clean(text: str) -> str:
    text = re.sub(r"\s*\$\s*Mg\^\{2\+\}\s*\$\s*", " Mg2+ ", text)
    text = re.sub(r"\s*\$\s*Ca\^\{2\+\}\s*\$\s*", " Ca2+ ", text)
    text = re.sub(r"\s*\$\\alpha\$\s*", " α ", text)
    text = re.sub(r"\s*\$\\beta\$\s*", " β", text)
    text = text.replace("<sub>2</sub>", "2")
    text = re.sub(r"\*([^*]+)\*", r"\1", text)  # emphasis markers
    return normalise(text)


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\s+", " ", text).strip()
    # Spacing around inline formulae differs between the extraction and HTML.
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+([),.;:])", r"\1", text)
    text = re.sub(r"β -", "β-", text)
    return text


def body_paragraphs() -> list[str]:
    """Paragraphs of the English body, from Introduction to the end of Conclusions."""
    path = source_file()
    text = path.read_text(encoding="utf-8")
    body = text[text.index("## Introduction"): text.index("**Conflict of interest.**")]
    raw = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    paragraphs: list[str] = []
    carry = ""
    for block in raw:
        if block.startswith("#") or re.fullmatch(r"\*[^*]+\*", block):
            continue  # headings
        if re.match(r"Fig\. \d\.", block):
            continue  # figure captions: checked as captions
        block = carry + block
        carry = ""
        if block.endswith("-"):
            carry = block[:-1]  # a word split across a page break
            continue
        if not re.search(r"[.:\]]$", block.rstrip()):
            carry = block + " "  # a paragraph split across a page break
            continue
        paragraphs.append(block)
    result = []
    for paragraph in paragraphs:
        paragraph = _clean(paragraph)
        for wrong, right in MENDS.items():
            paragraph = paragraph.replace(wrong, right)
        result.append(paragraph)
    return result


def citation_sequence() -> list[list[int]]:
    """Every numeric citation group of the body in reading order, expanded."""
    path = source_file()
    text = path.read_text(encoding="utf-8")
    body = text[text.index("## Introduction"): text.index("## References")]
    groups = []
    for match in re.finditer(r"\[(\d[\d,\s–-]*)\]|\((\d+(?:,\s*\d+(?:–\d+)?)+)\)", body):
        groups.append(expand(match.group(1) or match.group(2)))
    return groups


def expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r",\s*", group.strip()):
        if re.search(r"[–-]", part):
            first, last = re.split(r"[–-]", part)
            numbers.extend(range(int(first), int(last) + 1))
        elif part:
            numbers.append(int(part))
    return numbers


def reference_list() -> list[str]:
    """The 46 entries of the source's reference list, as printed (page break mended)."""
    path = source_file()
    text = path.read_text(encoding="utf-8")
    part = text[text.index("## References"): text.index("The article has been sent")]
    lines = [re.sub(r"^\s*(?:-|\d+\.)\s*", "", line).strip()
             for line in part.splitlines()[1:] if line.strip()]
    entries: list[str] = []
    for line in lines:
        if entries and not re.match(r"^[A-Z][^()]*\(\d{4}\)|^Institute", line) and \
                entries[-1].endswith(")."):
            entries[-1] += " " + line  # entry 26, split by a page break
        else:
            entries.append(line)
    return entries
