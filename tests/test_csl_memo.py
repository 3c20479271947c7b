"""core.csl_memo: citeproc-py's tree searches and lookups answered once, with the same
answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_scholar.core import csl_authordate, csl_format, csl_memo
from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.csl_format import CslFormatter
from mkdocs_scholar.core.csl_style import CSL_NS, resolve_style

FIDELITY_BIB = Path(__file__).parent / "data" / "fidelity.bib"


def _fresh_styles() -> None:
    csl_format._style.cache_clear()
    csl_authordate._variant_style.cache_clear()


def _render(style: str, lang: str) -> dict[str, str]:
    bib = load_bibliography([str(FIDELITY_BIB)])
    formatter = CslFormatter(style, lang)
    made = formatter._format_all([(key, bib.entries[key]) for key in bib.entries])
    return {key: entry.html for key, entry in made.items()}


def _with_and_without_memo(monkeypatch, make, *args):
    """`make(*args)` with the memo, then with citeproc-py's own searches and lookups."""
    csl_memo.apply()
    _fresh_styles()
    memoized = make(*args)
    assert len(csl_memo.originals) == 5  # everything `apply` replaced
    for (owner, name), value in csl_memo.originals.items():
        monkeypatch.setattr(owner, name, value)
    _fresh_styles()
    try:
        plain = make(*args)
    finally:
        _fresh_styles()  # no style object made without the memo outlives the test
    return memoized, plain


@pytest.mark.parametrize(("style", "lang"), [
    ("elsevier-vancouver", "en"), ("ieee", "uk"), ("apa", "de"),
    ("american-medical-association", "uk"), ("chicago-author-date", "en"),
])
def test_the_entries_are_the_same_as_without_the_memo(style, lang, monkeypatch):
    memoized, plain = _with_and_without_memo(monkeypatch, _render, style, lang)
    assert len(memoized) > 25
    assert memoized == plain


def _cites(style: str, lang: str) -> dict[str, str]:
    from mkdocs_scholar.core import csl_cache

    csl_cache.forget()  # rendered here, not read back
    bib = load_bibliography([str(FIDELITY_BIB)])
    formatter = CslFormatter(style, lang)
    keys = list(bib.entries)
    intext = formatter.in_text(bib.entries, formatter.sort(bib.entries, keys),
                               formatter.disambiguate(bib.entries, keys))
    located = csl_authordate.Locator("page", "33")
    made = {key: (intext.item(key).full_html, intext.item(key, located).full_html,
                  intext.author(key)) for key in keys}
    csl_cache.forget()
    return made


@pytest.mark.parametrize(("style", "lang"), [("apa", "uk"), ("chicago-author-date", "en")])
def test_the_cites_are_the_same_as_without_the_memo(style, lang, monkeypatch):
    memoized, plain = _with_and_without_memo(monkeypatch, _cites, style, lang)
    assert len(memoized) > 25 and any(cite.endswith(" 33") for _, cite, _ in memoized.values())
    assert memoized == plain


def _loaded_style():
    csl_memo.apply()
    _fresh_styles()
    return csl_format._style(resolve_style("apa").path, resolve_style("apa").identity,
                             "en-US")


def test_each_search_is_made_once_per_node_and_answers_as_lxml_does(monkeypatch):
    style = _loaded_style()
    layout = style.root.find(f"{CSL_NS}bibliography/{CSL_NS}layout")
    expression = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
    calls = []
    real = type(layout).xpath

    def counting(self, *args, **kwargs):
        calls.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(layout), "xpath", counting)
    first = layout.xpath_search(expression)
    second = layout.xpath_search(expression)
    assert calls == [expression]
    assert first == second == real(layout, expression, namespaces=layout.nsmap)
    assert first[0].tag == f"{CSL_NS}bibliography"
    first.clear()  # a caller's list is its own
    assert layout.xpath_search(expression) == second


def test_forget_drops_the_answers_after_a_change():
    style = _loaded_style()
    root = style.root
    expression = "cs:macro[@name='scholar-test'][1]"
    assert root.xpath_search(expression) == []
    macro = root.makeelement(f"{CSL_NS}macro", name="scholar-test")
    root.append(macro)
    assert root.xpath_search(expression) == []  # kept: the tree was meant not to change
    csl_memo.forget(root)
    assert root.xpath_search(expression) == [macro]
    root.remove(macro)
    csl_memo.forget(root)
    _fresh_styles()


def _cite_text(keys: list[str], monkeypatch) -> tuple[str, int]:
    """citeproc-py's APA citation of `keys` (one Citation), and how many sort keys it
    rendered for it."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter, model
    from citeproc.source.json import CiteProcJSON

    from mkdocs_scholar.core.csl_json import entry_to_csl

    bib = load_bibliography([str(FIDELITY_BIB)])
    data = []
    for key in keys:
        item = entry_to_csl(key, bib.entries[key])
        item["id"] = key.lower()
        data.append(item)
    bibliography = CitationStylesBibliography(_loaded_style(), CiteProcJSON(data),
                                              formatter.html)
    citation = Citation([CitationItem(key.lower()) for key in keys])
    bibliography.register(citation)
    rendered = []
    real = model.Key.sort_keys
    monkeypatch.setattr(model.Key, "sort_keys",
                        lambda self, *a: rendered.append(1) or real(self, *a))
    return str(bibliography.cite(citation, lambda _item: None)), len(rendered)


def test_a_cite_alone_is_not_sorted_and_several_still_are(monkeypatch):
    alone, keys_rendered = _cite_text(["zhang2018a"], monkeypatch)
    assert alone.startswith("(Zhang") and keys_rendered == 0
    # Given in the reverse of APA's order (names first), they come out in it.
    several, keys_rendered = _cite_text(["zhang2018a", "castiglioni2013"], monkeypatch)
    assert several.index("Castiglioni") < several.index("Zhang")
    assert keys_rendered > 0
