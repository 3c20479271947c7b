"""Cross-references on tiny sites: figures, tables, sections, across pages and languages."""

from __future__ import annotations

import re

import pytest

from conftest import texts_without_previews

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       '<rect width="10" height="10"/></svg>')
NAV = [{"One": "one.md"}, {"Two": "two.md"}]


def caption(soup, label: str) -> str:
    figure = soup.find("figure", id=label)
    return figure.select_one("figcaption").get_text(" ", strip=True).replace("\u00a0", " ")


def xref_texts(soup):
    return texts_without_previews(soup, ".scholar-xref")


def pages(one: str, two: str) -> dict[str, str]:
    return {"one.md": one, "two.md": two, "img/a.svg": SVG}


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_figures_numbered_in_nav_order_and_linked_across_pages(make_site, use_directory_urls):
    built = make_site(pages(
        "# One\n\n![First caption](img/a.svg){#fig:first}\n\nSee @fig:second and "
        "[@fig:first; @fig:second].\n",
        "# Two\n\n@Fig:first starts. ![Second *caption*](img/a.svg){#fig:second}\n\n"
        "![Second caption](img/a.svg){#fig:second}\n",
    ), nav=NAV, use_directory_urls=use_directory_urls)
    # The second page has a figure that shares its paragraph: warned, not numbered.
    one_path = "one/index.html" if use_directory_urls else "one.html"
    two_path = "two/index.html" if use_directory_urls else "two.html"
    one = built.html(one_path)
    figure = one.select_one("figure#fig\\:first")
    assert caption(one, "fig:first") == "Fig. 1. First caption"
    assert figure.select_one("img")["alt"] == "First caption"
    assert xref_texts(one) == ["fig.\u00a02", "figs.\u00a01, 2"]
    link = one.select(".scholar-xref a.scholar-xref-link")[0]
    assert link["href"] == ("../two/#fig:second" if use_directory_urls else "two.html#fig:second")
    two = built.html(two_path)
    assert xref_texts(two) == ["Fig.\u00a01"]
    assert caption(two, "fig:second").startswith("Fig. 2.")
    # The preview shows the caption and the image, resolved for the citing page; a
    # figure's preview is marked as one (shown as large as the window allows).
    tip = one.find(id=link["aria-describedby"])
    assert tip["class"] == ["scholar-tip", "scholar-tip-figure"]
    assert "Fig. 2. Second caption" in tip.get_text(" ").replace("\u00a0", " ")
    image = tip.select_one("img")["src"]
    assert image == ("../img/a.svg" if use_directory_urls else "img/a.svg")
    assert any("figure 'fig:second' shares its paragraph" in w for w in built.warnings())


def test_three_consecutive_become_a_range(make_site):
    figs = "\n\n".join(f"![C{i}](img/a.svg){{#fig:f{i}}}" for i in range(1, 4))
    built = make_site(pages(f"# One\n\n{figs}\n\n[@fig:f3; @fig:f1; @fig:f2]\n", "# Two\n"),
                      nav=NAV, strict=True)
    assert not built.aborted, built.warnings()
    assert xref_texts(built.html("one/index.html")) == ["figs.\u00a01–3"]


def test_tables_with_captions(make_site):
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n\n: Magnesium intake {#tbl:intake}\n"
    built = make_site(pages(f"# One\n\n{table}\nAs @tbl:intake shows.\n", "# Two\n\n@tbl:intake\n"),
                      nav=NAV, strict=True)
    assert not built.aborted, built.warnings()
    one = built.html("one/index.html")
    figure = one.select_one("figure#tbl\\:intake")
    assert caption(one, "tbl:intake") == "Table 1. Magnesium intake"
    assert figure.select_one("figcaption").find_next_sibling("table") is not None
    assert xref_texts(one) == ["table\u00a01"]
    assert xref_texts(built.html("two/index.html")) == ["table\u00a01"]
    tip = one.find(id=one.select_one("a.scholar-xref-link")["aria-describedby"])
    assert tip["class"] == ["scholar-tip"]  # a table's: its title only


def test_sections_by_title_or_by_number(make_site):
    one = "# Introduction {#sec:intro}\n\n## Detail {#sec:detail}\n\nSee @sec:results.\n"
    two = "# Results {#sec:results}\n\nBack to @sec:detail.\n"
    built = make_site(pages(one, two), nav=NAV, strict=True)
    assert not built.aborted, built.warnings()
    assert xref_texts(built.html("one/index.html")) == ["Results"]
    built = make_site(pages(one, two), nav=NAV, strict=True, plugin={"number_sections": True})
    assert not built.aborted, built.warnings()
    soup = built.html("two/index.html")
    assert xref_texts(soup) == ["sec.\u00a01.1"]
    assert soup.select_one("h1").get_text(" ", strip=True).startswith("2 Results")
    toc = [a.get_text(" ", strip=True) for a in built.html("one/index.html").select(
        ".md-nav--secondary a")]
    assert "1.1 Detail" in toc


def test_undefined_label_warns_with_line_and_close_match(make_site):
    built = make_site(pages("# One\n\n![C](img/a.svg){#fig:roles}\n\nText.\n\nSee @fig:role.\n",
                            "# Two\n"), nav=NAV)
    assert any(re.search(r"docs/one\.md:7:\d+: undefined label 'fig:role' \(did you mean "
                         r"'fig:roles'\?\)", w) for w in built.warnings()), built.warnings()
    assert built.html("one/index.html").select_one("mark.scholar-unknown").get_text() == "@fig:role"
    strict = make_site(pages("# One\n\nSee @fig:nope.\n", "# Two\n"), nav=NAV, strict=True)
    assert strict.aborted


def test_duplicate_label_is_an_error_naming_both_places(make_site):
    built = make_site(pages("# One\n\n![A](img/a.svg){#fig:x}\n",
                            "# Two\n\ntext\n\n![B](img/a.svg){#fig:x}\n"), nav=NAV)
    errors = [m for m in built.messages if m.startswith("ERROR")]
    assert any("docs/two.md:5" in e and "one.md:3" in e and "fig:x" in e for e in errors), errors


def test_unknown_prefix_warns(make_site):
    built = make_site(pages("# One\n\n![A](img/a.svg){#fgi:x}\n", "# Two\n"), nav=NAV)
    assert any("unknown prefix" in w and "fgi:x" in w for w in built.warnings())


def test_code_is_untouched(make_site):
    built = make_site(pages("# One\n\n![A](img/a.svg){#fig:x}\n\n`@fig:x`\n\n```\n@fig:x\n```\n",
                            "# Two\n"), nav=NAV, strict=True)
    assert not built.aborted, built.warnings()
    soup = built.html("one/index.html")
    assert [c.get_text() for c in soup.select("article code")] == ["@fig:x", "@fig:x\n"]
    assert xref_texts(soup) == []


def test_both_languages_numbered_alike_with_their_own_words(make_site):
    def page(caption, text):
        return (f"# T\n\n![{caption} one](../img/a.svg){{#fig:one}}\n\n"
                f"![{caption} two](../img/a.svg){{#fig:two}}\n\n{text} [@fig:one; @fig:two]\n")

    built = make_site({
        "en/index.md": "# Home\n",
        "uk/index.md": "# Головна\n",
        "en/one.md": "# One\n\nSee @fig:two.\n",
        "en/two.md": page("Caption", "Both"),
        "uk/one.md": "# Один\n\nДив. @fig:two.\n",
        "uk/two.md": page("Підпис", "Обидва"),
        "img/a.svg": SVG,
    }, i18n=True, nav=[{"Home": "index.md"}, *NAV], strict=True)
    assert not built.aborted, built.warnings()
    assert xref_texts(built.html("one/index.html")) == ["fig.\u00a02"]
    uk_one = built.html("uk/one/index.html")
    assert xref_texts(uk_one) == ["рис.\u00a02"]
    assert uk_one.select_one("a.scholar-xref-link")["href"] == "../two/#fig:two"
    uk_two = built.html("uk/two/index.html")
    assert xref_texts(uk_two) == ["рис.\u00a01, 2"]
    assert caption(uk_two, "fig:two") == "Рис. 2. Підпис two"


def test_label_missing_in_translation_warns_naming_both_files(make_site):
    built = make_site({
        "en/one.md": "# One\n\n![A](../img/a.svg){#fig:one}\n",
        "en/two.md": "# Two\n",
        "uk/one.md": "# Один\n\nБез рисунка.\n",
        "uk/two.md": "# Два\n",
        "img/a.svg": SVG,
    }, i18n=True, nav=NAV)
    assert any("fig:one" in w and "en/one.md" in w and "uk/one.md" in w
               for w in built.warnings()), built.warnings()


def test_configurable_prefixes(make_site):
    built = make_site(pages("# One\n\n![A](img/a.svg){#fig:x}\n\nSee @fig:x.\n", "# Two\n"),
                      nav=NAV, plugin={"terms": {"en": {"crossref": {"ref": {
                          "fig": ["figure", "figures"]}}}}})
    assert xref_texts(built.html("one/index.html")) == ["figure\u00a01"]
