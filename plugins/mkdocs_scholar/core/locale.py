"""Terms per language, read from the package's ``locales/<lang>.yml`` files.

Each locale file has one top-level key per part of the plugin (``bibliography:``,
``crossref:``, ...). Unknown languages and missing terms fall back to English,
so a half-translated file still produces complete output.
"""

from __future__ import annotations

import copy
import functools
import re
from importlib import resources

import yaml

DEFAULT_LANG = "en"
# libyaml's safe loader when PyYAML has it: the pure-Python one takes a tenth of a
# second per locale file.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LANG_RE = re.compile(r"^[a-z]{2,3}$")


def normalize_lang(lang: str | None) -> str:
    """'uk_UA', 'uk-UA', 'UK' -> 'uk'; anything unusable -> 'en'."""
    code = re.split(r"[-_.@]", (lang or "").strip().lower(), maxsplit=1)[0]
    return code if _LANG_RE.match(code) else DEFAULT_LANG


@functools.cache
def _read_locale(lang: str) -> dict:
    """The whole parsed locale file, or {} when the language has none."""
    resource = resources.files("mkdocs_scholar").joinpath("locales").joinpath(f"{lang}.yml")
    try:
        text = resource.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    data = yaml.load(text, Loader=_LOADER) or {}
    return data if isinstance(data, dict) else {}


@functools.cache
def _section(lang: str, section: str) -> dict:
    merged = dict(_read_locale(DEFAULT_LANG).get(section) or {})
    if lang != DEFAULT_LANG:
        merged.update(_read_locale(lang).get(section) or {})
    return merged


def load_section(lang: str, section: str) -> dict:
    """One top-level section of the locale file for `lang`, English filling the gaps.

    Returns a fresh copy: callers may change it without touching the cache.
    """
    return copy.deepcopy(_section(normalize_lang(lang), section))


def has_section(lang: str, section: str) -> bool:
    """Whether the locale file of `lang` has its own words for `section` (English
    always has them)."""
    lang = normalize_lang(lang)
    return lang == DEFAULT_LANG or bool(_read_locale(lang).get(section))


def load_terms(lang: str) -> dict:
    """The bibliography terms (the ``bibliography:`` section) for `lang`."""
    return load_section(lang, "bibliography")


def available_languages() -> list[str]:
    """Languages that ship a locale file."""
    folder = resources.files("mkdocs_scholar").joinpath("locales")
    return sorted(
        item.name[:-4] for item in folder.iterdir() if item.name.endswith(".yml")
    )
