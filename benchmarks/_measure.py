"""Run one MkDocs command in this process and report its own wall time and peak memory.

    python benchmarks/_measure.py mkdocs build -q -f corpus/mkdocs-scholar.yml -d /tmp/site
    python benchmarks/_measure.py --profile scholar.prof mkdocs build -q -f ...

``--profile`` writes cProfile statistics timed in CPU time (``time.process_time``),
so that other processes on the machine do not show up as time spent in a function.

The last line printed on stdout is ``MEASURE {json}`` with ``exit_code``,
``wall_s`` (from before MkDocs is imported to the end of the command) and
``max_rss_kib`` (``ru_maxrss`` of RUSAGE_SELF: this process only, unlike
RUSAGE_CHILDREN of a parent, which keeps the largest child seen so far).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    profile_path = None
    if argv[:1] == ["--profile"]:
        profile_path, argv = argv[1], argv[2:]
    if argv[:1] == ["mkdocs"]:
        argv = argv[1:]

    from mkdocs.__main__ import cli

    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: robust on a busy machine
        profiler.enable()
    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=True)
        exit_code = 0
    except SystemExit as stop:
        exit_code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile_path)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "exit_code": exit_code,
        "wall_s": round(wall, 4),
        "max_rss_kib": usage.ru_maxrss,  # KiB on Linux
        "user_s": round(usage.ru_utime, 4),
        "sys_s": round(usage.ru_stime, 4),
    }
    sys.stdout.flush()
    print("MEASURE " + json.dumps(report), flush=True)
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
