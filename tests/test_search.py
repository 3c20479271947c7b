"""Search per language, and Ukrainian word forms through a real lemmatiser."""

from __future__ import annotations

import json
import re

from mkdocs_scholar.publication import counts, lexicon


def test_words_are_found_with_apostrophes_and_quotes():
    found = lexicon.words(
        ["<p>«Здоровʼя» кісток, здоров’я та здоров'я; MagT1 і Mg<sup>2+</sup></p>"])
    assert found == {"здоров'я", "кісток", "та", "і"}


def test_every_form_maps_to_the_lemma():
    table = lexicon.build({"магнію", "кісткової", "кістках", "остеокластів"})
    for form, lemma in [("магнію", "магній"), ("магнієм", "магній"), ("магній", "магній"),
                        ("кісткової", "кістковий"), ("кістковий", "кістковий"),
                        ("кістках", "кістка"), ("кісткою", "кістка"),
                        ("остеокласти", "остеокласт")]:
        assert table.get(form, form) == lemma, form


def test_lunr_language_script_holds_the_table():
    script = lexicon.lunr_language("uk", {"магнієм": "магній", "магнію": "магній"})
    assert "lunr.uk = function" in script
    line = " ".join(["магній", *sorted(["магнієм", "магнію"])])
    assert json.dumps(line, ensure_ascii=False) in script
    assert "registerFunction(lunr.uk.stemmer" in script


def _index(site, folder=""):
    return json.loads((site / folder / "search" / "search_index.json").read_text("utf-8"))


def test_each_language_has_its_own_index(real_site):
    english, ukrainian = _index(real_site.site), _index(real_site.site, "uk")
    assert english["docs"] and ukrainian["docs"]
    assert not any(doc["location"].startswith("uk/") for doc in english["docs"])
    assert ukrainian["config"]["lang"] == ["uk"]
    assert "stemmer" in ukrainian["config"]["pipeline"]
    cyrillic = re.compile("[а-яіїєґ]")
    assert all(cyrillic.search(doc["title"].lower()) for doc in ukrainian["docs"]
               if doc["title"])
    # The offline copies are the same data, as scripts.
    for folder in ("", "uk"):
        script = (real_site.site / folder / "search" / "search_index.js").read_text("utf-8")
        assert json.loads(script.removeprefix("var __index = ")) == _index(real_site.site,
                                                                           folder)


def test_ukrainian_pages_look_for_the_ukrainian_index(real_site):
    for path, base in [("uk/index.html", "."), ("uk/results/osteoporosis.html", "..")]:
        soup = real_site.html(path)
        config = json.loads(soup.select_one("script#__config").string)
        assert config["base"] == base, path
    config = json.loads(real_site.html("results/osteoporosis.html").select_one(
        "script#__config").string)
    assert config["base"] == ".."


def test_ukrainian_lemmatiser_is_shipped(real_site):
    script = (real_site.site / "assets/javascripts/lunr/min/lunr.uk.min.js").read_text("utf-8")
    assert "lunr.uk = function" in script
    assert "магнієм" in script and "кісткової" in script


# ------------------------------------------------ scholar-search.js and its data


def _config(soup) -> dict:
    return json.loads(soup.select_one("script#__config").string)


def test_lunr_language_also_gives_pages_the_table():
    script = lexicon.lunr_language("uk", {"магнієм": "магній", "магнію": "магній"})
    # Pages load the file without lunr: the table goes to a global, lunr is not needed.
    assert 'root.scholarSearchLanguages["uk"] = language.words' in script
    assert "else if (root.lunr !== undefined) language(root.lunr)" in script
    # Query clauses take their lemma (Material compares them with the index terms).
    assert "lunr.Query.prototype.clause = function" in script
    assert "lunr.Index.prototype.search" not in script


def test_pages_of_a_lemmatised_language_get_the_highlighter(real_site):
    for path, lemmas in [("uk/index.html", "../assets/javascripts/lunr/min/lunr.uk.min.js"),
                         ("uk/results/osteoporosis.html",
                          "../../assets/javascripts/lunr/min/lunr.uk.min.js")]:
        soup = real_site.html(path)
        config = _config(soup)
        own = config["scholar_search"]
        assert own["lang"] == "uk" and own["highlight"] is True, path
        assert own["lemmas"] == lemmas
        page_dir = (real_site.site / path).parent
        assert (page_dir / own["lemmas"]).resolve().is_file(), path
        # Material's highlighter of letters is off where every form is marked.
        assert "search.highlight" not in config["features"], path
        assert own["counts"]["search.result.other"] == {
            "one": "Знайдено # збіг", "few": "Знайдено # збіги", "many": "Знайдено # збігів"}
        # Material's own Ukrainian phrase, which the script reads the number from.
        assert config["translations"]["search.result.other"] == "Знайдено # збігів"
        scripts = [s["src"] for s in soup.select("script[src]")]
        script = next(s for s in scripts if s.endswith("scholar-search.js"))
        assert (page_dir / script).resolve() == (
            real_site.site / "assets/mkdocs-scholar/scholar-search.js").resolve()
        sheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
        assert any(href.endswith("assets/mkdocs-scholar/scholar-search.css") for href in sheets)


def test_english_pages_keep_material_s_highlighter(real_site):
    soup = real_site.html("results/osteoporosis.html")
    config = _config(soup)
    assert "search.highlight" in config["features"]
    assert "scholar_search" not in config
    assert soup.select_one('script[src$="assets/mkdocs-scholar/scholar-search.js"]')


def test_search_assets_are_written(real_site):
    script = (real_site.site / "assets/mkdocs-scholar/scholar-search.js").read_text("utf-8")
    assert "Intl.PluralRules" in script and "data-md-highlight" in script
    css = (real_site.site / "assets/mkdocs-scholar/scholar-search.css").read_text("utf-8")
    assert re.search(r":not\(:checked\) ~ \.md-header \.md-search__scrollwrap\s*\{\s*"
                     r"visibility: hidden;", css)


def _search_site(make_site, search: dict | None = None, language: str = "uk"):
    return make_site(
        {"index.md": "# Магній\n\nДефіцит магнію послаблює кістки.\n"},
        config={"theme": {"name": "material", "font": False, "language": language,
                          "features": ["search.highlight"]},
                "plugins": ["search", {"scholar": {"bibliography": "refs.bib"}},
                            {"scholar-search": search or {}}]})


def test_a_site_in_one_lemmatised_language_gets_the_highlighter(make_site):
    built = _search_site(make_site)
    assert not built.aborted, built.warnings()
    config = _config(built.html("index.html"))
    assert "search.highlight" not in config["features"]
    own = config["scholar_search"]
    assert own["lemmas"] == "assets/javascripts/lunr/min/lunr.uk.min.js"
    assert (built.site / own["lemmas"]).is_file()
    assert "кістки" in (built.site / own["lemmas"]).read_text("utf-8")


def test_counts_option_adds_a_language_and_replaces_the_built_in_one(make_site):
    forms = {"one": "Znaleziono # wynik", "few": "Znaleziono # wyniki",
             "many": "Znaleziono # wyników"}
    built = _search_site(make_site, {"lemmatize": [], "counts": {
        "pl": {"search.result.other": forms}, "uk": {}}}, language="pl")
    assert not built.aborted, built.warnings()
    own = _config(built.html("index.html"))["scholar_search"]
    assert own == {"lang": "pl", "counts": {"search.result.other": forms}}
    assert counts.phrases("uk", {"uk": {}}) == {}
    assert counts.phrases("uk", {})["search.result.more.other"]["few"] == (
        "Ще # збіги на цій сторінці")


def test_bad_counts_fail_the_build_with_the_line_and_what_to_write(make_site):
    built = _search_site(make_site, {"counts": {"uk": {
        "search.result.other": {"one": "Знайдено збіг", "several": "# збіги"},
        "search.result.one": {"one": "#"}}}})
    assert built.aborted
    message = "\n".join(built.warnings())
    assert re.search(r"mkdocs\.yml:\d+: ", message), message
    assert "uk: search.result.other: one: 'Знайдено збіг' has no '#' where the number goes" \
        in message
    assert "'several' is not a CLDR plural category; they are zero, one, two, few, many, other" \
        in message
    assert "'search.result.one' is not a phrase with a count" in message


def test_counts_check_names_each_problem():
    assert counts.check({"uk": {"search.result.other": {"one": "# збіг"}}}) == []
    assert counts.check(["uk"])[0].startswith("expected a mapping of languages")
    assert counts.check({"uk": "Знайдено"}) == [
        "uk: expected a mapping of search.result.other and search.result.more.other, got str"]
