"""The real site, built once: pages, languages, offline use, faithful English text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from source_text import body_paragraphs, citation_sequence, expand, normalise, source_file

ROOT = Path(__file__).resolve().parents[1]
LANGS = {"en": "", "uk": "uk/"}


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV` tags as plain values."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def nav_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    pages: list[str] = []

    def walk(items):
        for item in items:
            for value in item.values():
                if isinstance(value, list):
                    walk(value)
                else:
                    pages.append(value)

    walk(config["nav"])
    return pages


def reading_pages() -> list[str]:
    """The pages of the article proper: the one-page edition repeats them."""
    return [page for page in nav_pages() if page != "whole-review.md"]


def html_path(page: str, lang: str) -> str:
    return LANGS[lang] + page[: -len(".md")] + ".html"


def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_nav_page_exists_in_both_languages(real_site, lang):
    for page in nav_pages():
        assert (ROOT / "docs" / lang / page).is_file(), f"docs/{lang}/{page} is missing"
        soup = real_site.html(html_path(page, lang))
        assert soup.html["lang"] == lang
        assert soup.select_one("article h1"), f"{lang}/{page} has no title"


def test_every_page_has_the_right_lang_attribute(real_site):
    for path in all_html(real_site.site):
        relative = path.relative_to(real_site.site).as_posix()
        if relative == "404.html":
            continue
        expected = "uk" if relative.startswith("uk/") else "en"
        soup = real_site.html(relative)
        assert soup.html.get("lang") == expected, relative


def test_material_interface_is_ukrainian_on_ukrainian_pages(real_site):
    soup = real_site.html("uk/introduction.html")
    search = soup.select_one("input.md-search__input")
    assert search["placeholder"] == "Пошук"
    assert real_site.html("introduction.html").select_one("input.md-search__input")[
        "placeholder"] == "Search"


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_lands_on_the_same_page(real_site, lang):
    other = "uk" if lang == "en" else "en"
    for page in nav_pages():
        here = real_site.site / html_path(page, lang)
        soup = real_site.html(html_path(page, lang))
        links = {a["hreflang"]: a["href"] for a in soup.select(".md-select__list a[hreflang]")}
        target = (here.parent / links[other]).resolve()
        assert target == (real_site.site / html_path(page, other)).resolve(), page


RESOURCE_ATTRS = [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                  ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                  ("object", "data")]


def _offsite(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme in ("http", "https") or url.startswith("//"))


def test_no_resource_is_loaded_from_another_host(real_site):
    offenders = []
    for path in all_html(real_site.site):
        soup = real_site.html(path.relative_to(real_site.site).as_posix())
        for tag, attr in RESOURCE_ATTRS:
            for element in soup.find_all(tag):
                url = element.get(attr)
                if tag == "link" and not set(element.get("rel", [])) & {
                        "stylesheet", "preload", "icon", "manifest", "modulepreload"}:
                    continue  # hreflang alternates and canonical links load nothing
                if url and _offsite(url):
                    offenders.append(f"{path.name}: <{tag} {attr}={url}>")
        for style in soup.find_all(style=True):
            offenders.extend(f"{path.name}: {u}" for u in _css_urls(style["style"]) if _offsite(u))
        for style in soup.find_all("style"):
            offenders.extend(f"{path.name}: {u}" for u in _css_urls(style.text) if _offsite(u))
    for css in real_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        offenders.extend(f"{css.name}: {u}" for u in _css_urls(text) if _offsite(u))
        imports = re.findall(r"@import\s+(?:url\()?\s*['\"]?(?:https?:)?//", text)
        offenders.extend(f"{css.name}: @import" for _ in imports)
    assert offenders == []


def _css_urls(text: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", text)]


def test_no_github_api_and_no_web_fonts(real_site):
    for path in all_html(real_site.site):
        text = path.read_text(encoding="utf-8")
        assert "api.github.com" not in text
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
    config = (real_site.site / "assets" / "javascripts").glob("bundle.*.js")
    assert list(config), "Material's bundle is missing"


def test_search_works_offline_in_both_languages(real_site):
    soup = real_site.html("index.html")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    shims = [s for s in scripts if "iframe-worker" in s]
    assert shims and not any(_offsite(s) for s in shims)
    assert (real_site.site / shims[0]).is_file()
    texts = {}
    for lang, folder in (("en", ""), ("uk", "uk/")):
        index_js = (real_site.site / folder / "search" / "search_index.js").read_text("utf-8")
        data = json.loads(index_js[index_js.index("{"):])
        texts[lang] = " ".join(doc["text"] for doc in data["docs"])
    assert "osteoporosis" in texts["en"] and "остеопороз" not in texts["en"]
    assert "остеопороз" in texts["uk"]


def test_links_work_from_disk(real_site):
    """Offline build: every internal link names an existing file, not a folder."""
    broken = []
    for path in all_html(real_site.site):
        if path.name == "404.html" and path.parent == real_site.site:
            continue  # served by a web server for any missing URL: its links are absolute
        soup = real_site.html(path.relative_to(real_site.site).as_posix())
        for a in soup.select("a[href]"):
            href = a["href"].split("#")[0]
            if not href or _offsite(href) or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / href).resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(real_site.site)} -> {a['href']}")
    assert broken == []


def article_paragraphs(soup) -> list[str]:
    article = soup.select_one("article")
    for tip in article.select(".scholar-tip, .headerlink"):
        tip.decompose()
    return [normalise(p.get_text("")) for p in article.find_all("p")]


@pytest.mark.skipif(source_file() is None, reason="the source article (../shared/source) is absent")
def test_english_paragraphs_match_the_source(real_site):
    site_paragraphs = []
    for page in reading_pages():
        site_paragraphs.extend(article_paragraphs(real_site.html(html_path(page, "en"))))
    site_text = [_comparable(p) for p in site_paragraphs]
    missing = [p for p in body_paragraphs() if _comparable(p) not in site_text]
    assert missing == []


def _comparable(text: str) -> str:
    # The edition writes "(1, 11–14)" as a citation, so with brackets, and a
    # reference to two figures with the plural prefix.
    text = re.sub(r"\((\d+(?:, \d+(?:–\d+)?)+)\)", r"[\1]", text)
    return text.replace("figs. ", "fig. ")


@pytest.mark.skipif(source_file() is None, reason="the source article (../shared/source) is absent")
def test_english_citation_numbers_follow_the_journal(real_site):
    seen = []
    for page in reading_pages():
        soup = real_site.html(html_path(page, "en"))
        for citation in soup.select("article .scholar-citation"):
            for tip in citation.select(".scholar-tip"):
                tip.decompose()
            seen.append(expand(citation.get_text("").strip("[]")))
    assert seen == citation_sequence()


def test_ukrainian_citation_numbers_equal_the_english(real_site):
    def numbers(lang):
        result = []
        for page in reading_pages():
            soup = real_site.html(html_path(page, lang))
            for citation in soup.select("article .scholar-citation"):
                for tip in citation.select(".scholar-tip"):
                    tip.decompose()
                result.append(citation.get_text("").strip("[]"))
        return result

    assert numbers("uk") == numbers("en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_citation_link_lands_on_an_entry(real_site, lang):
    for page in nav_pages():
        path = real_site.site / html_path(page, lang)
        soup = real_site.html(html_path(page, lang))
        for link in soup.select("a.scholar-cite"):
            file, _, anchor = link["href"].partition("#")
            target = (path.parent / file).resolve() if file else path
            assert real_site.html(target.relative_to(real_site.site).as_posix()).find(
                id=anchor), f"{page}: {link['href']}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_an_edit_link_to_its_own_source(real_site, lang):
    for page in nav_pages():
        soup = real_site.html(html_path(page, lang))
        edit = soup.select_one("a.md-content__button[href]")
        assert edit is not None, page
        assert edit["href"].endswith(f"/docs/{lang}/{page}"), edit["href"]


@pytest.mark.skipif(source_file() is None, reason="the source article (../shared/source) is absent")
def test_bibliography_entries_match_the_source_list(real_site):
    from difflib import SequenceMatcher

    from source_text import reference_list

    def plain(text: str) -> str:
        # Letters and digits only: APA 7 and the journal differ in punctuation
        # ("5 (1)" / "5(1)", a period after a corporate author), not in content.
        text = re.sub(r"</?sub>|Retrieved from:?", " ", text)
        return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()

    soup = real_site.html("references.html")
    entries = [li.select_one(".scholar-entry").get_text("")
               for li in soup.select("ol.scholar-entries > li")]
    source = reference_list()
    assert len(entries) == len(source) == 46
    scores = [SequenceMatcher(None, plain(ours), plain(theirs)).ratio()
              for ours, theirs in zip(entries, source, strict=True)]
    low = [(n, round(s, 3), entries[n - 1]) for n, s in enumerate(scores, 1) if s < 0.95]
    assert low == [], low


def _sitemap_urls(site: Path) -> list:
    import xml.etree.ElementTree as ElementTree

    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
             "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return [(url.findtext("s:loc", namespaces=names),
             {link.get("hreflang"): link.get("href") for link in url.findall("x:link", names)})
            for url in root.findall("s:url", names)]


def test_sitemap_without_a_site_url_lists_no_page(real_site):
    # Sitemaps need absolute URLs; a local or offline build has none to give.
    assert "None" not in (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert _sitemap_urls(real_site.site) == []


def test_sitemap_with_the_published_address_lists_both_languages(tmp_path, monkeypatch):
    from conftest import build_site

    base = "https://example.org/review/"
    monkeypatch.setenv("SITE_URL", base)
    built = build_site(ROOT / "mkdocs.yml", tmp_path / "site")
    assert not built.aborted, built.warnings()
    urls = _sitemap_urls(built.site)
    pages = nav_pages()
    assert len(urls) == 2 * len(pages)
    for loc, alternates in urls:
        assert loc.startswith(base) and (built.site / loc[len(base):]).is_file()
        assert set(alternates) == {"en", "uk"}
        assert alternates["uk"] == alternates["en"].replace(base, base + "uk/", 1)
        assert loc in alternates.values()
    home = built.html("uk/index.html").select_one('link[rel="canonical"]')
    assert home["href"] == base + "uk/index.html"
