"""DiskCache: what it saves comes back; what it cannot read is a miss, never an error."""

from __future__ import annotations

import gc
import os

import pytest

from mkdocs_scholar.core.disk_cache import DiskCache


class _Witness:
    """Notes whether the garbage collector could run while it was unpickled."""

    collector_on_at_load: list[bool] = []

    def __setstate__(self, state):
        self.__dict__.update(state)
        _Witness.collector_on_at_load.append(gc.isenabled())


def test_what_is_saved_comes_back_and_the_rest_is_a_miss(tmp_path):
    cache = DiskCache(str(tmp_path / "cache"))
    assert cache.load("absent") is None
    cache.save("value", {"a": (1, "b")})
    assert cache.load("value") == {"a": (1, "b")}
    for name in os.listdir(cache.folder):  # a broken file is a miss
        with open(os.path.join(cache.folder, name), "wb") as handle:
            handle.write(b"not a pickle")
    assert cache.load("value") is None


def test_saving_where_no_folder_can_be_made_is_only_a_miss(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    cache = DiskCache(str(tmp_path / "file" / "cache"))
    cache.save("value", 1)  # no exception
    assert cache.load("value") is None


def test_delete_except_keeps_only_the_names_given(tmp_path):
    cache = DiskCache(str(tmp_path / "cache"))
    for name in ("a", "b", "c"):
        cache.save(name, name)
    cache.delete_except({"b"})
    assert [cache.load(name) for name in ("a", "b", "c")] == [None, "b", None]


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_pauses_the_collector_and_restores_it(tmp_path, enabled):
    cache = DiskCache(str(tmp_path / "cache"))
    witness = _Witness()
    witness.value = 1
    cache.save("witness", [witness])
    _Witness.collector_on_at_load.clear()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        loaded = cache.load("witness")
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert loaded[0].value == 1
    assert _Witness.collector_on_at_load == [False]
    assert after is enabled
