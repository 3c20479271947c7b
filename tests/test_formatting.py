"""The Formatter: HTML and text of cited entries, other styles, the cache, in-text names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.plugin import register_plugin

from mkdocs_scholar.core import bib_parser, formatted_cache, formatting
from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.formatting import FormattedEntry, Formatter
from mkdocs_scholar.core.style import latex_to_text
from mkdocs_scholar.core.style.apa import APAStyle

REPO = Path(__file__).resolve().parents[1]
REFERENCES = REPO / "references" / "references.bib"
SOURCE = REPO.parent / "shared" / "source" / "000_12621c5a0d28f73d.txt"

BIB = r"""
@article{dinicolantonio2018subclinical,
  author  = {DiNicolantonio, J. J. and O'Keefe, J. H. and Wilson, W.},
  title   = {Subclinical magnesium deficiency: a principal driver of cardiovascular disease
             and a public health crisis},
  journal = {Open heart},
  year    = {2018},
  volume  = {5},
  number  = {1},
  pages   = {e000668},
  doi     = {10.1136/openhrt-2017-000668}
}
@article{uwitonze2018role,
  author  = {Uwitonze, A. M. and Razzaque, M. S.},
  title   = {Role of Magnesium in Vitamin {D} Activation and Function},
  journal = {The Journal of the American Osteopathic Association},
  year    = {2018}, volume = {118}, number = {3}, pages = {181--189},
  doi     = {https://doi.org/10.7556/jaoa.2018.037}
}
@article{razzaque2018magnesium,
  author = {Razzaque, M. S.}, title = {Magnesium: Are We Consuming Enough?},
  journal = {Nutrients}, year = 2018, volume = 10, number = 12, pages = {1863}
}
@article{wang2022ampk,
  author = {Wang, G. and Luo, J. and Jiang, X.},
  title = {Magnesium-Incorporated TiO$_2$ Surface and Mg$^{2+}$ Ions},
  journal = {J}, year = 2022
}
@incollection{iom1997dietary,
  author    = {{Institute of Medicine (US) Standing Committee}},
  title     = {Magnesium}, booktitle = {Dietary Reference Intakes}, chapter = {6},
  publisher = {National Academies Press (US)}, year = {1997},
  url       = {https://www.ncbi.nlm.nih.gov/books/NBK109816}
}
@article{xss,
  author = {<b>Evil</b>, E.}, title = {<script>alert("x")</script> \& co},
  journal = {J}, year = 2020, url = {javascript:alert(1)}
}
@misc{quotes, title = {Quoted}, url = {https://example.org/?a="b"&c=<d>}}
@book{edited, editor = {Smith, J. and Doe, J.}, title = {Edited Book}, publisher = {P},
      year = 2001}
@article{notitle_author, title = {Magnesium and bone: a review of the literature},
         journal = {J}, year = 2001}
@misc{incomplete, author = {Lone, L.}}
@article{nojournal, author = {Lone, L.}, title = {T}}
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    formatting.clear_cache()
    yield
    formatting.clear_cache()


@pytest.fixture(scope="module")
def entries():
    return Parser().parse_string(BIB).entries


def format_one(entries, key, style="apa7", lang="en") -> FormattedEntry:
    return Formatter(style, lang).format(entries, [key])[key]


def test_dinicolantonio_html_and_text(entries):
    entry = format_one(entries, "dinicolantonio2018subclinical")
    assert entry.html == (
        "DiNicolantonio, J. J., O'Keefe, J. H., &amp; Wilson, W. (2018). Subclinical magnesium "
        "deficiency: a principal driver of cardiovascular disease and a public health crisis. "
        "<em>Open heart</em>, <em>5</em>(1), e000668. "
        '<a href="https://doi.org/10.1136/openhrt-2017-000668">'
        "https://doi.org/10.1136/openhrt-2017-000668</a>"
    )
    assert entry.text == (
        "DiNicolantonio, J. J., O'Keefe, J. H., & Wilson, W. (2018). Subclinical magnesium "
        "deficiency: a principal driver of cardiovascular disease and a public health crisis. "
        "Open heart, 5(1), e000668. https://doi.org/10.1136/openhrt-2017-000668"
    )
    assert entry.key == "dinicolantonio2018subclinical"
    assert entry.missing == ()


def test_ukrainian_uses_the_same_ampersand(entries):
    entry = format_one(entries, "uwitonze2018role", lang="uk")
    assert entry.text == (
        "Uwitonze, A. M., & Razzaque, M. S. (2018). Role of Magnesium in Vitamin D Activation "
        "and Function. The Journal of the American Osteopathic Association, 118(3), 181–189. "
        "https://doi.org/10.7556/jaoa.2018.037"
    )


def test_sub_and_superscripts_in_html_and_text(entries):
    entry = format_one(entries, "wang2022ampk")
    assert "TiO<sub>2</sub> Surface and Mg<sup>2+</sup> Ions." in entry.html
    assert "TiO₂ Surface and Mg²⁺ Ions." in entry.text


def test_bibtex_text_is_html_escaped(entries):
    entry = format_one(entries, "xss")
    assert "<script>" not in entry.html and "<b>" not in entry.html
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; co." in entry.html
    assert "&lt;b&gt;Evil&lt;/b&gt;, E." in entry.html
    assert 'href="javascript' not in entry.html  # shown, never linked
    assert "javascript:alert(1)" in entry.html
    assert '<script>alert("x")</script> & co.' in entry.text  # text is raw: escape on use


def test_url_is_escaped_inside_href(entries):
    entry = format_one(entries, "quotes")
    assert 'href="https://example.org/?a=&quot;b&quot;&amp;c=&lt;d&gt;"' in entry.html
    assert re.search(r'<a href="[^"]*">', entry.html)


def test_missing_fields_are_reported_not_printed(entries):
    entry = format_one(entries, "nojournal")
    assert entry.missing == ("journal", "year")
    assert entry.text == "Lone, L. (n.d.). T."
    assert "None" not in entry.html and "()" not in entry.html
    incomplete = format_one(entries, "incomplete", lang="uk")
    assert incomplete.missing == ("title",)
    assert incomplete.text == "Lone, L. (б. д.)."


def test_format_only_the_given_keys_in_one_pybtex_call(entries, monkeypatch):
    calls = []
    original = APAStyle.format_entries

    def counting(self, batch, *args, **kwargs):
        batch = list(batch)
        calls.append([entry.key for entry in batch])
        return original(self, batch, *args, **kwargs)

    monkeypatch.setattr(APAStyle, "format_entries", counting)
    keys = ["uwitonze2018role", "razzaque2018magnesium", "uwitonze2018role", "not-there"]
    result = Formatter().format(entries, keys)
    assert list(result) == ["uwitonze2018role", "razzaque2018magnesium"]  # order, once, known
    assert calls == [["uwitonze2018role", "razzaque2018magnesium"]]


def test_cache_returns_the_same_objects_without_formatting_again(entries, monkeypatch):
    calls = []
    original = APAStyle.format_entries

    def counting(self, batch, *args, **kwargs):
        batch = list(batch)
        calls.append(len(batch))
        return original(self, batch, *args, **kwargs)

    monkeypatch.setattr(APAStyle, "format_entries", counting)
    first = Formatter("apa7", "en").format(entries, ["uwitonze2018role"])
    second = Formatter("apa7", "en").format(entries, ["uwitonze2018role", "razzaque2018magnesium"])
    assert second["uwitonze2018role"] is first["uwitonze2018role"]
    assert calls == [1, 1]  # only the new key was formatted
    # Another language reuses a result that read no term differing between the two
    # (this article only reads "&", the same in both) ...
    uk = Formatter("apa7", "uk").format(entries, ["uwitonze2018role"])
    assert calls == [1, 1] and uk["uwitonze2018role"] is first["uwitonze2018role"]
    # ... but formats again an entry that reads one ("n.d." / «б. д.»).
    undated = {"x": Entry("article", fields={"title": "Undated", "journal": "J"})}
    en_undated = Formatter("apa7", "en").format(undated, ["x"])["x"]
    uk_undated = Formatter("apa7", "uk").format(undated, ["x"])["x"]
    assert calls == [1, 1, 1, 1]
    assert "(n.d.)" in en_undated.text and "(б. д.)" in uk_undated.text
    # An edited entry (same key, other fields) is formatted again.
    changed = dict(entries)
    changed["uwitonze2018role"] = Entry("article", fields={"title": "Changed", "year": "2019"})
    third = Formatter().format(changed, ["uwitonze2018role"])["uwitonze2018role"]
    assert third.text == "Changed. (2019)."
    assert calls == [1, 1, 1, 1, 1]


def test_works_with_bibliography_from_loader(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    bib = load_bibliography(["refs.bib"], base_dir=tmp_path)
    result = Formatter().format(bib.entries, ["iom1997dietary"])
    assert result["iom1997dietary"].text == (
        "Institute of Medicine (US) Standing Committee. (1997). Magnesium. In Dietary Reference "
        "Intakes (Chapter 6). National Academies Press (US). "
        "https://www.ncbi.nlm.nih.gov/books/NBK109816"
    )


# -- other styles ------------------------------------------------------------------------------


def test_unknown_style_is_a_clear_value_error():
    with pytest.raises(ValueError, match="nosuchstyle") as error:
        Formatter("nosuchstyle")
    assert "apa7" in str(error.value) and "unsrt" in str(error.value)


@pytest.mark.parametrize("style", ["unsrt", "plain", "alpha"])
def test_pybtex_builtin_styles_work_and_take_no_language(entries, style):
    formatter = Formatter(style, "uk")
    assert not hasattr(formatter.style, "lang")
    result = formatter.format(entries, ["dinicolantonio2018subclinical", "wang2022ampk"])
    text = result["dinicolantonio2018subclinical"].text
    # pybtex's ties stay as no-break spaces (&nbsp; in HTML).
    assert text.startswith("J.\u00a0J. DiNicolantonio, J.\u00a0H. O'Keefe, and W.\u00a0Wilson.")
    assert "bibtex-protected" not in result["dinicolantonio2018subclinical"].html
    assert '<a href="https://doi.org/10.1136/openhrt-2017-000668">' in (
        result["dinicolantonio2018subclinical"].html)


def test_builtin_style_with_missing_required_fields(entries):
    # unsrt insists on journal and year for articles: reported, and still formatted.
    result = Formatter("unsrt").format(entries, ["nojournal", "razzaque2018magnesium"])
    assert set(result["nojournal"].missing) == {"journal", "year"}
    assert result["nojournal"].text == "L.\u00a0Lone. T."
    assert result["razzaque2018magnesium"].missing == ()


# -- in-text names -------------------------------------------------------------------------------


@pytest.mark.parametrize("key, english, ukrainian", [
    ("razzaque2018magnesium", "Razzaque", "Razzaque"),
    ("uwitonze2018role", "Uwitonze and Razzaque", "Uwitonze та Razzaque"),
    ("dinicolantonio2018subclinical", "DiNicolantonio et al.", "DiNicolantonio та ін."),
    ("iom1997dietary", "Institute of Medicine (US) Standing Committee",
     "Institute of Medicine (US) Standing Committee"),
    ("edited", "Smith and Doe", "Smith та Doe"),
    ("notitle_author", "“Magnesium and bone”", "«Magnesium and bone»"),
])
def test_narrative_author(entries, key, english, ukrainian):
    assert Formatter(lang="en").narrative_author(entries[key]) == english
    assert Formatter(lang="uk").narrative_author(entries[key]) == ukrainian


def test_parenthetical_author_and_particles():
    entry = Entry("article", persons={"author": [Person("de Baaij, J. H."),
                                                 Person("Hoenderop, J. G.")]})
    formatter = Formatter()
    assert formatter.parenthetical_author(entry) == "de Baaij & Hoenderop"
    assert formatter.narrative_author(entry) == "de Baaij and Hoenderop"


def test_narrative_author_with_other_styles(entries):
    assert Formatter("unsrt", "uk").narrative_author(entries["uwitonze2018role"]) == (
        "Uwitonze та Razzaque")


def test_in_text_names_are_taken_while_formatting_for_every_language(tmp_path, monkeypatch):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], base_dir=tmp_path).entries
    keys = ["uwitonze2018role", "dinicolantonio2018subclinical", "edited", "notitle_author"]
    Formatter(lang="en").format(entries, keys)
    assert latex_to_text.cache_info().currsize == 0  # no rich text kept after formatting
    disk = DiskCache(str(tmp_path / "cache"))
    formatted_cache.save(disk)
    formatting.clear_cache()
    formatted_cache.load(disk)  # the next process
    parsed = []
    monkeypatch.setattr(bib_parser, "Person",
                        lambda *args, **kwargs: parsed.append(args) or Person(*args, **kwargs))
    ukrainian, english = Formatter(lang="uk"), Formatter(lang="en")
    assert [ukrainian.narrative_author(entries[key]) for key in keys] == [
        "Uwitonze та Razzaque", "DiNicolantonio та ін.", "Smith та Doe", "«Magnesium and bone»"]
    assert [english.narrative_author(entries[key]) for key in keys] == [
        "Uwitonze and Razzaque", "DiNicolantonio et al.", "Smith and Doe",
        "“Magnesium and bone”"]
    assert english.parenthetical_author(entries["uwitonze2018role"]) == "Uwitonze & Razzaque"
    assert parsed == []  # no name was parsed again


class _OwnNames(APAStyle):
    def narrative_author(self, entry):
        return f"{len(entry.persons['author'])} {self.terms['and_narrative']}"


def test_a_style_with_its_own_in_text_names_is_asked_per_language(entries):
    register_plugin("pybtex.style.formatting", "test-own-names", _OwnNames)
    assert Formatter("test-own-names", "uk").narrative_author(entries["uwitonze2018role"]) == (
        "2 та")
    assert Formatter("test-own-names", "en").narrative_author(entries["uwitonze2018role"]) == (
        "2 and")


def test_terms_override():
    entry = Entry("misc", fields={"title": "T"})
    formatter = Formatter("apa7", "en", terms={"no_date": "s.f."})
    assert formatter.format({"k": entry}, ["k"])["k"].text == "T. (s.f.)."
    # Overrides get their own cache slot.
    assert Formatter().format({"k": entry}, ["k"])["k"].text == "T. (n.d.)."


# -- the real reference list -------------------------------------------------------------------


def _source_references() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    block = text.split("## References", 1)[1].split("The article has been sent", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def _normalize(reference: str) -> str:
    reference = re.sub(r"^(?:-|\d+\.)\s*", "", reference)
    for char in "*<>":
        reference = reference.replace(char, "")
    return reference.replace(" (", "(")


@pytest.mark.skipif(not REFERENCES.exists() or not SOURCE.exists(),
                    reason="references.bib or the source article is not there")
def test_real_reference_list_matches_the_source():
    import difflib

    bib = load_bibliography([REFERENCES])
    assert not [p for p in bib.problems if p.level == "error"]
    result = Formatter().format(bib.entries, list(bib.entries))
    assert len(result) == len(bib.entries)
    source = _source_references()
    if "dinicolantonio2018subclinical" in result:
        assert result["dinicolantonio2018subclinical"].text == (
            "DiNicolantonio, J. J., O'Keefe, J. H., & Wilson, W. (2018). Subclinical magnesium "
            "deficiency: a principal driver of cardiovascular disease and a public health "
            "crisis. Open heart, 5(1), e000668. https://doi.org/10.1136/openhrt-2017-000668")
    for key, entry in result.items():
        assert "None" not in entry.text and "()" not in entry.text, key
        doi = bib.entries[key].fields.get("doi")
        if not doi:
            continue
        assert f'<a href="https://doi.org/{doi}">' in entry.html, key
        [line] = [line for line in source if doi in line] or [None]
        if line is None:
            continue
        ratio = difflib.SequenceMatcher(None, _normalize(line), _normalize(entry.text)).ratio()
        # The source's text is damaged in places (a split entry); most match closely.
        assert ratio > 0.8, (key, entry.text, line)
    for lang in ("en", "uk"):
        Formatter("apa7", lang).format(bib.entries, list(bib.entries))


def test_names_parsed_to_format_an_entry_are_released_in_every_language(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], base_dir=tmp_path).entries
    keys = ["edited", "iom1997dietary", "uwitonze2018role"]
    Formatter(lang="en").format(entries, keys)
    assert all(entries[key]._persons is None for key in keys)
    # The Ukrainian edition formats the edited book again («ред.»): its in-text names
    # are known already, and its parsed names must not stay behind all the same.
    Formatter(lang="uk").format(entries, keys)
    assert all(entries[key]._persons is None for key in keys)
