"""The built site in a real browser: Debian's chromium driven by Playwright.

Every scenario runs twice: from file:// (the site is meant to work offline, opened
from disk) and from a local HTTP server on 127.0.0.1.

Without a browser the tests are skipped (install one with `apt-get install chromium`
or point CHROMIUM at one); when the CI variable is set they fail instead.
Pass -s (or -rP) to pytest to see what they report: search queries, violations.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import (
    VIEWPORT,
    PageLog,
    axe_script,
    page_of,
    relative_to_root,
    site_pages,
    unavailable,
)

ROOT = Path(__file__).resolve().parents[1]
LANGS = {"en": "", "uk": "uk/"}
AXE_FAILING_IMPACTS = {"moderate", "serious", "critical"}

# What the search must find. Each Ukrainian query names a page it must find too.
EN_QUERIES = {"osteoclasts": "results/magnesium-and-bone.html"}
UK_QUERIES = {
    # The brief's example; the text has «остеокластів», «остеокласт» (other forms).
    "остеокласти": None,
    "остеокластів": "uk/results/magnesium-and-bone.html",
    # Stands in the text only inside «лапки»: «Ортопедія, травматологія та протезування».
    "Ортопедія": "uk/index.html",
    # In «лапки» on the About page: слово «гіпомагнезія», у якому ...
    "гіпомагнезія": "uk/about.html",
    # Carry the apostrophe ʼ (U+02BC), as the text writes it.
    "здоровʼя": "uk/index.html",
    "мʼязової": "uk/results/role-of-magnesium.html",
}


def markdown_title(page: str, lang: str) -> str:
    first = (ROOT / "docs" / lang / page).read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"#\s+(.*?)\s*(\{[^}]*\})?\s*", first)
    assert match, f"docs/{lang}/{page} does not start with a title"
    return match.group(1)


# --------------------------------------------------------------------------- fixtures


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


# --------------------------------------------------------------- 1. language switch


@pytest.mark.parametrize("page_path", ["index.html", "results/osteoporosis.html"])
def test_language_switch_leads_to_the_same_page_and_back(tab, origin, page_path):
    page = tab.page
    tab.goto(origin + page_path, page_path)
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == markdown_title(page_path.replace(".html", ".md"), "en")

    for target in ("uk", "en"):
        button = page.locator(".md-header__option .md-select > button")
        button.hover()
        link = page.locator(f'.md-select__list a[hreflang="{target}"]')
        link.wait_for(state="visible")
        with page.expect_navigation(wait_until="load"):
            link.click()
        expected = LANGS[target] + page_path
        assert relative_to_root(page.url, origin) == expected
        assert page.locator("html").get_attribute("lang") == target
        assert heading(page) == markdown_title(page_path.replace(".html", ".md"), target)
        print(f"[{origin.split(':')[0]}] language switch -> {expected}: {heading(page)!r}")
    tab.assert_offline()


# ------------------------------------------------------------------------- 2. search


def search(tab: PageLog, query: str, root: str) -> tuple[str, list[str]]:
    """Type a query into Material's search box; the result meta text and result pages."""
    page = tab.page
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    placeholder = config["translations"]["search.result.placeholder"]
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=placeholder,
    )
    # The word goes in as text input (as an input method or a paste would), then one
    # real key: Material reads the box on keyup, so exactly one query is sent and the
    # first answer is the answer to the whole word (typing letter by letter would
    # race the answers to its prefixes).
    page.keyboard.insert_text(query)
    box.press("End")
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() !== text",
        arg=placeholder, timeout=30_000,
    )
    text = meta.inner_text().strip()
    items = page.locator(".md-search-result__item")
    if items.count():
        # Material renders the first ten results, the rest as the list scrolls.
        match = re.search(r"\d+", text)
        expected = int(match.group()) if match else 1
        scroll = page.locator(".md-search-result__scrollwrap")
        deadline = time.monotonic() + 5
        while items.count() < expected and time.monotonic() < deadline:
            scroll.evaluate("element => { element.scrollTop = element.scrollHeight; }")
            page.wait_for_timeout(100)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list a.md-search-result__link", "links => links.map(a => a.href)"
    )
    pages = sorted({relative_to_root(urljoin(page.url, href), root) for href in hrefs})
    return text, pages


def run_queries(tab, origin, start, queries, lang) -> list[str]:
    tab.goto(origin + start, start)
    assert tab.page.locator("html").get_attribute("lang") == lang
    scheme = origin.split(":")[0]
    problems = []
    for query, must_find in queries.items():
        meta, pages = search(tab, query, origin)
        print(f"[{scheme}] search {query!r} on {start}: {meta!r}; {len(pages)} result page(s):"
              f" {', '.join(pages) or '-'}")
        if not pages:
            problems.append(f"{query!r} found nothing ({meta!r})")
            continue
        if lang == "en":
            foreign = [p for p in pages if p.startswith("uk/")]
        else:
            foreign = [p for p in pages if not p.startswith("uk/")]
        if foreign:
            problems.append(f"{query!r} on a {lang} page mixes languages: "
                            f"found {', '.join(foreign)}")
        if must_find and must_find not in pages:
            problems.append(f"{query!r} did not find {must_find}")
    print(f"[{scheme}] search summary ({lang}): "
          + ("; ".join(problems) if problems else "every query found results in its language"))
    tab.assert_offline()
    return problems


def test_search_english_stays_english(tab, origin):
    problems = run_queries(tab, origin, "results/osteoporosis.html", EN_QUERIES, "en")
    assert not problems, "\n".join(problems)


def test_search_ukrainian_stays_ukrainian(tab, origin):
    problems = run_queries(tab, origin, "uk/results/osteoporosis.html", UK_QUERIES, "uk")
    assert not problems, "\n".join(problems)


# --------------------------------------------------- 3. citation tooltips, figure links


@functools.cache
def bibliography():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "references" / "references.bib"))


def first_author(key: str) -> str:
    entry = bibliography().entries[key]
    person = (entry.persons.get("author") or entry.persons.get("editor"))[0]
    return " ".join(person.last_names).replace("{", "").replace("}", "")


@pytest.mark.parametrize("lang", LANGS)
def test_citation_tooltip_shows_on_hover_and_on_keyboard_focus(tab, origin, lang):
    page = tab.page
    start = LANGS[lang] + "results/osteoporosis.html"
    tab.goto(origin + start, start)
    cite = page.locator("a.scholar-cite").first
    tip_id = cite.get_attribute("aria-describedby")
    assert tip_id, "a citation link without aria-describedby"
    tip = page.locator(f'[id="{tip_id}"]')
    assert tip.count() == 1 and tip.get_attribute("role") == "tooltip"
    key = cite.get_attribute("href").split("#ref-", 1)[1]
    author, number = first_author(key), cite.inner_text().strip()

    page.mouse.move(0, VIEWPORT["height"] - 1)
    assert tip.is_hidden(), "the tooltip shows before any hover"
    cite.hover()
    tip.wait_for(state="visible", timeout=3_000)
    shown = tip.inner_text()
    assert author in shown and f"[{number}]" in shown, shown
    box = tip.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    page.mouse.move(0, VIEWPORT["height"] - 1)
    tip.wait_for(state="hidden", timeout=3_000)

    # Keyboard: focus() and a real Tab back onto the link.
    cite.focus()
    tip.wait_for(state="visible", timeout=3_000)
    page.keyboard.press("Shift+Tab")
    tip.wait_for(state="hidden", timeout=3_000)
    page.keyboard.press("Tab")
    assert cite.evaluate("element => element === document.activeElement")
    tip.wait_for(state="visible", timeout=3_000)
    assert author in tip.inner_text()
    print(f"[{origin.split(':')[0]}] {lang} citation [{number}] tooltip: {shown[:80]!r}")
    tab.assert_offline()


@pytest.mark.parametrize("lang", LANGS)
def test_figure_reference_reaches_the_figure(tab, origin, lang):
    page = tab.page
    start = LANGS[lang] + "results/osteoporosis.html"
    tab.goto(origin + start, start)
    link = page.locator('a.scholar-xref-link[href$="#fig:direct-effects"]').first
    tip = page.locator(f'[id="{link.get_attribute("aria-describedby")}"]')
    link.hover()
    tip.wait_for(state="visible", timeout=3_000)
    target = LANGS[lang] + "results/magnesium-and-bone.html"
    with page.expect_navigation(wait_until="load"):
        link.click()
    assert page_of(page.url, origin) == target, page.url
    assert urlsplit(page.url).fragment == "fig:direct-effects"
    assert page.locator("html").get_attribute("lang") == lang
    figure = page.locator('figure[id="fig:direct-effects"]')
    figure.wait_for(state="visible")
    assert figure.evaluate("element => element.matches(':target')")
    top = figure.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < VIEWPORT["height"], f"the figure is not scrolled into view (top={top})"
    image = figure.locator("img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "figure image broken"
    tab.assert_offline()


# ------------------------------------- 4. offline, no console errors; 5. accessibility


@dataclass
class Crawl:
    pages: list[str]
    external: list[tuple[str, str]]
    errors: list[tuple[str, str]]
    axe: dict[str, list[dict]] | None


# Started from a timer, so that the call returns at once and axe works in this tab's
# renderer while the next page loads in another tab. From file:// axe cannot preload
# the style sheets (its XMLHttpRequests are refused, which only spams the console),
# so only css-orientation-lock is left unchecked there; over HTTP it preloads them.
AXE_RUN = """preload => {
  window.__axeResult = new Promise(resolve => setTimeout(resolve, 0))
    .then(() => axe.run(document, {resultTypes: ['violations'], preload}))
    .then(result => result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target, impact: n.impact,
        summary: (n.failureSummary || '').split('\\n').slice(1, 2).join(' ').trim(),
      })),
    })));
}"""


@pytest.fixture(scope="session")
def crawls(chromium, built_site):
    """Per origin: every page visited once, its requests and errors kept, axe run on it."""
    cache: dict[str, Crawl] = {}

    def crawl(root: str) -> Crawl:
        if root in cache:
            return cache[root]
        pages = site_pages(built_site)
        axe = axe_script()
        context = chromium.new_context(viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        if axe is not None:
            # In every page from its start: cheaper than injecting it after the load.
            context.add_init_script(path=str(axe))
        # Two tabs: while axe runs in one, the next page loads in the other.
        logs = [PageLog.attach(context.new_page()) for _ in range(2)]
        results: dict[str, list[dict]] = {}
        pending: dict[int, str] = {}

        def collect(index: int) -> None:
            page_path = pending.pop(index, None)
            if page_path is not None:
                results[page_path] = logs[index].page.evaluate("() => window.__axeResult")

        try:
            for number, page_path in enumerate(pages):
                index = number % len(logs)
                collect(index)
                log = logs[index]
                log.goto(root + page_path, page_path, settle=False)
                # Load what waits for a scroll or a hover too (tooltip images).
                log.page.evaluate("""() => Promise.all([...document.images].map(img => {
                    img.loading = 'eager';
                    return img.complete ? null : new Promise(done => {
                        img.addEventListener('load', done); img.addEventListener('error', done);
                    });
                }))""")
                log.settle()
                if axe is not None:
                    log.label = f"{page_path} (axe)"
                    log.page.evaluate(AXE_RUN, not root.startswith("file:"))
                    pending[index] = page_path
            for index in list(pending):
                collect(index)
        finally:
            context.close()
        external = [item for log in logs for item in log.external()]
        errors = [item for log in logs for item in log.errors]
        cache[root] = Crawl(pages, external, errors, results if axe is not None else None)
        return cache[root]

    return crawl


def test_every_page_stays_offline_without_console_errors(crawls, origin):
    crawl = crawls(origin)
    scheme = origin.split(":")[0]
    assert len(crawl.pages) >= 2 * 12, crawl.pages
    assert sum(p.startswith("uk/") for p in crawl.pages) * 2 == len(crawl.pages), crawl.pages
    for page_path, url in crawl.external:
        print(f"[{scheme}] EXTERNAL REQUEST on {page_path}: {url}")
    for page_path, error in crawl.errors:
        print(f"[{scheme}] ERROR on {page_path}: {error}")
    print(f"[{scheme}] {len(crawl.pages)} pages: {len(crawl.external)} external request(s),"
          f" {len(crawl.errors)} console/page error(s)")
    problems = []
    if crawl.external:
        problems.append(f"{len(crawl.external)} request(s) left the machine")
    if crawl.errors:
        # One line a kind of error (the site root taken out of its URLs).
        by_message: dict[str, list[str]] = {}
        for page_path, error in crawl.errors:
            text, _, where = error.replace(origin, "").rpartition(" [")
            where = where.rstrip("]")
            key = text if where in {"", page_path} else f"{text} [{where}]"
            by_message.setdefault(key, []).append(page_path)
        problems += [f"{message} (on {len(where)} page(s): {', '.join(where[:3])}"
                     f"{', ...' if len(where) > 3 else ''})"
                     for message, where in by_message.items()]
    assert not problems, "\n".join(problems)


def test_every_page_passes_axe(crawls, origin):
    if axe_script() is None:
        unavailable("the accessibility test needs axe-core: `pip install axe-playwright-python`")
    crawl = crawls(origin)
    scheme = origin.split(":")[0]
    failing = []
    for page_path in crawl.pages:
        for violation in crawl.axe[page_path]:
            failing_impact = violation["impact"] in AXE_FAILING_IMPACTS
            for node in violation["nodes"]:
                line = (f"[{scheme}] axe {violation['id']} ({violation['impact']}) on {page_path}:"
                        f" {' '.join(map(str, node['target']))} - {node['summary']}")
                print(line if failing_impact else line + " [not failing]")
            if failing_impact:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
                failing.append((violation["id"], violation["impact"], page_path, targets))
    summary: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for rule, impact, page_path, targets in failing:
        pages, selectors = summary.setdefault((rule, impact), ([], set()))
        pages.append(f"{page_path} ({len(targets)})")
        selectors.update(targets)
    report = [f"{rule} ({impact}) on {len(pages)} page(s): {', '.join(pages)}; targets: "
              f"{', '.join(sorted(selectors)[:8])}{', ...' if len(selectors) > 8 else ''}"
              for (rule, impact), (pages, selectors) in sorted(summary.items())]
    print(f"[{scheme}] axe: {len(crawl.pages)} pages scanned, "
          f"{len(failing)} moderate or worse violation(s) by page")
    assert not failing, "accessibility violations:\n" + "\n".join(report)
