"""Finding pybtex formatting styles by name and making one for a language.

Pure core (no MkDocs). Any pybtex formatting style works (``apa7`` from this
package, ``unsrt``, ``plain``, ``alpha``, ...); the language is passed to styles
that accept a ``lang`` argument.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Mapping

from pybtex.plugin import (
    PluginNotFound,
    enumerate_plugin_names,
    find_plugin,
    register_plugin,
)
from pybtex.style.formatting import BaseStyle

from mkdocs_scholar.core.style import apa

__all__ = ["DEFAULT_STYLE", "find_style", "make_style"]

DEFAULT_STYLE = "apa7"

# Make "apa7" findable before the package is installed (tests, a source checkout);
# when the entry point exists this is a no-op.
register_plugin("pybtex.style.formatting", DEFAULT_STYLE, apa.APAStyle)


def find_style(name: str):
    found, available = _lookup(name)
    if found is None:
        raise ValueError(
            f"unknown bibliography style '{name}'; available styles: {', '.join(available)}")
    return found


@functools.cache  # pybtex scans every installed package's entry points on each lookup,
def _lookup(name: str) -> tuple[type | None, tuple[str, ...]]:  # a CSL name's too
    try:
        return find_plugin("pybtex.style.formatting", name), ()
    except PluginNotFound:
        return None, tuple(sorted(set(enumerate_plugin_names("pybtex.style.formatting"))))


# pybtex's own name, label and sorting styles: module and class by plugin group.
_BUILTIN_HELPERS = {"pybtex.style.names": "NameStyle", "pybtex.style.labels": "LabelStyle",
                    "pybtex.style.sorting": "SortingStyle"}


@functools.cache
def _helper_plugin(group: str, name: str | None):
    """A helper style class; pybtex's own ones imported directly, others looked up."""
    if name and name.isidentifier():
        try:
            module = importlib.import_module(f"{group}.{name}")
            return getattr(module, _BUILTIN_HELPERS[group])
        except (ImportError, AttributeError):
            pass
    return find_plugin(group, name)


def make_style(style_class, lang: str, terms: Mapping | None = None):
    """An instance of `style_class` (from :func:`find_style`) for `lang`; `terms`
    override locale terms, for styles that take them."""
    parameters = inspect.signature(style_class.__init__).parameters
    # The caller orders the list itself: skip pybtex's sorting of each batch.
    kwargs: dict = {}
    if issubclass(style_class, BaseStyle):
        # Classes, not names: pybtex would scan every installed package's entry
        # points for each name, each time a style is made (once per language).
        kwargs = {
            "sorting_style": _helper_plugin("pybtex.style.sorting", "none"),
            "name_style": _helper_plugin("pybtex.style.names",
                                         style_class.default_name_style),
            "label_style": _helper_plugin("pybtex.style.labels",
                                          style_class.default_label_style),
        }
    if "lang" in parameters:  # ours; pybtex's own styles take no language
        kwargs["lang"] = lang
    if terms and "terms" in parameters:
        kwargs["terms"] = dict(terms)
    return style_class(**kwargs)
