"""The built-in languages: every locale file complete, the words on a German page
without `terms:`, the CSL locale's words where no file has them, and the one
warning for a language whose words stay English."""

from __future__ import annotations

import string
from importlib import resources

import pytest
import yaml

from mkdocs_scholar.cli import main
from mkdocs_scholar.core import terms as terms_module
from mkdocs_scholar.core.csl_terms import crossref_words
from mkdocs_scholar.core.locale import available_languages, has_section, load_section
from mkdocs_scholar.core.terms import english_fallbacks, terms_for

NEW = ["de", "fr", "es", "pl", "it"]


def _file(lang: str) -> dict:
    text = resources.files("mkdocs_scholar").joinpath("locales", f"{lang}.yml").read_text(
        encoding="utf-8")
    return yaml.safe_load(text)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _leaves(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


# -- the files -----------------------------------------------------------------------------


def test_the_languages_are_built_in():
    assert set(available_languages()) >= {"en", "uk", *NEW}


@pytest.mark.parametrize("lang", NEW)
def test_every_english_key_is_in_the_file_with_its_shape(lang):
    english, other = dict(_leaves(_file("en"))), dict(_leaves(_file(lang)))
    missing = [path for path in english if path not in other]
    assert not missing, f"{lang}.yml lacks {missing}"
    for path, value in english.items():
        word = other[path]
        assert type(word) is type(value), f"{lang}.yml {path}: {word!r}"
        if isinstance(value, list):
            assert len(word) == len(value) and all(isinstance(w, str) and w for w in word), (
                f"{lang}.yml {path}: {word!r}")
        else:
            assert word.strip() or not value.strip(), f"{lang}.yml {path} is empty"
            # The same placeholders: {n}, {date}, {url}, {day}, {month}, {year}.
            assert _fields(word) == _fields(value), f"{lang}.yml {path}: {word!r}"
    extra = sorted(set(other) - set(english)
                   - {"bibliography.months_nominative"})  # the genitive's nominative
    assert not extra, f"{lang}.yml has keys en.yml does not: {extra}"


@pytest.mark.parametrize("lang", NEW)
def test_the_keys_keep_the_order_of_the_english_file(lang):
    english = [path for path, _ in _leaves(_file("en"))]
    other = [path for path, _ in _leaves(_file(lang)) if path in english]
    assert other == english


@pytest.mark.parametrize("lang", NEW)
def test_the_words_pass_the_check_of_terms(lang):
    # The file, given as `terms:`, is what the option accepts without a word.
    assert terms_module.check_terms({lang: _file(lang)}) == ([], [])


@pytest.mark.parametrize("lang, number, expected", [
    ("de", 2, "2."), ("fr", 2, "2e"), ("fr", 21, "21e"), ("es", 3, "3.ª"), ("pl", 2, "2."),
    ("it", 4, "4ª"),
])
def test_edition_ordinals(lang, number, expected):
    from mkdocs_scholar.core.style.apa_nodes import _ordinal

    assert _ordinal(number, load_section(lang, "bibliography")) == expected


# -- loading and falling back --------------------------------------------------------------


def test_a_built_in_language_has_its_sections_and_nothing_falls_back():
    for lang in ["en", "uk", *NEW]:
        assert english_fallbacks(lang, {}) == [], lang
        assert has_section(lang, "crossref")
    assert not has_section("nl", "crossref")
    assert has_section("de_DE", "interface")  # a regional code is its language


def test_a_language_without_a_file_names_each_part_that_is_english():
    # Dutch: the CSL locale has "fig." and "sec.", not table and equation.
    assert english_fallbacks("nl", {}) == [
        "bibliography", "crossref (table, eq.)", "interface"]
    # A code no CSL locale has: every word is English.
    assert english_fallbacks("xx", {}) == [
        "bibliography", "crossref (fig., table, sec., eq.)", "interface"]


def test_terms_given_for_a_part_silence_it():
    given = {"nl": {"bibliography": {"et_al": "e.a."}, "crossref": {"ref": {
        "tbl": ["tabel", "tabellen"]}}}}
    assert english_fallbacks("nl", given) == ["interface"]
    assert terms_for("nl", given)["bibliography"]["et_al"] == "e.a."


def test_the_csl_locale_gives_words_it_translates_only():
    czech = crossref_words("cs")
    assert czech["ref"] == {"fig": ["obr.", "obr."], "sec": ["sek.", "sek."]}
    assert czech["caption"] == {"fig": "Obr."}
    # pt-PT's short table is English ("tbl."): its own long word stands in.
    assert crossref_words("pt")["ref"]["tbl"] == ["tabela", "tabelas"]
    assert crossref_words("en") == {} and crossref_words("xx") == {}


def test_the_package_files_come_before_the_csl_locale():
    # uk-UA's CSL section is «пар.» (a paragraph); the package's file says «розд.».
    assert crossref_words("uk")["ref"]["sec"][0] == "пар."
    assert terms_for("uk", {})["crossref"]["ref"]["sec"] == ["розд.", "розд."]
    assert terms_for("cs", {})["crossref"]["ref"]["fig"] == ["obr.", "obr."]
    assert terms_for("cs", {})["crossref"]["ref"]["tbl"] == ["table", "tables"]


def test_terms_override_the_built_in_words():
    words = terms_for("de", {"de": {"crossref": {"ref": {"fig": ["Abbildung", "Abbildungen"]}},
                                    "bibliography": {"et_al": "et al."}}})
    assert words["crossref"]["ref"]["fig"] == ["Abbildung", "Abbildungen"]
    assert words["crossref"]["ref"]["tbl"] == ["Tab.", "Tab."]  # the rest is kept
    assert words["bibliography"]["et_al"] == "et al."
    assert words["bibliography"]["editors"] == "Hrsg."


def test_terms_override_the_narrative_words_of_a_csl_style():
    from pybtex.database import parse_string

    from mkdocs_scholar.core.formatting import make_formatter

    entry = parse_string(BIB, "bibtex").entries["undated"]
    assert make_formatter("ieee", "de").narrative_author(entry) == "Delta u. a."
    given = make_formatter("ieee", "de", terms={"et_al": "et al."})
    assert given.narrative_author(entry) == "Delta et al."


# -- sites ---------------------------------------------------------------------------------

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       '<rect width="10" height="10"/></svg>')

BIB = r"""
@incollection{chap2020,
  author = {Alpha, Anna},
  title = {A chapter},
  booktitle = {The Book},
  editor = {Beta, Boris and Gamma, Greta},
  publisher = {Press},
  year = {2020},
  pages = {1--10}
}
@book{undated,
  author = {Delta, Dan and Epsilon, Eva and Zeta, Zoe},
  title = {Undated book},
  publisher = {Press},
  edition = {2}
}
@misc{web2022,
  author = {Eta, Ed},
  title = {A web page},
  url = {https://example.org/page},
  urldate = {2023-05-01},
  year = {2022}
}
"""


def _page(see: str, also: str) -> str:
    return (f"# Page {{#sec:page}}\n\n"
            "![One](../img/a.svg){#fig:one}\n\n![Two](../img/a.svg){#fig:two}\n\n"
            "| a |\n| - |\n| 1 |\n\n: Numbers {#tbl:numbers}\n\n"
            f"{see} @fig:one, [@fig:one; @fig:two], @tbl:numbers, @Fig:two, @sec:page. "
            f"{also} @undated [@chap2020; @web2022].\n")


def _site(make_site, lang: str, style: str = "apa7", **plugin):
    pages = {"en/index.md": _page("See", "Also"), f"{lang}/index.md": _page("Siehe", "Auch"),
             "en/refs.md": "# References\n\n::: {#refs}\n:::\n",
             f"{lang}/refs.md": "# Literatur\n\n::: {#refs}\n:::\n", "img/a.svg": SVG}
    return make_site(pages, i18n=True, languages=("en", lang), bib=BIB,
                     nav=[{"Home": "index.md"}, {"References": "refs.md"}],
                     plugin={"style": style, "number_sections": True} | plugin,
                     config={"markdown_extensions": [
                         "attr_list", "tables", {"toc": {"permalink": True}}]})


def _xrefs(soup) -> list[str]:
    from conftest import texts_without_previews

    return [t.replace("\u00a0", " ") for t in texts_without_previews(soup, ".scholar-xref")]


def _captions(soup) -> list[str]:
    return [c.get_text(" ", strip=True).replace("\u00a0", " ")
            for c in soup.select("figcaption, caption")]


def _entries(soup) -> list[str]:
    return [e.get_text("").replace("\u00a0", " ") for e in soup.select(".scholar-entry")]


def test_a_german_page_has_german_words_without_terms(make_site):
    built = _site(make_site, "de")
    assert not built.aborted, built.warnings()
    assert not [w for w in built.warnings() if "terms-english-fallback" in w
                or "no built-in words" in w], built.warnings()
    page = built.html("de/index.html")
    assert _xrefs(page) == ["Abb. 1", "Abb. 1, 2", "Tab. 1", "Abb. 2", "Abschn. 1"]
    assert _captions(page) == ["Abb. 1. One", "Abb. 2. Two", "Tabelle 1. Numbers"]
    text = page.select_one("article").get_text(" ").replace("\u00a0", " ")
    assert "Delta u. a." in text
    entries = _entries(built.html("de/refs/index.html"))
    assert any("(Hrsg.)" in e and "(S. 1–10)" in e for e in entries), entries
    assert any("(o. J.)" in e and "(2. Aufl.)" in e for e in entries), entries
    assert any("Abgerufen am 1. Mai 2023 von https://example.org/page" in e
               for e in entries), entries
    labels = [a["aria-label"] for a in built.html("de/refs/index.html").select(
        ".scholar-backlinks a")]
    assert labels and all(label.startswith("zurück zur Zitation ") for label in labels)
    titles = {a["title"] for a in page.select("a.headerlink")}
    assert titles == {"Permanenter Link"}
    # The English edition keeps its words.
    english = built.html("index.html")
    assert _xrefs(english) == ["fig. 1", "figs. 1, 2", "table 1", "Fig. 2", "sec. 1"]
    assert "Retrieved May 1, 2023, from" in " ".join(_entries(built.html("refs/index.html")))


def test_a_german_page_with_a_csl_style_has_the_csl_locales_words(make_site):
    built = _site(make_site, "de", style="ieee")
    assert not built.aborted, built.warnings()
    page = built.html("de/index.html")
    # The file's words agree with de-DE's where it has its own (figure, section); it
    # leaves table and equation in English, which the file gives in German.
    assert crossref_words("de")["ref"] == {"fig": ["Abb.", "Abb."],
                                           "sec": ["Abschn.", "Abschn."]}
    assert _xrefs(page) == ["Abb. 1", "Abb. 1, 2", "Tab. 1", "Abb. 2", "Abschn. 1"]
    entries = _entries(built.html("de/refs/index.html"))
    assert any("Hrsg." in e and "S. 1–10" in e for e in entries), entries
    assert any("2. Aufl." in e for e in entries), entries
    assert any("Zugegriffen: 1. Mai 2023" in e for e in entries), entries
    english = _entries(built.html("refs/index.html"))
    assert any("pp. 1–10" in e and "Eds." in e for e in english), english


def test_a_language_without_words_warns_once_and_takes_the_csl_locales(make_site):
    built = _site(make_site, "cs", style="ieee")
    assert not built.aborted
    warned = [w for w in built.warnings() if "no built-in words" in w]
    assert warned == [
        "WARNING: mkdocs_scholar: pages in 'cs' have no built-in words for bibliography, "
        "crossref (table, eq.), interface; English is used. Give them with "
        "`terms: {cs: …}`"], built.warnings()
    page = built.html("cs/index.html")
    assert _xrefs(page) == ["obr. 1", "obr. 1, 2", "table 1", "Obr. 2", "sek. 1"]
    assert _captions(page)[:2] == ["Obr. 1. One", "Obr. 2. Two"]
    # The style's words are the cs-CZ locale's.
    entries = _entries(built.html("cs/refs/index.html"))
    assert any("s. 1–10" in e for e in entries), entries


def test_the_check_warns_of_the_same_english_words(make_site, tmp_path, capsys):
    _site(make_site, "cs", style="ieee")  # writes the project into tmp_path
    status = main(["check", "-f", str(tmp_path / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert status == 0, out
    lines = [line for line in out.splitlines() if "no built-in words" in line]
    assert len(lines) == 1, out
    assert "terms-english-fallback" in lines[0] and "pages in 'cs'" in lines[0], lines


def test_terms_for_every_part_silence_the_warning(make_site):
    built = _site(make_site, "cs", terms={"cs": {
        "bibliography": {"et_al": "a kol."},
        "crossref": {"ref": {"tbl": ["tab.", "tab."]}},
        "interface": {"download": "Stáhnout"}}})
    assert not [w for w in built.warnings() if "no built-in words" in w], built.warnings()
    page = built.html("cs/index.html")
    assert "tab. 1" in _xrefs(page)
    assert "Delta a kol." in page.select_one("article").get_text(" ").replace("\u00a0", " ")


# -- the manual ----------------------------------------------------------------------------


def test_the_manuals_table_of_languages_has_the_files_words():
    from test_docs import section

    rows = {line.split("|")[2].strip(): [c.strip() for c in line.split(" | ")[2:]]
            for line in section("Built-in words (`terms`)").splitlines()
            if line.startswith("| ") and ".yml`" in line.split("|")[2]}
    assert set(rows) == {f"`{lang}.yml`" for lang in available_languages()}
    for lang in available_languages():
        data = _file(lang)
        bib, xref = data["bibliography"], data["crossref"]
        expected = [
            ", ".join(f"`{xref['ref'][kind][0]}`" for kind in ("fig", "tbl", "sec", "eq")),
            ", ".join(f"`{xref['caption'][kind]}`" for kind in ("fig", "tbl")),
            ", ".join(f"`{bib[key]}`"
                      for key in ("et_al", "editors", "no_date", "edition", "pages")),
            f"`{bib['retrieved']}`",
            f"`{data['interface']['permalink_title']}` |",
        ]
        assert rows[f"`{lang}.yml`"] == expected, lang
