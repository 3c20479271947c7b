"""Search per language, and Ukrainian word forms through a real lemmatiser."""

from __future__ import annotations

import json
import re

from mkdocs_scholar.publication import lexicon


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
