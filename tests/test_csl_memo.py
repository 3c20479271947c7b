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
    assert len(csl_memo.originals) == 8  # everything `apply` replaced
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


def test_what_a_node_calls_and_the_locale_options_are_citeproc_pys_own_answers():
    from citeproc import model

    style = _loaded_style()
    own_calls = csl_memo.originals[(model.Parent, "calls_variable")]
    own_text_calls = csl_memo.originals[(model.Text, "calls_variable")]
    own_option = csl_memo.originals[(model.CitationStylesElement, "get_locale_option")]
    # The nodes whose class asks what its children call (Group, Names and Date say yes).
    kept = {model.Parent: model.Parent.calls_variable, model.Text: model.Text.calls_variable}
    own = {model.Parent: own_calls, model.Text: own_text_calls}
    nodes = [(node, base) for node in style.root.iter() for base in kept
             if isinstance(node, base) and type(node).calls_variable is kept[base]]
    assert len(nodes) > 300
    for node, base in nodes:  # asked twice: the second answer is the kept one
        assert node.calls_variable() == node.calls_variable() == own[base](node), node.tag
    nodes = [node for node, _ in nodes]
    assert any(node.calls_variable() for node in nodes)
    assert not all(node.calls_variable() for node in nodes)
    for name in ("punctuation-in-quote", "limit-day-ordinals-to-day-1"):
        assert style.root.get_locale_option(name) == own_option(style.root, name)
