"""ProperDocs (the continuation of MkDocs 1.x) builds the same sites as MkDocs.

The review site (Material, mkdocs-static-i18n, `scholar`, `scholar-search`) and the small
English site of test_distribution.py (MkDocs' own theme) are built with `mkdocs build`
and with `properdocs build`, each from its own copy of the sources, and every file of
the two outputs is compared. Only what names the program that built the page may
differ; each such difference is listed, with the reason, in the normalising functions.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_distribution import check_small_site, write_small_project

ROOT = Path(__file__).resolve().parents[1]
SITE_SOURCES = ("mkdocs.yml", "docs", "references", "overrides")
PROGRAMS = ("mkdocs", "properdocs")

#: A fixed build time for both programs (reproducible builds): the pages' dates, the
#: sitemap's, the gzip header of sitemap.xml.gz and the mkdocs theme's build comment
#: all come from it, so they need no normalising.
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01


def env() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "NO_MKDOCS_2_WARNING": "1"}


def build(program: list[str] | str, config: Path, site: Path,
          extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """`<program> build --strict` of `config` into `site`, from the config's folder."""
    command = [sys.executable, "-m", program] if isinstance(program, str) else program
    result = subprocess.run(
        [*command, "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent, capture_output=True, text=True, timeout=600,
        env=env() | (extra_env or {}))
    assert result.returncode == 0, f"{command} build failed:\n{result.stdout}\n{result.stderr}"
    return result


def copy_site(where: Path) -> Path:
    where.mkdir(parents=True)
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name)
        else:
            shutil.copy2(source, where / name)
    return where / "mkdocs.yml"


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> dict[str, Path]:
    """The review site built by each program, each from a fresh copy (no shared cache)."""
    out = {}
    for program in PROGRAMS:
        work = tmp_path_factory.mktemp(f"review-{program}")
        build(program, copy_site(work / "src"), work / "site")
        out[program] = work / "site"
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for program in PROGRAMS:
        work = tmp_path_factory.mktemp(f"small-{program}")
        build(program, write_small_project(work / "src"), work / "site")
        out[program] = work / "site"
    return out


# ------------------------------------------------------------------------ normalising

#: Material's <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.x">: under
#: ProperDocs `mkdocs_version` is "ProperDocs 1.6.x", so it names the program and its
#: version. Nothing else of Material's pages depends on the program.
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')

#: MkDocs' own theme under ProperDocs is the package properdocs-theme-mkdocs, a copy of
#: it renamed for the program: the footer credits the program ("Documentation built with
#: MkDocs/ProperDocs", with its address), the ids of the search and keyboard dialogs
#: carry its name (mkdocs_search_modal, mkdocs-search-query; properdocs_…), and the
#: comment at the end of each page says "MkDocs version : 1.6.1" or "ProperDocs version :
#: ProperDocs 1.6.x".
CREDIT = re.compile(r'Documentation built with <a href="[^"]*">(?:MkDocs|ProperDocs)</a>')
DIALOG_ID = re.compile(r"\b(?:mkdocs|properdocs)(?=[-_](?:search|keyboard)[-_])")
VERSION_COMMENT = re.compile(r"^(?:MkDocs|ProperDocs) version : .*$", re.M)
#: The copies built here have no git history, so each page's "last update" is the time
#: of its build: two builds differ by the seconds between them.
BUILD_DATE = re.compile(
    r'(<span class="git-revision-date-localized-plugin[^"]*") title="[^"]*">[^<]*</span>')


def normalise(html: str) -> str:
    html = GENERATOR.sub('<meta name="generator" content="">', html)
    html = CREDIT.sub("Documentation built with PROGRAM", html)
    html = DIALOG_ID.sub("PROGRAM", html)
    html = BUILD_DATE.sub(r"\1>DATE</span>", html)
    return VERSION_COMMENT.sub("PROGRAM version", html)


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def package_files(module: str, *parts: str) -> set[str]:
    """Files shipped in a package folder, relative to it (found without importing)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.submodule_search_locations, module
    folder = Path(next(iter(spec.submodule_search_locations)), *parts)
    return files(folder)


def theme_static_files() -> set[str]:
    """What the 'mkdocs' theme and the built-in search copy into a site verbatim. They
    come from different packages under the two programs (mkdocs' own theme and search,
    or properdocs-theme-mkdocs and ProperDocs' search), whose CSS and JavaScript have
    diverged; they are not written by this plugin, so they are not compared."""
    shipped = (package_files("mkdocs", "themes", "mkdocs")
               | package_files("properdocs_theme_mkdocs")
               | package_files("mkdocs", "contrib", "search", "templates")
               | package_files("properdocs", "contrib", "search", "templates"))
    return {name for name in shipped if not name.endswith((".html", ".py", ".pyc", ".yml"))
            and "__pycache__" not in name and "/locales/" not in f"/{name}"}


def first_difference(a: str, b: str, name: str) -> str:
    diff = difflib.unified_diff(a.splitlines(), b.splitlines(), f"mkdocs/{name}",
                                f"properdocs/{name}", lineterm="", n=1)
    return "\n".join(list(diff)[:40])


def compare(built: dict[str, Path], skip: set[str] = frozenset()) -> set[str]:
    """Asserts both outputs have the same files, equal after normalising; returns the
    names compared."""
    mk, pd = built["mkdocs"], built["properdocs"]
    assert files(mk) == files(pd), sorted(files(mk) ^ files(pd))
    compared = set()
    for name in sorted(files(mk) - skip):
        if name.endswith(".html"):
            a = normalise((mk / name).read_text(encoding="utf-8"))
            b = normalise((pd / name).read_text(encoding="utf-8"))
            assert a == b, first_difference(a, b, name)
        else:
            assert (mk / name).read_bytes() == (pd / name).read_bytes(), name
        compared.add(name)
    return compared


# ------------------------------------------------------------------------------ tests


def test_properdocs_finds_both_plugins_through_its_own_entry_points():
    code = ("from properdocs.plugins import get_plugins\n"
            "for name in ('scholar', 'scholar-search'):\n"
            "    ep = get_plugins()[name]\n"
            "    print(name, ep.group, ep.value)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "scholar properdocs.plugins mkdocs_scholar.plugin:ScholarPlugin",
        "scholar-search properdocs.plugins "
        "mkdocs_scholar.publication.search:LanguageSearchPlugin",
    ]


def test_the_review_is_the_same_built_by_either_program(review):
    compared = compare(review)
    html = {n for n in compared if n.endswith(".html")}
    assert {"index.html", "uk/index.html", "references.html", "uk/references.html",
            "whole-review.html", "uk/whole-review.html"} <= html
    # The files the plugins write, and Material's search indexes split per language.
    others = compared - html
    for name in ("search/search_index.json", "uk/search/search_index.json",
                 "assets/mkdocs-scholar/scholar.css", "sitemap.xml", "sitemap.xml.gz"):
        assert name in others
    assert [n for n in others if n.endswith(".bib")] and [n for n in others if
                                                           n.endswith(".ris")]
    assert [n for n in others if n.endswith(".css")]
    assert [n for n in others if re.search(r"lunr\.uk\.min\.js$", n)]


def test_the_generator_names_the_program(review):
    """The one difference normalised away in the review, seen for real."""
    text = {p: (review[p] / "index.html").read_text(encoding="utf-8") for p in PROGRAMS}
    assert re.search(r'<meta name="generator" content="mkdocs-\d', text["mkdocs"])
    assert '<meta name="generator" content="mkdocs-ProperDocs ' in text["properdocs"]


def test_the_small_site_is_the_same_built_by_either_program(small):
    theme = theme_static_files()
    compared = compare(small, skip=theme)
    for name in ("index.html", "second/index.html", "references/index.html", "404.html",
                 "search/search_index.json", "assets/mkdocs-scholar/scholar.css",
                 "fig.svg", "sitemap.xml", "sitemap.xml.gz"):
        assert name in compared
    # Both are the site a reader should get, not merely equal.
    for program in PROGRAMS:
        check_small_site(small[program])


@pytest.mark.parametrize("program", PROGRAMS)
def test_a_warning_of_the_plugin_fails_a_strict_build_of_either_program(program, tmp_path):
    """ProperDocs hands the plugin its own loggers (mkdocs.* imports are redirected to
    properdocs.*); its warnings must still count under --strict."""
    config = write_small_project(tmp_path / "src")
    page = config.parent / "docs" / "second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUnknown [@nokey2020].\n",
                    encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", program, "build", "--strict", "-f", str(config),
         "-d", str(tmp_path / "site")],
        cwd=config.parent, capture_output=True, text=True, timeout=300, env=env())
    assert result.returncode == 1, result.stderr
    assert "docs/second.md:5:9: unknown citation key 'nokey2020'" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_the_normalised_lines_do_differ_on_the_small_site(small):
    text = {p: (small[p] / "index.html").read_text(encoding="utf-8") for p in PROGRAMS}
    assert 'built with <a href="https://www.mkdocs.org/">MkDocs</a>' in text["mkdocs"]
    assert "ProperDocs</a>" in text["properdocs"]
    assert "MkDocs version : " in text["mkdocs"]
    assert "ProperDocs version : " in text["properdocs"]
    assert text["mkdocs"] != text["properdocs"]
    assert normalise(text["mkdocs"]) == normalise(text["properdocs"])


def test_the_plugin_joins_the_properdocs_notice_without_touching_a_strict_build(small, tmp_path):
    """ProperDocs asks its plugins to call `properdocs.replacement_warning.setup()` when
    they are imported: run as `mkdocs`, that prints a notice on stderr. MkDocs is run here
    as a program named `mkdocs` (as its console script is), loading `scholar` through
    its entry point; a `--strict` build still passes and writes the same site."""
    program = tmp_path / "bin" / "mkdocs"
    program.parent.mkdir()
    program.write_text("import sys\n\nimport mkdocs.__main__\n\n"
                       "sys.exit(mkdocs.__main__.cli())\n", encoding="utf-8")
    config = write_small_project(tmp_path / "src")
    result = build([sys.executable, str(program)], config, tmp_path / "site",
                   extra_env={"DISABLE_MKDOCS_2_WARNING": ""})
    # Printed once, before the build's log; not a log record, so not a warning that
    # --strict counts.
    assert result.stderr.count("MkDocs may break support for all existing plugins") == 1
    assert "initiated by one of the plugins" in result.stderr
    silenced = build([sys.executable, str(program)], config, tmp_path / "silenced",
                     extra_env={"DISABLE_MKDOCS_2_WARNING": "true"})
    assert "MkDocs may break" not in silenced.stderr
    by_properdocs = build("properdocs", config, tmp_path / "by-properdocs")
    assert "MkDocs may break" not in by_properdocs.stderr
    plain, noticed = small["mkdocs"], tmp_path / "site"
    # Same program, same theme: byte for byte, nothing normalised or skipped.
    assert files(plain) == files(noticed)
    for name in sorted(files(plain)):
        assert (plain / name).read_bytes() == (noticed / name).read_bytes(), name
