"""The built Ukrainian pages: English phrases carry lang="en", the review's typography
holds, and the authors' own Ukrainian title, abstract and keywords stay as printed."""

import re

import pytest

from mkdocs_scholar.core.parity_typography import latin_phrases
from source_text import normalise, source_file

# Rendered elsewhere and checked by their own tests: the bibliography (entries keep
# their work's language), citation previews, the cite block and its download formats
# (RIS, BibTeX), code, the heading permalinks.
NOT_PROSE = (".scholar-tip, .scholar-entries, .scholar-bibliography, #cite-this, code, pre, "
             ".headerlink, svg")
UK_PAGES = ["uk/index.html", "uk/introduction.html", "uk/methods.html",
            "uk/results/role-of-magnesium.html", "uk/results/determination.html",
            "uk/results/magnesium-and-bone.html", "uk/results/osteoporosis.html",
            "uk/results/fracture-risk.html", "uk/results/regeneration.html",
            "uk/conclusions.html", "uk/about.html"]


def _ukrainian_text(soup):
    article = soup.select_one("article")
    for element in article.select(NOT_PROSE):
        element.decompose()
    for element in article.select("[lang]"):
        if not element["lang"].startswith("uk"):
            element.decompose()
    return article.get_text(" ")


@pytest.mark.parametrize("page", UK_PAGES)
def test_english_phrases_on_ukrainian_pages_carry_lang(real_site, page):
    soup = real_site.html(page)
    assert soup.html["lang"] == "uk"
    phrases = [phrase for _start, phrase in latin_phrases(_ukrainian_text(soup))]
    assert phrases == [], f"{page}: English without lang=\"en\": {phrases}"


def test_the_marked_phrases_are_in_the_html(real_site):
    marked = {
        "uk/methods.html": "Web of Science",
        "uk/results/magnesium-and-bone.html": "wingless-related integration site",
        "uk/results/regeneration.html": "Lymphoid enhancer-binding factor-1",
        "uk/about.html": "Frontiers in medicine",
    }
    for page, phrase in marked.items():
        spans = [e.get_text("") for e in real_site.html(page).select('article [lang="en"]')]
        assert any(phrase in text for text in spans), (page, spans)


def test_ratios_and_names_do_not_break(real_site):
    text = real_site.html("uk/results/fracture-risk.html").select_one("article").get_text("")
    assert len(re.findall(r"(?:HR|RR|OR)\u00a0=\u00a0\d", text)) == 6
    assert not re.search(r"[ \t\n]=|=[ \t\n]|[<>][ \t\n]\d", text)
    home = real_site.html("uk/index.html").select_one("article").get_text("")
    assert "Н.\u00a0В.\u00a0Дедух, Н.\u00a0В.\u00a0Григорʼєва, А.\u00a0С.\u00a0Мусієнко" in home


# The mends "About this edition" lists for the authors' Ukrainian text.
AUTHORS_MENDS = [("'", "ʼ"), ("- $\\alpha$ ,", "-α,"), ("гіпомagneзія", "гіпомагнезія")]


@pytest.mark.skipif(source_file() is None, reason="the source article (../shared/source) is absent")
def test_the_authors_ukrainian_abstract_stays_as_printed(real_site):
    source = source_file().read_text(encoding="utf-8")
    for old, new in AUTHORS_MENDS:
        source = source.replace(old, new)
    title = re.search(r"^## (ВПЛИВ ДЕФІЦИТУ.*)$", source, re.M).group(1)
    abstract, keywords = re.search(
        r"^(\*Мета\.\*.*?) (\*Ключові слова\.\*.*)$", source, re.M).groups()
    article = real_site.html("uk/index.html").select_one("article")
    assert normalise(article.h1.get_text("")).rstrip("¶").upper() == title
    paragraphs = [normalise(p.get_text("")) for p in article.find_all("p")]
    plain = [normalise(re.sub(r"\*([^*]+)\*", r"\1", text)) for text in (abstract, keywords)]
    assert plain[0] in paragraphs, "the abstract differs from the source"
    assert plain[1] in paragraphs, "the keywords differ from the source"
