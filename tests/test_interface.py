"""The interface in the page's language, read from the built HTML: Material's own
strings, the site's (mkdocs.yml) and the plugin's; `lang` on what is in another
language; dates; the publication's metadata.

The browser's view of the same is in test_browser_interface.py.
"""

from __future__ import annotations

import json
import re

import pytest
from interface_words import english_words, material_words

UK_MONTHS = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
             "серпня", "вересня", "жовтня", "листопада", "грудня")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
ARTICLE_PAGES = ["index", "introduction", "methods", "results/role-of-magnesium",
                 "results/determination", "results/magnesium-and-bone",
                 "results/osteoporosis", "results/fracture-risk", "results/regeneration",
                 "conclusions", "references", "about", "whole-review"]
INTERFACE_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


def _language_of(element) -> str:
    for node in [element, *element.parents]:
        if getattr(node, "attrs", None) and node.get("lang"):
            return node["lang"]
    return ""


def interface_strings(soup) -> list[tuple[str, str]]:
    """(where, string) of every text and interface attribute of the page that is not
    marked as another language; and Material's translations for its scripts."""
    found = []
    for text in soup.find_all(string=True):
        parent = text.parent
        if parent.name in ("script", "style", "svg", "path") or not text.strip():
            continue
        if not _language_of(parent).startswith("uk"):
            continue
        found.append((f"<{parent.name}> text", " ".join(text.split())))
    for element in soup.find_all(True):
        for attribute in INTERFACE_ATTRIBUTES:
            if element.get(attribute) and _language_of(element).startswith("uk"):
                found.append((f"<{element.name} {attribute}>", element[attribute].strip()))
    for name in ("author", "description"):
        meta = soup.find("meta", attrs={"name": name})
        if meta:
            found.append((f"<meta {name}>", meta["content"]))
    config = soup.find("script", id="__config")
    for key, value in json.loads(config.string)["translations"].items():
        found.append((f"translation {key}", value))
    return found


@pytest.mark.parametrize("page", ARTICLE_PAGES)
def test_no_english_interface_string_on_a_ukrainian_page(real_site, page):
    soup = real_site.html(f"uk/{page}.html")
    assert soup.html["lang"] == "uk"
    english = english_words()
    found = [(where, text) for where, text in interface_strings(soup) if text in english]
    # Phrases that would show as part of a longer string.
    found += [(where, text) for where, text in interface_strings(soup)
              for phrase in ("Switch to", "Permanent link", "Made with", "Last update")
              if phrase in text]
    # A string no language file has shows as its key.
    keys = {*material_words(), "footer.made_with"}
    found += [(where, text) for where, text in interface_strings(soup) if text in keys]
    assert not found, found


def test_the_list_of_english_strings_is_the_one_material_shows(real_site):
    # The check above would pass on any page if the list were wrong: the same page in
    # English shows Material's strings from that list.
    soup = real_site.html("introduction.html")
    shown = {text for _, text in interface_strings_any(soup)}
    words = material_words()
    for key in ("action.edit", "action.skip", "search.placeholder", "footer.next", "top",
                "source.file.date.updated", "select.language", "toc"):
        assert words[key] in shown, (key, words[key])
    for word in ("Switch to dark mode", "Permanent link", "Made with"):
        assert word in shown


def interface_strings_any(soup) -> list[tuple[str, str]]:
    """interface_strings of an English page (where nothing is marked uk)."""
    for element in soup.find_all(lang=True):
        if element.name == "html":
            element["lang"] = "uk"  # read the whole page the way a Ukrainian one is read
    found = interface_strings(soup)
    for text in soup.find_all(string=True):
        found.append(("text", " ".join(text.split())))
    return found


@pytest.mark.parametrize(("lang", "prefix", "toggles", "anchor", "made_with"), [
    ("en", "", ["Switch to dark mode", "Switch to light mode"], "Permanent link", "Made with"),
    ("uk", "uk/", ["Увімкнути темну тему", "Увімкнути світлу тему"], "Постійне посилання",
     "Зроблено за допомогою"),
])
def test_the_interface_speaks_the_page_language(real_site, lang, prefix, toggles, anchor,
                                                 made_with):
    soup = real_site.html(f"{prefix}introduction.html")
    assert [label["title"] for label in soup.select("form[data-md-component=palette] label")
            if label.get("title")] == toggles
    anchors = soup.select("a.headerlink")
    assert anchors and {a["title"] for a in anchors} == {anchor}
    footer = " ".join(soup.select_one(".md-copyright").get_text(" ").split())
    assert made_with in footer
    credit = soup.select_one(".md-copyright a")
    assert credit.get_text(strip=True) == "Material for MkDocs" and credit["lang"] == "en"
    author = soup.find("meta", attrs={"name": "author"})["content"]
    if lang == "uk":
        assert re.search("[А-ЯІЇЄҐ]", author) and not re.search("[A-Z]", author), author
        assert "Рисунки намальовано для цього видання" in footer
        # No-break spaces after the initials, as in the text.
        assert "Н.\u00a0В.\u00a0Дедух" in author
    else:
        assert author == "N. V. Dedukh, N. V. Grygorieva, A. S. Musienko"


@pytest.mark.parametrize("prefix", ["", "uk/"])
def test_the_language_menu_names_each_language_in_its_own_language(real_site, prefix):
    links = real_site.html(f"{prefix}introduction.html").select(".md-select__link")
    assert [(a["hreflang"], a["lang"], a.get_text(strip=True)) for a in links] == [
        ("en", "en", "English"), ("uk", "uk", "Українська")]


def test_english_entries_are_marked_english_on_ukrainian_pages(real_site):
    entries = real_site.html("uk/references.html").select("ol.scholar-entries > li")
    assert len(entries) == 46
    assert [li["id"] for li in entries
            if li.select_one(".scholar-entry").get("lang") != "en"] == []
    # The back-links' labels are the page's words: lang is on the entry, not the item.
    assert not [li["id"] for li in entries if li.get("lang")]
    # The previews of the text are the same entries.
    tips = real_site.html("uk/introduction.html").select(".scholar-tip-entry")
    assert tips and all(tip.get("lang") == "en" for tip in tips)
    # On English pages the entries are in the page's language: nothing to mark.
    english = real_site.html("references.html").select("ol.scholar-entries > li")
    assert len(english) == 46 and not [li for li in english if li.select("[lang]")]
    assert not real_site.html("introduction.html").select(".scholar-tip-entry[lang]")


@pytest.mark.parametrize(("prefix", "months"), [("", EN_MONTHS), ("uk/", UK_MONTHS)])
def test_each_page_says_when_it_last_changed_in_its_language(real_site, prefix, months):
    for page in ARTICLE_PAGES:
        soup = real_site.html(f"{prefix}{page}.html")
        date = soup.select_one(".md-source-file .git-revision-date-localized-plugin-date")
        assert date is not None, page
        text = date.get_text(strip=True)
        assert any(month in text for month in months) and re.search(r"\b20\d\d\b", text), (
            page, text)


@pytest.mark.parametrize("prefix", ["", "uk/"])
def test_the_home_page_dates_the_publication(real_site, prefix):
    times = {t["datetime"]: t.get_text(strip=True)
             for t in real_site.html(f"{prefix}index.html").select("article time")}
    # The year and the day the editors received the article.
    assert times["2023"] == "2023"
    assert times["2023-11-19"] == "19.11.2023"


@pytest.mark.parametrize("prefix", ["", "uk/"])
def test_every_page_names_the_address_to_cite_and_the_home_page_the_paper(real_site, prefix):
    for page in ARTICLE_PAGES:
        soup = real_site.html(f"{prefix}{page}.html")
        cite_as = soup.select('link[rel="cite-as"]')
        assert [link["href"] for link in cite_as] == [
            "https://doi.org/10.15674/0030-598720234121-127"], page
        # citation_* on the home page alone (plugins/README.md says why).
        has_title = soup.find("meta", attrs={"name": "citation_title"}) is not None
        assert has_title == (page == "index"), page


@pytest.mark.parametrize("prefix", ["", "uk/"])
def test_superscripts_stay_in_the_table_of_contents(real_site, prefix):
    soup = real_site.html(f"{prefix}results/magnesium-and-bone.html")
    links = [a for a in soup.select(".md-nav--secondary a.md-nav__link")
             if a.get("href") == "#sec:direct-effect"]
    assert links and all(
        a.find("sup") is not None and a.find("sup").get_text() == "2+" for a in links)


def test_the_404_page_speaks_both_languages(real_site):
    soup = real_site.html("404.html")
    article = soup.select_one("article")
    assert article.find("h1").get_text(strip=True) == "404 — Page not found"
    ukrainian = article.find(lang="uk")
    assert ukrainian.find("h2").get_text(strip=True) == "404 — Сторінку не знайдено"
    assert ukrainian.find("a")["href"].endswith("uk/index.html")


# -- the plugin alone, on tiny sites ------------------------------------------------

PAGE = "# Title\n\n## Part\n\nText [@alpha2020].\n\n# References\n\n::: {#refs}\n:::\n"


def _i18n_pages() -> dict[str, str]:
    return {"en/index.md": PAGE, "uk/index.md": PAGE.replace("Text", "Текст")}


def test_permalinks_take_the_page_language(make_site):
    built = make_site(_i18n_pages(), i18n=True,
                      config={"markdown_extensions": ["attr_list", {"toc": {"permalink": True}}]})
    assert not built.aborted, built.warnings()
    assert {a["title"] for a in built.html("index.html").select("a.headerlink")} == {
        "Permanent link"}
    assert {a["title"] for a in built.html("uk/index.html").select("a.headerlink")} == {
        "Постійне посилання"}


def test_a_permalink_title_of_the_site_stays_unless_terms_give_one(make_site):
    toc = {"toc": {"permalink": True, "permalink_title": "Link to this part"}}
    built = make_site(_i18n_pages(), i18n=True,
                      config={"markdown_extensions": ["attr_list", toc]})
    assert {a["title"] for a in built.html("uk/index.html").select("a.headerlink")} == {
        "Link to this part"}
    built = make_site(_i18n_pages(), i18n=True,
                      plugin={"terms": {"uk": {"interface": {"permalink_title": "Сюди"}}}},
                      config={"markdown_extensions": ["attr_list", toc]})
    assert {a["title"] for a in built.html("uk/index.html").select("a.headerlink")} == {"Сюди"}
    assert {a["title"] for a in built.html("index.html").select("a.headerlink")} == {
        "Link to this part"}


BIB_LANGS = """
@article{alpha2020,
  author = {Alpha, Anna}, title = {First paper}, journal = {J}, year = {2020},
  langid = {english}
}
@article{beta2021,
  author = {Бета, Борис}, title = {Друга стаття}, journal = {Ж}, year = {2021},
  langid = {ukrainian}
}
@article{gamma2019,
  author = {Gamma, Greta}, title = {Dritter Artikel}, journal = {Z}, year = {2019},
  langid = {ngerman}
}
@article{delta2018,
  author = {Delta, Dan}, title = {No language given}, journal = {J}, year = {2018}
}
"""
REFS = "# Refs\n\nSee [@alpha2020; @beta2021; @gamma2019; @delta2018].\n\n::: {#refs}\n:::\n"


def test_entries_carry_the_language_of_the_work(make_site):
    built = make_site({"en/index.md": REFS, "uk/index.md": REFS}, i18n=True, bib=BIB_LANGS)
    assert not built.aborted, built.warnings()

    def langs(path):
        return {li["id"]: li.select_one(".scholar-entry").get("lang")
                for li in built.html(path).select("ol.scholar-entries > li")}

    assert langs("index.html") == {"ref-alpha2020": None, "ref-beta2021": "uk",
                                   "ref-gamma2019": "de", "ref-delta2018": None}
    assert langs("uk/index.html") == {"ref-alpha2020": "en", "ref-beta2021": None,
                                      "ref-gamma2019": "de", "ref-delta2018": None}
    tips = {tip["data-entry"]: tip.get("lang")
            for tip in built.html("uk/index.html").select(".scholar-tip-entry")}
    assert tips == {"ref-alpha2020": "en", "ref-beta2021": None, "ref-gamma2019": "de",
                    "ref-delta2018": None}


def test_a_langid_that_names_no_language_is_reported_where_it_is(make_site):
    bib = BIB_LANGS.replace("{ngerman}", "{germn}")
    built = make_site({"index.md": REFS}, bib=bib)
    [message] = [m for m in built.warnings() if "names no language" in m]
    # The entry's line in the .bib, and what to write instead.
    assert "refs.bib:10" in message and "'germn'" in message and "ngerman" in message
    entry = built.html("index.html").select_one("#ref-gamma2019 .scholar-entry")
    assert entry is not None and entry.get("lang") is None
    assert make_site({"index.md": REFS}, bib=bib, strict=True).aborted
