"""Search in the browser: the words of a query marked on the opened page, counts in grammar.

Material's search with `search.highlight` gives each result link `?h=` with the query
terms a result matched, and the opened page marks them. With the Ukrainian lemmatiser
the terms never matched (the index holds lemmas), so the links carried an empty `h`
and nothing was marked; scholar-search.js now gives the links the reader's words and
marks every word of the page with the lemma of one of them. Material's count phrases
(«Знайдено # збігів» for every number but 1) take the plural form Ukrainian wants.
And the closed results panel is no longer an invisible tab stop.

Every scenario runs from file:// and from http://127.0.0.1; queries are typed as a
Ukrainian keyboard types them (a keyDown that carries the text, then a keyUp).
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from browser_support import PageLog, axe_script, relative_to_root, unavailable

from mkdocs_scholar.publication import lexicon

START = "uk/results/osteoporosis.html"


def uk_plural(n: int) -> str:
    """The CLDR plural category of a whole number in Ukrainian, written out here."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


RESULT_FORMS = {"one": "збіг", "few": "збіги", "many": "збігів"}


def type_as_keyboard(page, text: str) -> None:
    """Type `text` key by key as a keyboard with that layout does: Material reads the
    search box on keyup, which Playwright's keyboard.type does not send for Cyrillic."""
    cdp = page.context.new_cdp_session(page)
    try:
        for char in text:
            cdp.send("Input.dispatchKeyEvent",
                     {"type": "keyDown", "key": char, "text": char, "unmodifiedText": char})
            cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})
    finally:
        cdp.detach()


def search(tab: PageLog, query: str) -> tuple[str, list[str]]:
    """Type a query into the open page's search box: Material's count line, result links."""
    page = tab.page
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                           ".textContent.trim() !== ''")
    type_as_keyboard(page, query)
    # Material answers every prefix typed; wait for the answer to the whole word.
    page.wait_for_function(
        """query => {
            const links = [...document.querySelectorAll('a.md-search-result__link')];
            const meta = document.querySelector('.md-search-result__meta').textContent;
            return document.querySelector('.md-search__input').value === query
                && /\\d/.test(meta) && links.length > 0;
        }""", arg=query, timeout=30_000)
    last, stable_since = None, time.monotonic()
    while time.monotonic() - stable_since < 0.5:
        now = page.evaluate("() => document.querySelector('.md-search-result').innerHTML")
        if now != last:
            last, stable_since = now, time.monotonic()
        page.wait_for_timeout(100)
    meta = page.locator(".md-search-result__meta").inner_text().strip()
    links = page.eval_on_selector_all("a.md-search-result__link",
                                      "links => links.map(a => a.href)")
    return meta, links


def highlight_of(link: str) -> str | None:
    values = parse_qs(urlsplit(link).query).get("h")
    return values[0] if values else None


def marks(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-md-component=content] mark", "marks => marks.map(m => m.textContent)")


# -------------------------------------------------------------------- highlighting


def test_ukrainian_results_carry_the_query_and_the_page_marks_every_form(tab, origin):
    page = tab.page
    tab.goto(origin + START, START)
    meta, links = search(tab, "остеокласти")
    assert links, meta
    assert {highlight_of(link) for link in links} == {"остеокласти"}, links
    # Material no longer lists the word as missing from every result.
    missing = page.eval_on_selector_all(".md-search-result__terms", "els => els.length")
    assert missing == 0

    target = next(link for link in links if "magnesium-and-bone" in link)
    with page.expect_navigation(wait_until="load"):
        page.locator(f'a.md-search-result__link[href="{target}"]').first.click()
    assert relative_to_root(page.url, origin) == "uk/results/magnesium-and-bone.html"
    assert highlight_of(page.url) == "остеокласти"
    page.wait_for_selector("html[data-scholar-search-marked]")
    marked = marks(page)
    assert marked, "nothing marked on the opened page"
    # Every mark is a form of the query's lemma, by the analyser that made the index.
    words = {lexicon.normalise(word) for word in marked}
    table = lexicon.build(words | {"остеокласти"})
    assert {table.get(word, word) for word in words} == {"остеокласт"}, marked
    # Other forms than the one typed: what a highlighter of letters cannot find.
    forms = {word.lower() for word in marked}
    assert "остеокластів" in forms and len(forms - {"остеокласти"}) >= 2, marked
    # One highlighter only: no mark inside a mark, and Material's is off on this page.
    assert page.eval_on_selector_all("mark mark", "els => els.length") == 0
    features = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).features")
    assert "search.highlight" not in features
    print(f"[{origin.split(':')[0]}] «остеокласти» marks {len(marked)} word(s): "
          f"{sorted(set(marked))}")
    tab.assert_offline()
    assert not tab.errors, tab.errors


def test_words_next_to_each_other_are_one_mark_and_stop_words_none(tab, origin):
    page = tab.page
    path = "uk/results/magnesium-and-bone.html"
    tab.goto(origin + path + "?h=" + "дефіциту магній і", path)
    page.wait_for_selector("html[data-scholar-search-marked]")
    marked = [word.lower() for word in marks(page)]
    assert "дефіцит магнію" in marked or "дефіциту магнію" in marked, marked
    assert "і" not in marked
    # A word the table does not know is a prefix, as the search took it: «остеокл…».
    tab.goto(origin + path + "?h=остеокл", path)
    page.wait_for_selector("html[data-scholar-search-marked]")
    assert {word.lower() for word in marks(page)} >= {"остеокластів", "остеокластами"}
    tab.assert_offline()
    assert not tab.errors, tab.errors


def test_english_search_still_highlights_with_material(tab, origin):
    page = tab.page
    tab.goto(origin + "results/osteoporosis.html", "results/osteoporosis.html")
    meta, links = search(tab, "magnesium")
    assert links and {highlight_of(link) for link in links} == {"magnesium"}, links
    with page.expect_navigation(wait_until="load"):
        page.locator("a.md-search-result__link").first.click()
    page.wait_for_selector("[data-md-component=content] mark[data-md-highlight]")
    assert {word.lower() for word in marks(page)} == {"magnesium"}
    assert page.get_attribute("html", "data-scholar-search-marked") is None
    tab.assert_offline()


# -------------------------------------------------------------------------- counts


@pytest.mark.parametrize("n", [1, 2, 5, 11, 12, 14, 21, 22, 111])
def test_count_phrases_follow_ukrainian_grammar(tab, origin, n):
    tab.goto(origin + START, START)
    form = RESULT_FORMS[uk_plural(n)]
    phrase = tab.page.evaluate(
        "n => [scholarSearch.countPhrase('search.result.other', n),"
        "      scholarSearch.countPhrase('search.result.more.other', n)]", n)
    assert phrase == [f"Знайдено {n} {form}", f"Ще {n} {form} на цій сторінці"]


def test_material_count_line_is_rewritten_for_any_number(tab, origin):
    """Material's own line, as it writes it for each number, in the real count element."""
    page = tab.page
    tab.goto(origin + START, START)
    for n in (2, 5, 21, 22, 111):
        shown = page.evaluate("""n => new Promise(done => {
            const meta = document.querySelector('.md-search-result__meta');
            const config = JSON.parse(document.getElementById('__config').textContent);
            meta.textContent = config.translations['search.result.other'].replace('#', n);
            setTimeout(() => done(meta.textContent), 50);
        })""", n)
        assert shown == f"Знайдено {n} {RESULT_FORMS[uk_plural(n)]}", (n, shown)
        # «Ще # збігів на цій сторінці»: a result's other sections, as Material renders them.
        more = page.evaluate("""n => new Promise(done => {
            const config = JSON.parse(document.getElementById('__config').textContent);
            const item = document.createElement('li');
            item.innerHTML = '<details class="md-search-result__more"><summary><div>' +
                config.translations['search.result.more.other'].replace('#', n) +
                '</div></summary></details>';
            document.querySelector('.md-search-result__list').appendChild(item);
            setTimeout(() => { done(item.querySelector('summary div').textContent);
                               item.remove(); }, 50);
        })""", n)
        assert more == f"Ще {n} {RESULT_FORMS[uk_plural(n)]} на цій сторінці", (n, more)


def test_real_searches_say_their_count_in_grammar(tab, origin):
    tab.goto(origin + START, START)
    scheme = origin.split(":")[0]
    seen = set()
    for query in ("ферментами", "гіпомагнезія", "остеопороз", "магній"):
        meta, links = search(tab, query)
        match = re.fullmatch(r"Знайдено (\d+) (\S+)", meta)
        assert match, meta
        n = int(match.group(1))
        assert match.group(2) == RESULT_FORMS[uk_plural(n)], meta
        seen.add(uk_plural(n))
        print(f"[{scheme}] {query!r}: {meta!r}")
    assert seen == {"one", "few", "many"}, seen


# ------------------------------------------------------------------------ tab stop


def focused(page) -> str:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return el.className ? el.tagName + '.' + String(el.className).split(' ')[0] : el.tagName;
    }""")


@pytest.mark.parametrize("path", ["index.html", START])
def test_closed_search_panel_is_no_tab_stop(tab, origin, path):
    page = tab.page
    tab.goto(origin + path, path)
    reached = []
    for _ in range(12):  # through the header, past the search box, into the navigation
        page.keyboard.press("Tab")
        reached.append(focused(page))
    assert "INPUT.md-search__input" in reached, reached
    assert "DIV.md-search__scrollwrap" not in reached, reached


def test_open_search_results_are_a_focusable_scroll_region(tab, origin):
    page = tab.page
    tab.goto(origin + START, START)
    search(tab, "магній")
    assert page.evaluate("""() => {
        const wrap = document.querySelector('.md-search__scrollwrap');
        wrap.focus();
        return document.activeElement === wrap && wrap.scrollHeight > wrap.clientHeight;
    }""")
    axe = axe_script()
    if axe is None:
        unavailable("the accessibility check needs axe-core: `pip install axe-playwright-python`")
    page.add_script_tag(path=str(axe))
    result = page.evaluate("""() => axe.run(document.querySelector('.md-search'),
        {runOnly: ['scrollable-region-focusable']})""")
    assert not result["violations"], result["violations"]
    checked = [node["target"] for rule in result["passes"] for node in rule["nodes"]]
    assert [".md-search__scrollwrap"] in checked, result["passes"]


def test_result_links_lead_to_pages_of_the_site(tab, origin):
    tab.goto(origin + START, START)
    _, links = search(tab, "магнію")
    pages = {relative_to_root(urljoin(tab.page.url, link), origin) for link in links}
    assert pages and all(page.startswith("uk/") for page in pages), pages
