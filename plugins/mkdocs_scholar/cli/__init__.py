"""Command line: `mkdocs-scholar check` (also `python -m mkdocs_scholar check`)."""

from __future__ import annotations

import argparse
import os
import sys

from mkdocs_scholar.cli.check import check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mkdocs-scholar",
        description="Checks for sites that use the mkdocs-scholar plugin.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "check",
        help="report configuration, citation, bibliography, label and translation problems "
             "without building",
        description="Validates mkdocs.yml as `mkdocs build` does, reads every page of every "
                    "language and the .bib files, and prints one line per problem: "
                    "path:line:col: level code: message. Exits 1 when `mkdocs build` would "
                    "fail: on an error, and on a warning when strict (as mkdocs.yml's "
                    "`strict:` says, unless --strict or --no-strict is given). Translation "
                    "problems (page-missing, parity-*, translation-stale) count as well.",
    )
    run.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    run.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                     help="warnings fail too (default: the `strict` setting of mkdocs.yml)")
    run.add_argument("--uncited", action="store_true",
                     help="list every uncited entry (by default one line per .bib file)")
    run.add_argument("--no-info", action="store_true", help="hide notes such as uncited entries")
    run.add_argument("--github", action="store_true",
                     help="also print GitHub annotations (on by default when GITHUB_ACTIONS "
                          "is set)")
    args = parser.parse_args(argv)

    report = check(args.config_file, list_uncited=args.uncited)
    diagnostics = report.diagnostics
    if args.no_info:
        diagnostics = [d for d in diagnostics if d.level != "info"]
    diagnostics.sort(key=lambda d: d.sort_key())
    for diagnostic in diagnostics:
        print(diagnostic.report())
    if args.github or os.environ.get("GITHUB_ACTIONS"):
        for diagnostic in diagnostics:
            print(diagnostic.github())
    counts = {level: sum(d.level == level for d in diagnostics)
              for level in ("error", "warning", "info")}
    strict = report.strict if args.strict is None else args.strict
    print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes"
          + (" (strict: warnings fail)" if strict else ""), file=sys.stderr)
    return 1 if report.failed(strict) else 0


if __name__ == "__main__":
    sys.exit(main())
