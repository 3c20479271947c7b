"""DiskCache: what it saves comes back; whatever else a file holds is a miss, never
an error, and never code that runs."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import re

import pytest

from mkdocs_scholar.core.cache_schema import expect, thaw, to_data
from mkdocs_scholar.core.disk_cache import SCHEMA, Codec, DiskCache, checksum

VALUES = Codec("values", to_data, lambda data: thaw(data, "values"))


def _numbers(data):
    expect(isinstance(data, list) and all(type(item) is int for item in data), "numbers")
    return tuple(data)


NUMBERS = Codec("numbers", list, _numbers)


@pytest.fixture
def debug(caplog):
    caplog.set_level(logging.DEBUG, logger="mkdocs_scholar")
    return caplog


def test_what_is_saved_comes_back(tmp_path):
    cache = DiskCache(str(tmp_path / "cache"))
    assert cache.load("absent", VALUES) is None
    cache.save("value", ("a", (1, "b"), None, True, 2.5, "Мg²⁺"), VALUES)
    assert cache.load("value", VALUES) == ("a", (1, "b"), None, True, 2.5, "Мg²⁺")
    assert os.listdir(cache.folder) == ["value.json"]


def test_a_file_is_a_header_and_a_payload_of_json(tmp_path):
    cache = DiskCache(str(tmp_path))
    cache.save("n", (1, 2), NUMBERS)
    header, payload = (tmp_path / "n.json").read_bytes().split(b"\n")
    header = json.loads(header)
    assert header["cache"] == "mkdocs-scholar cache" and header["kind"] == "numbers"
    assert header["schema"] == SCHEMA and json.loads(payload) == [1, 2]


TEXTS = Codec("texts", list, lambda data: tuple(data), texts=True)


def test_texts_are_stored_as_they_are_with_their_lengths_in_the_header(tmp_path):
    cache = DiskCache(str(tmp_path))
    page = ('<p class="x">Mg<sup>2+</sup>\n«лапки»</p>', "", "\\ \" \u2028")
    cache.save("p", page, TEXTS)
    header, _, payload = (tmp_path / "p.json").read_bytes().partition(b"\n")
    header = json.loads(header)
    assert payload == "".join(page).encode("utf-8")  # no JSON escaping to undo
    assert header["lengths"] == [len(text.encode("utf-8")) for text in page]
    assert header["sha256"] == checksum(payload, header["lengths"])
    assert cache.load("p", TEXTS) == page


def test_the_checksum_covers_where_one_text_ends(tmp_path, debug):
    cache = DiskCache(str(tmp_path))
    cache.save("p", ("abc", "defg"), TEXTS)
    path = tmp_path / "p.json"
    header, _, payload = path.read_bytes().partition(b"\n")
    moved = json.loads(header) | {"lengths": [4, 3]}  # "abcd", "efg": two valid texts
    path.write_bytes(json.dumps(moved).encode() + b"\n" + payload)
    assert cache.load("p", TEXTS) is None
    assert "checksum" in debug.records[-1].getMessage()


def _rewritten(path, lengths, payload: bytes) -> None:
    header = json.loads(path.read_bytes().partition(b"\n")[0])
    header.update(lengths=lengths, sha256=checksum(payload, lengths))
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize("lengths, payload", [
    ([3, 3], b"abcdefg"),  # one byte more than the lengths say
    ([4, 4], b"abcdefg"),
    ([-1, 8], b"abcdefg"),
    ([True, 6], b"abcdefg"),
    ("7", b"abcdefg"),
    (None, b"abcdefg"),
    ([1, 2], b"\xd0\x89\x98"),  # the lengths cut a letter in two
    ([3], b"\x89\x98\xd0"),  # not UTF-8
])
def test_texts_whose_lengths_do_not_match_are_absent(tmp_path, debug, lengths, payload):
    cache = DiskCache(str(tmp_path))
    cache.save("p", ("abc", "defg"), TEXTS)
    _rewritten(tmp_path / "p.json", lengths, payload)
    assert cache.load("p", TEXTS) is None
    assert "wrong shape" in debug.records[-1].getMessage()


def test_texts_that_are_not_strings_are_not_saved(tmp_path, debug):
    cache = DiskCache(str(tmp_path))
    cache.save("p", ("abc", 42), TEXTS)
    assert os.listdir(tmp_path) == []
    assert "'p' is not saved" in debug.records[-1].getMessage()


class _Bomb:
    """A pickle that, if it were ever loaded, would leave a trace."""

    ran: list[str] = []

    def __reduce__(self):
        return _Bomb.ran.append, ("code ran",)


# Files a restored or downloaded cache may hold instead of ours; the first two came
# from fuzzing the pickle cache, on which they stopped every later build.
DAMAGED = {
    "bytes that stopped pickle": b"\x89\x98\xd0",
    "a pickled 42": pickle.dumps(42),
    "a pickle that runs code": pickle.dumps(_Bomb()),
    "empty": b"",
    "not json": b"not a cache",
    "a header and nothing else": b'{"cache":"mkdocs-scholar cache"}',
    "json of another shape": b'[1, 2, 3]',
    "half a file": None,  # the real file cut in two
    "one byte changed": None,
    "another kind": None,
    "another version": None,
    "a payload of the wrong shape": None,
}


def _damaged(real: bytes, case: str) -> bytes:
    header, payload = real.split(b"\n")
    fields = json.loads(header)
    if case == "half a file":
        return real[:len(real) // 2]
    if case == "one byte changed":
        return header + b"\n" + payload.replace(b"1", b"7")
    if case == "another kind":
        return json.dumps({**fields, "kind": "values"}).encode() + b"\n" + payload
    if case == "another version":
        return json.dumps({**fields, "version": "0.0.1"}).encode() + b"\n" + payload
    if case == "a payload of the wrong shape":  # a valid checksum of a wrong value
        wrong = b'["one", "two"]'
        sha = hashlib.sha256(wrong).hexdigest()
        return json.dumps({**fields, "sha256": sha}).encode() + b"\n" + wrong
    return DAMAGED[case]


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_file_is_absent_says_why_and_is_replaced(tmp_path, debug, case):
    cache = DiskCache(str(tmp_path))
    cache.save("n", (1, 2, 3), NUMBERS)
    path = tmp_path / "n.json"
    path.write_bytes(_damaged(path.read_bytes(), case))
    _Bomb.ran.clear()
    assert cache.load("n", NUMBERS) is None
    assert _Bomb.ran == []
    lines = [r.getMessage() for r in debug.records if r.levelno == logging.DEBUG]
    assert len(lines) == 1 and str(path) in lines[0] and "it will be replaced" in lines[0]
    assert not [r for r in debug.records if r.levelno > logging.DEBUG]
    cache.save("n", (4,), NUMBERS)
    assert cache.load("n", NUMBERS) == (4,)


def test_a_folder_in_place_of_a_file_is_absent(tmp_path, debug):
    cache = DiskCache(str(tmp_path))
    (tmp_path / "n.json").mkdir()
    assert cache.load("n", NUMBERS) is None
    assert "cannot be read" in debug.records[-1].getMessage()


def test_a_value_the_codec_cannot_write_is_not_saved(tmp_path, debug):
    cache = DiskCache(str(tmp_path))
    cache.save("v", (object,), VALUES)
    assert os.listdir(tmp_path) == []
    assert "'v' is not saved" in debug.records[-1].getMessage()


def test_an_unwritable_folder_gets_one_info_line_for_all_its_files(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs_scholar")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    cache = DiskCache(str(tmp_path / "file" / "cache"))
    pages = cache.child("pages")
    for name in "abc":
        cache.save(name, (1,), NUMBERS)
        pages.save(name, (1,), NUMBERS)
    assert cache.load("a", NUMBERS) is None
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 1
    assert str(tmp_path / "file" / "cache") in infos[0] and "cache_dir" in infos[0]


def test_delete_except_keeps_the_names_given_and_files_not_its_own(tmp_path):
    cache = DiskCache(str(tmp_path))
    for name in ("a", "b", "c"):
        cache.save(name, (1,), NUMBERS)
    (tmp_path / "a-0.1.0-f7-py312.pickle").write_bytes(b"old")  # an earlier release's
    (tmp_path / "notes.txt").write_text("someone else's", encoding="utf-8")
    (tmp_path / "x.tmp").write_bytes(b"another build, writing")
    cache.delete_except({"b"}, re.compile(r"[abc](\.json|-.+\.pickle)"))
    assert sorted(os.listdir(tmp_path)) == ["b.json", "notes.txt", "x.tmp"]


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_pauses_the_collector_and_restores_it(tmp_path, enabled):
    seen = []

    def decode(data):
        seen.append(gc.isenabled())
        return tuple(data)

    codec = Codec("witness", list, decode)
    cache = DiskCache(str(tmp_path))
    cache.save("w", (1,), codec)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        loaded = cache.load("w", codec)
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert loaded == (1,) and seen == [False] and after is enabled
