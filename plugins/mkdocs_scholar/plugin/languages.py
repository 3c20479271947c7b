"""Which language a build is for, with or without mkdocs-static-i18n.

With mkdocs-static-i18n each language is its own build of the same plugins;
`current_language` is valid from `on_pre_build` on.
"""

from __future__ import annotations


def theme_language(config) -> str:
    """The theme's language: Material's `language`, or MkDocs' own `locale`."""
    value = config.theme.get("language") or config.theme.get("locale")
    return str(value).replace("_", "-").split("-")[0] if value else "en"


def current_and_default(config) -> tuple[str, str]:
    """(language being built, default language)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None):
        return i18n.current_language, i18n.default_language
    lang = theme_language(config)
    return lang, lang


def all_languages(config) -> list[str]:
    """Every language the site builds, the default first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [theme_language(config)]
    default = i18n.default_language
    others = [lang.locale for lang in i18n.config.languages
              if lang.build and lang.locale != default]
    return [default, *others]
