"""Who an in-text citation names, and in which words: 'Zhang et al.', 'A & B'.

Pure core (no MkDocs). :func:`citation_names` reads the names once, in no
language; :func:`names_text` puts them in the words of a language's terms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mkdocs_scholar.core.locale import load_terms
from mkdocs_scholar.core.style import latex_to_plain
from mkdocs_scholar.core.style.apa_names import is_others, person_parts
from mkdocs_scholar.core.style.apa_values import field_value

__all__ = ["citation_names", "names_text", "narrative_author", "parenthetical_author"]

# Entry types whose editors take the author position when there is no author.
_EDITOR_AS_AUTHOR = {"book", "proceedings", "collection", "mvbook", "inbook"}
# Parts of a larger work: their title is not italic (and gets quotes in citations).
_PART_TYPES = {"article", "incollection", "inproceedings", "conference"}


def citation_names(entry) -> tuple:
    """Who an in-text citation names, in no language yet (the words come from the
    terms): ("people", ("Uwitonze", "Razzaque"), False), ("people", ("Zhang",), True)
    for "Zhang et al.", or, without authors, ("title", "Magnesium and bone", quoted).

    Reading names means parsing them; this form is what is worth keeping of them,
    for every language at once."""
    for role in ("author", "editor"):
        persons = list(entry.persons.get(role, ()))
        if role == "editor" and entry.type not in _EDITOR_AS_AUTHOR:
            break
        if not persons:
            continue
        others = is_others(persons[-1])
        lasts = [person_parts(person)[1] for person in persons if not is_others(person)]
        lasts = [last for last in lasts if last]
        if not lasts:
            continue
        if len(lasts) >= 3 or others:
            return ("people", (lasts[0],), True)
        return ("people", tuple(lasts), False)
    return ("title", *_short_title(entry))


def names_text(names: tuple, terms: Mapping, and_word: str) -> str:
    """The words of `citation_names` in the language of `terms`."""
    kind, value, flag = names
    if kind == "title":
        return f"{terms.get('quote_open', '“')}{value}{terms.get('quote_close', '”')}" if (
            flag) else value
    if flag:
        return f"{value[0]} {terms.get('et_al', 'et al.')}"
    return f" {and_word} ".join(value)


def _short_title(entry) -> tuple[str, bool]:
    """No author: the first words of the title, and whether to quote them (articles
    and chapters)."""
    title = field_value(entry, "title")
    if title is None:
        return entry.key or "", False
    plain = latex_to_plain(title).strip()
    short = re.split(r"(?<=\w)[:.?!]\s", plain, maxsplit=1)[0].rstrip(".:")
    word_list = short.split()
    if len(word_list) > 5:
        short = " ".join(word_list[:4]).rstrip(",;:")
    return short, entry.type in _PART_TYPES or (
        entry.type == "inbook" and bool(field_value(entry, "booktitle")))


def narrative_author(entry, terms: Mapping | None = None) -> str:
    """'Razzaque', 'Uwitonze and Razzaque', 'Zhang et al.' (plain text, not escaped)."""
    terms = terms if terms is not None else load_terms("en")
    return names_text(citation_names(entry), terms, terms.get("and_narrative", "and"))


def parenthetical_author(entry, terms: Mapping | None = None) -> str:
    """'Uwitonze & Razzaque' — the form used inside parentheses (plain text)."""
    terms = terms if terms is not None else load_terms("en")
    return names_text(citation_names(entry), terms, terms.get("and", "&"))
