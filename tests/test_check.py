"""`mkdocs-scholar check` on tiny projects, one defect each: exact place, code, exit status."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from mkdocs_scholar.cli import main

ROOT = Path(__file__).resolve().parents[1]
BIB = """\
@article{alpha2020,
  author = {Alpha, Anna},
  title = {First},
  journal = {J},
  year = {2020},
  volume = {1},
  pages = {1--2}
}

@article{beta2021,
  author = {Beta, Boris},
  title = {Second},
  journal = {J},
  year = {2021},
  volume = {2},
  pages = {3--4}
}
"""
PAGES = {
    "en/index.md": "# Home\n\nText [@alpha2020] and [@beta2021].\n\n![A](../a.svg){#fig:a}\n\n"
                   "See @fig:a. It costs 12.5 units.\n",
    "uk/index.md": "# Головна\n\nТекст [@alpha2020] і [@beta2021].\n\n![А](../a.svg){#fig:a}\n\n"
                   "Див. @fig:a. Коштує 12,5 одиниць.\n",
    "en/references.md": "# References\n\n::: {#refs}\n:::\n",
    "uk/references.md": "# Література\n\n::: {#refs}\n:::\n",
}


def project(tmp_path: Path, pages: dict[str, str] | None = None, bib: str = BIB) -> Path:
    docs = tmp_path / "docs"
    for name, text in (pages if pages is not None else PAGES).items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (docs / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    config = {
        "site_name": "T",
        "theme": {"name": "material"},
        "nav": [{"Home": "index.md"}, {"References": "references.md"}],
        "markdown_extensions": ["attr_list", "tables"],
        "plugins": [
            "search",
            {"i18n": {"docs_structure": "folder", "languages": [
                {"locale": "en", "name": "English", "default": True, "build": True},
                {"locale": "uk", "name": "Українська", "build": True}]}},
            {"scholar": {"bibliography": "refs.bib"}},
        ],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                         encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def run(config: Path, capsys, *args: str) -> tuple[int, list[str]]:
    status = main(["check", "-f", str(config), *args])
    out = capsys.readouterr().out
    return status, [line for line in out.splitlines() if line and not line.startswith("::")]


def lines_with(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if f" {code}: " in line]


def edit(config: Path, name: str, old: str, new: str) -> None:
    path = config.parent / "docs" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_clean_project_passes(tmp_path, capsys):
    status, lines = run(project(tmp_path), capsys)
    assert (status, lines) == (0, [])


def test_unknown_citation_key(tmp_path, capsys):
    config = project(tmp_path)
    edit(config, "en/index.md", "[@beta2021]", "[@beta2012]")
    status, lines = run(config, capsys)
    assert status == 0  # a warning
    (line,) = lines_with(lines, "cite-unknown-key")
    assert line.startswith("docs/en/index.md:3:23: warning cite-unknown-key: unknown citation "
                           "key 'beta2012' (did you mean 'beta2021'?)")
    status, _ = run(config, capsys, "--strict")
    assert status == 1


def test_malformed_citation(tmp_path, capsys):
    config = project(tmp_path)
    edit(config, "uk/index.md", "[@alpha2020] і", "[@alpha2020 @beta2021] і")
    _, lines = run(config, capsys)
    (line,) = lines_with(lines, "cite-malformed")
    assert line.startswith("docs/uk/index.md:3:7: warning cite-malformed:")


def test_duplicate_bibtex_key_is_an_error_naming_both_places(tmp_path, capsys):
    config = project(tmp_path, bib=BIB + BIB.split("\n\n")[0] + "\n")
    status, lines = run(config, capsys)
    assert status == 1
    (line,) = lines_with(lines, "bib-duplicate")
    assert line.startswith("refs.bib:18: error bib-duplicate:")
    assert "refs.bib:1" in line


def test_bibtex_syntax_error(tmp_path, capsys):
    config = project(tmp_path, bib=BIB + "\n@article{broken,\n  title = {Unclosed,\n")
    status, lines = run(config, capsys)
    assert status == 1
    (line,) = lines_with(lines, "bib-syntax")
    assert line.startswith("refs.bib:")
    assert int(line.split(":")[1]) >= 19


def test_entry_missing_a_field(tmp_path, capsys):
    config = project(tmp_path, bib=BIB.replace("  journal = {J},\n  year = {2020},\n", ""))
    _, lines = run(config, capsys)
    (line,) = lines_with(lines, "bib-missing-field")
    assert line.startswith("refs.bib:1: warning bib-missing-field: entry 'alpha2020' lacks")


def test_uncited_entry_is_a_note(tmp_path, capsys):
    config = project(tmp_path)
    for name in ("en/index.md", "uk/index.md"):
        edit(config, name, " [@beta2021]", "")
    status, lines = run(config, capsys)
    assert status == 0
    (line,) = lines_with(lines, "bib-uncited")
    assert line.startswith("refs.bib:10: info bib-uncited: entry 'beta2021'")


def test_undefined_and_duplicate_labels(tmp_path, capsys):
    config = project(tmp_path)
    edit(config, "en/index.md", "See @fig:a.", "See @fig:b.\n\n![B](../a.svg){#fig:a}\n\n")
    status, lines = run(config, capsys)
    assert status == 1
    (undefined,) = lines_with(lines, "label-undefined")
    assert undefined.startswith("docs/en/index.md:7:5: warning label-undefined: undefined "
                                "label 'fig:b'")
    (duplicate,) = lines_with(lines, "label-duplicate")
    assert duplicate.startswith("docs/en/index.md:9: error label-duplicate:")
    assert "en/index.md:5" in duplicate


def test_page_missing_in_a_language(tmp_path, capsys):
    pages = dict(PAGES)
    pages["en/extra.md"] = "# Extra\n"
    status, lines = run(project(tmp_path, pages), capsys)
    assert status == 1
    (line,) = lines_with(lines, "page-missing")
    assert line.startswith("docs/en/extra.md:1: error page-missing:")
    assert "docs/uk/extra.md" in line


def test_translation_parity(tmp_path, capsys):
    config = project(tmp_path)
    edit(config, "uk/index.md", " і [@beta2021]", "")
    edit(config, "uk/index.md", "12,5", "12")
    _, lines = run(config, capsys)
    (citations,) = lines_with(lines, "parity-citations")
    assert citations.startswith("docs/uk/index.md:")
    assert "beta2021" in citations and "docs/en/index.md" in citations
    (numbers,) = lines_with(lines, "parity-numbers")
    assert "12.5" in numbers


def test_stale_translation_from_git_history(tmp_path, capsys):
    config = project(tmp_path)

    def git(*args):
        date = args[-1] if args[0] == "commit" else ""
        env = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "HOME": str(tmp_path),
               "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b",
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first", "--date", "2020-01-01T00:00:00")
    _, lines = run(config, capsys)
    assert lines_with(lines, "translation-stale") == []
    edit(config, "en/index.md", "Text", "Some text")
    git("add", ".")
    git("commit", "-qm", "second", "--date", "2021-01-01T00:00:00")
    _, lines = run(config, capsys)
    (line,) = lines_with(lines, "translation-stale")
    assert line.startswith("docs/uk/index.md:1: warning translation-stale: docs/en/index.md")


def test_github_annotations(tmp_path, capsys, monkeypatch):
    config = project(tmp_path)
    edit(config, "en/index.md", "[@beta2021]", "[@beta2012]")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", "-f", str(config)])
    out = capsys.readouterr().out
    assert "::warning file=docs/en/index.md,line=3,col=23,title=cite-unknown-key::unknown" in out


def test_missing_bibliography_is_a_config_error(tmp_path, capsys):
    config = project(tmp_path)
    (tmp_path / "refs.bib").unlink()
    status, lines = run(config, capsys)
    assert status == 1
    assert "refs.bib" in lines[0] and " error config-bibliography: " in lines[0]


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").is_file(), reason="needs the repository")
def test_the_real_site_is_clean():
    result = subprocess.run([sys.executable, "-m", "mkdocs_scholar", "check", "--strict"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""
