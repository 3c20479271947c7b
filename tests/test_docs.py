"""The manual (plugins/README.md) keeps up with the code.

Every option of both plugins, every built-in word, every message code and every
option of `mkdocs-scholar check` is documented, with the defaults and words the
code has; every code the package emits is a known code; and the quick start,
taken from the manual's own blocks, builds with `--strict` and shows what the
manual says it shows.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from mkdocs_scholar.cli import main as cli_main
from mkdocs_scholar.core.diagnostics import CODES, LEVELS
from mkdocs_scholar.plugin.config import MKDOCS_BIBTEX_OPTIONS, ScholarConfig
from mkdocs_scholar.publication.search import LanguageSearchConfig

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "plugins" / "README.md"
PACKAGE = ROOT / "plugins" / "mkdocs_scholar"

# --- reading the manual ------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$")
_FENCE = re.compile(r"^(```|~~~)")


def _lines_outside_code(text: str):
    """(line, inside a fenced block?) for each line of the manual."""
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            yield line, True
        else:
            yield line, fenced


def section(title: str) -> str:
    """The text under the heading `title`, up to the next heading of its level or above."""
    text = README.read_text(encoding="utf-8")
    out: list[str] = []
    level = 0
    for line, fenced in _lines_outside_code(text):
        match = None if fenced else _HEADING.match(line)
        if level:
            if match and len(match.group(1)) <= level:
                break
            out.append(line)
        elif match and match.group(2) == title:
            level = len(match.group(1))
    assert level, f"plugins/README.md has no heading {title!r}"
    return "\n".join(out)


def table_rows(text: str) -> dict[str, list[str]]:
    """Rows of the Markdown tables in `text` whose first cell is one name in backticks:
    name -> the other cells, stripped."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"^\|\s*`([^`]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split(" | ")]
    return rows


def _unticked(cell: str) -> str:
    return cell.strip().strip("`")


def _as_yaml(value: object) -> str:
    """A default as the manual writes it."""
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{}" if not value else yaml.safe_dump(value, default_flow_style=True).strip()
    return str(value)


# --- options -------------------------------------------------------------------------

def _check_options(config_class, title: str) -> None:
    rows = table_rows(section(title))
    schema = dict(config_class._schema)
    missing = sorted(set(schema) - set(rows))
    assert not missing, f"options not documented under {title!r}: {missing}"
    stale = sorted(set(rows) - set(schema))
    assert not stale, f"documented under {title!r} but not options: {stale}"
    for name, option in schema.items():
        documented = _unticked(rows[name][1])  # Option | Type | Default | …
        assert documented == _as_yaml(option.default), (
            f"option {name!r}: the manual says the default is {documented!r}, "
            f"the code has {option.default!r}")


def test_every_scholar_option_is_documented_with_its_default():
    _check_options(ScholarConfig, "Options of `scholar`")


def test_every_search_option_is_documented_with_its_default():
    _check_options(LanguageSearchConfig, "Search per language: `scholar-search`")


def test_every_mkdocs_bibtex_option_has_its_replacement():
    text = section("Moving over from mkdocs-bibtex")
    first_cells = [line.split("|")[1] for line in text.splitlines() if line.startswith("| `")]
    named = {name for cell in first_cells for name in re.findall(r"`([a-z_]+)[:`]", cell)}
    missing = sorted(set(MKDOCS_BIBTEX_OPTIONS) - named)
    assert not missing, f"mkdocs-bibtex options without a row in the manual: {missing}"


def test_every_check_option_is_documented():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli_main(["check", "--help"])
    flags = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", out.getvalue())) - {"--help"}
    assert flags, "no options read from `mkdocs-scholar check --help`"
    text = section("`mkdocs-scholar check` in CI")
    missing = sorted(flag for flag in flags if not re.search(
        rf"{re.escape(flag)}(?![a-z-])", text))
    assert not missing, f"options of `mkdocs-scholar check` not in the manual: {missing}"


# --- built-in words ------------------------------------------------------------------

def _locale(lang: str) -> dict:
    text = resources.files("mkdocs_scholar").joinpath("locales", f"{lang}.yml").read_text(
        encoding="utf-8")
    return yaml.safe_load(text) or {}


def _leaves(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _leaves(value, path + ".")
        else:
            yield path, value


def _lookup(tree: dict, path: str):
    node: object = tree
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part, node.get(int(part)) if part.isdigit() else None)
    return node


def _shown(value: object) -> str:
    """A word as the table of built-in words shows it."""
    if isinstance(value, list):
        if len(value) > 2:
            return f"`{value[0]}` … `{value[-1]}`"
        return ", ".join(f"`{item}`" for item in value)
    text = str(value)
    return f'`"{text}"`' if text != text.strip() else f"`{text}`"


def test_every_terms_key_is_documented_with_its_words():
    english, ukrainian = _locale("en"), _locale("uk")
    words = dict(_leaves(english))
    assert "crossref.ref.fig" in words  # the file is read as the manual names its keys
    rows = table_rows(section("Built-in words (`terms`)"))
    missing = [path for path in words if path not in rows]
    assert not missing, f"terms keys not in the table of built-in words: {missing}"
    stale = sorted(set(rows) - set(words))
    assert not stale, f"the table of built-in words has keys en.yml does not: {stale}"
    for path, value in words.items():
        cells = rows[path]  # Key | Used for | English | Ukrainian
        assert cells[-2] == _shown(value), f"{path}: English {cells[-2]} in the manual"
        uk = _lookup(ukrainian, path)
        uk = value if uk is None else uk  # a missing Ukrainian word falls back to English
        assert cells[-1] == _shown(uk), f"{path}: Ukrainian {cells[-1]} in the manual"


# --- message codes -------------------------------------------------------------------

#: Calls that carry a diagnostic code, and the position of the code among their
#: arguments (or the keyword `code=`).
_CODE_ARGUMENT = {"Diagnostic": 1, "problem": 1, "ConfigProblem": 1, "Difference": 0}
#: Of those, the ones whose first argument is the level.
_LEVEL_FIRST = {"Diagnostic", "problem"}


def _string_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments."""
    constants = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            constants[node.targets[0].id] = node.value.value
    return constants


def _text_of(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None  # forwarded from elsewhere (a parameter, an attribute): checked there


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)


def emitted_codes() -> dict[str, dict[str, set[str]]]:
    """code -> {file: levels} for every code literal the package emits (levels that are
    literals too; "error" for a configuration problem)."""
    found: dict[str, dict[str, set[str]]] = {}

    def note(code: str | None, where: str, level: str | None) -> None:
        if code is not None:
            levels = found.setdefault(code, {}).setdefault(where, set())
            if level is not None:
                levels.add(level)

    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        constants = _string_constants(tree)
        where = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                if name in _CODE_ARGUMENT:
                    position = _CODE_ARGUMENT[name]
                    keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
                    argument = keyword if keyword is not None else (
                        node.args[position] if len(node.args) > position else None)
                    level = _text_of(node.args[0], constants) if (
                        name in _LEVEL_FIRST and node.args) else (
                        "error" if name == "ConfigProblem" else None)
                    note(_text_of(argument, constants), where, level)
                elif (name == "getattr" and len(node.args) == 3
                      and _text_of(node.args[1], constants) == "code"):
                    note(_text_of(node.args[2], constants), where, None)  # a default code
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                positional = node.args.posonlyargs + node.args.args
                arguments = positional + node.args.kwonlyargs
                defaults = [None] * (len(positional) - len(node.args.defaults)) + list(
                    node.args.defaults) + list(node.args.kw_defaults)
                for argument, default in zip(arguments, defaults, strict=True):
                    if argument.arg == "code":
                        note(_text_of(default, constants), where, None)
    return found


def test_the_scan_of_the_source_finds_codes():
    found = emitted_codes()
    # One from each kind of place that emits: a page, a .bib, the resolver, the
    # configuration, translation parity, the check command.
    expected = {"cite-malformed", "bib-syntax", "label-undefined", "config-style",
                "parity-numbers", "page-missing"}
    assert expected <= set(found), f"the scan missed {sorted(expected - set(found))}"


def test_every_code_in_the_source_is_in_codes():
    unknown = {code: sorted(places) for code, places in emitted_codes().items()
               if code not in CODES}
    assert not unknown, (
        f"codes used in the package but not in core/diagnostics.py CODES: {unknown}")


def _messages_table() -> dict[str, list[str]]:
    return table_rows(section("Messages"))


def test_every_code_is_documented():
    rows = _messages_table()
    missing = [code for code in CODES if code not in rows]
    assert not missing, f"codes not explained under 'Messages' in the manual: {missing}"
    stale = sorted(set(rows) - set(CODES))
    assert not stale, f"the manual explains codes that are not in CODES: {stale}"
    for code, cells in rows.items():
        assert _levels(cells[0]), f"{code}: level {cells[0]!r} in the manual"
        assert len(cells) >= 3 and all(cells[1:3]), f"{code}: meaning or fix missing"


def _levels(cell: str) -> set[str]:
    """'error', or 'error or warning': the levels a cell names; empty if it names
    anything else."""
    words = set(re.split(r"\s*(?:,|\bor\b)\s*", cell.strip()))
    return words if words <= set(LEVELS) else set()


def test_documented_levels_are_the_levels_in_the_source():
    rows = _messages_table()
    for code, places in emitted_codes().items():
        emitted = set().union(*places.values())
        if code in rows:
            documented = _levels(rows[code][0])
            assert emitted <= documented, (
                f"{code}: the manual says {rows[code][0]}, the source emits "
                f"{', '.join(sorted(emitted))} ({', '.join(sorted(places))})")


# --- the quick start -----------------------------------------------------------------

_MARKED_BLOCK = re.compile(
    r"<!-- (file|shows): (\S+) -->\n(?:[^\n]*\n)??(```|~~~)[\w-]*\n(.*?)\n\3\n", re.DOTALL)


def quick_start() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The files the quick start has you write, and what it says each page shows."""
    files: dict[str, str] = {}
    shows: dict[str, list[str]] = {}
    for kind, name, _, body in _MARKED_BLOCK.findall(section("Quick start")):
        if kind == "file":
            files[name] = body + "\n"
        else:
            shows[name] = [line for line in body.splitlines() if line.strip()]
    return files, shows


def _visible_text(element) -> str:
    """Text as the reader sees it without hovering: previews left out, spaces collapsed."""
    element = BeautifulSoup(str(element), "html.parser")
    for tip in element.select(".scholar-tip"):
        tip.decompose()
    return re.sub(r"\s+", " ", element.get_text("").replace("\xa0", " ")).strip()


_BUILDERS = ["mkdocs"] + (["properdocs"] if importlib.util.find_spec("properdocs") else [])


@pytest.fixture(scope="module", params=_BUILDERS)
def built(request, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    files, _ = quick_start()
    project = tmp_path_factory.mktemp(f"quick-start-{request.param}")
    for name, text in files.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # The tests' environment has ProperDocs installed, a quick start's does not: without
    # this, `mkdocs` would show ProperDocs' notice (see test_properdocs.py).
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", request.param, "build", "--strict"],
                            cwd=project, capture_output=True, text=True, timeout=300, env=env)
    return project, result


def test_quick_start_has_the_files_it_names():
    files, shows = quick_start()
    assert {"mkdocs.yml", "refs.bib", "docs/index.md", "docs/references.md"} <= set(files)
    assert yaml.safe_load(files["mkdocs.yml"])["theme"] == "mkdocs"
    assert "::: {#refs}\n:::" in files["docs/references.md"]
    assert {"index.md", "references.md"} <= set(shows)


def test_quick_start_builds_strict_without_a_warning(built):
    _, result = built
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr


def _page(project: Path, source: str) -> BeautifulSoup:
    html_path = "index.html" if source == "index.md" else source[:-3] + "/index.html"
    return BeautifulSoup((project / "site" / html_path).read_text(encoding="utf-8"), "lxml")


def test_home_page_shows_what_the_manual_says(built):
    project, result = built
    assert result.returncode == 0, result.stderr
    _, shows = quick_start()
    main = _page(project, "index.md").select_one("[role=main]")
    text = _visible_text(main)
    for line in shows["index.md"]:
        assert re.sub(r"\s+", " ", line) in text, f"{line!r} not on the page: {text!r}"
    # The links and the figure the manual describes.
    described = section("Quick start")
    cites = {a["href"] for a in main.select("a.scholar-cite")}
    assert cites == set(re.findall(r"`(references/#ref-[^`]+)`", described))
    assert {a["href"] for a in main.select("a.scholar-xref-link")} == {"#fig:design"}
    assert "`#fig:design`" in described
    figure = main.select_one('figure[id="fig:design"]')
    assert figure is not None and figure.img is not None
    assert _visible_text(figure.figcaption) == "Fig. 1. The study design"
    assert '<figure id="fig:design">' in described
    # The preview of [1] is the full reference.
    tip = main.select_one(".scholar-citation .scholar-tip")
    assert tip is not None and "Doe, J., & Roe, R. (2021)." in tip.get_text("")


def test_references_page_shows_what_the_manual_says(built):
    project, result = built
    assert result.returncode == 0, result.stderr
    _, shows = quick_start()
    items = _page(project, "references.md").select("#refs li")
    expected = [re.match(r"^(\d+)\. (.*)$", line).groups() for line in shows["references.md"]]
    assert [(item["value"], _visible_text(item.select_one(".scholar-entry")))
            for item in items] == expected
    for item in items:
        assert _visible_text(item.select_one(".scholar-backlinks")) == "↩ 1"
