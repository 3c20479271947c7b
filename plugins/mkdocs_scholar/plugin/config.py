"""The plugin's typed configuration."""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c


class PathOrPaths(base.BaseConfigOption[list]):
    """One path or a list of paths, relative to mkdocs.yml, each of which must exist."""

    def run_validation(self, value: object) -> list:
        if value is None or value == []:
            return []
        paths = [value] if isinstance(value, str) else value
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise base.ValidationError(
                "expected a path or a list of paths to .bib files, relative to mkdocs.yml"
            )
        config_dir = os.path.dirname(self._config.config_file_path or "") if self._config else ""
        resolved = []
        for path in paths:
            full = os.path.normpath(os.path.join(config_dir, path))
            if not os.path.isfile(full):
                raise base.ValidationError(
                    f"the bibliography file '{path}' does not exist (looked for {full})"
                )
            resolved.append(full)
        return resolved

    def pre_validation(self, config, key_name):
        self._config = config

    _config = None


class ScholarConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: .bib file(s), relative to mkdocs.yml.
    bibliography = PathOrPaths()
    #: A pybtex formatting style, by its plugin name: our `apa7`, or `unsrt`, `plain`, ...
    style = c.Type(str, default="apa7")
    #: Link each citation number to its entry and each reference to its target.
    links = c.Type(bool, default=True)
    #: Show the formatted reference / the caption on hover and keyboard focus.
    previews = c.Type(bool, default=True)
    #: Back-links from each bibliography entry to the places that cite it.
    backlinks = c.Type(bool, default=True)
    #: Number headings that carry `{#sec:…}` labels (3, 3.2, …) following the navigation.
    number_sections = c.Type(bool, default=False)
    #: Per-language overrides of the locale terms,
    #: e.g. {uk: {crossref: {ref: {fig: [рис., рис.]}}}}.
    terms = c.Type(dict, default={})
    #: The publication's own record (YAML): "Cite this" block, downloads, <head> metadata.
    article = c.Optional(c.File(exists=True))
    #: Folder (relative to mkdocs.yml) that keeps parsed .bib files and formatted entries
    #: between builds; "" turns it off.
    cache_dir = c.Type(str, default=".cache/plugin/scholar")
    #: Add the plugin's stylesheet (tooltips, figures, bibliography) to every page.
    css = c.Type(bool, default=True)
