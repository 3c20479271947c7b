"""The benchmark's report: paired ratios per round and pooled over rounds.

The numbers the targets are judged by come from these tables, so they are
checked on samples whose ratios are known.
"""

from __future__ import annotations

import json

import pytest

from conftest import benchmark_script

MACHINE = {
    "cpu": "test CPU", "cores": 2, "cores_usable": 2, "memory_gb": 1, "python": "3",
    "date": "today", "load_average": [0, 0, 0],
    "versions": dict.fromkeys(("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pybtex",
                               "Markdown", "pymdown-extensions", "mkdocs-bibtex",
                               "mkdocs-scholar"), "1"),
}


@pytest.fixture(scope="module")
def run():
    with benchmark_script("run") as module:
        yield module


def _sample(cpu: float, rss_kib: int = 1000) -> dict:
    return {"user_s": cpu, "sys_s": 0.0, "cpu_s": cpu, "max_rss_kib": rss_kib, "wall_s": cpu}


def _result(size: str, commit: str, plain_cpu: list[float], scholar_cpu: list[float],
            warm_factor: float = 1.0) -> dict:
    def samples(cpus, factor, rss):
        return {"cold": [_sample(c, rss) for c in cpus],
                "warm": [_sample(c * factor, rss) for c in cpus]}

    def medians(cpus, factor, rss):
        middle = sorted(cpus)[len(cpus) // 2]
        return {"cold_s": middle, "warm_s": middle * factor, "cold_cpu_s": middle,
                "warm_cpu_s": middle * factor, "rss_mb": rss / 1024, "warnings": None}

    return {
        "size": size,
        "runs": len(plain_cpu),
        "corpus": {"pages_per_lang": 10, "langs": ["en", "uk"], "pages": 20, "entries": 50,
                   "cited_keys": 50, "citation_groups_per_lang": 40, "citation_groups": 80,
                   "citation_keys_per_lang": 60, "figures_per_lang": 2, "xrefs_per_lang": 4},
        "plugin_at_start": {"commit": commit, "plugin_files_changed": 0},
        "variants": {
            "plain": {"samples": samples(plain_cpu, 1.0, 1000),
                      **medians(plain_cpu, 1.0, 1000)},
            "scholar": {"samples": samples(scholar_cpu, warm_factor, 1500),
                        **medians(scholar_cpu, warm_factor, 1500)},
        },
    }


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_paired_ratios_are_per_run_medians(run):
    # Runs of 10 s, 20 s and 40 s plain; scholar 1.2, 1.4 and 1.3 times that.
    result = _result("M", "abc1234", [10, 20, 40], [12, 28, 52])
    (row,) = _rows(run.paired([result]))
    assert row[:3] == ["M", "scholar", "3"]
    assert row[3] == "1.30x (1.20-1.40)"
    assert row[4] == "1.30x (1.20-1.40)"  # warm samples scale with the cold ones here
    assert row[5] == "1.50x (1.50-1.50)"


def test_pooled_ratios_take_every_run_of_every_round(run):
    first = _result("L", "aaaaaaa", [10, 10], [11, 12])  # 1.1, 1.2
    second = _result("L", "bbbbbbb", [10, 10, 10], [13, 14, 15])  # 1.3, 1.4, 1.5
    alone = _result("S", "aaaaaaa", [10], [10])  # one round: not pooled
    (row,) = _rows(run.pooled([first, second, alone]))
    assert row[:3] == ["L", "scholar", "aaaaaaa x2, bbbbbbb x3"]
    assert row[3] == "1.30x (1.10-1.50)"  # the median of all five ratios


def test_from_json_prints_the_pooled_table(run, tmp_path, capsys):
    files = []
    for n, result in enumerate([_result("L", "aaaaaaa", [10], [11]),
                                _result("L", "bbbbbbb", [10], [13])]):
        path = tmp_path / f"round{n}.json"
        path.write_text(json.dumps({"machine": MACHINE, "runs": 1, "missing": [],
                                    "results": [result]}), encoding="utf-8")
        files.append(str(path))
    assert run.main(["--from-json", *files]) == 0
    out = capsys.readouterr().out
    pooled_rows = [row for row in _rows(out) if row[2] == "aaaaaaa x1, bbbbbbb x1"]
    assert pooled_rows and pooled_rows[0][3] == "1.20x (1.10-1.30)"


def test_the_csl_variants_configurations_name_their_styles(run, tmp_path):
    corpus = run.corpus
    corpus.generate(tmp_path, pages_per_lang=3, entries=4, cited_keys=4, cites_per_page=2,
                    figures_per_page=0, xrefs_per_page=0)
    for variant, style in (("csl-numeric", "elsevier-vancouver"), ("csl-apa", "apa")):
        assert corpus.CSL_STYLES[variant] == style
        text = corpus.config_path(tmp_path, variant).read_text(encoding="utf-8")
        assert f"      style: {style}\n" in text and "  - scholar:" in text
        assert "enabled: false" not in text
        assert f"cache_dir: .cache/plugin/scholar-{variant}" in text  # not shared
        assert f".cache/plugin/scholar-{variant}" in run.CACHE_DIRS  # cleared when cold
    assert "style:" not in corpus.config_path(tmp_path, "scholar").read_text(encoding="utf-8")


def test_the_targets_table_judges_each_variant_by_its_own_targets(run):
    result = _result("M", "abc1234", [10, 10, 10], [19, 19, 21], warm_factor=1.0)
    result["variants"]["csl-numeric"] = result["variants"].pop("scholar")
    apa = _result("M", "abc1234", [10, 10, 10], [40, 42, 44], warm_factor=0.27)
    result["variants"]["csl-apa"] = apa["variants"]["scholar"]
    rows = {row[1]: row for row in _rows(run.targets([result]))}
    assert rows["csl-numeric"][3:] == ["<= 2.0x", "1.90x", "1.90x", "met",
                                       "<= 1.1x", "1.90x", "1.90x", "NOT met"]
    assert rows["csl-apa"][3:7] == ["-", "4.20x", "4.00x", "no target"]
    # The median is 42 x 0.27 over 10; the fastest, 40 x 0.27 over 10.
    assert rows["csl-apa"][8:] == ["1.13x", "1.08x", "met by the fastest"]
    slow = _result("M", "abc1234", [10, 10, 10], [12, 12, 13])
    assert _rows(run.targets([slow]))[0][8:] == ["1.20x", "1.20x", "NOT met"]
