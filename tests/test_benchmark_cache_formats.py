"""benchmarks/cache_formats.py: it reads the plugin's own cache files, measures
both formats on the same values, and its tables add up."""

from __future__ import annotations

import os
import pickle

import pytest

from conftest import benchmark_script
from mkdocs_scholar.core.disk_cache import DiskCache
from mkdocs_scholar.core.page_cache import FILLED_PAGE
from mkdocs_scholar.core.records import PACKED_CITATIONS


@pytest.fixture(scope="module")
def bench():
    with benchmark_script("cache_formats") as module:
        yield module


def _rows(table: str) -> dict[str, list[str]]:
    rows = [[cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    return {row[0]: row[1:] for row in rows}


def test_each_file_is_measured_in_both_formats_on_the_value_it_holds(bench, tmp_path):
    cache = DiskCache(str(tmp_path / "cache"))
    cache.child("pages").save("a" * 40, ("<p>indexed</p>", "<p>Mg<sup>2+</sup></p>"), FILLED_PAGE)
    citations = {"[@alpha2020]": ("[@alpha2020]", False, "alpha2020", "", "", False)}
    cache.save("citations", citations, PACKED_CITATIONS)
    found = bench.cache_files(tmp_path / "cache")
    assert [(path.relative_to(tmp_path / "cache").as_posix(), kind) for path, kind in found] == [
        ("citations.json", "citations"), ("pages/" + "a" * 40 + ".json", "page")]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    rows = [bench.measure_file(path, kind, 2, str(scratch)) for path, kind in found]
    page = rows[1]
    assert page["json_bytes"] == os.path.getsize(found[1][0])
    value = pickle.loads((scratch / "value.pickle").read_bytes())
    assert value == ("<p>indexed</p>", "<p>Mg<sup>2+</sup></p>")  # the last file's value
    assert page["pickle_bytes"] == len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    assert all(row[key] > 0 for row in rows for key in
               ("json_load", "pickle_load", "json_save", "pickle_save"))


def test_a_file_the_plugin_cannot_read_back_stops_the_benchmark(bench, tmp_path):
    cache = DiskCache(str(tmp_path))
    cache.save("citations", {"@a": ("@a", True, "a", "", "", False)}, PACKED_CITATIONS)
    path = tmp_path / "citations.json"
    path.write_bytes(path.read_bytes() + b" ")  # the checksum no longer matches
    with pytest.raises(RuntimeError, match="does not read its own file back"):
        bench.measure_file(path, "citations", 1, str(tmp_path))


def test_the_files_table_totals_each_kind_and_all(bench):
    def row(kind, json_load, pickle_load):
        return {"kind": kind, "json_bytes": 2048, "pickle_bytes": 1024, "json_load": json_load,
                "pickle_load": pickle_load, "json_save": 0.004, "pickle_save": 0.002}

    table = _rows(bench.files_table([row("page", 0.003, 0.001), row("page", 0.001, 0.001),
                                     row("bib", 0.002, 0.002)]))
    assert table["page"] == ["2", "4", "2", "4.0", "2.0", "2.00x", "8.0", "4.0", "2.00x"]
    assert table["bib"][5] == "1.00x"
    assert table["all"][:5] == ["3", "6", "3", "6.0", "4.0"] and table["all"][5] == "1.50x"


def test_the_builds_table_gives_medians_and_per_run_ratios(bench):
    samples = {"before": {"cold": [10, 20, 40], "warm": [5, 5, 5]},
               "now": {"cold": [11, 24, 44], "warm": [5, 4.5, 6]}}
    table = _rows(bench.builds_table(samples))
    assert table["cold"] == ["20.00", "24.00", "1.10x (1.10-1.20)"]
    assert table["warm"] == ["5.00", "5.00", "1.00x (0.90-1.20)"]
