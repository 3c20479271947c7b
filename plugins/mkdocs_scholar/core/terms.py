"""The `terms:` option: per-language overrides of the built-in words, checked
against the English locale file, which holds every key the plugin reads.

Pure: returns messages; the configuration turns them into errors (a value of
the wrong type would break formatting later) and warnings (an unknown key is
ignored, which is most likely a typo).
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Mapping

from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.locale import (
    DEFAULT_LANG,
    available_languages,
    has_section,
    load_section,
    normalize_lang,
)

#: The parts of a locale file that `terms:` may override.
SECTIONS = ("bibliography", "crossref", "interface")

_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")


def reference() -> dict:
    """Every key the plugin knows, with its English value (or, for a key only some
    languages use, that language's): the shape to check against."""
    shape: dict = {}
    for lang in [DEFAULT_LANG, *(x for x in available_languages() if x != DEFAULT_LANG)]:
        for section in SECTIONS:
            for key, value in load_section(lang, section).items():
                shape.setdefault(section, {}).setdefault(key, value)
    return shape


def key_paths(tree: Mapping | None = None, prefix: str = "") -> list[str]:
    """Dotted paths of every leaf key (``crossref.ref.fig``), in file order."""
    tree = reference() if tree is None else tree
    paths = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            paths.extend(key_paths(value, path + "."))
        else:
            paths.append(path)
    return paths


def check_terms(value: object) -> tuple[list[str], list[str]]:
    """(errors, warnings) about a `terms:` value: ``{lang: {section: {...}}}``."""
    errors: list[str] = []
    warnings: list[str] = []
    if not isinstance(value, Mapping):
        errors.append(f"expected a mapping of languages to terms, e.g. "
                      f"{{uk: {{crossref: {{ref: {{fig: [рис., рис.]}}}}}}}}, got {_shown(value)}")
        return errors, warnings
    shape = reference()
    for lang, terms in value.items():
        if not isinstance(lang, str) or not _LANG_CODE.match(lang):
            warnings.append(f"'{lang}' does not look like a language code (en, uk, de, …); "
                            "its terms are used only on pages of a language of that name")
        if terms is None:
            continue
        _check_mapping(terms, shape, str(lang), errors, warnings)
    return errors, warnings


def _check_mapping(value, shape: Mapping, path: str, errors: list, warnings: list) -> None:
    if not isinstance(value, Mapping):
        errors.append(f"'{path}' must be a mapping with keys such as "
                      f"{_some(shape)}, got {_shown(value)}")
        return
    for key, given in value.items():
        where = f"{path}.{key}"
        if key not in shape:
            if path.endswith(".ordinals") and isinstance(key, int):
                expected: object = "{n}"  # any number may have its own ordinal
            else:
                close = difflib.get_close_matches(str(key), [str(k) for k in shape], n=1,
                                                  cutoff=0.6)
                hint = f" (did you mean '{path}.{close[0]}'?)" if close else (
                    f"; the keys here are {_some(shape, 12)}")
                warnings.append(f"'{where}' is not a term the plugin knows, so it is "
                                f"ignored{hint}")
                continue
        else:
            expected = shape[key]
        _check_value(given, expected, where, errors, warnings)


def _check_value(given, expected, where: str, errors: list, warnings: list) -> None:
    if isinstance(expected, Mapping):
        _check_mapping(given, expected, where, errors, warnings)
    elif isinstance(expected, list):
        if (not isinstance(given, list) or len(given) != len(expected)
                or not all(isinstance(item, str) for item in given)):
            example = ", ".join(str(item) for item in expected[:2])
            errors.append(f"'{where}' must be a list of {len(expected)} words, like "
                          f"[{example}{', …' if len(expected) > 2 else ''}], "
                          f"got {_shown(given)}")
    elif not isinstance(given, str):
        errors.append(f"'{where}' must be text, like '{expected}', got {_shown(given)}")
    else:
        allowed = _fields(str(expected))
        unknown = _fields(given) - allowed
        if unknown:
            names = ", ".join("{" + name + "}" for name in sorted(unknown))
            known = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
            errors.append(f"'{where}' uses {names}, which this term does not fill "
                          f"(it fills {known})")


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # an unpaired brace: shown as it is
        return set()


def _some(shape: Mapping, n: int = 5) -> str:
    keys = [f"'{key}'" for key in shape]
    return ", ".join(keys[:n]) + (", …" if len(keys) > n else "")


def _shown(value: object) -> str:
    kind = {str: "text", int: "a number", float: "a number", bool: "true/false",
            list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value),
                                                                          type(value).__name__)
    text = repr(value)
    return f"{text[:60]}{'…' if len(text) > 60 else ''} ({kind})"


def builtin_terms(lang: str) -> dict:
    """The words the package has for `lang`: its locale file, else (for
    cross-references) its CSL locale's words, else English."""
    terms = {part: load_section(lang, part) for part in SECTIONS}
    if not has_section(lang, "crossref"):
        terms["crossref"] = _merge(terms["crossref"], _csl_crossref(lang))
    return terms


def _csl_crossref(lang: str) -> dict:
    from mkdocs_scholar.core.csl_terms import crossref_words  # reads citeproc's files

    return crossref_words(lang)


def terms_for(lang: str, overrides: Mapping) -> dict:
    """The words for `lang`: the built-in ones, with the `terms:` overrides merged in."""
    terms = builtin_terms(lang)
    extra = overrides.get(lang) or {}
    return _merge(terms, extra) if extra else terms


def english_fallback_problem(lang: str, overrides: Mapping) -> Diagnostic | None:
    """The warning for pages in `lang` that show English words, or None."""
    parts = english_fallbacks(lang, overrides)
    if not parts:
        return None
    return Diagnostic(
        "warning", "terms-english-fallback",
        f"pages in '{lang}' have no built-in words for {', '.join(parts)}; English "
        f"is used. Give them with `terms: {{{lang}: …}}`")


def english_fallbacks(lang: str, overrides: Mapping) -> list[str]:
    """The parts whose words are English on pages in `lang`, because neither the
    package nor `terms:` gives that language any: ``["crossref (table, eq.)",
    "bibliography", "interface"]``; [] for English and every built-in language."""
    if normalize_lang(lang) == DEFAULT_LANG:
        return []
    given = overrides.get(lang) or {}
    parts = []
    for part in SECTIONS:
        if has_section(lang, part) or given.get(part):
            continue
        if part != "crossref":
            parts.append(part)
            continue
        # The CSL locale may give some of them: name the English words left.
        english = load_section(DEFAULT_LANG, part)["ref"]
        own = _csl_crossref(lang).get("ref", {})
        left = [words[0] for kind, words in english.items() if kind not in own]
        if left:
            parts.append(f"{part} ({', '.join(left)})")
    return parts


def _merge(base: dict, extra: Mapping) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
