"""Build generated corpora with and without the scholar plugin; report time and memory.

    python benchmarks/run.py --sizes S,M --runs 3 --json benchmarks/out/results.json

For each size the corpus is generated afresh (benchmarks/corpus.py, deterministic)
and built with each variant:

    plain    the scholar plugin listed with ``enabled: false`` (citations stay text)
    scholar  the scholar plugin on
    csl-numeric, csl-apa  the scholar plugin with a CSL style (corpus.CSL_STYLES)
    bibtex   mkdocs-bibtex 4.4 instead (when ``import mkdocs_bibtex`` works)

Every build is a fresh process, ``python benchmarks/_measure.py mkdocs build -q
-f <yml> -d <tmp>``, which reports its own wall time and peak RSS. Per run: each
variant's cold build (no plugin cache in the corpus, empty site folder), one
after the other; then one sentence is appended to one page and each variant
rebuilds warm (the cache its cold build left kept, same site folder); the page is
restored afterwards. The variants take turns going first from one run to the
next, so that builds compared with each other run back to back.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (a sibling module, not a package)

MEASURE = HERE / "_measure.py"
# Anything the plugin may keep between builds, relative to the corpus (mkdocs.yml) folder:
# the cache_dir option's default, and an older name.
CACHE_DIRS = (".cache/plugin/scholar", ".scholar-cache",
              *(f".cache/plugin/scholar-{variant}" for variant in corpus.CSL_STYLES))
EDIT_PAGE = Path("docs") / "en" / "page-001.md"
EDIT_TEXT = "\n\nOne more sentence, appended by the benchmark to make a rebuild.\n"
TIMEOUT_S = 3600
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pybtex", "Markdown",
            "pymdown-extensions", "mkdocs-scholar", "mkdocs-bibtex")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- one build ----------------------------------------------------------------------------


def build(config: Path, site_dir: Path, *, quiet: bool = True, profile: Path | None = None,
          env: dict[str, str] | None = None) -> dict:
    """Build once in a fresh process; return its MEASURE report plus the outside wall time.
    `env` adds to the environment (another checkout of the plugin on PYTHONPATH, say)."""
    command = [sys.executable, str(MEASURE)]
    if profile is not None:
        command += ["--profile", str(profile)]
    command += ["mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if quiet:
        command.insert(command.index("build") + 1, "-q")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", **(env or {}))
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env,
                          cwd=config.parent, timeout=TIMEOUT_S)
    outside = time.perf_counter() - start
    report = None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("MEASURE "):
            report = json.loads(line[len("MEASURE "):])
            break
    if report is None or done.returncode != 0:
        raise RuntimeError(f"build failed ({done.returncode}): {' '.join(command)}\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    report["process_wall_s"] = round(outside, 4)
    report["cpu_s"] = round(report["user_s"] + report["sys_s"], 4)
    report["log"] = done.stderr
    return report


def clear_caches(corpus_dir: Path) -> None:
    for name in CACHE_DIRS:
        shutil.rmtree(corpus_dir / name, ignore_errors=True)


def bibtex_available() -> bool:
    return importlib.util.find_spec("mkdocs_bibtex") is not None


# -- one size -------------------------------------------------------------------------------


def measure_size(size: str, root: Path, runs: int, variants: list[str],
                 check_warnings: bool) -> dict:
    corpus_dir = root / size
    state = plugin_state()
    log(f"[{size}] generating corpus in {corpus_dir}; plugin at {state}")
    started = time.perf_counter()
    summary = corpus.generate_size(size, corpus_dir)
    summary["generate_s"] = round(time.perf_counter() - started, 2)
    samples: dict[str, dict[str, list[dict]]] = {v: {"cold": [], "warm": []} for v in variants}
    page = corpus_dir / EDIT_PAGE
    original = page.read_bytes()
    with tempfile.TemporaryDirectory(prefix=f"scholar-bench-{size}-") as tmp:
        for run in range(runs):
            # Builds compared with each other run one right after the other (cold with
            # cold, warm with warm), and the variants take turns going first: the
            # machine's speed drifts, and this way a pair mostly shares it.
            order = variants if run % 2 == 0 else variants[::-1]
            sites = {variant: Path(tmp) / f"{variant}-{run}" for variant in order}
            clear_caches(corpus_dir)  # plain writes no cache: each variant starts cold
            cold = {v: build(corpus.config_path(corpus_dir, v), sites[v]) for v in order}
            try:
                page.write_bytes(original + EDIT_TEXT.encode())
                warm = {v: build(corpus.config_path(corpus_dir, v), sites[v]) for v in order}
            finally:
                page.write_bytes(original)
            for variant in order:
                shutil.rmtree(sites[variant], ignore_errors=True)
                for kind, report in (("cold", cold[variant]), ("warm", warm[variant])):
                    report.pop("log")
                    samples[variant][kind].append(report)
                log(f"[{size}] run {run + 1}/{runs} {variant:8s} cold "
                    f"{cold[variant]['process_wall_s']:7.2f} s (cpu {cold[variant]['cpu_s']:6.2f})"
                    f"  warm {warm[variant]['process_wall_s']:7.2f} s "
                    f"(cpu {warm[variant]['cpu_s']:6.2f})  "
                    f"rss {cold[variant]['max_rss_kib'] / 1024:7.1f} MB  "
                    f"load {os.getloadavg()[0]:.1f}")
        warnings: dict[str, int] = {}
        if check_warnings:
            for variant in variants:
                clear_caches(corpus_dir)
                report = build(corpus.config_path(corpus_dir, variant),
                               Path(tmp) / f"{variant}-check", quiet=False)
                lines = [line for line in report["log"].splitlines()
                         if line.startswith(("WARNING", "ERROR"))]
                warnings[variant] = len(lines)
                log(f"[{size}] {variant}: {len(lines)} WARNING/ERROR lines")
                for line in lines[:5]:
                    log(f"    {line}")
    clear_caches(corpus_dir)
    result = {"size": size, "runs": runs, "plugin_at_start": state, "plugin_at_end": plugin_state(),
              "corpus": summary, "variants": {}}
    for variant in variants:
        cold, warm = samples[variant]["cold"], samples[variant]["warm"]
        result["variants"][variant] = {
            "cold_s": _median(cold, "process_wall_s"),
            "warm_s": _median(warm, "process_wall_s"),
            "cold_inprocess_s": _median(cold, "wall_s"),
            "cold_cpu_s": _median(cold, "cpu_s"),
            "warm_cpu_s": _median(warm, "cpu_s"),
            "rss_mb": _median(cold, "max_rss_kib") / 1024,
            "warm_rss_mb": _median(warm, "max_rss_kib") / 1024,
            "warnings": warnings.get(variant),
            "samples": samples[variant],
        }
    return result


def _median(reports: list[dict], key: str) -> float:
    return statistics.median(report[key] for report in reports)


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    try:
        memory_kib = next(int(line.split()[1]) for line in
                          Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        memory_kib = 0
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "memory_gb": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "git": plugin_state(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def plugin_state() -> dict:
    """The commit of the plugin's repository and how many files under plugins/ differ."""
    git: dict = {}
    repo = HERE.parent
    try:
        git["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                                       capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "plugins"], cwd=repo,
                               capture_output=True, text=True).stdout.split("\n")
        git["plugin_files_changed"] = sum(1 for line in dirty if line.strip())
    except OSError:
        pass
    return git


# -- printing -------------------------------------------------------------------------------


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value is not None and base else "-"


def table(results: list[dict], missing: list[str]) -> str:
    head = ("size", "variant", "cold (s)", "warm (s)", "cold CPU (s)", "warm CPU (s)",
            "peak RSS (MB)", "cold/plain", "warm/plain", "mem/plain", "CPU cold/plain",
            "CPU warm/plain", "warnings")
    rows = []
    for result in results:
        variants = result["variants"]
        plain = variants.get("plain") or {}
        for name in corpus.VARIANTS:
            if name in missing:
                rows.append((result["size"], name, "not installed", *[""] * (len(head) - 3)))
                continue
            if name not in variants:
                continue
            v = variants[name]
            rows.append((
                result["size"], name, f"{v['cold_s']:.2f}", f"{v['warm_s']:.2f}",
                f"{v['cold_cpu_s']:.2f}", f"{v['warm_cpu_s']:.2f}", f"{v['rss_mb']:.1f}",
                _ratio(v["cold_s"], plain.get("cold_s")),
                _ratio(v["warm_s"], plain.get("warm_s")),
                _ratio(v["rss_mb"], plain.get("rss_mb")),
                _ratio(v["cold_cpu_s"], plain.get("cold_cpu_s")),
                _ratio(v["warm_cpu_s"], plain.get("warm_cpu_s")),
                "-" if v["warnings"] is None else str(v["warnings"]),
            ))
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
                     + " |")
    runs = ", ".join(f"{r['size']} {r.get('runs', '?')}" for r in results)
    lines.append(f"(medians of runs: {runs}. cold = no cache, empty site folder; warm = "
                 "rebuild after appending a sentence to one page; (s) = wall time of the build "
                 "process; CPU = its user + system time; RSS = median peak of the cold builds)")
    return "\n".join(lines)


def _paired_cells(pairs: list[tuple[dict, dict]]) -> list[str]:
    """Median and range of per-run ratios, from (variant samples, plain samples) pairs."""
    cells = []
    for kind, key in (("cold", "cpu_s"), ("warm", "cpu_s"), ("cold", "max_rss_kib")):
        ratios = sorted(s[key] / p[key] for samples, plain in pairs
                        for s, p in zip(samples[kind], plain[kind], strict=False))
        cells.append(f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-"
                     f"{ratios[-1]:.2f})" if len(ratios) > 1 else f"{ratios[0]:.2f}x")
    return cells


def _paired_table(rows: list[tuple], runs_head: str, note: str) -> str:
    if not rows:
        return ""
    head = ("size", "variant", runs_head, "CPU cold/plain", "CPU warm/plain", "mem/plain")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    lines.append(note)
    return "\n".join(lines)


def _with_plain(results: list[dict]):
    """(result, variant name, its samples, plain's samples) for every measured variant."""
    for result in results:
        variants = result["variants"]
        plain = (variants.get("plain") or {}).get("samples")
        if not plain:
            continue
        for name in corpus.VARIANTS:
            if name != "plain" and name in variants:
                yield result, name, variants[name]["samples"], plain


def paired(results: list[dict]) -> str:
    """Each run's own ratios to plain, then their median and range.

    A variant and plain are built one right after the other in each run, so a
    slow spell of the machine mostly hits both: a ratio within a run is steadier
    than the ratio of two medians taken across runs."""
    rows = [(result["size"], name, str(len(samples["cold"])), *_paired_cells([(samples, plain)]))
            for result, name, samples, plain in _with_plain(results)]
    return _paired_table(rows, "runs", (
        "(per run: the variant's CPU time or peak RSS over plain's in the same run; "
        "the median of those ratios, with their lowest and highest in brackets)"))


def pooled(results: list[dict]) -> str:
    """The paired ratios of every run of the same size and variant, from several rounds.

    One round's median moves with the machine's mood; the runs of several rounds
    together say more. Only sizes and variants measured in more than one round."""
    groups: dict[tuple[str, str], list] = {}
    for result, name, samples, plain in _with_plain(results):
        groups.setdefault((result["size"], name), []).append((result, samples, plain))
    rows = []
    for (size, name), members in groups.items():
        if len(members) < 2:
            continue
        rounds = ", ".join(
            f"{(result.get('plugin_at_start') or {}).get('commit') or '?'} x{len(samples['cold'])}"
            for result, samples, _ in members)
        rows.append((size, name, rounds,
                     *_paired_cells([(samples, plain) for _, samples, plain in members])))
    return _paired_table(rows, "rounds (commit x runs)", (
        "(every run of every round given: the per-run ratios of all of them together, "
        "their median and range)"))


#: CPU ratios to plain a variant must stay within (cold, warm); None: no target, only
#: the figure (APA through citeproc-py, cold: as fast as it can be made).
TARGETS = {"scholar": (1.5, 1.1), "csl-numeric": (2.0, 1.1), "csl-apa": (None, 1.1)}


def targets(results: list[dict]) -> str:
    """Each variant's CPU ratios to plain beside its targets: the median of the per-run
    ratios, and the ratio of the fastest builds. A busy machine only ever adds time, so
    the fastest of several builds is the closest to the work itself (timeit's advice);
    the median says what a typical build costs on this machine today."""
    rows = []
    for result, name, samples, plain in _with_plain(results):
        if name not in TARGETS:
            continue
        cells = []
        for (kind, limit) in zip(("cold", "warm"), TARGETS[name], strict=True):
            ratios = [s["cpu_s"] / p["cpu_s"]
                      for s, p in zip(samples[kind], plain[kind], strict=False)]
            ratio = statistics.median(ratios)
            fastest = (min(s["cpu_s"] for s in samples[kind])
                       / min(p["cpu_s"] for p in plain[kind]))
            if limit is None:
                verdict = "no target"
            elif ratio <= limit and fastest <= limit:
                verdict = "met"
            elif fastest <= limit:
                verdict = "met by the fastest"
            else:
                verdict = "NOT met"
            cells += ["-" if limit is None else f"<= {limit:.1f}x", f"{ratio:.2f}x",
                      f"{fastest:.2f}x", verdict]
        rows.append((result["size"], name, str(len(samples["cold"])), *cells))
    if not rows:
        return ""
    head = ("size", "variant", "runs", "cold target", "CPU cold/plain", "fastest", "cold",
            "warm target", "CPU warm/plain", "fastest", "warm")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    lines.append("(targets against plain in the same run: CPU warm/plain and cold/plain are "
                 "the median of the per-run CPU ratios; fastest = the variant's least CPU "
                 "time over plain's least)")
    return "\n".join(lines)


def growth(results: list[dict]) -> str:
    """The plugin's own cost (scholar - plain) per page and per citation, size by size."""
    rows = []
    for result in results:
        variants = result["variants"]
        if "plain" not in variants or "scholar" not in variants:
            continue
        c = result["corpus"]
        plain, scholar = variants["plain"], variants["scholar"]
        cites = c["citation_groups"]
        rows.append({
            "size": result["size"], "pages": c["pages"], "cites": cites,
            "entries": c["entries"],
            "wall": scholar["cold_s"] - plain["cold_s"],
            "warm": scholar["warm_s"] - plain["warm_s"],
            "cpu": scholar["cold_cpu_s"] - plain["cold_cpu_s"],
            "plain_cpu": plain["cold_cpu_s"],
            "mb": scholar["rss_mb"] - plain["rss_mb"],
        })
    if not rows:
        return ""
    lines = ["| size | pages | citations | entries | plugin cold (s) | plugin warm (s) "
             "| plugin CPU (s) | CPU ms/page | CPU ms/citation | plain CPU ms/page "
             "| plugin MB | plugin KB/citation |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['pages']} | {r['cites']} | {r['entries']} | {r['wall']:.2f} "
            f"| {r['warm']:.2f} | {r['cpu']:.2f} | {1000 * r['cpu'] / r['pages']:.1f} "
            f"| {1000 * r['cpu'] / r['cites'] if r['cites'] else 0:.2f} "
            f"| {1000 * r['plain_cpu'] / r['pages']:.1f} | {r['mb']:.1f} "
            f"| {1024 * r['mb'] / r['cites'] if r['cites'] else 0:.1f} |")
    lines.append("(plugin = scholar - plain, medians of cold builds unless marked warm; pages "
                 "and citations count both languages; citations = citation groups)")
    ordered = [r for size in ("S", "M", "L") for r in rows if r["size"] == size]
    steps = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        factors = (f"pages x{b['pages'] / a['pages']:.1f}, citations x{b['cites'] / a['cites']:.1f}"
                   f", entries x{b['entries'] / a['entries']:.1f}")
        cpu = f"x{b['cpu'] / a['cpu']:.1f}" if a["cpu"] > 0 else "-"
        mb = f"x{b['mb'] / a['mb']:.1f}" if a["mb"] > 0 else "-"
        steps.append(f"{a['size']}->{b['size']}: {factors}; plugin CPU {cpu}, memory {mb}")
    if steps:
        lines.append("growth (linear: the plugin's factor stays within the corpus factors):")
        lines.extend("  " + step for step in steps)
    return "\n".join(lines)


def describe_machine(m: dict) -> str:
    v = m["versions"]
    git = m.get("git", {})
    return (f"machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), "
            f"{m['memory_gb']} GB; Python {m['python']}\n"
            f"mkdocs {v['mkdocs']}, mkdocs-material {v['mkdocs-material']}, "
            f"mkdocs-static-i18n {v['mkdocs-static-i18n']}, pybtex {v['pybtex']}, "
            f"Markdown {v['Markdown']}, pymdown-extensions {v['pymdown-extensions']}, "
            f"mkdocs-bibtex {v['mkdocs-bibtex'] or 'not installed'}\n"
            f"mkdocs-scholar {v['mkdocs-scholar']} at {git.get('commit', '?')} "
            f"({git.get('plugin_files_changed', '?')} uncommitted file(s) under plugins/); "
            f"{m['date']}; load average at the end {m['load_average']}, at the start "
            f"{m.get('load_average_start', '?')}")


def corpus_lines(results: list[dict]) -> str:
    lines = []
    for result in results:
        c = result["corpus"]
        lines.append(f"{result['size']}: {c['pages_per_lang']} pages x {len(c['langs'])} langs,"
                     f" {c['entries']} entries ({c['cited_keys']} cited), "
                     f"{c['citation_groups_per_lang']} citation groups "
                     f"({c['citation_keys_per_lang']} keys), {c['figures_per_lang']} figures, "
                     f"{c['xrefs_per_lang']} figure references per language")
    return "\n".join(lines)


def report(info: dict, results: list[dict], missing: list[str]) -> str:
    return "\n\n".join(part for part in (
        describe_machine(info), corpus_lines(results), table(results, missing),
        paired(results), targets(results), growth(results)) if part)


# -- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L, shared")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default=",".join(corpus.VARIANTS))
    parser.add_argument("--out", default=str(HERE / "out"), help="where corpora are generated")
    parser.add_argument("--json", help="write all numbers (and every sample) to this file")
    parser.add_argument("--check-warnings", action="store_true",
                        help="also build each variant once without -q and count WARNING lines")
    parser.add_argument("--from-json", nargs="+", metavar="FILE",
                        help="build nothing: print the tables of earlier --json files together, "
                             "and the paired ratios of all their runs pooled by size")
    args = parser.parse_args(argv)

    if args.from_json:
        loaded = [json.loads(Path(name).read_text(encoding="utf-8")) for name in args.from_json]
        results = [{"runs": data.get("runs"), **result}
                   for data in loaded for result in data["results"]]
        missing = sorted({name for data in loaded for name in data.get("missing", [])})
        print(report(loaded[0]["machine"], results, missing))
        together = pooled(results)
        if together:
            print("\n" + together)
        return 0

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size not in corpus.SIZES:
            parser.error(f"unknown size {size!r}; one of {', '.join(corpus.SIZES)}")
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    missing = []
    if "bibtex" in variants and not bibtex_available():
        variants.remove("bibtex")
        missing.append("bibtex")
        log("mkdocs-bibtex is not installed: its variant is reported as not installed")

    root = Path(args.out)
    root.mkdir(parents=True, exist_ok=True)
    load_start = [round(x, 2) for x in os.getloadavg()]
    # One untimed build first, so the first measured build does not pay for a cold disk cache.
    corpus.generate_size("S", root / "_warmup")
    build(corpus.config_path(root / "_warmup", variants[0]), root / "_warmup" / "site")
    shutil.rmtree(root / "_warmup", ignore_errors=True)

    results = [measure_size(size, root, args.runs, variants, args.check_warnings)
               for size in sizes]
    info = machine()
    info["load_average_start"] = load_start
    print(report(info, results, missing))
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"machine": info, "runs": args.runs, "missing": missing, "results": results},
            indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
