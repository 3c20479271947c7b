"""A page's record: placeholders kept packed, and where needles sit in the source."""

from __future__ import annotations

import gc

import markdown
import pytest

from mkdocs_scholar.core.disk_cache import CacheShapeError
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import (
    PACKED_CITATIONS,
    CaptionPlaceholder,
    CitationPlaceholder,
    PageRecord,
    Placeholders,
    bare_key,
    front_matter_lines,
    pack_citation,
    unpack_citation,
)
from mkdocs_scholar.core.syntax import CiteItem


def read(text: str, extension: ScholarExtension, src: str = "p.md") -> PageRecord:
    extension.record = PageRecord(src=src, lang="en", markdown=text)
    markdown.Markdown(extensions=["attr_list", extension]).convert(text)
    return extension.record


def test_citations_read_back_as_they_were_written():
    record = read("# Title\n\nOne [@a; see @b, p. 5], two [-@c], @d [p. 7] said, see "
                  "@Fig:x.\n\n![A figure](x.svg){#fig:x}\n", ScholarExtension())
    placeholders = record.placeholders
    assert len(placeholders) == 5
    assert placeholders[0] == CitationPlaceholder(
        items=(CiteItem("a"), CiteItem("b", prefix="see", suffix=", p. 5")), narrative=False,
        raw="[@a; see @b, p. 5]")
    assert placeholders[1].items == (CiteItem("c", suppress_author=True),)
    assert placeholders[2].narrative and placeholders[2].items == (CiteItem("d", suffix="p. 7"),)
    assert placeholders[3].is_crossref and placeholders[3].items[0].label == "fig:x"
    assert placeholders[-1] == CaptionPlaceholder("fig:x")
    assert placeholders[1:3] == [placeholders[1], placeholders[2]]
    assert record.cited() == [(0, "[@a; see @b, p. 5]", ("a", "b")), (1, "[-@c]", ("c",)),
                              (2, "@d [p. 7]", ("d",)), (3, "@Fig:x", ("Fig:x",))]
    assert placeholders.written() == ["[@a; see @b, p. 5]", "[-@c]", "@d [p. 7]", "@Fig:x",
                                      "CaptionPlaceholder\x1ffig:x"]


def test_a_placeholder_added_as_an_object_is_packed_like_one_read():
    group = CitationPlaceholder(items=(CiteItem("a", prefix="see"), CiteItem("b")),
                                narrative=False, raw="[see @a; @b]")
    record = PageRecord(src="p.md", lang="en", markdown="")
    assert record.add(group) == "\ue0000\ue001"
    assert record.add_citation(pack_citation("[@c]", False, [CiteItem("c")])) == "\ue0001\ue001"
    assert record.placeholders[0] == group
    assert unpack_citation(pack_citation(group.raw, group.narrative, group.items)) == group
    assert Placeholders([group]) == Placeholders([group])
    assert not record.holds(CitationPlaceholder)


def test_citations_are_shared_between_pages_and_not_tracked_by_the_collector():
    extension = ScholarExtension()
    first = read("A [@a; @b], then [@c].\n", extension, "one.md")
    second = read("Again [@a; @b].\n", extension, "two.md")
    # One tuple for a citation written alike on two pages.
    assert first.placeholders._items[0] is second.placeholders._items[0]
    gc.collect()
    assert not any(gc.is_tracked(item) for item in first.placeholders._items)


def test_a_citation_read_in_an_earlier_build_is_not_parsed_again(monkeypatch):
    from mkdocs_scholar.core import syntax

    extension = ScholarExtension()
    read("A [@a; @b] and [see @c].\n", extension)
    assert extension.parsed_new
    extension.start_build()
    assert set(extension.earlier) == {"[@a; @b]", "[see @c]"}
    monkeypatch.setattr(syntax, "parse_match", lambda m: _parsed_again(m.group(0)))
    record = read("Again [@a; @b].\n", extension)
    assert record.placeholders[0].items == (CiteItem("a"), CiteItem("b"))
    assert not extension.parsed_new
    assert set(extension.parsed) == {"[@a; @b]"}  # what this build read
    assert set(extension.earlier) == {"[see @c]"}


def _parsed_again(raw: str):
    raise AssertionError(f"{raw} was parsed again")


def test_line_numbers_count_the_front_matter():
    source = "---\ntitle: T\n---\n\n# Heading\n\nText [@a].\n"
    body = "# Heading\n\nText [@a].\n"
    offset = front_matter_lines(source, body)
    assert offset == 4
    record = PageRecord(src="p.md", lang="en", markdown=body, line_offset=offset)
    assert record.position_of("[@a]") == (7, 6)
    assert front_matter_lines("# Heading\n", "# Heading\n") == 0


def test_a_bare_key_is_read_from_the_packed_form():
    def packed(raw, narrative, *items):
        return pack_citation(raw, narrative, items)

    assert bare_key(packed("[@a]", False, CiteItem("a"))) == "a"
    assert bare_key(packed("[-@a]", False, CiteItem("a", suppress_author=True))) == "a"
    assert bare_key(packed("[@a, p. 5]", False, CiteItem("a", suffix="p. 5"))) is None
    assert bare_key(packed("[see @a]", False, CiteItem("a", prefix="see"))) is None
    assert bare_key(packed("@a", True, CiteItem("a"))) is None
    assert bare_key(packed("[@a; @b]", False, CiteItem("a"), CiteItem("b"))) is None


def test_packed_citations_go_to_the_disk_cache_and_back():
    items = (CiteItem("a", "see", "p. 5", False), CiteItem("b", "", "", True))
    parsed = {"[see @a, p. 5; -@b]": pack_citation("[see @a, p. 5; -@b]", False, items),
              "@c": pack_citation("@c", True, (CiteItem("c", "", "", False),))}
    data = PACKED_CITATIONS.encode(parsed)
    assert data["@c"] == [True, "c", "", "", False]  # the text as written is the key only
    assert PACKED_CITATIONS.decode(data) == parsed


@pytest.mark.parametrize("data", [
    [],
    {"@a": [True, "a", "", ""]},  # an item cut short
    {"@a": [1, "a", "", "", False]},  # narrative not a boolean
    {"@a": [True, "", "", "", False]},  # an empty key
    {"@a": [True, "a", None, "", False]},
    {"@a": [True, "a", "", "", 0]},
    {"@a": [True, "a", "", "", False, "b", "", ""]},  # a second item cut short
    {"@a": [True, "a", "", "", False, "b", True, "", False]},  # its prefix not a text
    {"@a": "[True]"},
])
def test_packed_citations_of_the_wrong_shape_are_refused(data):
    with pytest.raises(CacheShapeError):
        PACKED_CITATIONS.decode(data)
