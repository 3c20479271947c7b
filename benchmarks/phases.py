"""Where a build spends its CPU time: each plugin's events, Markdown, templates.

    python benchmarks/phases.py --corpus benchmarks/out/M --runs 3 [--cold]

Builds the corpus (made by ``corpus.py`` or ``run.py``) with ``mkdocs-plain.yml``
and ``mkdocs-scholar.yml`` in turns, each build in a fresh process, and prints
for each phase the smallest CPU time over the runs, for both variants, and the
difference: what the plugin adds where. Warm by default (one untimed build of
each variant first, then the cache as the previous build left it); ``--cold``
deletes the cache before each build.

Each build runs this file with ``--child``: it wraps every plugin event handler,
``markdown.Markdown.convert`` and ``jinja2.Template.render`` with
``time.process_time``, times the garbage collector's runs by generation (these
overlap the other rows), and prints one ``PHASES {json}`` line. Nested times are
not subtracted: mkdocs-static-i18n builds the other languages inside its
``on_post_build``, so that row holds most of their build.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE_DIRS = (".cache/plugin/scholar", ".scholar-cache")


def _child(argv: list[str]) -> None:
    """Build once in this process, timing each phase."""
    import jinja2
    import markdown
    from mkdocs.__main__ import cli
    from mkdocs.plugins import CombinedEvent, PluginCollection

    spent: collections.Counter = collections.Counter()
    clock = time.process_time

    def timed(label: str, function):
        def wrapper(*args, **kwargs):
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += clock() - start

        wrapper.mkdocs_priority = getattr(function, "mkdocs_priority", 0)
        return wrapper

    markdown.Markdown.convert = timed("Markdown conversion", markdown.Markdown.convert)
    jinja2.Template.render = timed("template rendering", jinja2.Template.render)
    register = PluginCollection._register_event

    def register_timed(self, event_name, method, plugin_name=None):
        if isinstance(method, CombinedEvent):  # MkDocs registers its parts one by one
            return register(self, event_name, method, plugin_name)
        return register(self, event_name, timed(f"{plugin_name}.on_{event_name}", method),
                        plugin_name)

    PluginCollection._register_event = register_timed
    collecting = {}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["since"] = clock()
        elif "since" in collecting:
            spent[f"garbage collection, generation {info['generation']}"] += (
                clock() - collecting.pop("since"))
            spent[f"garbage collections, generation {info['generation']} (count)"] += 1

    gc.callbacks.append(on_gc)
    start = clock()
    cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    spent["whole build"] = clock() - start
    print("PHASES " + json.dumps(spent), flush=True)


def _build(corpus: Path, variant: str, site: Path, cold: bool) -> dict:
    if cold:
        for folder in CACHE_DIRS:
            shutil.rmtree(corpus / folder, ignore_errors=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "build", "-q",
               "-f", f"mkdocs-{variant}.yml", "-d", str(site)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    done = subprocess.run(command, cwd=corpus, capture_output=True, text=True, env=env,
                          check=False)
    for line in done.stdout.splitlines():
        if done.returncode == 0 and line.startswith("PHASES "):
            return json.loads(line[len("PHASES "):])
    raise RuntimeError(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True,
                        help="a generated corpus folder (with mkdocs-plain.yml)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="delete the plugin's cache first")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    results: dict[str, list[dict]] = {"plain": [], "scholar": []}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.cold:  # warm: the cache must exist before the first measured build
            for variant in results:
                _build(corpus, variant, Path(tmp) / variant, cold=False)
        for _ in range(args.runs):
            for variant in results:
                results[variant].append(_build(corpus, variant, Path(tmp) / variant, args.cold))
    phases = {name for runs in results.values() for run in runs for name in run}

    def least(variant: str, name: str) -> float:
        return min(run.get(name, 0.0) for run in results[variant])

    rows = sorted(phases, key=lambda name: -max(least("plain", name), least("scholar", name)))
    print(f"{corpus.name}, {'cold' if args.cold else 'warm'}, least CPU seconds of "
          f"{args.runs} run(s)\n")
    print("| phase | plain | scholar | difference |\n|---|---|---|---|")
    for name in rows:
        plain, scholar = least("plain", name), least("scholar", name)
        if name.endswith("(count)"):
            print(f"| {name} | {plain:.0f} | {scholar:.0f} | {scholar - plain:+.0f} |")
        elif max(plain, scholar) >= 0.01:
            print(f"| {name} | {plain:.2f} | {scholar:.2f} | {scholar - plain:+.2f} |")
    # Builds of the two variants ran in turns: each pair shares the machine's mood.
    pairs = sorted(s["whole build"] - p["whole build"]
                   for p, s in zip(results["plain"], results["scholar"], strict=True))
    ratios = sorted(s["whole build"] / p["whole build"]
                    for p, s in zip(results["plain"], results["scholar"], strict=True))
    print(f"\nwhole build, scholar - plain, run by run: median {statistics.median(pairs):+.2f} s "
          f"({pairs[0]:+.2f} to {pairs[-1]:+.2f}); scholar / plain: median "
          f"{statistics.median(ratios):.3f} ({ratios[0]:.3f} to {ratios[-1]:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
