"""The collector is paused for a step and left as it was found."""

from __future__ import annotations

import gc

import pytest

from mkdocs_scholar.core import collector


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.usefixtures("collector_state")
@pytest.mark.parametrize("enabled", [True, False])
def test_paused_then_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector_state")
def test_formatting_and_parsing_run_with_the_collector_paused(monkeypatch, tmp_path):
    from mkdocs_scholar.core import bib_parser, bibliography, formatting
    from mkdocs_scholar.core.style.apa import APAStyle

    seen = []
    original = APAStyle.format_entry
    monkeypatch.setattr(APAStyle, "format_entry",
                        lambda *a, **k: seen.append(gc.isenabled()) or original(*a, **k))
    parse = bib_parser._Parser.parse_string
    monkeypatch.setattr(bib_parser._Parser, "parse_string",
                        lambda *a, **k: seen.append(gc.isenabled()) or parse(*a, **k))
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{k, author = {A, B}, title = {T}, year = {2020},"
                   " publisher = {P}}\n", encoding="utf-8")
    bibliography.clear_cache()
    formatting.clear_cache()
    entries = bibliography.load_bibliography([str(bib)]).entries
    formatted = formatting.Formatter(lang="en").format(entries, ["k"])
    assert "T" in formatted["k"].text
    assert seen == [False, False] and gc.isenabled()
