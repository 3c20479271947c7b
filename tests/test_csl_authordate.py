"""Author-date CSL styles (apa, chicago-author-date) on tiny sites built in
tmp_path: pandoc's citation forms, year suffixes and given names decided once for
the site, links, previews, back-links, the style's order and the page language's
collation."""

from __future__ import annotations

import pytest

from conftest import texts_without_previews
from mkdocs_scholar.core.csl_authordate import Locator, collation_key, parse_locator

BIB = r"""
@article{zhangfirst,
  author  = {Zhang, Yi and Smith, John and Lee, Kim},
  title   = {Alpha study of magnesium},
  journal = {Bone},
  year    = {2016},
  volume  = {1},
  pages   = {1--9},
  doi     = {10.1000/first},
  langid  = {english}
}
@article{zhangsecond,
  author  = {Zhang, Yi and Smith, John and Lee, Kim},
  title   = {Beta study of magnesium},
  journal = {Bone},
  year    = {2016},
  volume  = {2},
  pages   = {10--19}
}
@article{alpha2019,
  author  = {Alpha, Anna},
  title   = {Alpha paper},
  journal = {Journal of Tests},
  year    = {2019}
}
@article{beta2020,
  author  = {Beta, Boris and Gamma, Greta},
  title   = {Beta paper},
  journal = {Journal of Tests},
  year    = {2020}
}
@article{smithjohn,
  author  = {Smith, John},
  title   = {John's paper},
  journal = {Journal of Tests},
  year    = {2019}
}
@article{smithanna,
  author  = {Smith, Anna},
  title   = {Anna's paper},
  journal = {Journal of Tests},
  year    = {2020}
}
"""
CYRILLIC = [  # key, author, title, year: Ukrainian works, for the collation
    ("shevchenko", "Шевченко, Тарас", "Перша", 2001),
    ("gonta", "Ґонта, Іван", "Друга", 2002),
    ("hordiienko", "Гордієнко, Петро", "Третя", 2003),
    ("yevtushenko", "Євтушенко, Олег", "Четверта", 2004),
    ("ivanenko", "Іваненко, Ірина", "П'ята", 2005),
    ("yakovenko", "Яковенко, Яна", "Шоста", 2006),
    ("yaroshenko", "Ярошенко, Яків", "Сьома", 2007),
]
BIB += "".join(f"@article{{{key}, author = {{{author}}}, title = {{{title}}}, "
               f"journal = {{Журнал}}, year = {{{year}}}, langid = {{ukrainian}}}}\n"
               for key, author, title, year in CYRILLIC)

HOME = """# Home

One [@zhangfirst]. Two @alpha2019 says so. Three [-@alpha2019].
Four [see @zhangfirst, p. 33]. Five [@beta2020; @alpha2019].
Six [@smithjohn; @smithanna]. Seven [@shevchenko; @gonta; @hordiienko; @yevtushenko;
@ivanenko; @yakovenko; @yaroshenko]. Eight [@nosuchkey].
"""
OTHER = """# Other

Nine [@zhangsecond]. Ten [@zhangsecond; @zhangfirst]. Eleven @zhangfirst [p. 3].
"""
REFS = "# References\n\n::: {#refs}\n:::\n"
NAV = [{"Home": "index.md"}, {"Other": "other.md"}, {"References": "references.md"}]


def pages(home: str = HOME, other: str = OTHER) -> dict[str, str]:
    return {f"{lang}/{name}": text for lang in ("en", "uk")
            for name, text in (("index.md", home), ("other.md", other),
                               ("references.md", REFS))}


def cites(built, path: str) -> list[str]:
    return texts_without_previews(built.html(path), ".scholar-citation")


def listed(built, path: str) -> list[str]:
    return [li["id"].removeprefix("ref-")
            for li in built.html(path).select("ul.scholar-entries > li")]


CYRILLIC_EN = ["gonta", "hordiienko", "yevtushenko", "ivanenko", "shevchenko", "yakovenko",
               "yaroshenko"]
# Ukrainian order: Ґ is a letter of its own after Г; Є after Е, І and Ї after И.
CYRILLIC_UK = ["hordiienko", "gonta", "yevtushenko", "ivanenko", "shevchenko", "yakovenko",
               "yaroshenko"]
LATIN = ["alpha2019", "beta2020", "smithanna", "smithjohn", "zhangfirst", "zhangsecond"]


@pytest.fixture
def count_renders(monkeypatch):
    """count_renders(): the list of keys citeproc-py renders a cite of from then on."""
    from mkdocs_scholar.core.csl_authordate import InText

    def start() -> list[str]:
        keys: list[str] = []
        render = InText._render
        monkeypatch.setattr(InText, "_render",
                            lambda self, *a: keys.append(a[1]) or render(self, *a))
        return keys

    return start


@pytest.fixture
def apa(make_site):
    built = make_site(pages(), nav=NAV, bib=BIB, i18n=True, plugin={"style": "apa"})
    assert not built.aborted, built.warnings()
    return built


def test_apa_forms_in_english_and_ukrainian(apa):
    assert cites(apa, "index.html") == [
        "(Zhang et al., 2016a)",
        "Alpha (2019)",  # @key: narrative
        "(2019)",  # [-@key]: the author left out
        "(see Zhang et al., 2016a, p. 33)",
        "(Alpha, 2019; Beta & Gamma, 2020)",  # sorted as APA sorts, "; " between
        "(A. Smith, 2020; J. Smith, 2019)",  # two Smiths: initials tell them apart
        "(Ґонта, 2002; Гордієнко, 2003; Євтушенко, 2004; Іваненко, 2005; Шевченко, 2001; "
        "Яковенко, 2006; Ярошенко, 2007)",
        "(@nosuchkey)",
    ]
    assert cites(apa, "uk/index.html") == [
        "(Zhang та ін., 2016a)",
        "Alpha (2019)",
        "(2019)",
        "(see Zhang та ін., 2016a, с. 33)",  # uk-UA's page term
        "(Alpha, 2019; Beta & Gamma, 2020)",
        "(A. Smith, 2020; J. Smith, 2019)",
        "(Гордієнко, 2003; Ґонта, 2002; Євтушенко, 2004; Іваненко, 2005; Шевченко, 2001; "
        "Яковенко, 2006; Ярошенко, 2007)",
        "(@nosuchkey)",
    ]
    warnings = apa.warnings()
    assert len(warnings) == 2 and all("unknown citation key 'nosuchkey'" in w
                                      for w in warnings)
    assert "docs/en/index.md:6:" in warnings[0]


def test_year_suffixes_are_the_sites_not_the_pages(apa):
    # zhangfirst is cited on the home page, zhangsecond on the other page alone:
    # each page still tells them apart, the same way in both languages.
    assert cites(apa, "other/index.html") == [
        "(Zhang et al., 2016b)", "(Zhang et al., 2016a, 2016b)", "Zhang et al. (2016a, p. 3)"]
    assert cites(apa, "uk/other/index.html") == [
        "(Zhang та ін., 2016b)", "(Zhang та ін., 2016a, 2016b)", "Zhang та ін. (2016a, с. 3)"]
    for path in ("references/index.html", "uk/references/index.html"):
        entries = {li["id"]: li.select_one(".scholar-entry").get_text("")
                   for li in apa.html(path).select("ul.scholar-entries > li")}
        assert "(2016a). Alpha study of magnesium." in entries["ref-zhangfirst"]
        assert "(2016b). Beta study of magnesium." in entries["ref-zhangsecond"]


def test_each_cite_links_to_its_entry_with_a_preview(apa):
    page = apa.html("other/index.html")
    group = page.select(".scholar-citation")[1]
    links = group.select("a.scholar-cite")
    assert [(a.get_text(""), a["href"]) for a in links] == [
        ("Zhang et al., 2016a", "../references/#ref-zhangfirst"),
        ("2016b", "../references/#ref-zhangsecond")]
    tip = page.find(id=links[0]["aria-describedby"])
    assert tip["role"] == "tooltip"
    assert [e["data-entry"] for e in tip.select(".scholar-tip-entry")] == [
        "ref-zhangfirst", "ref-zhangsecond"]
    assert "(2016a). Alpha study of magnesium." in tip.get_text("")
    assert not tip.select(".scholar-tip-number")  # no numbers in an author-date style
    narrative = page.select(".scholar-citation")[2]
    (link,) = narrative.select("a.scholar-cite")
    assert link.get_text("") == "Zhang et al. (2016a, p. 3)"
    assert link["href"] == "../references/#ref-zhangfirst"
    assert page.find(id=link["aria-describedby"]) is not None
    home = apa.html("index.html")
    see = home.select(".scholar-citation")[3]
    assert see.select_one("a.scholar-cite").get_text("") == "Zhang et al., 2016a, p. 33"
    assert [a["href"] for a in home.select(".scholar-citation")[4].select("a.scholar-cite")] \
        == ["references/#ref-alpha2019", "references/#ref-beta2020"]
    # The search index reads the plain text.
    assert home.select_one("mark.scholar-unknown").get_text() == "@nosuchkey"


def test_search_index_reads_the_cites_as_text(apa):
    import json

    index = json.loads((apa.site / "search" / "search_index.json").read_text("utf-8"))
    home = next(doc for doc in index["docs"] if doc["location"] == "")
    assert "(see Zhang et al., 2016a, p. 33)" in home["text"]
    assert "scholar-cite" not in home["text"]


def test_the_list_is_in_apa_order_with_the_page_languages_collation(apa):
    assert listed(apa, "references/index.html") == LATIN + CYRILLIC_EN
    assert listed(apa, "uk/references/index.html") == LATIN + CYRILLIC_UK
    page = apa.html("uk/references/index.html")
    listing = page.select_one("ul.scholar-entries.scholar-entries--author-date")
    assert listing is not None and not page.select("ol.scholar-entries")
    first = listing.select_one("#ref-zhangfirst")
    assert not first.has_attr("value")
    # The work's language on the entry, the DOI linked, the back-links to both pages.
    assert first.select_one(".scholar-entry")["lang"] == "en"
    assert first.select_one(".scholar-entry a")["href"] == "https://doi.org/10.1000/first"
    assert [a["href"] for a in first.select(".scholar-backlinks a")] == [
        "../#cite-0", "../#cite-3", "../other/#cite-1", "../other/#cite-2"]
    english = apa.html("references/index.html")
    assert english.select_one("#ref-gonta .scholar-entry")["lang"] == "uk"
    assert not english.select_one("#ref-alpha2019 .scholar-entry").has_attr("lang")


def test_chicago_author_date(make_site):
    home = ("# Home\n\nOne [@zhangfirst]. Two @alpha2019. Three [see @beta2020, sec. 2]. "
            "Four [@zhangsecond; @zhangfirst; @alpha2019].\n")
    built = make_site({"index.md": home, "references.md": REFS}, bib=BIB,
                      nav=[{"Home": "index.md"}, {"References": "references.md"}],
                      plugin={"style": "chicago-author-date"}, strict=True)
    assert not built.aborted, built.warnings()
    # No <sort> in Chicago's citation: the cites stay in the order written.
    assert cites(built, "index.html") == [
        "(Zhang et al. 2016a)", "Alpha (2019)", "(see Beta and Gamma 2020, sec. 2)",
        "(Zhang et al. 2016b, 2016a; Alpha 2019)"]
    assert listed(built, "references/index.html") == [
        "alpha2019", "beta2020", "zhangfirst", "zhangsecond"]
    entries = [li.get_text("") for li in built.html("references/index.html").select(
        "ul.scholar-entries .scholar-entry")]
    # Chicago keeps given names whole (initialize="false"), as pandoc prints them.
    assert entries[2].startswith("Zhang, Yi, John Smith, and Kim Lee. 2016a. “Alpha Study")


@pytest.mark.parametrize(("suffix", "locator", "rest"), [
    (", p. 33", Locator("page", "33"), ""),
    ("pp. 33-35, emphasis added", Locator("page", "33-35"), ", emphasis added"),
    (", chap. 3", Locator("chapter", "3"), ""),
    ("33", Locator("page", "33"), ""),
    ("fig. 2", Locator("figure", "2"), ""),
    ("§ 4", Locator("section", "4"), ""),
    ("2nd edition", None, "2nd edition"),
    ("and elsewhere", None, "and elsewhere"),
])
def test_locators_as_pandoc_reads_them(suffix, locator, rest):
    assert parse_locator(suffix) == (locator, rest)


def test_the_locales_own_locator_words():
    assert parse_locator("с. 12", "uk-UA") == (Locator("page", "12"), "")
    assert parse_locator("S. 12", "de-DE") == (Locator("page", "12"), "")


def test_ukrainian_collation():
    names = ["Ярошенко", "Шевченко", "Ґонта", "Гордієнко", "Євтушенко", "Іваненко",
             "Яковенко", "Ейсмонт", "Игнатенко", "Їжак"]
    assert sorted(names, key=lambda n: collation_key(n, "uk")) == [
        "Гордієнко", "Ґонта", "Ейсмонт", "Євтушенко", "Игнатенко", "Іваненко", "Їжак",
        "Шевченко", "Яковенко", "Ярошенко"]


# -- the review's own site, switched to another style --------------------------------

def _site_copy(tmp_path, style: str):
    import shutil

    from conftest import ROOT, build_site

    for name in ("docs", "references", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("      style: apa7\n") == 1
    (tmp_path / "mkdocs.yml").write_text(text.replace("      style: apa7\n",
                                                      f"      style: {style}\n"),
                                         encoding="utf-8")
    # Not strict: a copy has no git history, which the dates plugin warns about.
    built = build_site(tmp_path / "mkdocs.yml", tmp_path / "site", strict=False)
    assert not built.aborted, built.warnings()
    assert [w for w in built.warnings() if "git" not in w] == []
    return built


def _citations_by_page(built) -> dict[str, list[str]]:
    out = {}
    for path in sorted(built.site.rglob("*.html")):
        soup = built.html(str(path.relative_to(built.site)))
        found = texts_without_previews(soup, ".md-content .scholar-citation")
        if found:
            out[str(path.relative_to(built.site))] = found
    return out


NUMBERS = r"\[\d+(?:\s*[–,]\s*\d+)*\]"


def test_the_review_in_apa(tmp_path):
    import re

    built = _site_copy(tmp_path, "apa")
    pages = _citations_by_page(built)
    english = [c for page, found in pages.items() if not page.startswith("uk/")
               for c in found]
    ukrainian = [c for page, found in pages.items() if page.startswith("uk/") for c in found]
    assert english and ukrainian
    author_date = re.compile(r"\D+,? \d{4}[a-z]?\b|\(\d{4}[a-z]?")
    for cite in english + ukrainian:
        assert not re.search(NUMBERS, cite), cite
        assert author_date.search(cite), cite
    assert any(" et al., " in cite for cite in english)
    assert any(" та ін., " in cite for cite in ukrainian)
    # No number left in the text of any page, previews aside (the about page
    # quotes the original's "[1–6]": quotations are left out).
    for path in pages:
        text = " ".join(texts_without_previews(built.html(path), ".md-content"))
        text = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", "", text)
        assert not re.search(NUMBERS, text), path
    assert built.html("references.html").select("ul.scholar-entries > li")


def test_the_review_in_vancouver_keeps_its_numbers(tmp_path, real_site):
    import re

    built = _site_copy(tmp_path, "elsevier-vancouver")
    ours, theirs = _citations_by_page(real_site), _citations_by_page(built)
    assert ours.keys() == theirs.keys()

    def numbers(cite: str) -> list[str]:
        return re.findall(r"\d+", cite)

    for page in ours:
        assert [numbers(c) for c in theirs[page]] == [numbers(c) for c in ours[page]], page


def test_entries_with_year_suffixes_are_kept_on_disk(tmp_path, monkeypatch):
    from mkdocs_scholar.core import formatted_cache, formatting
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter
    from mkdocs_scholar.core.disk_cache import DiskCache

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    keys = ["zhangfirst", "zhangsecond", "alpha2019"]
    formatting.clear_cache()
    formatted_cache.forget()
    formatter = CslFormatter("apa", "en")
    disambiguation = formatter.disambiguate(entries, keys)
    assert dict(disambiguation.suffixes) == {"zhangfirst": "a", "zhangsecond": "b"}
    made = formatter.format(entries, keys, disambiguation)
    formatted_cache.save(DiskCache(str(tmp_path / "cache")))
    formatting.clear_cache()
    formatted_cache.forget()
    formatted_cache.load(DiskCache(str(tmp_path / "cache")))
    # The suffix is part of the key: an entry with it and one without are two results.
    saved = [key[2] for key in formatting.snapshot()[0] if key[3] == "zhangfirst"]
    assert saved == [(("year-suffix", "a"),)]

    def no_formatting(*args, **kwargs):
        raise AssertionError("formatted again")

    monkeypatch.setattr(CslFormatter, "_format_all", no_formatting)
    again = CslFormatter("apa", "en").format(entries, keys, disambiguation)
    assert again == made
    assert "(2016a)" in again["zhangfirst"].text
    formatting.clear_cache()
    formatted_cache.forget()


def test_the_locator_term_is_the_page_locales(tmp_path):
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    for lang, expected in (("en", "Alpha, 2019, p. 33"), ("de", "Alpha, 2019, S. 33"),
                           ("uk", "Alpha, 2019, с. 33")):
        formatter = CslFormatter("apa", lang)
        intext = formatter.in_text(entries, ["alpha2019"],
                                   formatter.disambiguate(entries, ["alpha2019"]))
        assert intext.item("alpha2019", Locator("page", "33")).full_text == expected


def test_a_numeric_style_with_a_sorted_list_numbers_in_its_order(make_site):
    home = "# Home\n\nFirst [@zhangfirst], then [@beta2020], then [@alpha2019].\n"
    site = {f"{lang}/{name}": text for lang in ("en", "uk")
            for name, text in (("index.md", home), ("references.md", REFS))}
    built = make_site(site, bib=BIB, i18n=True,
                      nav=[{"Home": "index.md"}, {"References": "references.md"}],
                      plugin={"style": "american-medical-association-alphabetical"},
                      strict=True)
    assert not built.aborted, built.warnings()
    for prefix in ("", "uk/"):
        # Alphabetical: Alpha 1, Beta 2, Zhang 3, whatever the order of citation.
        assert [sup.get_text("") for sup in built.html(f"{prefix}index.html").select(
            ".scholar-citation sup.scholar-sup")] == ["3", "2", "1"]
        items = built.html(f"{prefix}references/index.html").select("ol.scholar-entries > li")
        assert [(li["id"], li["value"]) for li in items] == [
            ("ref-alpha2019", "1"), ("ref-beta2020", "2"), ("ref-zhangfirst", "3")]


ADD_NAMES_BIB = r"""
@article{z1, author={Zhang, Yi and Smith, John and Lee, Kim}, title={One}, journal={J},
  year={2016}}
@article{z2, author={Zhang, Yi and Brown, Bob and Lee, Kim}, title={Two}, journal={J},
  year={2016}}
@article{z3, author={Zhang, Yi and Brown, Bob and Lee, Kim}, title={Three}, journal={J},
  year={2016}}
@article{o1, author={Olsen, Ola and Park, Pat and Quin, Q.}, title={Four}, journal={J},
  year={2018}}
"""


@pytest.mark.parametrize(("style", "expected"), [
    # What pandoc's citeproc prints for the same .bib and text.
    ("apa", ["(Zhang, Smith, et al., 2016)", "(Zhang, Brown, et al., 2016b)",
             "(Zhang, Brown, et al., 2016a)", "(Olsen et al., 2018)"]),
    ("chicago-author-date", ["(Zhang, Smith, et al. 2016)", "(Zhang, Brown, et al. 2016b)",
                             "(Zhang, Brown, et al. 2016a)", "(Olsen et al. 2018)"]),
])
def test_cites_alike_show_more_names_before_et_al(make_site, style, expected):
    """disambiguate-add-names: names are added until the cites read apart; the two
    works of the same authors then take year suffixes."""
    home = "# Home\n\n[@z1] [@z2] [@z3] [@o1]\n"
    built = make_site({"index.md": home, "references.md": REFS}, bib=ADD_NAMES_BIB,
                      nav=[{"Home": "index.md"}, {"References": "references.md"}],
                      plugin={"style": style}, strict=True)
    assert not built.aborted, built.warnings()
    assert cites(built, "index.html") == expected


def test_the_sort_and_the_disambiguation_are_kept_on_disk(tmp_path, monkeypatch):
    from mkdocs_scholar.core import csl_cache, csl_format
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter
    from mkdocs_scholar.core.disk_cache import DiskCache

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    keys = ["zhangsecond", "zhangfirst", "alpha2019", "smithjohn", "smithanna"]
    csl_cache.forget()
    formatter = CslFormatter("apa", "en")
    decided = formatter.disambiguate(entries, keys)
    ordered = formatter.sort(entries, keys)
    assert dict(decided.suffixes) == {"zhangfirst": "a", "zhangsecond": "b"}
    csl_cache.save(DiskCache(str(tmp_path / "cache")))
    payload = (tmp_path / "cache" / "csl.json").read_text(encoding="utf-8")
    assert '"zhangfirst"' in payload and '"a"' in payload  # the suffixes are in the file
    csl_cache.forget()  # as a new process would start

    def rendered(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(csl_format, "disambiguate", rendered)
    monkeypatch.setattr(csl_format, "sort_bibliography", rendered)
    with pytest.raises(AssertionError, match="rendered again"):  # nothing in memory now
        CslFormatter("apa", "en").disambiguate(entries, keys)
    csl_cache.load(DiskCache(str(tmp_path / "cache")))
    again = CslFormatter("apa", "en")
    assert again.disambiguate(entries, keys) == decided
    assert again.sort(entries, keys) == ordered
    # Another entry's fields, or another locale, is another key: decided afresh.
    with pytest.raises(AssertionError, match="rendered again"):
        CslFormatter("apa", "uk").sort(entries, keys)
    (tmp_path / "edited").mkdir()
    (tmp_path / "edited" / "refs.bib").write_text(BIB.replace("Alpha paper", "Alpha, revised"),
                                                  encoding="utf-8")
    edited = load_bibliography(["refs.bib"], tmp_path / "edited").entries
    with pytest.raises(AssertionError, match="rendered again"):
        again.disambiguate(edited, keys)
    csl_cache.forget()


def test_the_disambiguations_renders_serve_the_cites(tmp_path, count_renders):
    from mkdocs_scholar.core import csl_cache
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    keys = ["alpha2019", "beta2020", "zhangfirst", "zhangsecond"]
    csl_cache.forget()
    formatter = CslFormatter("apa", "en")
    decided = formatter.disambiguate(entries, keys)
    intext = formatter.in_text(entries, formatter.sort(entries, keys), decided)
    calls = count_renders()
    assert intext.item("alpha2019").full_text == "Alpha, 2019"
    assert intext.item("zhangfirst").full_text == "Zhang et al., 2016a"
    assert calls == ["zhangfirst"]  # only the cite whose year suffix is new
    csl_cache.forget()


def test_an_author_date_site_keeps_its_decisions_in_its_cache_folder(make_site, tmp_path):
    home = "# Home\n\n[@z1] [@z2] [@z3] [@o1]\n"
    built = make_site({"index.md": home, "references.md": REFS}, bib=ADD_NAMES_BIB,
                      nav=[{"Home": "index.md"}, {"References": "references.md"}],
                      plugin={"style": "apa", "cache_dir": ".cache/scholar"}, strict=True)
    assert not built.aborted, built.warnings()
    payload = (tmp_path / ".cache" / "scholar" / "csl.json").read_text(encoding="utf-8")
    # The added names are in the file: the next process cites "Zhang, Brown, et al." too.
    assert '["z2",2]' in payload.replace(" ", ""), payload


def test_a_rebuild_converts_the_entries_of_its_cites_alone(tmp_path, monkeypatch):
    """A rebuild after one page's edit renders that page's cites: the cites' order
    comes from the cache folder, and only the entries rendered are converted."""
    from mkdocs_scholar.core import csl_cache, csl_format
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter
    from mkdocs_scholar.core.disk_cache import DiskCache

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    keys = list(entries)
    group = ["beta2020", "alpha2019", "zhangsecond", "zhangfirst"]
    csl_cache.forget()
    formatter = CslFormatter("apa", "en")
    decided = formatter.disambiguate(entries, keys)
    listed = formatter.sort(entries, keys)
    first = formatter.in_text(entries, listed, decided)
    assert first.order(group) == ["alpha2019", "beta2020", "zhangfirst", "zhangsecond"]
    assert first.item("zhangsecond").full_text == "Zhang et al., 2016b"
    csl_cache.save(DiskCache(str(tmp_path / "cache")))

    csl_cache.forget()  # the next process
    csl_cache.load(DiskCache(str(tmp_path / "cache")))
    converted = []
    convert = csl_format.entry_to_csl
    monkeypatch.setattr(csl_format, "entry_to_csl",
                        lambda key, *a: converted.append(key) or convert(key, *a))
    again = CslFormatter("apa", "en")
    intext = again.in_text(entries, again.sort(entries, keys),
                           again.disambiguate(entries, keys))
    assert intext.order(group) == ["alpha2019", "beta2020", "zhangfirst", "zhangsecond"]
    assert intext.item("zhangsecond").full_text == "Zhang et al., 2016b"
    assert converted == []  # the cite itself was kept
    located = intext.item("zhangsecond", Locator("page", "33"))
    assert located.full_text == "Zhang et al., 2016b, p. 33"
    assert converted == ["zhangsecond"]
    # Without the kept order the listed keys are all sorted: the same order.
    csl_cache.forget()
    fresh = CslFormatter("apa", "en").in_text(entries, listed, decided)
    assert fresh.cite_order()[:4] == ["alpha2019", "beta2020", "smithanna", "smithjohn"]
    assert fresh.order(group) == ["alpha2019", "beta2020", "zhangfirst", "zhangsecond"]
    assert len(set(converted)) == len(keys)
    csl_cache.forget()


def test_a_rebuild_renders_no_cite_an_earlier_build_rendered(tmp_path, count_renders):
    """The cites are kept on disk by style, locale, entry and variant: the next
    process renders none of them again, and an edited entry's alone."""
    from mkdocs_scholar.core import csl_cache
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter
    from mkdocs_scholar.core.disk_cache import DiskCache

    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    entries = load_bibliography(["refs.bib"], tmp_path).entries
    keys = list(entries)
    asked = [("alpha2019", None), ("zhangfirst", None), ("smithanna", None),
             ("zhangsecond", Locator("page", "33")), ("beta2020", Locator("chapter", "3"))]

    def cites(entries, lang="en"):
        formatter = CslFormatter("apa", lang)
        intext = formatter.in_text(entries, formatter.sort(entries, keys),
                                   formatter.disambiguate(entries, keys))
        return [(intext.item(key, locator), intext.author(key)) for key, locator in asked]

    csl_cache.forget()
    first = cites(entries)
    assert first[1][0].full_text == "Zhang et al., 2016a"
    assert first[3][0].full_text == "Zhang et al., 2016b, p. 33"
    csl_cache.save(DiskCache(str(tmp_path / "cache")))
    csl_cache.forget()  # the next process
    csl_cache.load(DiskCache(str(tmp_path / "cache")))
    rendered = count_renders()
    assert cites(entries) == first
    assert rendered == []
    # Another locale is another cite.
    assert cites(entries, "uk")[3][0].full_text == "Zhang та ін., 2016b, с. 33"
    assert "zhangsecond" in rendered
    # An edited entry: its cites are rendered again (by the disambiguation, which
    # reads the entries, and for the page), the others are kept.
    rendered.clear()
    (tmp_path / "edited").mkdir()
    (tmp_path / "edited" / "refs.bib").write_text(
        BIB.replace("author  = {Alpha, Anna}", "author  = {Alphonse, Anna}"), encoding="utf-8")
    edited = cites(load_bibliography(["refs.bib"], tmp_path / "edited").entries)
    assert edited[0][0].full_text == "Alphonse, 2019"
    assert edited[1:] == first[1:]
    assert rendered and set(rendered) == {"alpha2019"}
    csl_cache.forget()


def test_an_edited_page_is_filled_in_again_with_the_cites_kept(make_site, tmp_path,
                                                                count_renders):
    """An edit that cites nothing new, built by the next process: the page is filled
    in again, no cite is rendered, and the page reads as a build from nothing makes it."""
    import shutil

    from conftest import build_site
    from mkdocs_scholar.core import csl_cache

    pages = {"index.md": "# Home\n\n[@alpha2019] then [see @zhangfirst, p. 33].\n",
             "other.md": "# Other\n\nSee [@zhangsecond; @beta2020] and @smithjohn.\n",
             "references.md": REFS}
    nav = [{"Home": "index.md"}, {"Other": "other.md"}, {"References": "references.md"}]
    plugin = {"style": "apa", "cache_dir": ".cache/scholar"}
    csl_cache.forget()
    assert not make_site(pages, bib=BIB, nav=nav, plugin=plugin, strict=True).aborted
    # The next process: another folder (the plugin reopens its cache) and no tables.
    csl_cache.forget()
    copy = tmp_path / "copy"
    for name in ("docs", ".cache", "refs.bib", "mkdocs.yml"):
        (shutil.copytree if (tmp_path / name).is_dir() else shutil.copy)(
            tmp_path / name, copy / name)
    with (copy / "docs" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence, [@alpha2019].\n")
    rendered = count_renders()
    built = build_site(copy / "mkdocs.yml", copy / "site", strict=True)
    assert not built.aborted, built.warnings()
    assert rendered == []
    warm = (copy / "site" / "index.html").read_text(encoding="utf-8")
    assert "Zhang et al., 2016a, p. 33" in warm
    shutil.rmtree(copy / ".cache")
    csl_cache.forget()
    built = build_site(copy / "mkdocs.yml", copy / "cold", strict=True)
    assert not built.aborted, built.warnings()
    assert rendered  # a build from nothing renders them
    cold = (copy / "cold" / "index.html").read_text(encoding="utf-8")
    assert warm == cold
    csl_cache.forget()


def test_citing_another_work_first_rebuilds_only_the_pages_that_show_it(make_site, tmp_path):
    """No numbers on an author-date site: a page's edit that changes which work is
    cited first leaves the other pages' cached fillings as they were."""
    from mkdocs_scholar.core import csl_cache

    pages = {"index.md": "# Home\n\n[@alpha2019] then [@beta2020].\n",
             "other.md": "# Other\n\nSee [@zhangfirst; @beta2020] and @smithjohn.\n",
             "references.md": REFS}
    nav = [{"Home": "index.md"}, {"Other": "other.md"}, {"References": "references.md"}]
    plugin = {"style": "apa", "cache_dir": ".cache/scholar"}
    csl_cache.forget()
    built = make_site(pages, bib=BIB, nav=nav, plugin=plugin, strict=True)
    assert not built.aborted, built.warnings()
    folder = tmp_path / ".cache" / "scholar" / "pages"
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    other = (tmp_path / "site" / "other" / "index.html").read_text(encoding="utf-8")
    csl_cache.forget()  # the next process
    pages["index.md"] = "# Home\n\n[@beta2020] first, then [@alpha2019].\n"
    built = make_site(pages, bib=BIB, nav=nav, plugin=plugin, strict=True)
    assert not built.aborted, built.warnings()
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    kept = set(before) & set(after)
    assert len(before) == len(after) == 3
    assert len(kept) == 1 and before[next(iter(kept))] == after[next(iter(kept))]
    # The page kept is the other page, as a build from nothing makes it.
    assert (tmp_path / "site" / "other" / "index.html").read_text(encoding="utf-8") == other
    from bs4 import BeautifulSoup

    text = " ".join(texts_without_previews(BeautifulSoup(other, "html.parser"), "article p"))
    assert "Zhang et al., 2016" in text and "Smith (2019)" in text, text
    csl_cache.forget()


def test_the_kept_cites_drop_their_oldest_tenth_when_full(monkeypatch):
    from mkdocs_scholar.core import csl_cache

    csl_cache.forget()
    monkeypatch.setattr(csl_cache, "_CITES_LIMIT", 10)
    kept = csl_cache.KeptCites("style", "en-US", lambda key: key.encode())
    for n in range(11):
        kept[("full", f"k{n}")] = f"cite {n}"
    assert len(csl_cache.cites) == 9  # down to nine tenths: the two oldest gone
    assert kept.get(("full", "k0")) is None and kept.get(("full", "k1")) is None
    assert kept.get(("full", "k10")) == "cite 10" and kept.get(("full", "k2")) == "cite 2"
    # Another locale or entry state is another cite.
    assert csl_cache.KeptCites("style", "uk-UA", lambda key: key.encode()).get(
        ("full", "k10")) is None
    assert csl_cache.KeptCites("style", "en-US", lambda key: b"edited").get(
        ("full", "k10")) is None
    csl_cache.forget()


@pytest.mark.parametrize(("style", "lang"), [("apa", "en"), ("apa", "uk"),
                                             ("chicago-author-date", "de")])
def test_later_sort_keys_are_rendered_for_ties_alone_in_the_same_order(style, lang,
                                                                       monkeypatch):
    """The list's order with a later key rendered only where the earlier ones tie is the
    order with every key rendered for every entry (every item taken as tied)."""
    from collections import defaultdict
    from pathlib import Path

    from citeproc import model

    from mkdocs_scholar.core import csl_authordate, csl_cache
    from mkdocs_scholar.core.bibliography import load_bibliography
    from mkdocs_scholar.core.csl_format import CslFormatter

    bib = Path(__file__).parent / "data" / "fidelity.bib"
    entries = load_bibliography([str(bib)]).entries
    keys = list(entries)
    renders = []
    real = model.Key.sort_keys
    monkeypatch.setattr(model.Key, "sort_keys",
                        lambda self, items, *a: renders.append(len(items))
                        or real(self, items, *a))

    def ordered() -> tuple[list[str], int]:
        csl_cache.forget()  # sorted here, not read back
        renders.clear()
        found = CslFormatter(style, lang).sort(entries, keys)
        csl_cache.forget()
        return found, sum(renders)

    lazily, rendered_lazily = ordered()
    monkeypatch.setattr(csl_authordate, "Counter", lambda _: defaultdict(lambda: 2))
    fully, rendered_fully = ordered()
    assert len(lazily) == len(keys) > 25
    assert lazily == fully
    assert rendered_lazily < rendered_fully / 2
