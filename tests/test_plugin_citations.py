"""Citations on tiny sites built in tmp_path: numbering, links, bibliography, bad input."""

from __future__ import annotations

import json
import re

import pytest

from conftest import BIB, texts_without_previews

NAV = [{"Home": "index.md"}, {"Second": "second.md"}, {"References": "references.md"}]
REFS = "# References\n\n::: {#refs}\n:::\n"


def citation_texts(soup):
    return texts_without_previews(soup, ".scholar-citation")


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_numbers_follow_navigation_and_link_across_pages(make_site, use_directory_urls):
    built = make_site(
        {
            # Written first alphabetically but second in the navigation.
            "index.md": "# Home\n\nFirst [@beta2021], then [@alpha2020; @beta2021].\n",
            "second.md": "# Second\n\nAgain [@alpha2020] and [@gamma2019].\n",
            "references.md": REFS,
        },
        nav=NAV, use_directory_urls=use_directory_urls, strict=True,
    )
    assert not built.aborted, built.warnings()
    home = built.html("index.html")
    assert citation_texts(home) == ["[1]", "[1, 2]"]
    second_path = "second/index.html" if use_directory_urls else "second.html"
    second = built.html(second_path)
    assert citation_texts(second) == ["[2]", "[3]"]
    link = second.select_one("a.scholar-cite")
    refs_path = "references/index.html" if use_directory_urls else "references.html"
    refs_url = "../references/" if use_directory_urls else "references.html"
    assert link["href"] == refs_url + "#ref-alpha2020"
    refs = built.html(refs_path)
    entries = refs.select("ol.scholar-entries > li")
    assert [li["id"] for li in entries] == ["ref-beta2021", "ref-alpha2020", "ref-gamma2019"]
    assert [li["value"] for li in entries] == ["1", "2", "3"]
    # The DOI is a link; back-links go to every place the entry is cited.
    assert entries[1].select_one(".scholar-entry a")["href"] == "https://doi.org/10.1000/alpha"
    backlinks = [a["href"] for a in entries[1].select(".scholar-backlinks a")]
    home_url = "../" if use_directory_urls else "index.html"
    second_url = "../second/" if use_directory_urls else "second.html"
    assert backlinks == [f"{home_url}#cite-1", f"{second_url}#cite-0"]
    assert home.find(id="cite-1") is not None


def test_tooltip_holds_the_formatted_reference(make_site):
    built = make_site({"index.md": "# H\n\nSee [@alpha2020].\n", "references.md": REFS})
    soup = built.html("index.html")
    link = soup.select_one("a.scholar-cite")
    tip = soup.find(id=link["aria-describedby"])
    assert tip["role"] == "tooltip"
    assert "Alpha, A., & Beta, B. (2020). First paper." in tip.get_text("")
    assert tip.find("a") is None  # nothing focusable hidden inside


def test_previews_name_their_entries_and_the_script_comes_with_them(make_site):
    pages = {"index.md": "# H\n\nSee [@alpha2020; @beta2021].\n", "references.md": REFS}
    soup = make_site(pages).html("index.html")
    entries = soup.select(".scholar-citation .scholar-tip .scholar-tip-entry")
    # The anchors the script links to after a tap: the entries' own ids.
    assert [e["data-entry"] for e in entries] == ["ref-alpha2020", "ref-beta2021"]
    refs = make_site(pages).html("references/index.html")
    assert all(refs.find(id=e["data-entry"]) for e in entries)
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert "assets/mkdocs-scholar/scholar.js" in scripts
    for plugin in ({"js": False}, {"previews": False}):
        off = make_site(pages, plugin=plugin)
        assert not any("scholar.js" in s["src"] for s in off.html("index.html").select(
            "script[src]")), plugin
        assert not (off.site / "assets" / "mkdocs-scholar" / "scholar.js").exists()


def test_ranges_locators_and_narrative(make_site):
    cites = " ".join(f"[@k{i}]" for i in range(1, 7))
    bib = "".join(
        f"@article{{k{i}, author={{Author{i}, A. and Other, O. and Third, T.}}, title={{T{i}}}, "
        f"journal={{J}}, year=2000, volume=1, pages={{1--2}}}}\n" for i in range(1, 7))
    built = make_site({
        "index.md": f"# H\n\n{cites}\n\nAll [@k6; @k1; @k2; @k3; @k5]; one [see @k4, pp. 33–35]."
                    f" Narrative @k2 says.\n",
        "references.md": REFS,
    }, bib=bib, nav=[{"H": "index.md"}, {"R": "references.md"}])
    texts = citation_texts(built.html("index.html"))
    assert texts[6:] == ["[1–3, 5, 6]", "[see 4, pp. 33–35]", "Author2 et al. [2]"]


def test_narrative_in_ukrainian(make_site):
    built = make_site({
        "en/index.md": "# H\n\n@gamma2019 and @alpha2020 wrote.\n",
        "en/references.md": REFS,
        "uk/index.md": "# Г\n\n@gamma2019 і @alpha2020 писали.\n",
        "uk/references.md": REFS,
    }, i18n=True, nav=[{"H": "index.md"}, {"R": "references.md"}])
    assert citation_texts(built.html("index.html")) == ["Delta et al. [1]", "Alpha and Beta [2]"]
    assert citation_texts(built.html("uk/index.html")) == [
        "Delta та ін. [1]", "Alpha та Beta [2]"]


TRAPS = """\
# Traps

Write to dedukh\\_ninel@ukr.net or user@example.org.
Inline `[@alpha2020]` and `@alpha2020` stay code.
A literal \\@alpha2020 and a URL https://example.org/@alpha2020.
<span data-x="@alpha2020">html attribute</span>
A [link](https://example.org/@alpha2020) and [@alpha2020](https://example.org).

```
fenced [@alpha2020]
```

    indented [@alpha2020]

Real [@beta2021].
"""


def test_traps_are_not_citations(make_site):
    built = make_site({"index.md": TRAPS, "references.md": REFS}, strict=True)
    assert not built.aborted, built.warnings()
    soup = built.html("index.html")
    assert citation_texts(soup) == ["[1]"]
    text = soup.select_one("article").get_text("")
    assert "dedukh_ninel@ukr.net" in text and "user@example.org" in text
    assert "@alpha2020" in soup.select_one("article code").get_text()
    assert "fenced [@alpha2020]" in text and "indented [@alpha2020]" in text
    assert "A literal @alpha2020" in text
    assert soup.select_one('span[data-x="@alpha2020"]') is not None


def test_keys_with_punctuation(make_site):
    built = make_site({"index.md": "# H\n\n[@delta:2018.x] and @{delta:2018.x}.\n",
                       "references.md": REFS}, strict=True)
    assert not built.aborted, built.warnings()
    assert citation_texts(built.html("index.html")) == ["[1]", "Eta [1]"]


def test_unknown_key_is_reported_with_line_and_marked(make_site):
    built = make_site({"index.md": "# H\n\nFine [@alpha2020].\n\nTypo [@alpha2002].\n",
                       "references.md": REFS})
    warning = [w for w in built.warnings() if "alpha2002" in w]
    assert len(warning) == 1
    assert re.search(r"docs/index\.md:5:\d+: unknown citation key 'alpha2002' "
                     r"\(did you mean 'alpha2020'\?\)", warning[0])
    mark = built.html("index.html").select_one("mark.scholar-unknown")
    assert mark.get_text() == "@alpha2002"


def test_unknown_key_fails_strict_build(make_site):
    built = make_site({"index.md": "# H\n\n[@nope]\n", "references.md": REFS}, strict=True)
    assert built.aborted


def test_missing_bibliography_file_is_a_config_error(make_site):
    built = make_site({"index.md": "# H\n"}, plugin={"bibliography": "missing.bib"})
    assert built.aborted
    assert any("bibliography file 'missing.bib' does not exist" in m for m in built.messages)


def test_unknown_style_is_a_config_error(make_site):
    built = make_site({"index.md": "# H\n"}, plugin={"style": "no-such-style"})
    assert built.aborted
    assert any("no-such-style" in m for m in built.messages)


def test_another_pybtex_style_can_be_named(make_site):
    built = make_site({"index.md": "# H\n\n[@alpha2020]\n", "references.md": REFS},
                      plugin={"style": "unsrt"}, strict=True)
    assert not built.aborted, built.warnings()
    entry = built.html("references/index.html").select_one("ol.scholar-entries > li")
    assert "First paper" in entry.get_text()


def test_html_in_bibtex_is_escaped(make_site):
    bib = ("@article{x, author={Evil, E.}, title={<script>alert(1)</script> & more}, "
           "journal={J}, year=2000}")
    built = make_site({"index.md": "# H\n\n[@x]\n", "references.md": REFS}, bib=bib)
    refs = built.html("references/index.html")
    assert refs.find("script", string=re.compile("alert")) is None
    assert "<script>alert(1)</script>" in refs.select_one("ol.scholar-entries").get_text()


def test_nocite_lists_uncited_entries(make_site):
    built = make_site({"index.md": "# H\n\n[@beta2021]\n",
                       "references.md": "---\nnocite: '@*'\n---\n" + REFS})
    ids = [li["id"] for li in built.html("references/index.html").select("ol.scholar-entries > li")]
    assert ids[0] == "ref-beta2021" and set(ids) == {
        "ref-beta2021", "ref-alpha2020", "ref-gamma2019", "ref-delta%3A2018.x"}
    built = make_site({"index.md": "# H\n\n[@beta2021]\n",
                       "references.md": "---\nnocite: ['@gamma2019']\n---\n" + REFS})
    ids = [li["id"] for li in built.html("references/index.html").select("ol.scholar-entries > li")]
    assert ids == ["ref-beta2021", "ref-gamma2019"]


def test_uncited_entries_are_not_listed(make_site):
    built = make_site({"index.md": "# H\n\n[@beta2021]\n", "references.md": REFS})
    ids = [li["id"] for li in built.html("references/index.html").select("ol.scholar-entries > li")]
    assert ids == ["ref-beta2021"]


def test_same_numbers_in_both_languages_and_translation_only_key(make_site):
    built = make_site({
        "en/index.md": "# H\n\n[@gamma2019] then [@alpha2020].\n",
        "en/references.md": REFS,
        "uk/index.md": "# Г\n\n[@alpha2020], потім [@gamma2019] і [@beta2021].\n",
        "uk/references.md": REFS,
    }, i18n=True, nav=[{"H": "index.md"}, {"R": "references.md"}])
    assert citation_texts(built.html("index.html")) == ["[1]", "[2]"]
    assert citation_texts(built.html("uk/index.html")) == ["[2]", "[1]", "[3]"]
    assert any("beta2021" in w and "docs/uk/index.md:3" in w for w in built.warnings())
    uk_link = built.html("uk/index.html").select_one("a.scholar-cite")
    assert uk_link["href"] == "references/#ref-alpha2020"  # the Ukrainian list
    uk_refs = built.html("uk/references/index.html")
    assert [li["id"] for li in uk_refs.select("ol.scholar-entries > li")] == [
        "ref-gamma2019", "ref-alpha2020", "ref-beta2021"]


def test_malformed_citation_is_reported(make_site):
    built = make_site({"index.md": "# H\n\nBad [@alpha2020 @beta2021] here.\n",
                       "references.md": REFS})
    assert any(re.search(r"docs/index\.md:3:\d+: malformed citation '\[@alpha2020 @beta2021\]'", w)
               for w in built.warnings()), built.warnings()


def test_line_numbers_count_front_matter(make_site):
    built = make_site({"index.md": "---\ntitle: T\n---\n# H\n\n[@nope]\n", "references.md": REFS})
    assert any(re.search(r"docs/index\.md:6:\d+: unknown citation key 'nope'", w)
               for w in built.warnings())


def test_disk_cache_spares_parsing_and_formatting_on_the_next_build(make_site, monkeypatch):
    from mkdocs.config.defaults import MkDocsConfig

    from mkdocs_scholar.core import bib_cache, bibliography, formatted_cache, formatting, syntax
    from mkdocs_scholar.core.style.apa import APAStyle

    pages = {"index.md": "# H\n\n[@alpha2020] [@beta2021]\n", "references.md": REFS}
    first = make_site(pages, plugin={"cache_dir": ".cache/scholar"}, strict=True)
    assert not first.aborted, first.warnings()
    cache = first.site.parent / ".cache" / "scholar"
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == [
        "bib", "citations.json", "formatted.json", "pages"]
    # Data, not pickles: each file is a JSON header and a JSON payload.
    header, payload = (cache / "formatted.json").read_text(encoding="utf-8").split("\n")
    assert json.loads(header)["kind"] == "formatted"
    assert "alpha2020" in json.dumps(json.loads(payload))
    # A new process: nothing in memory, and new plugin instances (MkDocs keeps them
    # between configurations of one process).
    MkDocsConfig.plugins.plugin_cache.clear()
    bibliography.clear_cache()
    formatting.clear_cache()
    calls = []
    parse = bib_cache.parse_file
    monkeypatch.setattr(bib_cache, "parse_file", lambda *a: calls.append("parse") or parse(*a))
    original = APAStyle.format_entries
    monkeypatch.setattr(APAStyle, "format_entries",
                        lambda self, entries, *a, **k: calls.append("format") or original(
                            self, entries, *a, **k))
    match = syntax.parse_match
    monkeypatch.setattr(syntax, "parse_match",
                        lambda m: calls.append(m.group(0)) or match(m))
    monkeypatch.setattr(formatted_cache, "_saved_size", {})
    second = make_site(pages, plugin={"cache_dir": ".cache/scholar"}, strict=True)
    assert not second.aborted
    assert calls == []
    refs = second.html("references/index.html")
    assert [li["id"] for li in refs.select("ol.scholar-entries > li")] == [
        "ref-alpha2020", "ref-beta2021"]


def test_filled_in_pages_come_from_the_cache_only_while_their_inputs_hold(make_site, tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
    pages = {"index.md": "# A\n\n[@alpha2020] and @fig:x.\n",
             "b.md": "# B\n\nSee [@beta2021].\n\n![X](x.svg){#fig:x}\n",
             "x.svg": svg, "references.md": REFS}
    nav = [{"A": "index.md"}, {"B": "b.md"}, {"R": "references.md"}]
    cached = tmp_path / ".cache" / "plugin" / "scholar" / "pages"

    def build(**changes):
        built = make_site(pages, nav=nav, strict=True, **changes)
        assert not built.aborted, built.warnings()
        return built

    def b_page(built):
        page = built.html("b/index.html")
        tip = page.select_one(".scholar-citation .scholar-tip").get_text(" ", strip=True)
        return texts_without_previews(page, "article p")[0], tip

    first = build()
    assert b_page(first) == ("See [2].",
                             "[2] Gamma, G. (2021). Second paper. Journal of Tests , 5 , 10–20.")
    saved = {p.name: p.stat().st_mtime_ns for p in cached.iterdir()}
    assert len(saved) == 3
    assert build().html("b/index.html") == first.html("b/index.html")
    assert {p.name: p.stat().st_mtime_ns for p in cached.iterdir()} == saved  # read, not made
    # Another page cites beta2021 first now: this page's number changes.
    pages["index.md"] = "# A\n\n[@beta2021] [@alpha2020] and @fig:x.\n"
    assert b_page(build())[0] == "See [1]."
    # An entry of the .bib changes: so does its preview on every page.
    assert "Another title" in b_page(build(bib=BIB.replace("Second paper", "Another title")))[1]
    # A figure before it on another page: the figure's number changes here too.
    pages["index.md"] = "# A\n\n![W](x.svg){#fig:w}\n\n[@beta2021] [@alpha2020], @fig:x.\n"
    b = build().html("b/index.html")
    assert b.select_one("figcaption").get_text(" ", strip=True).startswith("Fig.\u00a02.")
    # The pages this build did not use are gone from the folder.
    assert len(list(cached.iterdir())) == 3
    # A new citation of an entry: a new back-link in the list, cached or not.
    pages["b.md"] = pages["b.md"].replace("See [@beta2021].", "See [@beta2021]. Again [@beta2021].")
    refs = build().html("references/index.html")
    assert len(refs.select("#ref-beta2021 .scholar-backlinks a")) == 3


def _index_text(built, location: str) -> str:
    import json

    index = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    return " ".join(doc["text"] for doc in index["docs"]
                    if doc["location"].split("#")[0] == location)


def test_search_index_reads_citations_as_text(make_site):
    built = make_site({"index.md": "# Home\n\nFirst [@alpha2020; @beta2021].\n",
                       "references.md": REFS},
                      nav=[{"Home": "index.md"}, {"References": "references.md"}], strict=True)
    assert not built.aborted, built.warnings()
    page = built.html("index.html")
    assert page.select_one(".scholar-citation .scholar-tip").get_text().count("paper") == 2
    home_text = _index_text(built, "")
    assert "First [1, 2]" in home_text
    assert "paper" not in home_text  # the previews are not indexed
    assert "First paper" in _index_text(built, "references/")  # the bibliography is


def test_search_attributes_keep_the_previews(make_site):
    built = make_site({"index.md": "# Home\n\nHidden from search [@alpha2020].\n"
                                   "{: data-search-exclude=\"true\" }\n\nFound [@beta2021].\n",
                       "references.md": REFS},
                      nav=[{"Home": "index.md"}, {"References": "references.md"}], strict=True)
    assert not built.aborted, built.warnings()
    page = built.html("index.html")
    assert [a["href"] for a in page.select("a.scholar-cite")] == [
        "references/#ref-alpha2020", "references/#ref-beta2021"]
    assert len(page.select(".scholar-tip")) == 2
    assert not page.select("[data-search-exclude]")  # removed, as Material does
    assert "Hidden" not in _index_text(built, "") and "Found [2]" in _index_text(built, "")


def test_a_plugin_changing_the_page_while_it_is_indexed_is_reported(make_site, tmp_path):
    (tmp_path / "hooks.py").write_text(
        "def on_page_context(context, page, config, nav):\n"
        "    page.content += '<p>Added by another plugin.</p>'\n", encoding="utf-8")
    pages = {"index.md": "# Home\n\nFirst [@alpha2020].\n", "references.md": REFS}
    nav = [{"Home": "index.md"}, {"References": "references.md"}]
    built = make_site(pages, nav=nav, config={"hooks": ["hooks.py"]})
    assert not built.aborted
    assert any("docs/index.md: another plugin changed the page" in w for w in built.warnings())
    page = built.html("index.html")
    assert "Added by another plugin." in page.get_text()  # its change is kept
    assert texts_without_previews(page, "article p")[0] == "First [1]."  # never a wrong number
    assert make_site(pages, nav=nav, config={"hooks": ["hooks.py"]}, strict=True).aborted


def test_each_configuration_gets_its_own_cache_folder(tmp_path):
    # MkDocs keeps plugin instances between configurations of one process: the
    # second project must not write into (or read from) the first one's folder.
    from conftest import build_site

    folders = []
    for name in ("one", "two"):
        root = tmp_path / name
        (root / "docs").mkdir(parents=True)
        (root / "docs" / "index.md").write_text("# H\n\n[@alpha2020]\n\n::: {#refs}\n:::\n",
                                                encoding="utf-8")
        (root / "refs.bib").write_text(BIB, encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            "site_name: S\nmarkdown_extensions: [attr_list]\n"
            "plugins:\n  - scholar:\n      bibliography: refs.bib\n", encoding="utf-8")
        built = build_site(root / "mkdocs.yml", root / "site", strict=True)
        assert not built.aborted, built.warnings()
        folders.append(root / ".cache" / "plugin" / "scholar")
    for folder in folders:
        assert sorted(p.name.split("-")[0] for p in folder.iterdir()) == [
            "bib", "citations.json", "formatted.json", "pages"]


def test_a_build_deletes_an_earlier_releases_pickles_and_keeps_other_files(make_site):
    # What 0.2.0 wrote (name-version-format-python.pickle), beside what another tool keeps.
    pages = {"index.md": "# H\n\n[@alpha2020]\n", "references.md": REFS}
    first = make_site(pages, plugin={"cache_dir": ".cache/scholar"}, strict=True)
    cache = first.site.parent / ".cache" / "scholar"
    stale = [cache / "formatted-0.2.0-f7-py311.pickle", cache / "citations-0.2.0-f7-py311.pickle",
             cache / ("bib-" + "0" * 32 + "-0.2.0-f7-py311.pickle"),
             cache / "pages" / ("a" * 40 + "-0.2.0-f7-py311.pickle")]
    foreign = [cache / "notes.txt", cache / "formatted.txt", cache / "pages" / "README"]
    for path in stale + foreign:
        path.write_bytes(b"\x80\x05K*.")  # pickle.dumps(42): never read, only deleted
    second = make_site(pages, plugin={"cache_dir": ".cache/scholar"}, strict=True)
    assert not second.aborted, second.warnings()
    assert [path.name for path in stale if path.exists()] == []
    assert [path.name for path in foreign if path.exists()] == [path.name for path in foreign]
    assert second.html("references/index.html").select_one("#ref-alpha2020") is not None
