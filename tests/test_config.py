"""Configuration mistakes: the same message, place and verdict in `mkdocs build`
and in `mkdocs-scholar check`, on a small project with MkDocs' default theme."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BIB, ROOT, build_site
from mkdocs_scholar.cli import main
from mkdocs_scholar.plugin.config import MKDOCS_BIBTEX_OPTIONS

PAGES = {
    "index.md": "# Home\n\nA claim [@alpha2020].\n\n![A figure](a.svg){#fig:a}\n\n"
                "As @fig:a shows.\n\n## Methods {#sec:methods}\n\nSee @sec:methods.\n",
    "references.md": "# References\n\n::: {#refs}\n:::\n",
}


def project(tmp_path: Path, scholar: dict | None = None, *, extensions=("attr_list",),
            extra: dict | None = None, bib: str | None = BIB) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    if bib is not None:
        (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    config = {"site_name": "Thesis", "theme": {"name": "mkdocs"},
              "markdown_extensions": list(extensions),
              "plugins": [{"scholar": {"bibliography": "refs.bib"} | (scholar or {})}]}
    config.update(extra or {})
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def line_of(config: Path, text: str) -> int:
    lines = config.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def run_check(config: Path, capsys, *args: str) -> tuple[int, list[str], str]:
    status = main(["check", "-f", str(config), *args])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


# (options, code, words in the message, the line of mkdocs.yml it names, level)
MISTAKES = [
    ({"stlye": "apa7"}, "config-unknown-option", "no option 'stlye' (did you mean 'style'?)",
     "stlye:", "error"),
    ({"bib_file": "refs.bib"}, "config-renamed-option",
     "'bib_file' is an option of mkdocs-bibtex", "bib_file:", "error"),
    ({"links": "yes"}, "config-type", "expected true or false, got 'yes' (text)", "links:",
     "error"),
    ({"cache_dir": 5}, "config-type", "expected text, got 5 (a number)", "cache_dir:", "error"),
    ({"style": "apa8"}, "config-style", "unknown bibliography style 'apa8' (did you mean "
     "'apa7' or ", "style:", "error"),
    ({"style": "chicago-notes-bibliography"}, "config-style-unsupported",
     "is a note style: it cites in footnotes, which the plugin does not make", "style:",
     "error"),
    ({"style": "missing.csl"}, "config-style", "the CSL style file 'missing.csl' does not exist",
     "style:", "error"),
    ({"bibliography": "docs"}, "config-bibliography", "'docs' is a folder", "bibliography:",
     "error"),
    ({"bibliography": "missing.bib"}, "config-bibliography",
     "the bibliography file 'missing.bib' does not exist", "bibliography:", "error"),
    ({"terms": {"uk": {"crossref": {"ref": {"fgi": ["рис.", "рис."]}}}}},
     "terms-unknown-key", "'uk.crossref.ref.fgi' is not a term the plugin knows, so it is "
     "ignored (did you mean 'uk.crossref.ref.fig'?)", "terms:", "warning"),
    ({"terms": {"uk": {"crossref": {"ref": {"fig": "рис."}}}}}, "terms-type",
     "'uk.crossref.ref.fig' must be a list of 2 words", "terms:", "error"),
    ({"terms": ["uk"]}, "terms-type", "expected a mapping of languages to terms", "terms:",
     "error"),
    ({"terms": {"en": {"bibliography": {"retrieved": "Seen {dat}"}}}}, "terms-type",
     "uses {dat}, which this term does not fill (it fills {date}, {url})", "terms:", "error"),
    ({"article": "nowhere.yml"}, "config-article", "the file 'nowhere.yml' does not exist",
     "article:", "error"),
]


@pytest.mark.parametrize(("options", "code", "words", "line", "level"), MISTAKES,
                         ids=[f"{m[1]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_mistake_reads_the_same_in_the_build_and_the_check(tmp_path, capsys, options, code,
                                                             words, line, level):
    config = project(tmp_path, options)
    where = f"mkdocs.yml:{line_of(config, line)}"

    built = build_site(config, tmp_path / "site")
    assert built.aborted == (level == "error")
    (message,) = [m for m in built.warnings() if words in m]
    assert f"{where}: " in message
    assert "Traceback" not in "\n".join(built.messages)
    assert build_site(config, tmp_path / "site", strict=True).aborted

    status, lines, err = run_check(config, capsys)
    assert f"{where}: {level} {code}: " in "\n".join(lines)
    assert any(words in out for out in lines), lines
    assert status == (1 if level == "error" else 0)
    assert run_check(config, capsys, "--strict")[0] == 1
    assert "Traceback" not in err


def test_the_check_and_the_build_agree_on_a_clean_project(tmp_path, capsys):
    config = project(tmp_path)
    built = build_site(config, tmp_path / "site", strict=True)
    assert not built.aborted and built.warnings() == []
    page = built.html("index.html")
    assert page.select_one("figure#fig\\:a figcaption").get_text(" ", strip=True).startswith(
        "Fig.\u00a01.")
    assert run_check(config, capsys, "--strict", "--no-info")[:2] == (0, [])


@pytest.mark.parametrize("name", sorted(MKDOCS_BIBTEX_OPTIONS))
def test_every_mkdocs_bibtex_option_says_what_to_write(tmp_path, capsys, name):
    config = project(tmp_path, {name: "x"})
    built = build_site(config, tmp_path / "site")
    assert built.aborted
    (message,) = [m for m in built.warnings() if f"'{name}' is an option of mkdocs-bibtex" in m]
    assert MKDOCS_BIBTEX_OPTIONS[name] in message
    status, lines, _ = run_check(config, capsys)
    assert status == 1
    assert any(" error config-renamed-option: " in line for line in lines)


@pytest.mark.parametrize(("bib", "words"), [
    ("", "is empty"),
    ("% exported by nothing\n@comment{just a comment}\n", "holds no BibTeX entries"),
])
def test_a_bibliography_with_nothing_to_cite(tmp_path, capsys, bib, words):
    config = project(tmp_path, bib=bib)
    built = build_site(config, tmp_path / "site")
    assert built.aborted
    assert any(words in m and "refs.bib" in m for m in built.warnings())
    status, lines, _ = run_check(config, capsys)
    assert status == 1
    assert any(" error config-bibliography: " in line and words in line for line in lines)


def test_labels_without_attr_list_get_one_message_naming_the_extension(tmp_path, capsys):
    config = project(tmp_path, extensions=())
    built = build_site(config, tmp_path / "site")
    assert not built.aborted
    warnings = built.warnings()
    assert len(warnings) == 1, warnings
    assert "'attr_list' is not enabled" in warnings[0]
    assert "markdown_extensions" in warnings[0]
    assert warnings[0].split(": ", 2)[2].startswith("docs/index.md:")
    assert build_site(config, tmp_path / "site", strict=True).aborted
    status, lines, _ = run_check(config, capsys, "--no-info")
    assert [line.split(": ")[1] for line in lines] == ["warning config-markdown-extension"]
    assert status == 0 and run_check(config, capsys, "--strict")[0] == 1


def test_check_follows_strict_from_mkdocs_yml(tmp_path, capsys):
    config = project(tmp_path, extra={"strict": True})
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nA claim [@alpha2021].\n",
                                                encoding="utf-8")
    assert build_site(config, tmp_path / "site").aborted  # strict: true in mkdocs.yml
    status, lines, err = run_check(config, capsys)
    assert status == 1 and "strict" in err
    assert any(" warning cite-unknown-key: " in line for line in lines)
    assert run_check(config, capsys, "--no-strict")[0] == 0


def test_an_unknown_mkdocs_setting_fails_under_strict_as_the_build_does(tmp_path, capsys):
    config = project(tmp_path, extra={"stirct": True})
    assert not build_site(config, tmp_path / "site").aborted
    assert build_site(config, tmp_path / "site", strict=True).aborted
    status, lines, _ = run_check(config, capsys, "--no-info")
    where = f"mkdocs.yml:{line_of(config, 'stirct:')}"
    assert lines == [f"{where}: warning config-mkdocs: 'stirct': MkDocs has no setting "
                     "'stirct' (did you mean 'strict'?)"]
    assert status == 0 and run_check(config, capsys, "--strict")[0] == 1


def test_nocite_problem_points_at_the_front_matter(tmp_path, capsys):
    config = project(tmp_path)
    (tmp_path / "docs" / "references.md").write_text(
        "---\ntitle: References\nnocite: ['@alpha2020', '@gamma2091']\n---\n\n# References\n\n"
        "::: {#refs}\n:::\n", encoding="utf-8")
    _, lines, _ = run_check(config, capsys)
    (line,) = [line for line in lines if " nocite-unknown-key: " in line]
    assert line.startswith("docs/references.md:3: warning nocite-unknown-key: nocite names "
                           "'gamma2091'")
    assert "did you mean 'gamma2019'" in line
    built = build_site(config, tmp_path / "site")
    assert any(m.startswith("WARNING") and "docs/references.md:3: nocite names 'gamma2091'"
               in m for m in built.messages)


def test_uncited_entries_are_one_line_unless_asked(tmp_path, capsys):
    many = BIB + "".join(f"@misc{{lab{n}, title = {{Lab note {n}}}, year = {{2020}}}}\n"
                         for n in range(40))
    config = project(tmp_path, bib=many)
    status, lines, _ = run_check(config, capsys)
    uncited = [line for line in lines if " bib-uncited: " in line]
    assert status == 0 and len(uncited) == 1
    assert "43 entries are not cited on any page" in uncited[0]
    assert uncited[0].startswith("refs.bib:")
    _, lines, _ = run_check(config, capsys, "--uncited")
    assert len([line for line in lines if " bib-uncited: " in line]) == 43


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").is_file(), reason="needs the repository")
def test_the_site_with_an_unknown_setting_fails_the_check_without_a_flag(tmp_path):
    for name in ("docs", "references", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nstrict: true" in text  # the site's own setting, which the check follows
    (tmp_path / "mkdocs.yml").write_text(text + "\nextra_csss: [x.css]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs_scholar", "check", "--no-info"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "warning config-mkdocs: 'extra_csss': MkDocs has no setting 'extra_csss' (did " \
           "you mean 'extra_css'?)" in result.stdout
    assert "Traceback" not in result.stderr
