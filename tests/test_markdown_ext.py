"""The Markdown extension on its own: what it reads as citations, and in what order."""

from __future__ import annotations

import re

import markdown
import pytest

from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import TOKEN_RE, CitationPlaceholder, PageRecord


def convert(text: str, extensions=("tables", "footnotes", "pymdownx.caret")):
    extension = ScholarExtension()
    extension.record = PageRecord(src="p.md", lang="en", markdown=text)
    html = markdown.Markdown(extensions=[*extensions, extension]).convert(text)
    return html, extension.record


def raws(record: PageRecord) -> list[str]:
    return [p.raw for p in record.placeholders if isinstance(p, CitationPlaceholder)]


def test_citations_are_read_in_document_order():
    # First-appearance numbering follows this order: lists, nested lists, tables
    # and footnotes must not be read before or after the paragraphs around them.
    text = (
        "Intro *emphasis [@e1]* and [@e2].\n\n"
        "- item [@l1]\n"
        "    - nested [@l2]\n"
        "- item two [@l3] and a^sup [@s]^\n\n"
        "| a | b |\n|---|---|\n| [@t1] | **[@t2]** |\n\n"
        "Text with a note[^1] then [@after].\n\n"
        "[^1]: The note cites [@fn].\n"
    )
    _, record = convert(text)
    assert raws(record) == ["[@e1]", "[@e2]", "[@l1]", "[@l2]", "[@l3]", "[@s]", "[@t1]",
                            "[@t2]", "[@after]", "[@fn]"]


@pytest.mark.parametrize("text", [
    "A link [see @x](https://example.org) here.",
    "Code `[@x]` and `@x` here.",
    "An escaped \\@x here.",
    "Mail editor@x.org or <editor@x.org> or <https://x.org/@x>.",
    "Raw <span data-key=\"@x\">html</span> here.",
    "    [@x] in an indented code block",
])
def test_what_is_not_a_citation(text):
    html, record = convert(text)
    assert raws(record) == []
    assert not TOKEN_RE.search(html)


def test_each_citation_leaves_one_token_where_it_was():
    html, record = convert("Before [@a; @b] middle @c [p. 5] after.")
    assert raws(record) == ["[@a; @b]", "@c [p. 5]"]
    assert TOKEN_RE.sub("#", html) == "<p>Before # middle # after.</p>"
    first, second = (p for p in record.placeholders if isinstance(p, CitationPlaceholder))
    assert [item.key for item in first.items] == ["a", "b"] and not first.narrative
    assert second.narrative and second.items[0].suffix == "p. 5"


def test_a_malformed_group_is_reported_at_its_line_and_left_as_text():
    html, record = convert("First line.\n\nSecond [@a @b] line.")
    assert raws(record) == []
    assert "[@a @b]" in html
    (problem,) = record.problems
    assert problem.code == "cite-malformed" and problem.line == 3


def test_a_record_knows_which_kinds_of_block_it_holds():
    _, record = convert("# T\n\n[@a]\n\n::: {#refs}\n:::\n")
    from mkdocs_scholar.core.records import BibliographyPlaceholder, WholeReviewPlaceholder

    assert record.holds(BibliographyPlaceholder)
    assert not record.holds(WholeReviewPlaceholder)
    assert [raw for _, raw, _ in record.cited()] == ["[@a]"]
    _, plain = convert("# T\n\n[@a] and [@b]\n")
    assert not plain.holds(BibliographyPlaceholder)
    assert [raw for _, raw, _ in plain.cited()] == ["[@a]", "[@b]"]


def test_a_group_split_by_emphasis_is_reported():
    _, record = convert("Intro @a.\n\nAs [see *Smith* @a] says.")
    (problem,) = record.problems  # the first `@a` is fine; the second is reported
    assert problem.code == "cite-split" and problem.line == 3
    assert "write its prefix and suffix as plain text" in problem.message
    _, fine = convert("As @a [p. 5] and [see @a] say.")
    assert fine.problems == []


def test_citations_written_alike_share_one_placeholder():
    _, record = convert("[@a] and [@a], then @a and [@a; @b].")
    first, second, narrative, group = record.placeholders._items
    assert first is second and narrative is not first and group is not first


TABLE = "| a | b |\n|---|---|\n| 1 | 2 |\n"


def _tables(html: str) -> list[tuple[str, str]]:
    """(figure id, first cell) of each captioned table, in order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [(figure["id"], figure.select_one("td").get_text())
            for figure in soup.select("figure.scholar-table")]


def test_a_caption_after_a_table_is_that_tables_own():
    # Pandoc's rule: the caption follows its table; the next table is not its.
    text = (f"{TABLE}\n: First {{#tbl:one}}\n\n{TABLE.replace('1', '3')}\n"
            ": Second {#tbl:two}\n")
    html, record = convert(text)
    assert _tables(html) == [("tbl:one", "1"), ("tbl:two", "3")]
    assert [(t.label, t.title, t.line) for t in record.targets] == [
        ("tbl:one", "First", 5), ("tbl:two", "Second", 11)]
    assert not record.problems


def test_a_caption_may_come_before_its_table_and_start_with_table():
    text = f"Text.\n\nTable: Intake {{#tbl:intake}}\n\n{TABLE}\nAfter.\n"
    html, record = convert(text)
    assert _tables(html) == [("tbl:intake", "1")]
    assert record.targets[0].title == "Intake"
    assert html.index("<p>Text.</p>") < html.index("<figure") < html.index("<p>After.</p>")


def test_labelled_figures_and_headings_are_found_anywhere_in_the_tree():
    text = ("> ## Quoted {#sec:quoted}\n>\n> ![In a quote](a.svg){#fig:quoted}\n\n"
            "- item\n\n    Not alone: ![A](a.svg){#fig:listed} in a list item\n\n"
            "Plain *text* with ![an image](b.svg) and no label.\n\n"
            ": Alone {#tbl:alone}\n")
    html, record = convert(text, extensions=("tables", "attr_list"))
    assert [t.label for t in record.targets] == ["sec:quoted", "fig:quoted"]
    assert '<figure class="scholar-figure" id="fig:quoted">' in html
    assert [p.code for p in record.problems] == ["figure-not-alone", "table-caption-alone"]
    assert [p.line for p in record.problems] == [7, 11]


def test_a_captioned_table_inside_a_quote_stays_there():
    quoted = "".join("> " + line + "\n" for line in TABLE.splitlines())
    text = f"*Opening* words.\n\n{quoted}>\n> : Quoted {{#tbl:quoted}}\n\nAfter.\n"
    html, record = convert(text)
    assert _tables(html) == [("tbl:quoted", "1")]
    assert html.index("<blockquote>") < html.index("<figure") < html.index("</blockquote>")
    assert not record.problems


def heading_ids(text: str, with_plugin: bool = True) -> list[str]:
    extensions = ["toc"]
    if with_plugin:
        extension = ScholarExtension()
        extension.record = PageRecord(src="p.md", lang="en", markdown=text)
        extensions.append(extension)
    html = markdown.Markdown(extensions=extensions).convert(text)
    return re.findall(r'<h\d id="([^"]+)"', html)


@pytest.mark.parametrize("text", [
    "## Heading [@a]\n",
    "Text [@x] and [@y; @z].\n\n## Heading [@a]\n",
    "## Heading a\n\n## Heading [@a]\n\n## Heading [see @a, p. 3]\n\n## Heading [@a]\n",
    "# Intro\n\n## Role of Mg @fig:x\n\n## Narrative @a\n\n## *Emphasis* [@b]\n",
])
def test_heading_ids_do_not_depend_on_citations_before_them(text):
    assert heading_ids(text) == heading_ids(text, with_plugin=False)
    assert heading_ids("Cites [@p] [@q] [@r].\n\n" + text) == heading_ids(text)
