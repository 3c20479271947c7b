"""Strict means strict: a problem the plugin reports fails a strict build even
when `-q` hides it (MkDocs counts only the warnings it shows)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

BIB = "@article{alpha2020, author={Alpha, Anna}, title={T}, journal={J}, year={2020}}\n"


def project(tmp_path, *, strict: bool) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nA claim [@alpha2021].\n\n::: {#refs}\n:::\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "T", "theme": {"name": "mkdocs"}, "strict": strict,
        "plugins": [{"scholar": {"bibliography": "refs.bib"}}]}), encoding="utf-8")


def build(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=tmp_path,
                          capture_output=True, text=True)


@pytest.mark.parametrize("args", [(), ("-q",), ("--quiet",)])
def test_strict_in_mkdocs_yml_fails_with_or_without_quiet(tmp_path, args):
    project(tmp_path, strict=True)
    result = build(tmp_path, *args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_strict_flag_with_quiet_fails(tmp_path):
    project(tmp_path, strict=False)
    assert build(tmp_path, "-q").returncode == 0  # not strict: a warning only
    result = build(tmp_path, "-q", "--strict")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "1 problem reported by the scholar plugin in strict mode" in output
    assert "unknown citation key" not in output  # -q hid the warning itself
