"""A page's record: where needles sit in the source, and placeholders packed once
numbers are known."""

from __future__ import annotations

import gc

import markdown

from mkdocs_scholar.markdown_ext import ScholarExtension
from mkdocs_scholar.records import (
    CaptionPlaceholder,
    CitationPlaceholder,
    PackedPlaceholders,
    PageRecord,
    front_matter_lines,
)
from mkdocs_scholar.syntax import CiteItem


def read(text: str, extension: ScholarExtension, src: str = "p.md") -> PageRecord:
    extension.record = PageRecord(src=src, lang="en", markdown=text)
    markdown.Markdown(extensions=["attr_list", extension]).convert(text)
    return extension.record


def test_packed_placeholders_read_back_as_they_were():
    extension = ScholarExtension()
    text = ("# Title\n\nOne [@a; see @b, p. 5], two [-@c], @d [p. 7] said, "
            "see @fig:x.\n\n![A figure](x.svg){#fig:x}\n")
    record = read(text, extension)
    before = list(record.placeholders)
    written = record.written()
    assert [type(p) for p in before].count(CitationPlaceholder) == 4
    assert any(type(p) is CaptionPlaceholder for p in before)

    record.pack({})
    assert type(record.placeholders) is PackedPlaceholders
    assert len(record.placeholders) == len(before)
    assert [record.placeholders[i] for i in range(len(before))] == before
    assert record.placeholders[1:3] == before[1:3]
    assert record.placeholders[-1] == before[-1]
    assert record.written() == written
    assert record.citations() == [(i, p) for i, p in enumerate(before)
                                  if type(p) is CitationPlaceholder]
    narrative = record.placeholders[2]
    assert narrative.narrative and narrative.items == (CiteItem("d", suffix="p. 7"),)
    assert record.placeholders[3].is_crossref
    record.pack({})  # packing twice changes nothing
    assert [record.placeholders[i] for i in range(len(before))] == before


def test_packed_citations_are_shared_and_not_tracked_by_the_collector():
    extension = ScholarExtension()
    first = read("A [@a; @b], then [@c].\n", extension, "one.md")
    second = read("Again [@a; @b].\n", extension, "two.md")
    memo: dict[str, tuple] = {}
    first.pack(memo)
    second.pack(memo)
    # One tuple for a citation written alike on two pages.
    assert first.placeholders._items[0] is second.placeholders._items[0]
    gc.collect()
    assert not any(gc.is_tracked(item) for item in first.placeholders._items)


def test_the_written_form_names_other_placeholders_by_kind_and_label():
    record = PageRecord(src="p.md", lang="en", markdown="")
    record.add(CaptionPlaceholder("fig:x"))
    record.add(CitationPlaceholder(items=(CiteItem("a"),), narrative=False, raw="[@a]"))
    assert record.written() == ["CaptionPlaceholder\x1ffig:x", "[@a]"]
    record.pack({})
    assert record.written() == ["CaptionPlaceholder\x1ffig:x", "[@a]"]


def test_line_numbers_count_the_front_matter():
    source = "---\ntitle: T\n---\n\n# Heading\n\nText [@a].\n"
    body = "# Heading\n\nText [@a].\n"
    offset = front_matter_lines(source, body)
    assert offset == 4
    record = PageRecord(src="p.md", lang="en", markdown=body, line_offset=offset)
    assert record.position_of("[@a]") == (7, 6)
    assert front_matter_lines("# Heading\n", "# Heading\n") == 0
