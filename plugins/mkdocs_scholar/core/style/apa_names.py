"""People's names the APA way: 'van der Meulen, M. C. H.', 'A, B, & C', 'et al.'.

Pure core (no MkDocs). Names come from pybtex ``Person`` objects, decoded from
TeX to plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from mkdocs_scholar.core.style import latex_to_plain

__all__ = ["editor_label", "format_name", "is_others", "person_parts", "role_names",
           "role_persons"]

_INITIAL_ONLY = re.compile(r"^(?:\w{1,2}\.)+$")


def role_persons(entry, role: str) -> list:
    return [person for person in entry.persons.get(role, ())
            if person.last_names or person.prelast_names]


def _plain_tokens(tokens: Sequence[str]) -> list[str]:
    return [text for text in (latex_to_plain(token).strip() for token in tokens) if text]


def person_parts(person) -> tuple[list[str], str, str]:
    """(first and middle names, "von Last", lineage) as plain text."""
    firsts = _plain_tokens(person.first_names + person.middle_names)
    last = " ".join(_plain_tokens(person.prelast_names + person.last_names))
    lineage = " ".join(_plain_tokens(person.lineage_names))
    if lineage.lower() in ("jr", "sr"):
        lineage += "."
    return firsts, last, lineage


def _initial(word: str) -> str:
    """'James' -> 'J.', 'Jean-Paul' -> 'J.-P.', 'J.J.' -> 'J. J.', 'Yu.' -> 'Yu.'."""
    if "-" in word.strip("-"):
        return "-".join(_initial(part) for part in word.split("-") if part)
    if _INITIAL_ONLY.match(word):
        return " ".join(part + "." for part in word.split(".") if part)
    letters = [char for char in word if char.isalpha()]
    return letters[0] + "." if letters else ""


def _initials(firsts: Sequence[str]) -> str:
    return " ".join(filter(None, (_initial(word) for word in firsts)))


def is_others(person) -> bool:
    return [name.lower() for name in person.last_names] == ["others"] and not person.first_names


def format_name(person, inverted: bool = True) -> str:
    """APA name: 'van der Meulen, M. C. H.' (inverted) or 'M. C. H. van der Meulen'.

    A name without first names (a corporate author such as
    ``{Institute of Medicine}``) is printed as written.
    """
    firsts, last, lineage = person_parts(person)
    initials = _initials(firsts)
    if not initials:
        return ", ".join(filter(None, (last, lineage))) if inverted else " ".join(
            filter(None, (last, lineage)))
    if inverted:
        return ", ".join(filter(None, (last, initials, lineage)))
    return " ".join(filter(None, (initials, last, lineage)))


def _name_list(names: list[str], terms: Mapping, others: bool, inverted: bool) -> str:
    """Join names the APA way: 'A, B, & C'; 21 or more: first 19, '…', last."""
    amp = terms.get("and", "&")
    if others and names:
        return ", ".join(names) + ", " + terms.get("et_al", "et al.")
    if len(names) <= 1:
        return "".join(names)
    if len(names) >= 21:
        return ", ".join(names[:19]) + f", {terms.get('ellipsis', '…')} " + names[-1]
    if len(names) == 2 and not inverted:
        return f"{names[0]} {amp} {names[1]}"  # "In A. Editor & B. Editor (Eds.)"
    return ", ".join(names[:-1]) + f", {amp} " + names[-1]


def role_names(entry, role: str, terms: Mapping, inverted: bool = True) -> str | None:
    persons = list(entry.persons.get(role, ()))
    if not persons:
        return None
    others = is_others(persons[-1])
    if others:
        persons = persons[:-1]
    names = [name for name in (format_name(person, inverted) for person in persons) if name]
    if not names:
        return None
    return _name_list(names, terms, others, inverted)


def editor_label(entry, terms: Mapping) -> str:
    count = len(entry.persons.get("editor", ()))
    return f"({terms.get('editors' if count > 1 else 'editor')})"
