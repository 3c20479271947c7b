"""Fuzzing with hypothesis: the Markdown reader changes nothing but citations,
and tiny sites build without losing text around the plugin's blocks.

The normal test run tries a bounded number of inputs; `SCHOLAR_FUZZ=long`
tries many more (e.g. `SCHOLAR_FUZZ=long python3 -m pytest tests/test_fuzz.py`).
Inputs that once failed stay here as explicit examples.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import BIB, build_site
from mkdocs_scholar.core.markdown_ext import ScholarExtension
from mkdocs_scholar.core.records import TOKEN_RE, PageRecord

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("long" if os.environ.get("SCHOLAR_FUZZ") == "long" else "default")
SITE_EXAMPLES = 400 if os.environ.get("SCHOLAR_FUZZ") == "long" else 12

EXTENSIONS = ["attr_list", "fenced_code", "tables", "toc", "footnotes"]

KEYS = ["alpha2020", "beta2021", "gamma2019", "delta:2018.x", "Doe_2020", "x-1"]
words = st.sampled_from(["magnesium", "bone", "the", "and", "of", "PTH", "2.5", "—",
                         "(n = 12)", "Mg2+", "Ca", "vitamin D", ";", ",", "p.", "12–14"])
citation = st.one_of(
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=3).map(
        lambda keys: "[" + "; ".join("@" + k for k in keys) + "]"),
    st.sampled_from(KEYS).map(lambda k: "@" + k),
    st.sampled_from(KEYS).map(lambda k: f"[see @{k}, p. 3]"),
    st.sampled_from(KEYS).map(lambda k: f"[-@{k}]"),
)
untouched = st.sampled_from([
    "name@example.org", "`[@alpha2020]`", "`@beta2021`", "[@alpha2020](https://x.org)",
    "<https://a.org/@b>", "https://a.org/@user", "**bold**", "*it*",
])
inline = st.lists(st.one_of(words, citation, untouched), min_size=1, max_size=12).map(" ".join)
block = st.one_of(
    inline,
    inline.map(lambda text: "## " + text),
    inline.map(lambda text: "- " + text + "\n- item"),
    inline.map(lambda text: "> " + text),
    st.sampled_from(["```\ncode [@alpha2020] name@example.org\n```",
                     "    indented [@beta2021]", "| a | b |\n|---|---|\n| [@alpha2020] | `@y` |"]),
)
page = st.lists(block, min_size=1, max_size=8).map("\n\n".join)


def read(text: str) -> tuple[str, PageRecord]:
    extension = ScholarExtension()
    extension.record = PageRecord(src="p.md", lang="en", markdown=text)
    html = markdown.Markdown(extensions=[*EXTENSIONS, extension]).convert(text)
    return html, extension.record


@given(page)
@example("## Heading [@alpha2020]\n\nname@example.org `[@x]`")
@example("Text [@a] [@b].\n\n## Heading [@a]\n\n## Heading [@a]")
def test_the_reader_changes_nothing_but_citations(text):
    html, record = read(text)
    raw = {index: written for index, written, _ in record.cited()}
    restored = TOKEN_RE.sub(lambda m: raw[int(m.group(1))], html)
    assert restored == markdown.Markdown(extensions=EXTENSIONS).convert(text)


@given(page)
def test_code_and_addresses_are_never_read(text):
    _, record = read(text)
    for _, written, keys in record.cited():
        assert "example.org" not in written
        assert not any(key in ("x", "y") for key in keys)  # only in code or links


DIV_KINDS = ["refs", "whole-review"]
fence = st.tuples(st.sampled_from(DIV_KINDS), st.sampled_from(["", "\n"]),
                  st.sampled_from(["", "\n"]))
prose = st.lists(st.sampled_from(["Alpha", "beta", "gamma", "delta", "omega"]), min_size=1,
                 max_size=4).map(" ".join)


@st.composite
def page_with_a_block(draw) -> tuple[str, list[str]]:
    before, inside, after = draw(prose), draw(st.one_of(st.just(""), prose)), draw(prose)
    kind, gap_in, gap_out = draw(fence)
    code = draw(st.sampled_from(["", "\n```\nprint(1)\n```\n"]))
    text = (f"# Page\n\n{before} [@alpha2020].\n{draw(st.sampled_from(['', chr(10)]))}"
            f"::: {{#{kind}}}\n{gap_in}{inside}\n{gap_in}:::\n{gap_out}{after}\n{code}")
    kept = [before, after] + ([inside] if inside else []) + (["print(1)"] if code else [])
    return text, kept


@settings(max_examples=SITE_EXAMPLES)
@given(page_with_a_block())
@example(("# Page\n\nA [@alpha2020].\n\n::: {#refs}\n:::\nAfter\n```\nprint(1)\n```\n",
          ["After", "print(1)"]))
@example(("# Page\n\nA [@alpha2020].\n\n::: {#refs}\nInside\n:::\n", ["Inside"]))
def test_a_tiny_site_builds_and_keeps_the_text_around_blocks(case):
    text, kept = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text(text, encoding="utf-8")
        (root / "docs" / "other.md").write_text("# Other\n\nMore [@beta2021].\n",
                                                encoding="utf-8")
        (root / "refs.bib").write_text(BIB, encoding="utf-8")
        (root / "mkdocs.yml").write_text(yaml.safe_dump({
            "site_name": "Fuzz", "theme": {"name": "mkdocs"},
            "markdown_extensions": ["attr_list", "fenced_code"],
            "plugins": [{"scholar": {"bibliography": "refs.bib", "cache_dir": ""}}]}),
            encoding="utf-8")
        built = build_site(root / "mkdocs.yml", root / "site")
        assert not built.aborted, built.messages
        soup = BeautifulSoup((root / "site" / "index.html").read_text(encoding="utf-8"), "lxml")
        body = re.sub(r"\s+", " ", soup.select_one("[role=main]").get_text(" "))
        for words_kept in kept:
            assert words_kept in body
