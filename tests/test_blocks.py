"""Fenced divs the plugin reads (`::: {#refs}`, `{#cite-this}`, `{#whole-review}`):
pandoc's rules, and no text lost before, inside or after them."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import BibliographyPlaceholder, PageRecord

KINDS = ["refs", "cite-this", "whole-review"]


def convert(text: str):
    extension = ScholarExtension()
    extension.record = PageRecord(src="p.md", lang="en", markdown=text)
    html = markdown.Markdown(extensions=["attr_list", "fenced_code", "toc", extension]).convert(
        text)
    return BeautifulSoup(html, "lxml"), extension.record


def plain(text: str) -> str:
    return BeautifulSoup(markdown.markdown(text, extensions=["fenced_code"]), "lxml").get_text()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("text", "kept"), [
    # Right after the closing fence, no blank line: a paragraph and a code block.
    ("::: {{#{kind}}}\n:::\nAfter the list.\n\n```\nprint(1)\n```\n", ["After the list.",
                                                                       "print(1)"]),
    ("::: {{#{kind}}}\n:::\nAfter the list.\n```\nprint(2)\n```\n", ["After the list.",
                                                                     "print(2)"]),
    # After a closing fence that follows a blank line.
    ("::: {{#{kind}}}\n\n:::\nStill here.\n", ["Still here."]),
    ("::: {{#{kind}}}\n\n:::\n\nAnd here.\n", ["And here."]),
    # Right above the opening fence.
    ("Just above.\n::: {{#{kind}}}\n:::\n", ["Just above."]),
])
def test_text_around_a_block_is_kept(kind, text, kept):
    soup, record = convert(text.format(kind=kind))
    assert soup.select_one(f"div#{kind}") is not None
    for words in kept:
        assert words in soup.get_text()
        assert soup.select_one(f"div#{kind}").find(string=lambda s, w=words: w in s) is None
    assert record.problems == []


@pytest.mark.parametrize("kind", KINDS)
def test_text_inside_a_block_is_shown_above_what_the_plugin_adds(kind):
    soup, _ = convert(f"::: {{#{kind}}}\nThe list was compiled in *May*.\n:::\nEnd.\n")
    div = soup.select_one(f"div#{kind}")
    assert div.select_one("p").get_text() == "The list was compiled in May."
    assert div.select_one("p em").get_text() == "May"
    assert soup.find_all("p")[-1].get_text() == "End."


def test_a_nested_div_does_not_close_the_block():
    soup, record = convert("::: {#refs}\n::: note\nInside.\n:::\n:::\nAfter.\n")
    div = soup.select_one("div#refs")
    assert "Inside." in div.get_text()
    assert soup.find_all("p")[-1].get_text() == "After."
    assert record.holds(BibliographyPlaceholder)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unclosed_block_is_an_error_at_its_line_and_the_text_stays(kind):
    text = f"# Title\n\nIntro.\n\n::: {{#{kind}}}\nFirst.\n\nSecond paragraph.\n\n## Later\n"
    soup, record = convert(text)
    (problem,) = record.problems
    assert (problem.level, problem.code, problem.line) == ("error", "div-unclosed", 5)
    assert f"'::: {{#{kind}}}' is not closed" in problem.message
    for words in ("Intro.", "First.", "Second paragraph.", "Later"):
        assert words in soup.get_text()
    assert soup.select_one(f"div#{kind}") is None


@pytest.mark.parametrize("text", [
    "::: {#refs}\n:::\nA\n\n```\ncode ::: {#refs}\n```\n\nB\n",
    "Para one.\n\n::: {#refs}\n\n\n:::\n\n\nPara two.\n\n    indented code\n",
])
def test_all_text_outside_the_block_reads_as_plain_markdown(text):
    soup, _ = convert(text)
    soup.select_one("div#refs").decompose()
    without = text.replace("::: {#refs}\n", "", 1)
    without = without.replace(":::\n", "", 1)
    assert soup.get_text().split() == plain(without).split()


def test_a_built_page_keeps_the_text_after_the_bibliography(make_site):
    built = make_site({"index.md": "# H\n\nA claim [@alpha2020].\n",
                       "references.md": "# References\n\n::: {#refs}\n:::\nCompiled by the "
                                        "editors.\n"}, strict=True)
    assert not built.aborted, built.warnings()
    page = built.html("references/index.html")
    assert "Compiled by the editors." in page.select_one("article").get_text()
    assert page.select_one("div#refs li") is not None


def test_an_unclosed_bibliography_fails_the_build(make_site):
    built = make_site({"index.md": "# H\n\nA claim [@alpha2020].\n",
                       "references.md": "# References\n\n::: {#refs}\n\nText.\n"})
    assert any("docs/references.md:3:" in w and "is not closed" in w for w in built.warnings())
    page = built.html("references/index.html")
    assert "Text." in page.get_text()
