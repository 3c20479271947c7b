"""BibTeX entries as CSL-JSON, and CSL-JSON / CSL-YAML bibliography files."""

from __future__ import annotations

import json
import textwrap

import pytest

from mkdocs_scholar.core.bibliography import clear_cache, load_bibliography
from mkdocs_scholar.core.csl_json import entry_to_csl, parse_csl_file


@pytest.fixture(autouse=True)
def _fresh():
    clear_cache()
    yield
    clear_cache()


def items(tmp_path, bib: str, name: str = "refs.bib") -> dict[str, dict]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(bib), encoding="utf-8")
    loaded = load_bibliography([name], tmp_path)
    assert not [p for p in loaded.problems if p.level == "error"], loaded.problems
    return {key: entry_to_csl(key, entry) for key, entry in loaded.entries.items()}


def one(tmp_path, bib: str) -> dict:
    (item,) = items(tmp_path, bib).values()
    return item


def test_article_fields_accents_dashes_and_protected_case(tmp_path):
    item = one(tmp_path, r"""
        @article{zhang2016,
          author  = {Zh{\"o}ng, Y{\'e} and Smith, John and M{\"u}ller, J{\"o}rg
                     and Stra{\ss}e, Hans},
          title   = {The {CGRP} pathway in {Wnt} signalling -- a review},
          journal = {Journal of Bone \& Mineral Research},
          year    = {2016},
          month   = mar,
          volume  = {12},
          number  = {3},
          pages   = {45--49},
          doi     = {https://doi.org/10.1000/xyz.123},
          issn    = {1234-5678}
        }
    """)
    assert item == {
        "id": "zhang2016",
        "type": "article-journal",
        "title": "The CGRP pathway in Wnt signalling \u2013 a review",
        "container-title": "Journal of Bone & Mineral Research",
        "volume": "12",
        "issue": "3",
        "page": "45-49",
        "DOI": "10.1000/xyz.123",
        "ISSN": "1234-5678",
        "issued": {"date-parts": [[2016, 3]]},
        "author": [{"family": "Zhöng", "given": "Yé"}, {"family": "Smith", "given": "John"},
                   {"family": "Müller", "given": "Jörg"}, {"family": "Straße", "given": "Hans"}],
    }


def test_names_corporate_particles_suffixes_and_others(tmp_path):
    item = one(tmp_path, r"""
        @report{who2020,
          author = {{World Health Organization} and van der Berg, Jan
                    and Smith, Jr., John and others},
          editor = {Doe, Jane},
          translator = {Roe, Rick},
          title = {Guideline},
          institution = {WHO},
          address = {Geneva},
          number = {7},
          year = {2020}
        }
    """)
    assert item["type"] == "report"
    assert item["author"] == [
        {"literal": "World Health Organization"},
        {"family": "Berg", "given": "Jan", "dropping-particle": "van der"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
    ]
    assert item["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert item["translator"] == [{"family": "Roe", "given": "Rick"}]
    assert (item["publisher"], item["publisher-place"], item["number"]) == ("WHO", "Geneva", "7")


def test_biblatex_dates_eprint_and_langid(tmp_path):
    converted = items(tmp_path, r"""
        @online{a, title = {A}, date = {2016-03}, urldate = {2020-05-06}, url = {https://a.org},
                langid = {ukrainian}}
        @article{b, title = {B}, journal = {J}, date = {2019-11-02/2020-01}, eprint = {2101.00001},
                 eprinttype = {arxiv}, langid = {ngerman}}
        @article{c, title = {C}, journal = {J}, year = {2001}, eprint = {12345678},
                 eprinttype = {pubmed}, language = {en-GB}}
        @article{d, title = {D}, journal = {J}, year = {2001}, eprint = {10.1/d},
                 eprinttype = {doi}, langid = {klingon}}
    """)
    a, b, c, d = converted["a"], converted["b"], converted["c"], converted["d"]
    assert a["type"] == "webpage"
    assert a["issued"] == {"date-parts": [[2016, 3]]}
    assert a["accessed"] == {"date-parts": [[2020, 5, 6]]}
    assert a["language"] == "uk-UA"
    assert b["issued"] == {"date-parts": [[2019, 11, 2], [2020, 1]]}
    assert b["URL"] == "https://arxiv.org/abs/2101.00001"
    assert b["archive"] == "arXiv" and b["language"] == "de-DE"
    assert c["PMID"] == "12345678" and c["language"] == "en-GB"
    assert d["DOI"] == "10.1/d" and "language" not in d  # not a language we can name


def test_crossref_inheritance_gives_the_chapter_its_book(tmp_path):
    converted = items(tmp_path, r"""
        @incollection{child, crossref = {parent}, author = {Lee, Kim},
                      title = {A chapter}, pages = {10--20}}
        @inbook{other, crossref = {parent}, author = {Park, Jo}, title = {Another}, chapter = {3}}
        @book{parent, title = {The {Big} Book}, editor = {Doe, Jane and Roe, Rick},
              publisher = {Press}, address = {Kyiv}, year = {2015}, isbn = {978-0-00-000000-0}}
    """)
    child = converted["child"]
    assert child["type"] == "chapter"
    assert child["title"] == "A chapter"
    assert child["container-title"] == "The Big Book"
    assert child["editor"] == [{"family": "Doe", "given": "Jane"},
                               {"family": "Roe", "given": "Rick"}]
    assert (child["publisher"], child["publisher-place"]) == ("Press", "Kyiv")
    assert child["issued"] == {"date-parts": [[2015]]}
    assert child["page"] == "10-20" and child["ISBN"] == "978-0-00-000000-0"
    assert converted["other"]["container-title"] == "The Big Book"
    assert converted["other"]["chapter-number"] == "3"


def test_urls_in_howpublished_and_escaped_percent(tmp_path):
    converted = items(tmp_path, r"""
        @misc{site, title = {Site}, howpublished = {\url{https://example.org/a\%20b}}, year = 2020}
        @misc{print, title = {Leaflet}, howpublished = {Printed by the Lab}, year = 2020}
        @misc{both, title = {Both}, url = {https://x.org/p\%C3\%A9}, howpublished = {Online at
                   \url{https://ignored.org}}, year = 2021}
    """)
    assert converted["site"]["URL"] == "https://example.org/a%20b"
    assert converted["site"]["type"] == "webpage"
    assert "publisher" not in converted["site"]
    assert converted["print"]["publisher"] == "Printed by the Lab"
    assert converted["print"]["type"] == "document"
    assert converted["both"]["URL"] == "https://x.org/p%C3%A9"
    assert converted["both"]["publisher"] == "Online at"


@pytest.mark.parametrize(("bibtex", "csl"), [
    ("article", "article-journal"), ("book", "book"), ("incollection", "chapter"),
    ("inbook", "chapter"), ("inproceedings", "paper-conference"),
    ("conference", "paper-conference"), ("phdthesis", "thesis"), ("mastersthesis", "thesis"),
    ("thesis", "thesis"), ("techreport", "report"), ("report", "report"),
    ("online", "webpage"), ("unpublished", "manuscript"), ("booklet", "pamphlet"),
    ("proceedings", "book"), ("manual", "book"), ("patent", "patent"), ("misc", "document"),
])
def test_type_mapping(tmp_path, bibtex, csl):
    assert one(tmp_path, f"@{bibtex}{{k, title = {{T}}, year = 2000}}")["type"] == csl


def test_proceedings_paper_thesis_and_book_numbers(tmp_path):
    converted = items(tmp_path, r"""
        @inproceedings{p, author = {A, B}, title = {Talk}, booktitle = {Proc. of {IEEE} 2020},
                       pages = {1--2}, year = 2020, publisher = {IEEE}}
        @phdthesis{t, author = {A, B}, title = {Thesis}, school = {KNU}, year = 2019}
        @book{s, author = {A, B}, title = {Vol}, series = {Lecture Notes}, number = {12},
              edition = {2}, volume = {3}, year = 2018}
        @article{m, author = {A, B}, title = {T}, journaltitle = {Journal}, issue = {Spring},
                 number = {4}, year = 2018, entrysubtype = {magazine}}
    """)
    assert converted["p"]["container-title"] == "Proc. of IEEE 2020"
    assert converted["t"]["publisher"] == "KNU" and converted["t"]["genre"] == "PhD thesis"
    assert converted["s"]["collection-title"] == "Lecture Notes"
    assert converted["s"]["collection-number"] == "12"
    assert (converted["s"]["edition"], converted["s"]["volume"]) == ("2", "3")
    assert converted["m"]["type"] == "article-magazine"
    assert converted["m"]["container-title"] == "Journal"
    assert converted["m"]["issue"] == "Spring"


# -- CSL-JSON and CSL-YAML files ---------------------------------------------------------

CSL_ITEMS = [
    {"id": "Zhang2016", "type": "article-journal", "title": "Title",
     "author": [{"family": "Zhang", "given": "Yi"}, {"literal": "The Lab"}],
     "container-title": "Journal", "issued": {"date-parts": [[2016, 3]]}, "volume": "12",
     "issue": "3", "page": "45-49", "DOI": "10.1/z"},
    {"id": "smith2019", "type": "book", "title": "A Book", "publisher": "Press",
     "author": [{"family": "Smith", "given": "Alex"}], "issued": {"date-parts": [[2019]]}},
]


def test_csl_json_file_reads_as_entries_with_lines(tmp_path):
    text = json.dumps(CSL_ITEMS, indent=2)
    (tmp_path / "refs.json").write_text(text, encoding="utf-8")
    loaded = load_bibliography(["refs.json"], tmp_path)
    assert loaded.problems == []
    assert list(loaded.entries) == ["Zhang2016", "smith2019"]
    assert str(loaded.locations["Zhang2016"]) == "refs.json:2"
    # The line of the item's opening brace, the one before its "id".
    lines = text.splitlines()
    second = lines.index('    "id": "smith2019",')
    assert lines[second - 1] == "  {"
    assert str(loaded.locations["smith2019"]) == f"refs.json:{second}"
    entry = loaded.entries["Zhang2016"]
    # The CSL item itself goes to the processor; the pybtex view serves the rest.
    assert entry_to_csl("Zhang2016", entry) == CSL_ITEMS[0]
    assert entry.type == "article"
    assert str(entry.fields["journal"]) == "{Journal}"
    assert [str(p) for p in entry.persons["author"]] == ["{Zhang}, Yi", "{The Lab}"]


def test_csl_yaml_file_with_text_dates_and_references_key(tmp_path):
    (tmp_path / "refs.yaml").write_text(textwrap.dedent("""\
        ---
        references:
        - id: doe2021
          type: article-journal
          title: Sleep
          author:
            - family: Doe
              given: Jane
          issued: 2021-03-05
        - id: roe2020
          type: book
          title: Memory
          issued: 2020
        ...
    """), encoding="utf-8")
    loaded = load_bibliography(["refs.yaml"], tmp_path)
    assert loaded.problems == []
    assert str(loaded.locations["doe2021"]) == "refs.yaml:3"
    assert str(loaded.locations["roe2020"]) == "refs.yaml:10"
    assert entry_to_csl("doe2021", loaded.entries["doe2021"])["issued"] == {
        "date-parts": [[2021, 3, 5]]}
    assert entry_to_csl("roe2020", loaded.entries["roe2020"])["issued"] == {
        "date-parts": [[2020]]}
    assert loaded.entries["roe2020"].fields["year"] == "2020"


@pytest.mark.parametrize(("name", "text", "where", "message"), [
    ("bad.json", '[\n  {"id": "a",\n   "title": }\n]', "bad.json:3:13", "JSON syntax error"),
    ("bad.yaml", "- id: a\n  title: [unclosed\n- id: b\n", "bad.yaml:3:5", "YAML syntax error"),
    ("obj.json", '{"id": "a"}', "obj.json:1", "expected a list of CSL items"),
    ("noid.json", '[\n {"id": "a"},\n {"title": "no id"}\n]', "noid.json:3", "has no 'id'"),
])
def test_bad_csl_files_are_diagnostics_with_their_place(tmp_path, name, text, where, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    parsed = parse_csl_file(str(tmp_path / name), name)
    (problem,) = parsed.problems
    assert problem.where == where
    assert message in problem.message
    assert problem.code == "bib-syntax"


def test_duplicate_key_across_bib_and_csl_files(tmp_path):
    (tmp_path / "a.bib").write_text("@book{smith2019, title = {T}, year = 2019}\n",
                                    encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(CSL_ITEMS), encoding="utf-8")
    loaded = load_bibliography(["a.bib", "b.json"], tmp_path)
    assert [p.code for p in loaded.problems] == ["bib-duplicate"]
    assert loaded.problems[0].where == "b.json:1"


def test_english_titles_in_sentence_case_for_the_locale(tmp_path):
    loaded = {key: entry for key, entry in _loaded(tmp_path, r"""
        @incollection{en,
          author = {O'Brien, Sean},
          title = {The {CGRP} Pathway in Wnt Signalling: an Overview of X-Ray iPhone DNA Use},
          booktitle = {Proceedings of the {IEEE} Conference on M{\"u}ller Cells},
          year = 2020}
        @article{paper, title = {Bone}, journal = {Journal of Bone Research}, year = 2020}
        @book{de, title = {Knochen und Mineralhaushalt}, year = 2020, langid = {ngerman}}
        @book{plain, title = {Magnesium in Health and Disease}, year = 2020}
    """).entries.items()}
    en = entry_to_csl("en", loaded["en"], "en-US")
    # As pandoc's reader: capitalised words lowered, braced ones, acronyms and "iPhone"
    # kept, the first word after a colon capitalised; a journal's name keeps its case.
    assert en["title"] == ("The CGRP pathway in wnt signalling: An overview of x-ray "
                           "iPhone DNA use")
    assert en["container-title"] == "Proceedings of the IEEE conference on müller cells"
    assert entry_to_csl("paper", loaded["paper"], "en-US")["container-title"] == (
        "Journal of Bone Research")
    assert en["author"] == [{"family": "O\u2019Brien", "given": "Sean"}]
    assert en["language"] == "en-US"
    assert entry_to_csl("de", loaded["de"], "en-US")["title"] == "Knochen und Mineralhaushalt"
    # Without langid the work is in the page's language: on a Ukrainian page, as written.
    uk = entry_to_csl("plain", loaded["plain"], "uk-UA")
    assert (uk["title"], uk["language"]) == ("Magnesium in Health and Disease", "uk-UA")
    assert entry_to_csl("plain", loaded["plain"], "en-US")["title"] == (
        "Magnesium in health and disease")
    # Without a locale (a caller that formats for no page), titles stay as written.
    assert entry_to_csl("plain", loaded["plain"])["title"] == "Magnesium in Health and Disease"


def _loaded(tmp_path, bib: str):
    (tmp_path / "refs.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    return load_bibliography(["refs.bib"], tmp_path)
