"""What the disk cache's JSON files cost against pickle, and a warm build against an earlier plugin.

    python benchmarks/cache_formats.py [--size M] [--repeats 5] [--runs 5] [--before REF]

The disk cache is JSON with a header and a checksum (a cache is untrusted input,
and reading a pickle runs code). This measures what that costs, in two parts:

1. **Files.** The corpus of `--size` is generated (benchmarks/corpus.py) and
   built once, cold, with the scholar plugin; that build leaves its cache. For
   each file of it, in this process: the plugin's own load (read, header,
   checksum, JSON, shape check, values made) and save (values to JSON, checksum,
   write and rename), and, as the baseline measured in the same run, what the
   pickle cache did with the same values: `pickle.load` from a file and
   `pickle.dump` into a temporary file renamed into place. Each time is the
   least of `--repeats` tries; the collector is paused around both loads, as the
   plugin pauses it. Totals per kind of file (`bib`, `formatted`, `citations`,
   `page`) and their ratios are printed.
2. **Warm builds.** With `--before REF` (a commit of this repository whose
   plugin wrote pickles, `f500219` for instance), that plugin is checked out
   in a temporary worktree and put first on PYTHONPATH. In each of `--runs`
   runs each plugin builds cold, then warm after one sentence is appended to a
   page (as benchmarks/run.py does); the two take turns going first. Printed:
   the median CPU time of each, and the median of the per-run ratios now /
   before, with their range. `--runs 0` leaves this part out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (sibling modules, not a package)
import run  # noqa: E402

from mkdocs_scholar.core import collector  # noqa: E402
from mkdocs_scholar.core.bib_cache import PARSED_FILE  # noqa: E402
from mkdocs_scholar.core.disk_cache import DiskCache  # noqa: E402
from mkdocs_scholar.core.formatted_cache import FORMATTED  # noqa: E402
from mkdocs_scholar.core.page_cache import FILLED_PAGE  # noqa: E402
from mkdocs_scholar.core.records import PACKED_CITATIONS  # noqa: E402

CODECS = {codec.kind: codec for codec in (PARSED_FILE, FORMATTED, PACKED_CITATIONS, FILLED_PAGE)}
CACHE = Path(".cache") / "plugin" / "scholar"  # the cache_dir default, in the corpus folder


# -- part 1: the files ----------------------------------------------------------------------


def cache_files(folder: Path) -> list[tuple[Path, str]]:
    """Every cache file under `folder` with the kind its header names."""
    found = []
    for path in sorted(folder.rglob("*.json")):
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
        found.append((path, header["kind"]))
    return found


def least(repeats: int, action) -> float:
    """The least wall time of `repeats` calls of `action`, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _pickle_save(folder: str, value) -> str:
    # What the pickle cache's save did: a temporary file, then a rename.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    target = os.path.join(folder, "value.pickle")
    os.replace(temporary, target)
    return target


def _pickle_load(path: str):
    with open(path, "rb") as handle, collector.paused():
        return pickle.load(handle)


def measure_file(path: Path, kind: str, repeats: int, scratch: str) -> dict:
    codec = CODECS[kind]
    reader = DiskCache(str(path.parent))
    name = path.stem
    value = reader.load(name, codec)
    if value is None:
        raise RuntimeError(f"{path}: the plugin does not read its own file back")
    writer = DiskCache(scratch)
    pickled = _pickle_save(scratch, value)
    if _pickle_load(pickled) != value:
        raise RuntimeError(f"{path}: the value does not survive pickle")
    return {
        "kind": kind,
        "json_bytes": path.stat().st_size,
        "pickle_bytes": os.path.getsize(pickled),
        "json_load": least(repeats, lambda: reader.load(name, codec)),
        "pickle_load": least(repeats, lambda: _pickle_load(pickled)),
        "json_save": least(repeats, lambda: writer.save("value", value, codec)),
        "pickle_save": least(repeats, lambda: _pickle_save(scratch, value)),
    }


def files_table(rows: list[dict]) -> str:
    kinds: dict[str, list[dict]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    kinds["all"] = rows
    lines = ["| kind | files | JSON KB | pickle KB | JSON load (ms) | pickle load (ms) "
             "| load JSON/pickle | JSON save (ms) | pickle save (ms) | save JSON/pickle |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for kind, group in kinds.items():
        total = {key: sum(row[key] for row in group) for key in
                 ("json_bytes", "pickle_bytes", "json_load", "pickle_load", "json_save",
                  "pickle_save")}
        lines.append(
            f"| {kind} | {len(group)} | {total['json_bytes'] / 1024:.0f} "
            f"| {total['pickle_bytes'] / 1024:.0f} | {total['json_load'] * 1000:.1f} "
            f"| {total['pickle_load'] * 1000:.1f} "
            f"| {_ratio(total['json_load'], total['pickle_load'])} "
            f"| {total['json_save'] * 1000:.1f} | {total['pickle_save'] * 1000:.1f} "
            f"| {_ratio(total['json_save'], total['pickle_save'])} |")
    return "\n".join(lines)


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


# -- part 2: warm builds against an earlier plugin -------------------------------------------


@contextlib.contextmanager
def worktree(ref: str):
    """The plugin of commit `ref`, checked out in a temporary folder."""
    repo = HERE.parent
    folder = tempfile.mkdtemp(prefix="scholar-before-")
    subprocess.run(["git", "worktree", "add", "-q", "--detach", folder, ref], cwd=repo,
                   check=True)
    try:
        yield Path(folder)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", folder], cwd=repo, check=False)


def imported_from(env: dict[str, str]) -> str:
    """Where a build with `env` imports the plugin from."""
    return subprocess.run(
        [sys.executable, "-c", "import mkdocs_scholar; print(mkdocs_scholar.__file__)"],
        env=dict(os.environ, **env), capture_output=True, text=True, check=True).stdout.strip()


def warm_builds(corpus_dir: Path, envs: dict[str, dict[str, str]], runs: int) -> dict:
    config = corpus.config_path(corpus_dir, "scholar")
    page = corpus_dir / run.EDIT_PAGE
    original = page.read_bytes()
    samples: dict[str, dict[str, list[float]]] = {v: {"cold": [], "warm": []} for v in envs}
    with tempfile.TemporaryDirectory(prefix="scholar-cache-bench-") as tmp:
        for number in range(runs):
            order = list(envs) if number % 2 == 0 else list(envs)[::-1]
            for variant in order:
                site = Path(tmp) / f"{variant}-{number}"
                run.clear_caches(corpus_dir)
                cold = run.build(config, site, env=envs[variant])
                try:
                    page.write_bytes(original + run.EDIT_TEXT.encode())
                    warm = run.build(config, site, env=envs[variant])
                finally:
                    page.write_bytes(original)
                samples[variant]["cold"].append(cold["cpu_s"])
                samples[variant]["warm"].append(warm["cpu_s"])
                run.log(f"run {number + 1}/{runs} {variant:6s} cold cpu {cold['cpu_s']:6.2f} s"
                        f"  warm cpu {warm['cpu_s']:6.2f} s  load {os.getloadavg()[0]:.1f}")
    run.clear_caches(corpus_dir)
    return samples


def builds_table(samples: dict) -> str:
    before, now = samples["before"], samples["now"]
    lines = ["| build | before: CPU (s) | now: CPU (s) | now/before, per run |",
             "|---|---|---|---|"]
    for kind in ("cold", "warm"):
        ratios = [n / b for n, b in zip(now[kind], before[kind], strict=True)]
        lines.append(f"| {kind} | {statistics.median(before[kind]):.2f} "
                     f"| {statistics.median(now[kind]):.2f} | {statistics.median(ratios):.2f}x "
                     f"({min(ratios):.2f}-{max(ratios):.2f}) |")
    return "\n".join(lines)


# -- the command ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(corpus.SIZES), default="M")
    parser.add_argument("--repeats", type=int, default=5, help="tries per file (the least counts)")
    parser.add_argument("--runs", type=int, default=5, help="cold + warm build pairs per plugin")
    parser.add_argument("--before", help="a commit whose plugin to build against")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)

    corpus_dir = args.out / args.size
    load_start = [round(x, 2) for x in os.getloadavg()]
    summary = corpus.generate_size(args.size, corpus_dir)
    info = run.machine()
    info["load_average_start"] = load_start
    print(run.describe_machine(info))
    print(run.corpus_lines([{"size": args.size, "corpus": summary}]) + "\n")

    run.clear_caches(corpus_dir)
    with tempfile.TemporaryDirectory(prefix="scholar-cache-files-") as tmp:
        run.build(corpus.config_path(corpus_dir, "scholar"), Path(tmp) / "site")
        scratch = os.path.join(tmp, "scratch")
        os.mkdir(scratch)
        rows = [measure_file(path, kind, args.repeats, scratch)
                for path, kind in cache_files(corpus_dir / CACHE)]
    run.clear_caches(corpus_dir)
    print(f"The cache of one cold build, file by file (least of {args.repeats} tries each):\n")
    print(files_table(rows))

    if args.before and args.runs > 0:
        with worktree(args.before) as folder:
            envs = {"before": {"PYTHONPATH": str(folder / "plugins")}, "now": {}}
            where = {variant: imported_from(env) for variant, env in envs.items()}
            for variant in envs:
                print(f"\n{variant}: the plugin imported from {where[variant]}")
            if not where["before"].startswith(str(folder)):
                raise SystemExit(f"the plugin of {args.before} is not the one a build imports")
            samples = warm_builds(corpus_dir, envs, args.runs)
        print(f"\nBuilds of the {args.size} corpus, before = {args.before}, "
              f"{args.runs} runs (medians; ratios per run, median and range):\n")
        print(builds_table(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
