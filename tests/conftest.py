"""Shared fixtures: build tiny sites in tmp_path, and the real site once."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import logging
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

# The session's browser and the built site in it, for every module.
from browser_support import built_site, chromium, http_root, origin, tab  # noqa: F401
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Built:
    site: Path
    messages: list[str] = field(default_factory=list)
    aborted: bool = False

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / path).read_text(encoding="utf-8"), "lxml")

    def warnings(self) -> list[str]:
        return [m for m in self.messages if m.startswith(("WARNING", "ERROR"))]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextlib.contextmanager
def benchmark_script(name: str):
    """benchmarks/<name>.py imported as a module, for as long as the block lasts."""
    module_name = f"benchmark_{name}"
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(module_name, None)


def build_site(config_file: Path, site_dir: Path, **overrides) -> Built:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    aborted = False
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), **overrides)
        build(config)
    except Abort:
        aborted = True
    except (ConfigurationError, PluginError) as error:
        aborted = True
        handler.messages.append(f"ERROR: {error}")
    finally:
        logger.removeHandler(handler)
    return Built(site_dir, handler.messages, aborted)


BASE_CONFIG = {
    "site_name": "Tiny",
    "theme": {"name": "material", "font": False},
    "markdown_extensions": ["attr_list", "tables", "pymdownx.caret", "toc"],
}

BIB = """
@article{alpha2020,
  author = {Alpha, Anna and Beta, Boris},
  title = {First paper},
  journal = {Journal of Tests},
  year = {2020},
  volume = {1},
  number = {2},
  pages = {3--4},
  doi = {10.1000/alpha}
}
@article{beta2021,
  author = {Gamma, Greta},
  title = {Second paper},
  journal = {Journal of Tests},
  year = {2021},
  volume = {5},
  pages = {10--20}
}
@book{gamma2019,
  author = {Delta, Dan and Epsilon, Eva and Zeta, Zoe},
  title = {A Book},
  publisher = {Press},
  address = {Kyiv},
  year = {2019}
}
@article{delta:2018.x,
  author = {Eta, Ed},
  title = {Keys with punctuation},
  journal = {J},
  year = {2018},
  volume = {2},
  pages = {1--2}
}
"""


_NAMES = {"en": "English", "uk": "Українська"}


@pytest.fixture
def make_site(tmp_path):
    """Write a tiny site and build it: make_site(pages, plugin_config=..., i18n=...).

    With i18n the languages are en (the default) and uk, or `languages` (the first
    is the default)."""

    def make(pages: dict[str, str], *, plugin: dict | None = None, i18n: bool = False,
             nav=None, bib: str = BIB, config: dict | None = None, strict: bool = False,
             use_directory_urls: bool = True, languages: tuple[str, ...] = ("en", "uk"),
             ) -> Built:
        docs = tmp_path / "docs"
        for name, text in pages.items():
            path = docs / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
        data = dict(BASE_CONFIG)
        data["use_directory_urls"] = use_directory_urls
        scholar = {"bibliography": "refs.bib"} | (plugin or {})
        plugins: list = ["search"]
        if i18n:
            plugins.append({"i18n": {
                "docs_structure": "folder",
                "languages": [
                    {"locale": lang, "name": _NAMES.get(lang, lang), "default": not i,
                     "build": True}
                    for i, lang in enumerate(languages)],
            }})
        plugins.append({"scholar": scholar})
        data["plugins"] = plugins
        if nav is not None:
            data["nav"] = nav
        data.update(config or {})
        config_file = tmp_path / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return build_site(config_file, tmp_path / "site", strict=strict)

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Built:
    """The real site, built once with --strict semantics."""
    site_dir = tmp_path_factory.mktemp("real") / "site"
    built = build_site(ROOT / "mkdocs.yml", site_dir)
    assert not built.aborted, "\n".join(built.warnings())
    return built


def texts_without_previews(soup, selector: str) -> list[str]:
    """The text of each element matching `selector`, as a reader sees it (no tooltips)."""
    soup = copy.copy(soup)  # the tooltips are removed from a copy only
    out = []
    for element in soup.select(selector):
        for tip in element.select(".scholar-tip"):
            tip.decompose()
        out.append(element.get_text(""))
    return out
