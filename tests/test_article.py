"""The review's own record: cite block, BibTeX/RIS downloads, metadata in <head>."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_string

from mkdocs_scholar.publication.article import (
    ArticleError,
    head_tags,
    load_article,
    to_bibtex,
    to_ris,
)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "references" / "article.yml"


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


def test_bibtex_download_parses_back(article):
    for lang in ("en", "uk"):
        data = parse_string(to_bibtex(article, lang), "bibtex")
        entry = data.entries[article.key]
        assert entry.fields["doi"] == "10.15674/0030-598720234121-127"
        assert entry.fields["title"] == article.edition(lang).title
        assert len(entry.persons["author"]) == 3


def test_ris_has_the_required_tags(article):
    ris = to_ris(article, "en")
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - JOUR" and lines[-2] == "ER  - "
    tags = [line[:2] for line in lines if line]
    assert tags.count("AU") == 3
    assert {"TI", "T2", "PY", "IS", "SP", "EP", "SN", "DO"} <= set(tags)
    assert "SP  - 121" in lines and "EP  - 127" in lines


def test_metadata_file_errors_are_clear(tmp_path):
    bad = tmp_path / "a.yml"
    bad.write_text("key: x\nyear: 2020\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="missing doi, editions"):
        load_article(bad)


def test_head_tags_escape_values(article):
    tags = head_tags(article, "en", description='He said "<b>hi</b>" </script>')
    assert ('content="He said &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &lt;/script&gt;"' in tags)
    assert "</script>" not in tags.split('<script type="application/ld+json">')[0]


@pytest.mark.parametrize(("lang", "path"), [("en", "index.html"), ("uk", "uk/index.html")])
def test_home_pages_carry_scholarly_metadata(real_site, article, lang, path):
    soup = real_site.html(path)
    head = soup.head
    meta = {}
    for tag in head.select("meta[name^=citation_]"):
        meta.setdefault(tag["name"], []).append(tag["content"])
    edition = article.edition(lang)
    assert meta["citation_title"] == [edition.title]
    assert meta["citation_author"] == list(edition.authors)
    assert meta["citation_publication_date"] == ["2023"]
    assert meta["citation_journal_title"] == [edition.journal]
    assert meta["citation_issue"] == ["4"]
    assert meta["citation_firstpage"] == ["121"] and meta["citation_lastpage"] == ["127"]
    assert meta["citation_doi"] == ["10.15674/0030-598720234121-127"]
    assert meta["citation_language"] == [lang]
    data = json.loads(head.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "ScholarlyArticle" and data["inLanguage"] == lang
    assert data["headline"] == edition.title
    assert [a["familyName"] for a in data["author"]] == [a.split(",")[0] for a in edition.authors]
    assert data["identifier"]["value"] == article.doi
    og = {tag["property"]: tag["content"] for tag in head.select("meta[property^=og]")}
    assert og["og:title"] == edition.title and og["og:type"] == "article"
    assert og["og:locale"] == {"en": "en_US", "uk": "uk_UA"}[lang]


def test_hreflang_alternates_on_every_page(real_site):
    for page in real_site.site.rglob("*.html"):
        relative = page.relative_to(real_site.site).as_posix()
        if relative == "404.html":
            continue
        links = [link for link in real_site.html(relative).head.select("link[hreflang]")
                 if "alternate" in link.get("rel", [])]
        assert {link["hreflang"] for link in links} == {"en", "uk"}, relative


@pytest.mark.parametrize(("lang", "path"), [("en", "index.html"), ("uk", "uk/index.html")])
def test_cite_block_with_downloads(real_site, article, lang, path):
    soup = real_site.html(path)
    block = soup.select_one("#cite-this")
    text = block.select_one(".scholar-cite-this-text").get_text("")
    edition = article.edition(lang)
    assert text.startswith(f"{edition.authors[0]}, {edition.authors[1]}, & {edition.authors[2]}"
                           " (2023). " + edition.title + ".")
    assert text.endswith("https://doi.org/10.15674/0030-598720234121-127")
    folder = (real_site.site / path).parent
    links = {a.get_text(): a["href"] for a in block.select("a[download]")}
    bib = (folder / links["BibTeX"]).read_text(encoding="utf-8")
    assert parse_string(bib, "bibtex").entries[article.key].fields["title"] == edition.title
    ris = (folder / links["RIS"]).read_text(encoding="utf-8")
    assert f"TI  - {edition.title}" in ris
