"""The cache of filled-in pages: what makes a key, and the folder it keeps."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs_scholar.core.crossref import Target
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.formatting import FormattedEntry
from mkdocs_scholar.core.numbering import FirstAppearanceOrder
from mkdocs_scholar.core.page_cache import (
    PageCache,
    backlinks_digest,
    cacheable,
    page_key,
    site_digest,
)
from mkdocs_scholar.core.records import (
    BibliographyPlaceholder,
    CitationPlaceholder,
    CiteThisPlaceholder,
    PageRecord,
    WholeReviewPlaceholder,
)
from mkdocs_scholar.core.resolve import Resolution
from mkdocs_scholar.core.syntax import CiteItem


def resolution(*, title="First paper", number_of_b=2, figure="1", page="en/b.md",
               intext=None):
    order = FirstAppearanceOrder(["a", "b"] if number_of_b == 2 else ["b", "a"])
    return Resolution(
        lang="en", order=order, listed=order.keys(), occurrences={},
        targets={"fig:x": Target("fig:x", "fig", page, "A figure", number=figure)},
        formatted={"a": FormattedEntry("a", f"<i>{title}</i>", title, ()),
                   "b": FormattedEntry("b", "Second", "Second", ())},
        bibliography_page="en/references.md", intext=intext)


def digest(**changes):
    arguments = {"resolution": resolution(), "fingerprints": {"a": b"1", "b": b"2"},
                 "file_urls": [("en/b.md", "b/"), ("en/references.md", "references/")],
                 "settings": "apa7 en"}
    arguments.update(changes)
    return site_digest(**arguments)


def record(raw="[@a]", placeholders=None):
    page = PageRecord(src="en/index.md", lang="en", markdown=raw)
    for placeholder in placeholders or [
            CitationPlaceholder(items=(CiteItem("a"),), narrative=False, raw=raw)]:
        page.add(placeholder)
    return page


def test_the_site_digest_changes_with_every_input_a_page_reads():
    same = digest()
    assert digest() == same
    changed = [
        digest(resolution=resolution(title="Another title")),  # an entry's text
        digest(resolution=resolution(number_of_b=1)),  # the numbers
        digest(resolution=resolution(figure="2")),  # a figure's number
        digest(resolution=resolution(page="en/c.md")),  # where a figure is
        digest(fingerprints={"a": b"1", "b": b"3"}),  # an entry's names or fields
        digest(file_urls=[("en/b.md", "bee/"), ("en/references.md", "references/")]),
        digest(settings="apa7 uk"),
    ]
    assert same not in changed and len(set(changed)) == len(changed)


def test_an_author_date_site_digest_ignores_which_work_is_cited_first():
    cites = object()  # an author-date style's cites: no numbers on any page
    first = digest(resolution=resolution(intext=cites))
    assert digest(resolution=resolution(intext=cites, number_of_b=1)) == first
    assert digest(resolution=resolution(intext=cites, title="Another title")) != first
    assert digest(resolution=resolution(number_of_b=1)) != digest()  # numbers: they count


def test_the_page_key_changes_with_the_url_the_placeholders_and_the_html():
    site = digest()
    key = page_key(site, "index.html", record(), "<p>\ue0000\ue001</p>")
    assert key == page_key(site, "index.html", record(), "<p>\ue0000\ue001</p>")
    assert len({
        key,
        page_key(digest(settings="x"), "index.html", record(), "<p>\ue0000\ue001</p>"),
        page_key(site, "other/", record(), "<p>\ue0000\ue001</p>"),
        page_key(site, "index.html", record("[@b]"), "<p>\ue0000\ue001</p>"),
        page_key(site, "index.html", record(), "<p>Text \ue0000\ue001</p>"),
    }) == 5


def test_pages_with_the_publication_or_the_whole_review_are_never_cached():
    assert cacheable(record())
    assert cacheable(record(placeholders=[BibliographyPlaceholder()]))
    assert not cacheable(record(placeholders=[CiteThisPlaceholder()]))
    assert not cacheable(record(placeholders=[WholeReviewPlaceholder()]))


def test_the_back_links_digest_changes_with_any_place_an_entry_is_cited():
    places = {"a": ("en/index.md", "cite-0"), "b": ("en/b.md", "cite-3")}
    same = backlinks_digest(places)
    assert backlinks_digest({k: list(v) for k, v in places.items()}) == same
    assert backlinks_digest(places | {"b": ("en/b.md", "cite-4")}) != same
    assert backlinks_digest(places | {"b": ("en/b.md", "cite-3", "en/c.md", "cite-0")}) != same
    assert backlinks_digest({"a": ("en/index.md", "cite-0", "en/b.md", "cite-3")}) != same
    site = digest()
    assert page_key(site, "r/", record(), "x", same) != page_key(site, "r/", record(), "x")


def test_old_page_files_go_and_other_files_stay(tmp_path):
    cache = PageCache(DiskCache(str(tmp_path)))
    old = tmp_path / ("a" * 40 + "-0.1.0-f7-py312.pickle")  # an earlier release's page
    old.write_bytes(b"old")
    (tmp_path / "README").write_text("not ours", encoding="utf-8")
    cache.put("b" * 40, "i", "f")
    cache.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README", "b" * 40 + ".json"]


K1, K2 = "1" * 40, "2" * 40  # page keys are hex digests


def test_the_folder_keeps_what_the_last_build_used(tmp_path):
    cache = PageCache(DiskCache(str(tmp_path / "pages")))
    assert cache.get(K1) is None
    cache.put(K1, "indexed", "full")
    cache.put(K2, "indexed 2", "full 2")
    cache.prune()
    assert PageCache(DiskCache(cache.folder)).get(K1) == ("indexed", "full")
    # The next build uses K2 only: K1 goes.
    assert cache.get(K2) == ("indexed 2", "full 2")
    cache.prune()
    assert [p.name for p in (tmp_path / "pages").iterdir()] == [
        Path(cache.store._path(K2)).name]


def test_a_damaged_file_is_a_miss(tmp_path):
    cache = PageCache(DiskCache(str(tmp_path)))
    Path(cache.store._path("k")).write_bytes(b"not a cache file")
    assert cache.get("k") is None
    cache.put("k", "a", "b")
    path = Path(cache.store._path("k"))
    header, payload = path.read_bytes().split(b"\n")
    wrong = b'["a", "b", "c"]'  # three strings, not two
    fields = {**json.loads(header), "sha256": hashlib.sha256(wrong).hexdigest()}
    path.write_bytes(json.dumps(fields).encode() + b"\n" + wrong)
    assert cache.get("k") is None
    cache.put("k", "a", "b")
    assert cache.get("k") == ("a", "b")
