"""pybtex template nodes for the APA style: fields, names, dates, labels and links.

Pure core (no MkDocs). Each node reads the entry and the style's terms from the
template context; a node whose field is missing raises ``FieldIsMissing``, so
``optional[...]`` can leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.richtext import HRef, String, Text
from pybtex.style.template import FieldIsMissing, join, node

from mkdocs_scholar.core.style import latex_to_plain, latex_to_text
from mkdocs_scholar.core.style.apa_names import editor_label, role_names
from mkdocs_scholar.core.style.apa_values import (
    ISO_DATE,
    clean_url,
    doi_url,
    field_value,
    format_date,
)

__all__ = ["chapter", "creator", "edition", "editors_in", "first_field", "page_range",
           "parenthetical", "period", "publisher", "range_field", "report_label",
           "tex_field", "thesis_label", "volume", "web_link", "year"]

_SAFE_SCHEME = re.compile(r"^(?:https?|ftps?)://", re.IGNORECASE)
_RANGE_DASH = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")


def _terms(context) -> Mapping:
    return context["style"].terms


def _ordinal(number: int, terms: Mapping) -> str:
    """2 -> '2nd' / '2-ге': the locale's pattern for n % 100, else n % 10, else default."""
    table = terms.get("ordinals") or {}
    pattern = table.get("default", "{n}")
    for probe in (number % 100, number % 10):
        found = table.get(probe, table.get(str(probe)))
        if found:
            pattern = found
            break
    try:
        return str(pattern).format(n=number)
    except (KeyError, IndexError, ValueError):
        return str(number)


def _plain_equal(a: str | None, b: str | None) -> bool:
    def norm(value: str) -> str:
        return re.sub(r"\W+", " ", latex_to_plain(value)).strip().casefold()

    return bool(a and b) and norm(a) == norm(b)


def _link(url: str) -> Text:
    """A hyperlink showing its own address; only web schemes become links."""
    if _SAFE_SCHEME.match(url):
        return Text(HRef(url, String(url)))
    return Text(String(url))


def _fill(template: str, **parts: Text) -> Text:
    """Fill '{date}'/'{url}' placeholders of a term with rich text."""
    pieces = re.split(r"\{(\w+)\}", template)
    result = []
    for index, piece in enumerate(pieces):
        if index % 2:
            result.append(parts.get(piece, Text()))
        elif piece:
            result.append(String(piece))
    return Text(*result)


@node
def tex_field(children, context, name, apply_func=None):
    """A field decoded from TeX into rich text; FieldIsMissing if absent or blank."""
    entry = context["entry"]
    value = field_value(entry, name)
    if value is None:
        raise FieldIsMissing(name, entry)
    text = latex_to_text(value)
    return apply_func(text) if apply_func else text


@node
def period(children, context):
    """The child followed by a period unless it ends with . ? or ! — nothing if empty.

    Like ``sentence(sep="")`` but lighter: APA uses it for most elements.
    """
    [child] = children
    text = child.format_data(context) if hasattr(child, "format_data") else Text(child)
    return text.add_period() if text else Text()


@node
def first_field(children, context, *names):
    """The first of `names` that the entry has, decoded; FieldIsMissing if none."""
    entry = context["entry"]
    for name in names:
        value = field_value(entry, name)
        if value is not None:
            return latex_to_text(value)
    raise FieldIsMissing(names[0], entry)


@node
def range_field(children, context, name):
    """Pages '588--594' / '588-594' -> '588–594'; article numbers stay as they are."""
    entry = context["entry"]
    value = field_value(entry, name)
    if value is None:
        raise FieldIsMissing(name, entry)
    return latex_to_text(_RANGE_DASH.sub("\u2013", value))


@node
def creator(children, context, editors_as_authors=False):
    """'Last, F. M., & Other, A.' — or the editors with '(Ed.)' for edited books."""
    entry, terms = context["entry"], _terms(context)
    names = role_names(entry, "author", terms)
    if names:
        return Text(names)
    if editors_as_authors:
        names = role_names(entry, "editor", terms)
        if names:
            return Text(names, " ", editor_label(entry, terms))
    raise FieldIsMissing("author", entry)


@node
def year(children, context):
    """'(2018)', or '(n.d.)' without a year."""
    entry = context["entry"]
    value = field_value(entry, "year")
    if value is None:
        date = field_value(entry, "date")
        match = ISO_DATE.match(date) if date else None
        value = match.group(1) if match else None
    if value is None:
        return Text("(", _terms(context).get("no_date", "n.d."), ")")
    return Text("(", latex_to_text(value), ")")


@node
def parenthetical(children, context, sep=", "):
    """'(2nd ed., Vol. 3, pp. 1–10)' from whichever parts exist; nothing if none."""
    text = join(sep=sep)[children].format_data(context)
    return Text("(", text, ")") if text else Text()


@node
def edition(children, context):
    entry, terms = context["entry"], _terms(context)
    value = field_value(entry, "edition")
    if value is None:
        raise FieldIsMissing("edition", entry)
    word = terms.get("edition", "ed.")
    plain = latex_to_plain(value)
    if plain.isdigit():
        number = int(plain)
        if number <= 1:
            return Text()  # APA does not mention a first edition
        return Text(f"{_ordinal(number, terms)} {word}")
    if re.search(r"\bed(?:\.|ition)?\b|вид", plain, re.IGNORECASE):
        return latex_to_text(value)
    return Text(latex_to_text(value), " ", word)


@node
def volume(children, context):
    entry, terms = context["entry"], _terms(context)
    value = field_value(entry, "volume")
    if value is None:
        raise FieldIsMissing("volume", entry)
    many = bool(_RANGE_DASH.search(value.strip()))
    word = terms.get("volumes" if many else "volume", "Vol.")
    return Text(word, " ", latex_to_text(_RANGE_DASH.sub("\u2013", value)))


@node
def chapter(children, context):
    entry, terms = context["entry"], _terms(context)
    value = field_value(entry, "chapter")
    if value is None:
        raise FieldIsMissing("chapter", entry)
    return Text(terms.get("chapter", "Chapter"), " ", latex_to_text(value))


@node
def page_range(children, context):
    """'pp. 12–34' or 'p. 12' (chapters and proceedings papers)."""
    entry, terms = context["entry"], _terms(context)
    value = field_value(entry, "pages")
    if value is None:
        raise FieldIsMissing("pages", entry)
    many = bool(re.search(r"[-\u2013\u2014,]", value))
    word = terms.get("pages" if many else "page", "pp.")
    return Text(word, " ", latex_to_text(_RANGE_DASH.sub("\u2013", value)))


@node
def editors_in(children, context):
    """'A. Editor & B. Other (Eds.)' after 'In'."""
    entry, terms = context["entry"], _terms(context)
    names = role_names(entry, "editor", terms, inverted=False)
    if not names:
        raise FieldIsMissing("editor", entry)
    return Text(names, " ", editor_label(entry, terms))


@node
def publisher(children, context, names=("publisher",)):
    """The publisher, left out when it repeats the (corporate) author, as APA asks."""
    entry = context["entry"]
    for name in names:
        value = field_value(entry, name)
        if value is None:
            continue
        authors = entry.persons.get("author", ())
        if len(authors) == 1 and _plain_equal(value, " ".join(authors[0].last_names)):
            return Text()
        return latex_to_text(value)
    raise FieldIsMissing(names[0], entry)


@node
def report_label(children, context):
    """'(Technical report No. 12)' or '[Technical report]'."""
    entry, terms = context["entry"], _terms(context)
    kind = field_value(entry, "type")
    label = latex_to_text(kind) if kind else Text(terms.get("report", "Technical report"))
    number = field_value(entry, "number")
    if number:
        return Text("(", label, " ", terms.get("number", "No."), " ", latex_to_text(number), ")")
    return Text("[", label, "]")


@node
def thesis_label(children, context):
    """'[Doctoral dissertation, School]'."""
    entry, terms = context["entry"], _terms(context)
    kind = field_value(entry, "type")
    if kind:
        label = latex_to_text(kind)
    elif entry.type == "mastersthesis":
        label = Text(terms.get("mastersthesis", "Master's thesis"))
    else:
        label = Text(terms.get("phdthesis", "Doctoral dissertation"))
    school = field_value(entry, "school") or field_value(entry, "institution")
    if school:
        return Text("[", label, ", ", latex_to_text(school), "]")
    return Text("[", label, "]")


@node
def web_link(children, context, retrieved=False):
    """The DOI as https://doi.org/… (preferred by APA), else the URL.

    With ``retrieved=True`` and a ``urldate``: 'Retrieved May 1, 2023, from URL'.
    """
    entry, terms = context["entry"], _terms(context)
    doi = field_value(entry, "doi")
    if doi:
        return _link(doi_url(doi))
    url = field_value(entry, "url")
    if url is None:
        return Text()
    link = _link(clean_url(url))
    urldate = field_value(entry, "urldate")
    if retrieved and urldate:
        return _fill(terms.get("retrieved", "Retrieved {date}, from {url}"),
                     date=Text(format_date(urldate, terms)), url=link)
    return link
