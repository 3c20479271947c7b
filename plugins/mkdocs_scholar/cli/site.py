"""What the check needs of mkdocs.yml, and every configuration problem in it.

mkdocs.yml is validated as ``mkdocs build`` validates it (MkDocs' own schema,
the theme, every plugin), so that the check fails exactly when the build
would; the scholar plugin's options are validated again on their own, for
diagnostics with codes and lines.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.plugin.config import PLUGIN, ConfigProblem, ScholarConfig
from mkdocs_scholar.plugin.yaml_lines import top_level_line


@dataclass
class Site:
    """What the check needs to know of mkdocs.yml."""

    root: Path
    docs_dir: Path
    languages: list[str]  # default first
    folders: bool  # one folder per language (mkdocs-static-i18n, docs_structure: folder)
    nav: list  # nested lists of page paths relative to the language folder
    bibliography: list[str]
    style: str
    extensions: list
    extension_configs: dict
    number_sections: bool
    terms: dict
    strict: bool = False
    cache_dir: str = ""


_LOCATED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+): (?P<message>.*)$", re.S)


def load_site(config_file: str | os.PathLike) -> tuple[Site | None, list[Diagnostic]]:
    """The site, or None when its configuration stops the build; and the
    configuration's diagnostics."""
    path = Path(config_file)
    name = path.name
    try:
        with open(path, "rb") as handle:
            raw = yaml_load(handle) or {}
    except OSError as error:
        return None, [Diagnostic("error", "config-mkdocs",
                                 f"cannot read {path}: {error.strerror}", name)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Diagnostic("error", "config-mkdocs",
                                 f"not valid YAML: {getattr(error, 'problem', error)}", name,
                                 mark.line + 1 if mark else 0)]
    except Exception as error:  # an !ENV or INHERIT problem, as MkDocs reports it
        return None, [Diagnostic("error", "config-mkdocs", str(error), name)]
    if not isinstance(raw, dict):
        return None, [Diagnostic("error", "config-mkdocs", "expected a mapping of settings",
                                 name, 1)]
    plugins = _plugin_options(raw.get("plugins") or [])
    if PLUGIN not in plugins:
        return None, [Diagnostic("error", "config-mkdocs",
                                 f"the '{PLUGIN}' plugin is not enabled under 'plugins:'",
                                 name, top_level_line(str(path), "plugins"))]
    diagnostics, strict = _mkdocs_diagnostics(path)
    scholar = ScholarConfig(config_file_path=str(path))
    scholar.load_dict(plugins[PLUGIN] or {})
    errors, warnings = scholar.validate()
    diagnostics += [_plugin_diagnostic("error", error, name) for _, error in errors]
    diagnostics += [_plugin_diagnostic("warning", warning, name) for _, warning in warnings]
    if errors or any(d.level == "error" for d in diagnostics):
        return None, diagnostics
    theme = raw.get("theme") or {}
    language = str((theme.get("language") or theme.get("locale") if isinstance(theme, dict)
                    else None) or "en").replace("_", "-").split("-")[0]
    i18n = plugins.get("i18n")
    if i18n is not None:
        entries = [lang for lang in i18n.get("languages") or [] if lang.get("build", True)]
        default = next((lang["locale"] for lang in entries if lang.get("default")),
                       entries[0]["locale"] if entries else language)
        languages = [default] + [lang["locale"] for lang in entries if lang["locale"] != default]
        folders = i18n.get("docs_structure", "suffix") == "folder"
    else:
        languages, folders = [language], False
    extensions, configs = [], {}
    for item in raw.get("markdown_extensions") or []:
        ext, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(ext)
        if options:
            configs[ext] = options
    root = path.resolve().parent
    return Site(
        root=root,
        docs_dir=root / raw.get("docs_dir", "docs"),
        languages=languages,
        folders=folders,
        nav=_nav_paths(raw.get("nav") or []),
        bibliography=list(scholar.bibliography),
        style=scholar.style,
        extensions=extensions,
        extension_configs=configs,
        number_sections=scholar.number_sections,
        terms=scholar.terms,
        strict=strict,
        cache_dir=str(root / scholar.cache_dir) if scholar.cache_dir else "",
    ), diagnostics


def _mkdocs_diagnostics(path: Path) -> tuple[list[Diagnostic], bool]:
    """MkDocs' own validation of mkdocs.yml, as `mkdocs build` runs it; and `strict`."""
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with open(path, "rb") as handle:
            config.load_file(handle)
        errors, warnings = config.validate()
    except Exception as error:  # a theme or plugin that fails to load
        return [Diagnostic("error", "config-mkdocs", str(error), path.name)], False
    known = [key for key, _ in config._schema]
    diagnostics = []
    for level, found in (("error", errors), ("warning", warnings)):
        for key, message in found:
            text = str(message)
            # The scholar plugin's own options: reported below, with their codes.
            lines = [line for line in text.split("\n")
                     if not line.startswith(f"Plugin '{PLUGIN}' option ")]
            if not lines:
                continue
            text = "\n".join(lines)
            if text.startswith("Unrecognised configuration name") and key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                text = f"MkDocs has no setting '{key}'" + (
                    f" (did you mean '{close[0]}'?)" if close else "")
            diagnostics.append(Diagnostic(level, "config-mkdocs",
                                          f"'{key}': {text}", path.name,
                                          top_level_line(str(path), key)))
    return diagnostics, bool(config.get("strict"))


def _plugin_diagnostic(level: str, problem, name: str) -> Diagnostic:
    code = problem.code if isinstance(problem, ConfigProblem) else (
        "config-type" if level == "error" else "terms-unknown-key")
    text = str(problem)
    located = _LOCATED.match(text)
    if located:
        return Diagnostic(level, code, located["message"], name, int(located["line"]))
    return Diagnostic(level, code, text, name)


def _plugin_options(items) -> dict[str, dict]:
    plugins = {}
    if isinstance(items, dict):
        return {str(key): value or {} for key, value in items.items()}
    for item in items:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        plugins[str(name)] = options or {}
    return plugins


def _nav_paths(items) -> list:
    tree: list = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            tree.append(_nav_paths(value))
        elif isinstance(value, str) and value.endswith(".md"):
            tree.append(value)
    return tree


def flatten(tree) -> list[str]:
    out: list[str] = []
    for node in tree:
        out.extend(flatten(node) if isinstance(node, list) else [node])
    return out
