"""The Ukrainian interface as Chromium shows it: no English string of Material's, the
site's or the plugin's on a Ukrainian page, at both widths and in both schemes; what
the palette toggle and the search say once used; `lang="en"` on English entries as the
browser resolves it (what a screen reader is told).

The built HTML is checked page by page in test_interface.py; this is the page after
Material's scripts have run (they write the search's strings, the toggles' labels).
"""

from __future__ import annotations

import pytest
from browser_support import PageLog
from interface_words import english_words, material_words
from test_browser_search import search

PAGES = ["uk/index.html", "uk/introduction.html", "uk/results/magnesium-and-bone.html",
         "uk/references.html", "uk/whole-review.html"]
SIZES = {"wide": {"width": 1280, "height": 800}, "narrow": {"width": 390, "height": 844}}

# Every string of the page a reader or a screen reader meets, and the language the
# browser resolves for it: text, titles, labels, placeholders, alternative texts.
STRINGS = """() => {
    const found = [];
    const langOf = node => (node.closest('[lang]') || document.documentElement).lang;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, svg')) continue;
        const text = node.textContent.replace(/\\s+/g, ' ').trim();
        if (text) found.push([langOf(parent), 'text', text]);
    }
    const marked = '[title], [aria-label], [placeholder], [alt]';
    for (const element of document.querySelectorAll(marked)) {
        for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
            const value = element.getAttribute(name);
            if (value && value.trim()) found.push([langOf(element), name, value.trim()]);
        }
    }
    found.push([document.documentElement.lang, 'document.title', document.title]);
    return found;
}"""


def english_in(page) -> list:
    english = english_words()
    keys = {*material_words(), "footer.made_with"}
    strings = page.evaluate(STRINGS)
    assert len(strings) > 50, strings  # the page was read
    return [(where, text) for lang, where, text in strings
            if lang.startswith("uk") and (text in english or text in keys or any(
                phrase in text for phrase in ("Switch to", "Permanent link", "Made with")))]


@pytest.fixture(params=[(size, scheme) for size in SIZES for scheme in ("light", "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def screen(request, chromium):
    size, scheme = request.param
    context = chromium.new_context(viewport=SIZES[size], color_scheme=scheme)
    context.set_default_timeout(15_000)
    yield PageLog.attach(context.new_page()), size, scheme
    context.close()


def test_no_english_interface_string_on_ukrainian_pages(screen, built_site):
    tab, size, scheme = screen
    for path in PAGES:
        tab.goto((built_site / path).as_uri(), path)
        assert tab.page.evaluate("document.documentElement.lang") == "uk"
        found = english_in(tab.page)
        assert not found, (size, scheme, path, found)
    assert not tab.errors, tab.errors


def test_the_toggle_names_the_other_scheme_in_ukrainian(screen, built_site):
    tab, size, scheme = screen
    tab.goto((built_site / "uk/introduction.html").as_uri(), "introduction")
    page = tab.page
    visible = "() => [...document.querySelectorAll('form[data-md-component=palette] label')]" \
              ".filter(l => l.offsetParent !== null && l.title).map(l => l.title)"
    first = page.evaluate(visible)
    wanted = {"light": "Увімкнути темну тему", "dark": "Увімкнути світлу тему"}
    assert first == [wanted[scheme]], first
    page.locator("form[data-md-component=palette] label:visible").first.click()
    other = "dark" if scheme == "light" else "light"
    page.wait_for_function(
        "scheme => document.body.getAttribute('data-md-color-scheme') === scheme",
        arg={"light": "default", "dark": "slate"}[other])
    assert page.evaluate(visible) == [wanted[other]]
    assert not english_in(page)


def test_ukrainian_search_answers_in_ukrainian(tab, built_site):
    tab.goto((built_site / "uk/introduction.html").as_uri(), "introduction")
    page = tab.page
    box = page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == "Пошук"
    meta, links = search(tab, "магній")
    assert meta.startswith("Знайдено ") and links, meta
    assert not english_in(page)
    assert not tab.errors, tab.errors


def test_english_entries_are_read_as_english(tab, built_site):
    tab.goto((built_site / "uk/references.html").as_uri(), "references")
    langs = tab.page.eval_on_selector_all(
        "ol.scholar-entries > li .scholar-entry",
        "entries => entries.map(e => e.closest('[lang]').lang)")
    assert len(langs) == 46 and set(langs) == {"en"}, langs
    # The Ukrainian words around them stay Ukrainian (the back-links' labels).
    labels = tab.page.eval_on_selector_all(
        ".scholar-backlinks a", "links => links.map(a => [a.closest('[lang]').lang, "
        "a.getAttribute('aria-label')])")
    assert labels and all(lang == "uk" and label.startswith("повернутися")
                          for lang, label in labels), labels[:3]
    # A preview in the text is the same entry, marked the same.
    tab.goto((built_site / "uk/introduction.html").as_uri(), "introduction")
    page = tab.page
    citation = page.locator("a.scholar-cite").first
    citation.hover()
    entry = page.locator(".scholar-tip-entry:visible").first
    entry.wait_for()
    assert entry.evaluate("e => e.closest('[lang]').lang") == "en"
    menu = page.eval_on_selector_all(
        ".md-select__link", "links => links.map(a => [a.hreflang, a.lang, a.textContent.trim()])")
    assert menu == [["en", "en", "English"], ["uk", "uk", "Українська"]]
