"""Cross-reference words read from citeproc-py's CSL locale files.

Pure core (no MkDocs). A language without a ``crossref:`` section in the
package's locale files takes the words its CSL locale has ("obr." for a Czech
figure) instead of English ones. The package's own files come first: CSL
locales leave some terms in English (``table`` and ``equation`` in de-DE) and
some do not match usage (uk-UA's ``section`` is «пар.», a paragraph).
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from importlib import resources

from mkdocs_scholar.core.csl_format import csl_locale

_CSL = "{http://purl.org/net/xbiblio/csl}"

#: crossref kind -> the CSL term for it.
CSL_TERMS = {"fig": "figure", "tbl": "table", "sec": "section", "eq": "equation"}


@functools.cache
def locale_terms(locale: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(term name, form) -> (singular, plural) of one CSL locale; {} if it is missing."""
    path = resources.files("citeproc").joinpath("data", "locales", f"locales-{locale}.xml")
    try:
        root = ET.fromstring(path.read_bytes())
    except (OSError, ET.ParseError):
        return {}
    terms: dict[tuple[str, str], tuple[str, str]] = {}
    for term in root.iter(f"{_CSL}term"):
        single, multiple = term.find(f"{_CSL}single"), term.find(f"{_CSL}multiple")
        if single is not None:
            one = (single.text or "").strip()
            many = (multiple.text or "").strip() if multiple is not None else one
        else:
            one = many = (term.text or "").strip()
        if one:
            terms[(term.get("name", ""), term.get("form", "long"))] = (one, many or one)
    return terms


def _translated(terms: dict, english: dict, name: str) -> bool:
    """A locale's term is its own when its long form is not the English one: CSL
    locales copy English terms they lack (de-DE's "table"). The short form may
    still be the English one ("fig." in Dutch)."""
    long = terms.get((name, "long"))
    return bool(long) and long != english.get((name, "long"))


def crossref_words(lang: str) -> dict:
    """The ``crossref:`` words the CSL locale of `lang` has: ``ref`` for each kind
    it translates, and the caption labels ("Obr.", "Tabulka"). {} for English."""
    locale = csl_locale(lang)
    if locale.startswith("en"):
        return {}
    terms, english = locale_terms(locale), locale_terms("en-US")
    ref: dict[str, list[str]] = {}
    caption: dict[str, str] = {}
    for kind, name in CSL_TERMS.items():
        if not _translated(terms, english, name):
            continue
        long = terms[(name, "long")]
        short = terms.get((name, "short"))
        # A short form left in English ("tbl." beside pt-BR's "tabela") gives way
        # to the long one; an abbreviation of the locale's own word stays.
        if not short or (short == english.get((name, "short"))
                         and not _abbreviates(short[0], long[0])):
            short = long
        ref[kind] = list(short)
        if kind == "fig":
            caption[kind] = _capital(short[0])
        elif kind == "tbl":
            caption[kind] = _capital(long[0])
    words: dict = {}
    if ref:
        words["ref"] = ref
    if caption:
        words["caption"] = caption
    return words


def _abbreviates(short: str, word: str) -> bool:
    """'fig.' abbreviates 'figuur'; 'tbl.' does not abbreviate 'tabela'."""
    stem = short.rstrip(".").casefold()
    return bool(stem) and word.casefold().startswith(stem)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]
