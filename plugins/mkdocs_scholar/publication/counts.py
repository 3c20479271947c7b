"""Result counts in the grammar of the reader's language, by CLDR plural rules.

Material has two phrases for a count, one for 1 and one for every other number,
which Ukrainian (like Polish, Czech or Russian) cannot say: «Знайдено 2 збігів»
should be «Знайдено 2 збіги», and 21 takes the form of 1. scholar-search.js
picks the phrase by `Intl.PluralRules` (the CLDR rules), from the phrases here
or from the site's `counts` option. Pure: no MkDocs.
"""

from __future__ import annotations

#: Material's phrases that carry a count (its `translations`, with `#` for the number).
KEYS = ("search.result.other", "search.result.more.other")
#: The CLDR plural categories (https://cldr.unicode.org/index/cldr-spec/plural-rules).
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

#: Material's own Ukrainian phrases (its partials/languages/uk.html) in the three
#: forms a whole number takes: 1, 21, 31… «збіг»; 2–4, 22–24… «збіги»; 0, 5–20, 25… «збігів».
BUILT_IN = {
    "uk": {
        "search.result.other": {
            "one": "Знайдено # збіг",
            "few": "Знайдено # збіги",
            "many": "Знайдено # збігів",
        },
        "search.result.more.other": {
            "one": "Ще # збіг на цій сторінці",
            "few": "Ще # збіги на цій сторінці",
            "many": "Ще # збігів на цій сторінці",
        },
    },
}


def check(value: object) -> list[str]:
    """What is wrong with a `counts` option, one message per problem (none: it is fine)."""
    if not isinstance(value, dict):
        return [f"expected a mapping of languages, got {type(value).__name__}: write e.g. "
                "'counts: {pl: {search.result.other: {one: ..., few: ..., many: ...}}}'"]
    problems = []
    for lang, phrases in value.items():
        if not isinstance(lang, str) or not lang:
            problems.append(f"{lang!r} is not a language code (like uk or pl)")
            continue
        if not isinstance(phrases, dict):
            problems.append(f"{lang}: expected a mapping of {' and '.join(KEYS)}, "
                            f"got {type(phrases).__name__}")
            continue
        for key, forms in phrases.items():
            where = f"{lang}: {key}"
            if key not in KEYS:
                problems.append(f"{lang}: {key!r} is not a phrase with a count; the phrases "
                                f"are {', '.join(KEYS)}")
            elif not isinstance(forms, dict) or not forms:
                problems.append(f"{where}: expected a mapping of plural categories "
                                f"({', '.join(CATEGORIES)}) to phrases")
            else:
                for category, phrase in forms.items():
                    if category not in CATEGORIES:
                        problems.append(f"{where}: {category!r} is not a CLDR plural category; "
                                        f"they are {', '.join(CATEGORIES)}")
                    elif not isinstance(phrase, str) or "#" not in phrase:
                        problems.append(f"{where}: {category}: {phrase!r} has no '#' where "
                                        "the number goes")
    return problems


def phrases(lang: str, configured: dict) -> dict[str, dict[str, str]]:
    """The count phrases of a language: the site's own (all of them, so `{}` turns the
    built-in ones off), else the built-in ones, else none."""
    if lang in configured:
        return configured[lang]
    return BUILT_IN.get(lang, {})
