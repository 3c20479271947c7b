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
        help="report citation, bibliography, label and translation problems without building",
        description="Reads mkdocs.yml, every page of every language and the .bib files, and "
                    "prints one line per problem: path:line:col: level code: message. "
                    "Exits 1 when there is an error (with --strict, also on a warning).",
    )
    run.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    run.add_argument("--strict", action="store_true", help="warnings fail too")
    run.add_argument("--no-info", action="store_true", help="hide notes such as uncited entries")
    run.add_argument("--github", action="store_true",
                     help="also print GitHub annotations (on by default when GITHUB_ACTIONS "
                          "is set)")
    args = parser.parse_args(argv)

    findings = check(args.config_file)
    if args.no_info:
        findings = [f for f in findings if f.level != "info"]
    findings.sort(key=lambda f: (f.path, f.line, f.column))
    for finding in findings:
        print(finding)
    if args.github or os.environ.get("GITHUB_ACTIONS"):
        for finding in findings:
            print(finding.github())
    counts = {level: sum(f.level == level for f in findings) for level in ("error", "warning",
                                                                             "info")}
    print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes",
          file=sys.stderr)
    failed = counts["error"] or (args.strict and counts["warning"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
