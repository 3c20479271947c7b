"""What placeholders become: the page's HTML, the text of headings, the search index's form."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from mkdocs_scholar.core.crossref import Target
from mkdocs_scholar.core.formatting import FormattedEntry
from mkdocs_scholar.core.locale import load_section
from mkdocs_scholar.core.numbering import FirstAppearanceOrder
from mkdocs_scholar.core.records import BibliographyPlaceholder, CitationPlaceholder, PageRecord
from mkdocs_scholar.core.render import Options, PageRenderer
from mkdocs_scholar.core.resolve import Resolution
from mkdocs_scholar.core.syntax import CiteItem


class Urls:
    def __init__(self, here: str):
        self.here = here

    def page(self, src: str) -> str:
        return "" if src == self.here else "../" + src.removesuffix(".md") + "/"

    def asset(self, from_src: str, raw: str) -> str:
        return raw


def entry(key: str, title: str) -> FormattedEntry:
    html = f'Author. <em>{title}</em>. <a href="https://doi.org/10.1/{key}">doi</a>'
    return FormattedEntry(key, html, f"Author. {title}. doi", ())


DEFAULTS = Options()


def renderer(*placeholders, options=DEFAULTS, here="en/page.md") -> PageRenderer:
    record = PageRecord(src=here, lang="en", markdown="")
    for placeholder in placeholders:
        record.add(placeholder)
    resolution = Resolution(
        lang="en", order=FirstAppearanceOrder(["a", "b", "c"]), listed=["a", "b", "c"],
        occurrences={"a": ("en/page.md", "cite-0")},
        targets={"fig:x": Target("fig:x", "fig", "en/other.md", "A figure", number="2")},
        formatted={key: entry(key, key.upper() + " title") for key in "abc"},
        bibliography_page="en/references.md")
    terms = {part: load_section("en", part) for part in ("bibliography", "crossref", "interface")}
    return PageRenderer(record, resolution, terms, options, Urls(here), lambda key: "Author")


def cite(*keys, narrative=False, suffix=""):
    items = tuple(CiteItem(key, suffix=suffix if i == len(keys) - 1 else "")
                  for i, key in enumerate(keys))
    return CitationPlaceholder(items=items, narrative=narrative, raw="[...]")


def test_a_citation_is_linked_with_a_preview_and_indexed_as_text():
    piece = renderer(cite("a")).render(0)
    assert piece.text == "[1]" and piece.for_index == "[1]"
    soup = BeautifulSoup(piece.html, "html.parser")
    link = soup.select_one("a.scholar-cite")
    assert link["href"] == "../en/references/#ref-a" and link.get_text() == "1"
    tip = soup.select_one(".scholar-tip")
    assert link["aria-describedby"] == tip["id"] == "cite-0-tip"
    assert "A title" in tip.get_text() and not tip.select("a")  # nothing focusable inside


@pytest.mark.parametrize("placeholder", [
    cite("a"), cite("b", "a", "c"), cite("a", suffix="p. 5"), cite("c", narrative=True),
    cite("fig:x"), cite("unknown"),
    CitationPlaceholder((CiteItem("a", suppress_author=True),), False, "[-@a]")])
def test_the_one_step_form_of_a_single_key_equals_the_general_one(placeholder, monkeypatch):
    fast = renderer(placeholder).render(0)
    monkeypatch.setattr(PageRenderer, "_single_citation", lambda *args: None)
    assert renderer(placeholder).render(0) == fast


def test_groups_compress_and_keep_affixes():
    assert renderer(cite("c", "a", "b")).render(0).text == "[1–3]"
    assert renderer(cite("a", "b", suffix="p. 5")).render(0).text == "[1, 2, p. 5]"
    assert renderer(cite("b", narrative=True)).render(0).text == "Author [2]"


def test_without_links_or_previews_the_markup_shrinks():
    bare = renderer(cite("a"), options=Options(links=False, previews=False)).render(0)
    assert "<a " not in bare.html and "scholar-tip" not in bare.html
    assert bare.text == "[1]"


def test_a_cross_reference_links_to_the_target_page():
    piece = renderer(CitationPlaceholder((CiteItem("fig:x"),), False, "@fig:x")).render(0)
    assert piece.text == "fig.\u00a02" and piece.for_index == "fig.\u00a02"
    link = BeautifulSoup(piece.html, "html.parser").select_one("a.scholar-xref-link")
    assert link["href"] == "../en/other/#fig:x"


def test_the_bibliography_is_indexed_as_text_one_entry_a_line():
    piece = renderer(BibliographyPlaceholder(), here="en/references.md").render(0)
    assert piece.for_index.splitlines() == [
        "[1] Author. A title. doi", "[2] Author. B title. doi", "[3] Author. C title. doi"]
    items = BeautifulSoup(piece.html, "html.parser").select("li")
    assert [li["id"] for li in items] == ["ref-a", "ref-b", "ref-c"]
    assert items[0].select_one(".scholar-backlinks a")["href"] == "../en/page/#cite-0"
