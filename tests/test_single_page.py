"""The one-page edition and the print stylesheet."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mkdocs_scholar.publication.single_page import Part, combine, slug_of

ROOT = Path(__file__).resolve().parents[1]


def test_ids_and_links_are_rewritten_inside_the_page():
    parts = [
        Part("intro.html", "Intro", '<h1 id="intro">Intro</h1><p><a href="#intro">self</a> '
             '<a href="results/bone.html#fig:x">fig</a> <a href="refs.html#ref-a">1</a> '
             '<span id="cite-0"><a aria-describedby="cite-0-tip" href="refs.html#ref-a">1</a>'
             '<span id="cite-0-tip"></span></span> <a href="https://doi.org/x">doi</a> '
             '<a href="about.html">about</a></p>'),
        Part("results/bone.html", "Bone", '<h1 id="bone">Bone</h1><figure id="fig:x">'
             '<img src="../assets/x.svg"></figure><h2 id="detail">D</h2>'
             '<a href="../intro.html#intro">back</a>'),
        Part("refs.html", "Refs", '<ol><li id="ref-a">A <a href="intro.html#cite-0">↩</a>'
             "</li></ol>"),
    ]
    out = combine(parts, "whole.html", contents_title="Contents")
    assert '<section class="scholar-part" id="part-intro">' in out
    assert '<h2 id="intro-intro">Intro</h2>' in out and '<h3 id="results-bone-detail">' in out
    assert '<a href="#intro-intro">self</a>' in out
    assert '<a href="#fig:x">fig</a>' in out and 'id="fig:x"' in out
    assert '<a href="#ref-a">1</a>' in out and 'id="ref-a"' in out
    assert 'aria-describedby="intro-cite-0-tip"' in out and 'id="intro-cite-0-tip"' in out
    assert '<a href="#intro-cite-0">↩</a>' in out
    assert 'src="assets/x.svg"' in out
    assert '<a href="https://doi.org/x">' in out
    assert '<a href="about.html">about</a>' in out  # not included: stays a link to the page
    assert '<a href="#part-results-bone">Bone</a>' in out


def test_directory_urls():
    parts = [Part("", "Home", '<a href="intro/">i</a>'),
             Part("intro/", "Intro", '<h1 id="t">T</h1><img src="../img/a.svg">')]
    out = combine(parts, "whole/")
    assert '<a href="#part-intro">i</a>' in out
    assert 'src="../img/a.svg"' in out
    assert slug_of("") == "home" and slug_of("results/bone/") == "results-bone"


@pytest.mark.parametrize(("lang", "path"), [("en", "whole-review.html"),
                                            ("uk", "uk/whole-review.html")])
def test_real_one_page_edition(real_site, lang, path):
    soup = real_site.html(path)
    article = soup.select_one("article")
    parts = [section["id"] for section in article.select("section.scholar-part")]
    assert parts[:3] == ["part-home", "part-introduction", "part-methods"]
    assert "part-references" in parts and len(parts) == 12
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(article.select("figure.scholar-figure")) == 3
    assert len(article.select("ol.scholar-entries")) == 1
    assert len(article.select("ol.scholar-entries > li")) == 46
    here = real_site.site / path
    for link in article.select("a[href]"):
        href = link["href"]
        if href.startswith(("https://", "http://", "mailto:")):
            continue
        if href == "#":
            continue  # the home page's link to this edition: its own top
        if href.startswith("#"):
            assert soup.find(id=href[1:]) is not None, href
        else:  # only the BibTeX and RIS downloads leave the page
            assert link.has_attr("download") and (here.parent / href).is_file(), href
    for image in article.select("img"):
        assert (here.parent / image["src"]).is_file()
    # Citations and figure references still read as in the separate pages.
    assert article.select_one(".scholar-citation a.scholar-cite")["href"].startswith("#ref-")


def test_home_pages_link_to_the_one_page_edition(real_site):
    assert real_site.html("index.html").select_one('article a[href="whole-review.html"]')
    assert real_site.html("uk/index.html").select_one('article a[href="whole-review.html"]')


def test_one_page_edition_is_not_indexed_twice(real_site):
    index = (real_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "whole-review.html" not in index


def test_print_stylesheet():
    css = (ROOT / "plugins" / "mkdocs_scholar" / "assets" / "scholar.css").read_text(
        encoding="utf-8")
    block = css[css.index("@media print"):]
    for selector in (".md-header", ".md-sidebar", ".md-footer", ".md-tabs"):
        assert re.search(re.escape(selector) + r"[^{]*\{[^}]*display:\s*none", block), selector
    assert re.search(r"figure[^{]*\{[^}]*break-inside:\s*avoid", block)
    assert re.search(r'a\[href\^="http"\]::after\s*\{[^}]*attr\(href\)', block)
