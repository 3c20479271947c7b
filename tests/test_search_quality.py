"""Ukrainian search quality, measured in a real browser on a fixed list of queries.

Each query is a Ukrainian word in one grammatical form. The pages that "hold the
word" are those with any form of its lemma (by the pymorphy3 analyser). A query
succeeds when the search, run from a Ukrainian page, lists at least one of those
pages and no English page. Two sites are measured in the same run: this one, and
the same site without `scholar-search` (Material's search as it comes). The
numbers are printed (run pytest with -s) and kept in the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mkdocs_scholar.publication import lexicon

ROOT = Path(__file__).resolve().parents[1]

# The brief's examples, then forms that do not occur in the text although their
# word does (only a lemmatiser finds those), then the apostrophe typed two ways.
QUERIES = [
    "магній", "магнію", "магнієм", "кістка", "кісткової", "кістках",
    "кісткою", "остеопорозі", "переломові", "переломах", "регенерацією",
    "остеокластами", "остеокласти", "дефіцитові", "гормонами", "щільністю",
    "запаленням", "імплантатами", "мезенхімальними", "макрофагами", "кальцієм",
    "мінералізацією", "ферментами", "стовбуровими",
    "здоровʼя", "здоров'я",
]


def _baseline_config(tmp: Path) -> Path:
    """mkdocs.yml without scholar-search, with absolute paths, in a temporary folder."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    config.pop("edit_uri", None)
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    plugins = []
    for plugin in config["plugins"]:
        if plugin == "scholar-search":
            continue
        if isinstance(plugin, dict) and "scholar" in plugin:
            settings = dict(plugin["scholar"])
            for key in ("bibliography", "article"):
                settings[key] = str(ROOT / settings[key])
            settings["cache_dir"] = ""
            plugin = {"scholar": settings}
        plugins.append(plugin)
    config["plugins"] = plugins
    path = tmp / "mkdocs-baseline.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sites(real_site, tmp_path_factory):
    from conftest import build_site

    tmp = tmp_path_factory.mktemp("baseline")
    baseline = build_site(_baseline_config(tmp), tmp / "site")
    assert not baseline.aborted, baseline.warnings()
    return {"with scholar-search": real_site.site, "Material as it comes": baseline.site}


def _pages_holding(site: Path) -> dict[str, set[str]]:
    """Ukrainian page -> its words (the one-page edition is not searched)."""
    pages = {}
    for path in (site / "uk").rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if "search" in relative or relative.endswith(("404.html", "whole-review.html")):
            continue
        html = path.read_text(encoding="utf-8")
        article = re.search(r"<article.*?</article>", html, re.DOTALL)
        pages[relative] = lexicon.words([article.group(0) if article else ""])
    return pages


def _run_queries(page, url: str) -> dict[str, list[str]]:
    page.goto(url)
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    placeholder = config["translations"]["search.result.placeholder"]
    box = page.locator("input.md-search__input")
    found = {}
    for query in QUERIES:
        box.click()
        box.fill("")
        box.press("End")
        page.wait_for_function(
            "t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
            arg=placeholder)
        # The whole word at once, then one key: Material reads the box on keyup.
        page.keyboard.insert_text(query)
        box.press("End")
        page.wait_for_function(
            "t => document.querySelector('.md-search-result__meta').textContent.trim() !== t",
            arg=placeholder, timeout=30_000)
        found[query] = page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link",
            "links => links.map(a => a.href.split('?')[0].split('#')[0])")
    return found


def test_ukrainian_search_quality(sites, chromium, capsys):
    site = sites["with scholar-search"]
    holding = _pages_holding(site)
    # One analysis of all the words, so a form and its lemma are judged alike.
    table = lexicon.build(set().union(*holding.values()))
    lemmas = {page: {table.get(w, w) for w in words} for page, words in holding.items()}

    def lemma(query: str) -> str:
        word = lexicon.normalise(query)
        return table.get(word) or lexicon.build({word})[word]

    expected = {q: {p for p, found in lemmas.items() if lemma(q) in found} for q in QUERIES}
    assert all(expected.values()), [q for q, pages in expected.items() if not pages]
    scores = {}
    for name, root in sites.items():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        try:
            results = _run_queries(context.new_page(),
                                   (root / "uk/results/osteoporosis.html").as_uri())
        finally:
            context.close()
        good = []
        for query, links in results.items():
            pages = {Path(link.removeprefix(root.as_uri() + "/")).as_posix() for link in links}
            english = [p for p in pages if not p.startswith("uk/")]
            if pages & expected[query] and not english:
                good.append(query)
        scores[name] = good
    with capsys.disabled():
        print(f"\nUkrainian search, {len(QUERIES)} queries in different forms:")
        for name, good in scores.items():
            missed = [q for q in QUERIES if q not in good]
            print(f"  {name}: {len(good)}/{len(QUERIES)} find the right page"
                  + (f" (missed: {', '.join(missed)})" if missed else ""))
    ours, baseline = len(scores["with scholar-search"]), len(scores["Material as it comes"])
    assert ours > baseline
    assert ours >= len(QUERIES) - 1, scores
