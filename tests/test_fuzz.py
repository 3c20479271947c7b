"""Fuzzing with hypothesis: the Markdown reader changes nothing but citations,
tiny sites build without losing text around the plugin's blocks, and no damage
to the disk cache changes a page or stops a build.

The normal test run tries a bounded number of inputs; `SCHOLAR_FUZZ=long`
tries many more (e.g. `SCHOLAR_FUZZ=long python3 -m pytest tests/test_fuzz.py`).
Inputs that once failed stay here as explicit examples.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import tempfile
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import BIB, build_site
from mkdocs_scholar.cli.check import check
from mkdocs_scholar.core import bibliography, formatted_cache, formatting
from mkdocs_scholar.core.disk_cache import checksum
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


# -- the disk cache ----------------------------------------------------------------

CACHED_PAGES = {
    "index.md": "# Page\n\nMagnesium [@alpha2020; @beta2021] and @fig:bone, also [@nosuch].\n\n"
                "![Bone](bone.svg){#fig:bone}\n",
    "other.md": "# Other\n\nMore [@beta2021], see @fig:bone and [see @odd2022, p. 3].\n",
    "references.md": "# References\n\n::: {#refs}\n:::\n",
    "bone.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
}
# An entry with a warning of its own, so the cached problems of a .bib matter too.
ODD = "@misc{odd2022, author = {Smith, John, Doe, Jane}, title = {Odd names}, year = {2022}}\n"
CACHE_GROUPS = {"bib": "bib-*.json", "formatted": "formatted.json",
                "citations": "citations.json", "pages": "pages/*.json"}


_BUILD_DATE = re.compile(r"Build Date UTC : .*")


def new_process() -> None:
    """What a new `mkdocs build` starts with: nothing in memory, only the disk."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()  # MkDocs keeps plugin instances per process
    bibliography.clear_cache()
    formatting.clear_cache()
    formatted_cache.forget()


def build_pages(root: Path) -> tuple[dict[str, str], list[str]]:
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    built = build_site(root / "mkdocs.yml", site)
    assert not built.aborted, built.messages
    pages = {str(p.relative_to(site)): _BUILD_DATE.sub("", p.read_text(encoding="utf-8"))
             for p in sorted(site.rglob("*.html"))}
    # Built pages and the build's warnings, whatever the cache said.
    return pages, built.warnings()


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory):
    """A tiny site built twice without a cache (the reference), then once with one."""
    root = tmp_path_factory.mktemp("cached")
    (root / "docs").mkdir()
    for name, text in CACHED_PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "refs.bib").write_text(BIB + ODD, encoding="utf-8")
    config = {"site_name": "Fuzz", "theme": {"name": "mkdocs"},
              "markdown_extensions": ["attr_list"],
              "plugins": [{"scholar": {"bibliography": "refs.bib", "cache_dir": ""}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    new_process()
    reference = build_pages(root)
    reference_check = [d.where + " " + d.message for d in check(root / "mkdocs.yml").diagnostics]
    config["plugins"][0]["scholar"]["cache_dir"] = "cache"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    new_process()
    assert build_pages(root) == reference
    pristine = root / "pristine"
    shutil.copytree(root / "cache", pristine)
    assert all(list(pristine.glob(pattern)) for pattern in CACHE_GROUPS.values())
    return root, pristine, reference, reference_check


def _leaves(value, path=()):
    """Paths to every scalar in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replaced(value, path, new):
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replaced(value[head], rest, new)
    return copy


def _damaged(original: bytes, damage: tuple) -> bytes:
    """The file after `damage`: ("bytes", b) replaces it; ("payload", v) keeps a valid
    header with its checksum around another JSON value; ("leaf", n, v) changes the
    type of one value deep in the real payload, checksum updated, so only the
    schema check can tell."""
    kind, *args = damage
    if kind == "bytes":
        return args[0]
    head, _, payload = original.partition(b"\n")
    header = json.loads(head)
    if "lengths" in header:  # texts stored as they are: the lengths are the structure
        return _damaged_texts(header, payload, kind, args)
    if kind == "payload":
        data = args[0]
    else:
        index, new = args
        data = json.loads(payload)
        paths = list(_leaves(data))
        path = paths[index % len(paths)]
        old = _replaced(data, path, None) and _value_at(data, path)
        if type(new) is type(old):  # a change of type, not of content
            new = [new]
        data = _replaced(data, path, new)
    return _with_checksum(header, json.dumps(data).encode())


def _damaged_texts(header: dict, payload: bytes, kind: str, args: list) -> bytes:
    """("payload", v): one text, v as JSON; ("leaf", n, v): one length becomes v."""
    if kind == "payload":
        payload = json.dumps(args[0]).encode()
        header["lengths"] = [len(payload)]
    else:
        index, new = args
        lengths = header["lengths"]
        old = lengths[index % len(lengths)]
        lengths[index % len(lengths)] = [new] if new == old and type(new) is type(old) else new
    return _with_checksum(header, payload)


def _with_checksum(header: dict, payload: bytes) -> bytes:
    header["sha256"] = checksum(payload, header.get("lengths"))
    return json.dumps(header).encode() + b"\n" + payload


def _value_at(value, path):
    for part in path:
        value = value[part]
    return value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=12)
damages = st.one_of(
    st.tuples(st.just("bytes"), st.binary(max_size=48)),
    st.tuples(st.just("payload"), json_values),
    st.tuples(st.just("leaf"), st.integers(min_value=0, max_value=10_000),
              st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.just([])),
)


@settings(max_examples=SITE_EXAMPLES)
@given(st.sampled_from(sorted(CACHE_GROUPS)), damages)
# Files on which the pickle cache of earlier releases stopped every later build.
@example("bib", ("bytes", b"\x89\x98\xd0"))
@example("formatted", ("bytes", b"\x89\x98\xd0"))
@example("citations", ("bytes", b"\x89\x98\xd0"))
@example("pages", ("bytes", b"\x89\x98\xd0"))
@example("bib", ("bytes", pickle.dumps(42)))
@example("formatted", ("bytes", pickle.dumps(42)))
# Valid files of the wrong shape.
@example("bib", ("payload", 42))
@example("formatted", ("payload", {"cache": [], "shared": [], "narratives": [], "names": 42}))
@example("citations", ("payload", {"[@alpha2020]": ["[@alpha2020]", False, "alpha2020"]}))
@example("pages", ("payload", ["only one"]))
@example("pages", ("leaf", 0, 3))
@example("pages", ("leaf", 1, True))
def test_no_damage_to_the_cache_changes_a_page(cached_site, group, damage):
    root, pristine, reference, reference_check = cached_site
    shutil.rmtree(root / "cache", ignore_errors=True)
    shutil.copytree(pristine, root / "cache")
    for path in (root / "cache").glob(CACHE_GROUPS[group]):
        path.write_bytes(_damaged(path.read_bytes(), damage))
    new_process()
    diagnostics = check(root / "mkdocs.yml").diagnostics  # reads the damaged files too
    assert [d.where + " " + d.message for d in diagnostics] == reference_check
    shutil.rmtree(root / "cache")
    shutil.copytree(pristine, root / "cache")
    for path in (root / "cache").glob(CACHE_GROUPS[group]):
        path.write_bytes(_damaged(path.read_bytes(), damage))
    new_process()
    assert build_pages(root) == reference
    new_process()
    assert build_pages(root) == reference  # and the replaced files are good ones
