"""How long `mkdocs-scholar check` takes on this site: medians over several runs.

    python benchmarks/check_speed.py [--runs 5]

Each run is a new process (what an editor or CI pays), with and without the
disk cache (`.cache/plugin/scholar`). Prints the medians in seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "plugin" / "scholar"


def once() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs_scholar", "check", "--no-info"], cwd=ROOT,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cold = []
    for _ in range(runs):
        shutil.rmtree(CACHE, ignore_errors=True)
        cold.append(once())
    warm = [once() for _ in range(runs)]
    print(f"mkdocs-scholar check on this site, {runs} runs each:")
    print(f"  without the disk cache: median {statistics.median(cold):.2f} s")
    print(f"  with the disk cache:    median {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
