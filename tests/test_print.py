"""The one-page edition on paper: Chromium prints it (print media, A4) and the PDF's
pages are read back with pypdf.

What a reader of the printed edition must not meet: pages left nearly empty by forced
breaks, the DOI twice on one line, or lines that only make sense on screen.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest

pypdf = pytest.importorskip("pypdf")

EDITIONS = {"en": "whole-review.html", "uk": "uk/whole-review.html"}
DOI = "10.15674/0030-598720234121-127"
# A page whose text covers less than this share of its height (the last page aside)
# counts as nearly empty. A figure's drawing counts: its labels are text.
NEAR_EMPTY = 0.25


@dataclass
class Page:
    text: str
    filled: float  # the share of the page's height between its first and last text


def read_page(page) -> Page:
    heights = []

    def visit(text, cm, tm, _fonts, _size):
        if text.strip():
            # The text's place on the page: its text matrix in the current matrix.
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    text = page.extract_text(visitor_text=visit) or ""
    height = float(page.mediabox.height)
    filled = (max(heights) - min(heights)) / height if heights else 0.0
    return Page(text, filled)


@pytest.fixture(scope="module")
def editions(chromium, built_site):
    pages = {}
    context = chromium.new_context()
    for lang, path in EDITIONS.items():
        tab = context.new_page()
        tab.goto((built_site / path).as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        reader = pypdf.PdfReader(io.BytesIO(tab.pdf(format="A4")))
        pages[lang] = [read_page(page) for page in reader.pages]
        tab.close()
    context.close()
    return pages


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_printed_edition_has_no_nearly_empty_pages(editions, lang):
    pages = editions[lang]
    filled = [round(page.filled, 2) for page in pages]
    print(f"[{lang}] {len(pages)} A4 pages, share of each page filled: {filled}")
    # The text, three figures and 46 references: about 17 pages of A4 once no part
    # forces a page of its own (24 when each did).
    assert 10 <= len(pages) <= 20, filled
    near_empty = [number for number, share in enumerate(filled[:-1], 1) if share < NEAR_EMPTY]
    assert not near_empty, f"nearly empty pages {near_empty}: {filled}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_printed_edition_has_no_doubled_or_useless_lines(editions, lang):
    lines = [line.strip() for page in editions[lang] for line in page.text.splitlines()]
    joined = re.sub(r"\s+", "", "".join(lines))
    # An address followed by itself in brackets, however the lines broke it.
    doubled = re.findall(r"(https?://[^()]+)\(\1\)", joined)
    assert not doubled, doubled
    # The article's own DOI is printed, once per place it stands in.
    assert DOI in joined
    assert "BibTeX·RIS" not in joined, "the download line is printed"
    assert "¶" not in joined
