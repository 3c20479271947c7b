"""The APA 7 pybtex style: exact reference strings in English and Ukrainian."""

from __future__ import annotations

import functools

import pytest
from pybtex.backends import html as html_backend
from pybtex.backends import plaintext
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser
from pybtex.plugin import find_plugin
from pybtex.style.formatting import BaseStyle

import mkdocs_scholar.core.formatting  # noqa: F401  (registers "apa7" without installing)
from mkdocs_scholar.core.locale import load_terms
from mkdocs_scholar.core.style import latex_to_plain, latex_to_text
from mkdocs_scholar.core.style.apa import APAStyle, doi_url, format_name


def parse_string(bibtex: str):
    # pybtex's Parser directly: pybtex.database.parse_string looks the parser up
    # through entry points on every call, which is slow.
    return Parser().parse_string(bibtex)


# Backend instances: Text.render_as() looks the backend up on every call (slow).
TEXT = plaintext.Backend()
HTML = html_backend.Backend()


@functools.cache
def apa(lang: str = "en") -> APAStyle:
    return APAStyle(lang=lang)


def fmt(bibtex: str, lang: str = "en") -> str:
    """The reference for the single entry in `bibtex`, as plain text."""
    [entry] = parse_string(bibtex).entries.values()
    return apa(lang).format_entry("", entry).text.render(TEXT)


def html(bibtex: str, lang: str = "en") -> str:
    [entry] = parse_string(bibtex).entries.values()
    return apa(lang).format_entry("", entry).text.render(HTML)


ARTICLE = r"""
@article{dinicolantonio2018subclinical,
  author  = {DiNicolantonio, J. J. and O'Keefe, J. H. and Wilson, W.},
  title   = {Subclinical magnesium deficiency: a principal driver of cardiovascular
             disease and a public health crisis},
  journal = {Open heart},
  year    = {2018},
  volume  = {5},
  number  = {1},
  pages   = {e000668},
  doi     = {10.1136/openhrt-2017-000668}
}
"""

# Every entry type, with the expected English and Ukrainian reference.
CASES = {
    "article": (
        ARTICLE,
        "DiNicolantonio, J. J., O'Keefe, J. H., & Wilson, W. (2018). Subclinical magnesium "
        "deficiency: a principal driver of cardiovascular disease and a public health crisis. "
        "Open heart, 5(1), e000668. https://doi.org/10.1136/openhrt-2017-000668",
        "DiNicolantonio, J. J., O'Keefe, J. H., & Wilson, W. (2018). Subclinical magnesium "
        "deficiency: a principal driver of cardiovascular disease and a public health crisis. "
        "Open heart, 5(1), e000668. https://doi.org/10.1136/openhrt-2017-000668",
    ),
    "book": (
        r"""@book{bk, author = {Knuth, Donald E.}, title = {The {TeX}book},
            publisher = {Addison-Wesley}, address = {Reading, MA}, year = 1986,
            edition = {2}, volume = {A}, doi = {doi:10.5555/tex}}""",
        "Knuth, D. E. (1986). The TeXbook (2nd ed., Vol. A). Addison-Wesley. "
        "https://doi.org/10.5555/tex",
        "Knuth, D. E. (1986). The TeXbook (2-ге вид., Т. A). Addison-Wesley. "
        "https://doi.org/10.5555/tex",
    ),
    "edited book": (
        r"""@book{ed, editor = {Smith, Jane and Doe, John}, title = {Edited Volume},
            publisher = {Springer}, year = 2020}""",
        "Smith, J., & Doe, J. (Eds.). (2020). Edited Volume. Springer.",
        "Smith, J., & Doe, J. (ред.). (2020). Edited Volume. Springer.",
    ),
    "incollection": (
        r"""@incollection{inc, author = {Marcantonio, Jr., Elcio}, title = {A chapter},
            booktitle = {The Big Book}, editor = {Editor, Alice A.}, publisher = {Wiley},
            year = 2019, pages = {12-34}, edition = {3}}""",
        "Marcantonio, E., Jr. (2019). A chapter. In A. A. Editor (Ed.), The Big Book "
        "(3rd ed., pp. 12–34). Wiley.",
        "Marcantonio, E., Jr. (2019). A chapter. У A. A. Editor (ред.), The Big Book "
        "(3-тє вид., с. 12–34). Wiley.",
    ),
    "incollection, corporate author, chapter number": (
        r"""@incollection{iom1997dietary,
          author    = {{Institute of Medicine (US) Standing Committee on the Scientific
                       Evaluation of Dietary Reference Intakes}},
          title     = {Magnesium},
          booktitle = {Dietary Reference Intakes for Calcium, Phosphorus, Magnesium,
                       Vitamin {D}, and Fluoride},
          chapter   = {6},
          publisher = {National Academies Press (US)},
          address   = {Washington (DC)},
          year      = {1997},
          url       = {https://www.ncbi.nlm.nih.gov/books/NBK109816}
        }""",
        "Institute of Medicine (US) Standing Committee on the Scientific Evaluation of Dietary "
        "Reference Intakes. (1997). Magnesium. In Dietary Reference Intakes for Calcium, "
        "Phosphorus, Magnesium, Vitamin D, and Fluoride (Chapter 6). National Academies Press "
        "(US). https://www.ncbi.nlm.nih.gov/books/NBK109816",
        "Institute of Medicine (US) Standing Committee on the Scientific Evaluation of Dietary "
        "Reference Intakes. (1997). Magnesium. У Dietary Reference Intakes for Calcium, "
        "Phosphorus, Magnesium, Vitamin D, and Fluoride (Розділ 6). National Academies Press "
        "(US). https://www.ncbi.nlm.nih.gov/books/NBK109816",
    ),
    "inbook": (
        r"""@inbook{inb, author = {Author, Ann}, title = {Whole Book}, chapter = {4},
            pages = {50--60}, publisher = {Pub}, year = 2001}""",
        "Author, A. (2001). Whole Book (Chapter 4, pp. 50–60). Pub.",
        "Author, A. (2001). Whole Book (Розділ 4, с. 50–60). Pub.",
    ),
    "inbook with booktitle (biblatex)": (
        r"""@inbook{inb2, author = {Author, Ann}, title = {Part}, booktitle = {Whole},
            pages = {7}, publisher = {Pub}, year = 2001}""",
        "Author, A. (2001). Part. In Whole (p. 7). Pub.",
        "Author, A. (2001). Part. У Whole (с. 7). Pub.",
    ),
    "inproceedings": (
        r"""@inproceedings{inp,
            author = {van der Meulen, Marjolein C. H. and Di Bella, Giuseppe and
                      de Baaij, Jeroen H.},
            title = {Proceedings paper}, booktitle = {Proceedings of the Conference},
            editor = {One, A. and Two, B. and Three, C.}, pages = {5--9}, year = 2015,
            publisher = {ACM}, doi = {https://doi.org/10.1145/123}}""",
        "van der Meulen, M. C. H., Di Bella, G., & de Baaij, J. H. (2015). Proceedings paper. "
        "In A. One, B. Two, & C. Three (Eds.), Proceedings of the Conference (pp. 5–9). ACM. "
        "https://doi.org/10.1145/123",
        "van der Meulen, M. C. H., Di Bella, G., & de Baaij, J. H. (2015). Proceedings paper. "
        "У A. One, B. Two, & C. Three (ред.), Proceedings of the Conference (с. 5–9). ACM. "
        "https://doi.org/10.1145/123",
    ),
    "inproceedings, two editors, no publisher": (
        r"""@inproceedings{inp2, author = {Lee, K.}, title = {Short}, booktitle = {Proc},
            editor = {One, A. and Two, B.}, year = 2015}""",
        "Lee, K. (2015). Short. In A. One & B. Two (Eds.), Proc.",
        "Lee, K. (2015). Short. У A. One & B. Two (ред.), Proc.",
    ),
    "techreport": (
        r"""@techreport{tr, author = {Roe, R.}, title = {Another report},
            institution = {Some Institute}, number = {12}, year = 2022,
            url = {https://example.org/report.pdf}}""",
        "Roe, R. (2022). Another report (Technical report No. 12). Some Institute. "
        "https://example.org/report.pdf",
        "Roe, R. (2022). Another report (Технічний звіт № 12). Some Institute. "
        "https://example.org/report.pdf",
    ),
    "techreport, corporate author = institution, no number": (
        r"""@techreport{who, author = {{World Health Organization}}, title = {Report title},
            institution = {World Health Organization}, year = 2021}""",
        "World Health Organization. (2021). Report title [Technical report].",
        "World Health Organization. (2021). Report title [Технічний звіт].",
    ),
    "phdthesis": (
        r"""@phdthesis{phd, author = {Дедух, Нінель В.}, title = {Магній і кістка},
            school = {Київський університет}, year = 2010}""",
        "Дедух, Н. В. (2010). Магній і кістка [Doctoral dissertation, Київський університет].",
        "Дедух, Н. В. (2010). Магній і кістка "
        "[Дисертація доктора філософії, Київський університет].",
    ),
    "mastersthesis": (
        r"""@mastersthesis{ms, author = {Student, S.}, title = {Thesis}, school = {MIT},
            year = 2012}""",
        "Student, S. (2012). Thesis [Master's thesis, MIT].",
        "Student, S. (2012). Thesis [Магістерська робота, MIT].",
    ),
    "misc with url and urldate": (
        r"""@misc{web, author = {{NIH}}, title = {Magnesium fact sheet},
            howpublished = {Office of Dietary Supplements}, year = 2022,
            url = {https://ods.od.nih.gov/factsheets/Magnesium/}, urldate = {2023-05-01}}""",
        "NIH. (2022). Magnesium fact sheet. Office of Dietary Supplements. Retrieved May 1, "
        "2023, from https://ods.od.nih.gov/factsheets/Magnesium/",
        "NIH. (2022). Magnesium fact sheet. Office of Dietary Supplements. Отримано 1 травня "
        "2023 р. з https://ods.od.nih.gov/factsheets/Magnesium/",
    ),
    "misc without author, date or urldate": (
        r"""@misc{web2, title = {No author page}, url = {https://example.org/a\_b}}""",
        "No author page. (n.d.). https://example.org/a_b",
        "No author page. (б. д.). https://example.org/a_b",
    ),
}


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("case", list(CASES))
def test_entry_types(case, lang):
    bibtex, english, ukrainian = CASES[case]
    assert fmt(bibtex, lang) == (english if lang == "en" else ukrainian)


def test_dinicolantonio_html():
    assert html(ARTICLE) == (
        "DiNicolantonio, J. J., O'Keefe, J. H., &amp; Wilson, W. (2018). Subclinical magnesium "
        "deficiency: a principal driver of cardiovascular disease and a public health crisis. "
        "<em>Open heart</em>, <em>5</em>(1), e000668. "
        '<a href="https://doi.org/10.1136/openhrt-2017-000668">'
        "https://doi.org/10.1136/openhrt-2017-000668</a>"
    )


# -- authors -----------------------------------------------------------------------


def authors_of(names: list[str], lang: str = "en") -> str:
    joined = " and ".join(names)
    bibtex = f"@article{{k, author = {{{joined}}}, title = {{T}}, journal = {{J}}, year = 2000}}"
    return fmt(bibtex, lang).split(" (2000)")[0]


def test_one_and_two_authors():
    assert authors_of(["Razzaque, Mohammed S."]) == "Razzaque, M. S."
    assert authors_of(["Uwitonze, A. M.", "Razzaque, M. S."]) == (
        "Uwitonze, A. M., & Razzaque, M. S.")
    assert authors_of(["Uwitonze, A. M.", "Razzaque, M. S."], "uk") == (
        "Uwitonze, A. M., & Razzaque, M. S.")


def test_twenty_authors_are_all_listed():
    names = [f"Author{i}, A." for i in range(1, 21)]
    expected = ", ".join(names[:19]) + ", & Author20, A."
    assert authors_of(names) == expected


def test_twenty_one_or_more_authors_first_nineteen_ellipsis_last():
    names = [f"Author{i}, A." for i in range(1, 24)]
    expected = ", ".join(names[:19]) + ", … Author23, A."
    assert authors_of(names) == expected
    assert "&" not in authors_of(names)


def test_and_others_becomes_et_al():
    assert authors_of(["Zhang, Y.", "Xu, J.", "others"]) == "Zhang, Y., Xu, J., et al."
    assert authors_of(["Zhang, Y.", "Xu, J.", "others"], "uk") == "Zhang, Y., Xu, J., та ін."


@pytest.mark.parametrize("name, expected", [
    ("van der Meulen, Marjolein C. H.", "van der Meulen, M. C. H."),
    ("de Baaij, J. H.", "de Baaij, J. H."),
    ("Di Bella, Giuseppe", "Di Bella, G."),
    ("Montes de Oca, A.", "Montes de Oca, A."),
    ("Marcantonio, Jr, E.", "Marcantonio, E., Jr."),
    ("Marcantonio, Jr., Elcio", "Marcantonio, E., Jr."),
    ("Jean-Paul Sartre", "Sartre, J.-P."),
    ("J.J. Smith", "Smith, J. J."),
    ("{World Health Organization}", "World Health Organization"),
    (r"{\"O}zt{\"u}rk, Ay{\c{s}}e", "Öztürk, A."),
    (r"Guasch-Ferr{\'e}, Marta", "Guasch-Ferré, M."),
    ("Григор'єва, Наталія Віталіївна", "Григор'єва, Н. В."),
    ("Razzaque", "Razzaque"),
])
def test_name_forms(name, expected):
    assert format_name(Person(name)) == expected


def test_editor_names_in_the_in_clause_are_not_inverted():
    assert format_name(Person("van der Meulen, M. C. H."), inverted=False) == (
        "M. C. H. van der Meulen")


# -- TeX in fields -------------------------------------------------------------------


def test_latex_accents_and_escapes():
    text = fmt(r"""@article{k, author = {M{\"u}ller, J{\"o}rg}, title = {Caf{\'e} \& bar:
        50\% of {\"o}sterreich's \$ --- done}, journal = {J}, year = 2000}""")
    assert text.startswith("Müller, J. (2000). Café & bar: 50% of österreich's $ — done. J.")


def test_sub_and_superscripts():
    bibtex = r"""@article{k, author = {A, B}, title = {TiO$_2$ and Mg$^{2+}$ in H$_{2}$O},
        journal = {J}, year = 2000}"""
    assert "TiO<sub>2</sub> and Mg<sup>2+</sup> in H<sub>2</sub>O." in html(bibtex)
    assert "TiO2 and Mg2+ in H2O." in fmt(bibtex)


def test_latex_to_text_units():
    assert latex_to_plain(r"\textit{E.~coli} and $\alpha$-helix") == "E.\u00a0coli and α-helix"
    assert latex_to_plain(r"\'{\i}\c{c}\v{s}\ss{} \o") == "íçšß ø"
    assert latex_to_plain(r"pages 1--2, x---y, ``q''") == "pages 1–2, x—y, “q”"
    assert latex_to_plain(r"\unknowncommand{kept}") == "kept"
    assert latex_to_plain(r"unbalanced } { braces").split() == ["unbalanced", "braces"]
    assert latex_to_text(r"\emph{x}").render_as("html") == "<em>x</em>"
    assert latex_to_text(r"$10^{-3}$").render_as("html") == "10<sup>\u22123</sup>"


def test_title_case_is_kept_and_braces_only_protect():
    text = fmt(r"""@article{k, author = {A, B}, title = {The {DNA} of {iPhone} users},
        journal = {J}, year = 2000}""")
    assert "The DNA of iPhone users." in text


# -- missing fields ------------------------------------------------------------------------

FULL = {
    "author": "{Uwitonze, A. M. and Razzaque, M. S.}",
    "title": "{Role of magnesium}",
    "journal": "{Journal}",
    "booktitle": "{Book}",
    "editor": "{Editor, E.}",
    "publisher": "{Press}",
    "institution": "{Inst}",
    "school": "{Uni}",
    "year": "2018",
    "volume": "118",
    "number": "3",
    "pages": "{181--189}",
    "edition": "2",
    "chapter": "5",
    "doi": "{10.7556/jaoa.2018.037}",
    "url": "{https://example.org}",
    "urldate": "{2020-01-02}",
}
TYPES = ["article", "book", "incollection", "inbook", "inproceedings", "techreport",
         "phdthesis", "mastersthesis", "misc", "unpublished", "online", "weirdtype"]


@pytest.mark.parametrize("entry_type", TYPES)
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_missing_fields_never_leave_traces(entry_type, lang):
    style = apa(lang)
    for dropped in FULL:
        fields = ",\n".join(f"{name} = {value}" for name, value in FULL.items()
                            if name != dropped)
        data = parse_string(f"@{entry_type}{{k,\n{fields}}}")
        text = style.format_entry("", data.entries["k"]).text.render(TEXT)
        assert "None" not in text
        assert "()" not in text and "[]" not in text
        assert ". ." not in text and ".." not in text and ",," not in text
        assert ", ." not in text and " ," not in text and "  " not in text
        assert not text.startswith((".", ",", " "))


def test_nearly_empty_entry():
    assert fmt("@article{k, title = {Only a title}}") == "Only a title. (n.d.)."
    assert fmt("@book{k, year = 2000}") == "(2000)."


def test_title_with_question_mark_gets_no_extra_period():
    text = fmt("@article{k, author = {A, B}, title = {Why?}, journal = {J}, year = 2000}")
    assert text == "A, B. (2000). Why? J."


def test_missing_fields_report():
    style = apa()
    data = parse_string("""
        @article{a, author = {A, B}, title = {T}}
        @book{b, editor = {E, F}, title = {T}, publisher = {P}, year = 1}
        @misc{c}
    """)
    assert style.missing_fields(data.entries["a"]) == ("journal", "year")
    assert style.missing_fields(data.entries["b"]) == ()  # editors stand in for authors
    assert style.missing_fields(data.entries["c"]) == ("title",)


@pytest.mark.parametrize("urldate, english, ukrainian", [
    ("2023-05-01", "Retrieved May 1, 2023, from", "Отримано 1 травня 2023 р. з"),
    ("2023-05", "Retrieved May 2023, from", "Отримано травень 2023 р. з"),
    ("spring 2023", "Retrieved spring 2023, from", "Отримано spring 2023 з"),
])
def test_retrieval_dates(urldate, english, ukrainian):
    bibtex = ("@misc{k, title = {Page}, url = {https://example.org}, "
              f"urldate = {{{urldate}}}}}")
    assert fmt(bibtex) == f"Page. (n.d.). {english} https://example.org"
    assert fmt(bibtex, "uk") == f"Page. (б. д.). {ukrainian} https://example.org"


# -- DOIs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("doi", [
    "10.1136/openhrt-2017-000668",
    "doi:10.1136/openhrt-2017-000668",
    "DOI: 10.1136/openhrt-2017-000668",
    "https://doi.org/10.1136/openhrt-2017-000668",
    "http://dx.doi.org/10.1136/openhrt-2017-000668",
])
def test_doi_forms(doi):
    assert doi_url(doi) == "https://doi.org/10.1136/openhrt-2017-000668"
    text = fmt("@article{k, author = {A, B}, title = {T}, journal = {J}, year = 1, "
               f"doi = {{{doi}}}, url = {{https://example.org}}}}")
    assert text.endswith(" https://doi.org/10.1136/openhrt-2017-000668")
    assert "example.org" not in text  # APA: the DOI, not the URL


# -- plugin machinery ---------------------------------------------------------------------------


def test_is_a_registered_pybtex_style():
    style_class = find_plugin("pybtex.style.formatting", "apa7")
    assert style_class is APAStyle
    assert issubclass(APAStyle, BaseStyle)


def test_base_style_keywords_still_work_and_language_defaults_to_english():
    style = APAStyle(abbreviate_names=True, min_crossrefs=1)
    assert style.lang == "en"
    assert style.terms["and_narrative"] == "and"
    assert APAStyle(lang="uk_UA").lang == "uk"
    assert APAStyle(lang="xx").terms == load_terms("en")


def test_whole_bibliography_through_pybtex():
    data = parse_string(ARTICLE + "@book{b, author = {Aaron, A.}, title = {B}, year = 1990}")
    formatted = APAStyle().format_bibliography(data)
    keys = [entry.key for entry in formatted]
    assert keys == ["b", "dinicolantonio2018subclinical"]  # sorted by author, year, title


def test_locale_falls_back_to_english(monkeypatch):
    from mkdocs_scholar.core import locale

    assert load_terms("xx") == load_terms("en")
    assert load_terms("uk-UA") == load_terms("uk")
    assert load_terms("uk")["and_narrative"] == "та"
    fake = {"bibliography": {"and_narrative": "i"}, "crossref": {"x": 1}}
    real = locale._read_locale
    monkeypatch.setattr(locale, "_read_locale", lambda lang: fake if lang == "pl" else real(lang))
    locale._section.cache_clear()
    try:
        terms = load_terms("pl")
        assert terms["and_narrative"] == "i"
        assert terms["no_date"] == "n.d."  # missing term: English
        assert locale.load_section("pl", "crossref")["x"] == 1  # any section, merged
        terms["no_date"] = "changed"  # callers get copies
        assert load_terms("pl")["no_date"] == "n.d."
    finally:
        locale._section.cache_clear()


def test_ordinals():
    from mkdocs_scholar.core.style.apa_nodes import _ordinal

    english, ukrainian = load_terms("en"), load_terms("uk")
    assert [_ordinal(n, english) for n in (2, 3, 4, 11, 12, 21, 22, 101, 111)] == [
        "2nd", "3rd", "4th", "11th", "12th", "21st", "22nd", "101st", "111th"]
    assert [_ordinal(n, ukrainian) for n in (2, 3, 4, 7, 11, 21, 23)] == [
        "2-ге", "3-тє", "4-те", "7-ме", "11-те", "21-ше", "23-тє"]


def test_terms_override():
    style = APAStyle(terms={"no_date": "s.f."})
    data = parse_string("@misc{k, title = {T}}")
    assert style.format_entry("", data.entries["k"]).text.render(TEXT) == "T. (s.f.)."
