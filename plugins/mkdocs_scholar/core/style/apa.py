"""APA 7th edition as a pybtex formatting style (entry point ``apa7``).

Reference-list shapes (English terms; other languages swap the words only):

* article: ``Last, F. M., & Other, A. (2018). Title. *Journal*, *5*(1), 1–10. https://doi.org/…``
* book: ``Last, F. (2020). *Title* (2nd ed., Vol. 2). Publisher. https://doi.org/…``
* edited book: ``Editor, E. (Ed.). (2020). *Title*. Publisher.``
* incollection / inproceedings / inbook with booktitle:
  ``Last, F. (2020). Chapter. In E. Editor & F. Other (Eds.), *Book* (pp. 1–10). Publisher.``
* techreport: ``Last, F. (2020). *Title* (Technical report No. 12). Institution.``
* phdthesis / mastersthesis: ``Last, F. (2020). *Title* [Doctoral dissertation, School]. URL``
* misc: ``Last, F. (2020). *Title*. Site. Retrieved May 1, 2023, from https://…``

Titles are printed as written (APA sentence case is the author's job: changing
case automatically breaks proper nouns); BibTeX braces only protect. Works
without an author move the title to the author position, as APA asks.
The terms come from ``locales/<lang>.yml`` (``APAStyle(lang="uk")``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pybtex.richtext import HRef, String, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    join,
    node,
    optional,
    sentence,
    tag,
    words,
)

from mkdocs_scholar.core.locale import load_terms, normalize_lang
from mkdocs_scholar.core.style import latex_to_plain, latex_to_text

__all__ = ["APAStyle", "citation_names", "names_text", "narrative_author",
           "parenthetical_author"]

#: Fields each entry type needs; "a|b" means either will do (the first is reported).
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "inbook": ("author|editor", "title", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "thesis": ("author", "title", "school", "year"),
    "misc": ("title",),
}

# Entry types that share a template; anything unknown is formatted as misc.
_TYPE_ALIASES = {
    "conference": "inproceedings",
    "proceedings": "book",
    "collection": "book",
    "mvbook": "book",
    "report": "techreport",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "misc",
    "electronic": "misc",
    "www": "misc",
    "webpage": "misc",
    "manual": "misc",
    "booklet": "misc",
    "unpublished": "misc",
    "dataset": "misc",
    "software": "misc",
}
# Entry types whose editors take the author position when there is no author.
_EDITOR_AS_AUTHOR = {"book", "proceedings", "collection", "mvbook", "inbook"}
# Parts of a larger work: their title is not italic (and gets quotes in citations).
_PART_TYPES = {"article", "incollection", "inproceedings", "conference"}

_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_TEX_ESCAPE = re.compile(r"\\([_%&#$~])")
_SAFE_SCHEME = re.compile(r"^(?:https?|ftps?)://", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RANGE_DASH = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")
_INITIAL_ONLY = re.compile(r"^(?:\w{1,2}\.)+$")


def entry_kind(entry_type: str) -> str:
    """The template an entry type uses (article, book, ..., misc)."""
    kind = _TYPE_ALIASES.get(entry_type, entry_type)
    return kind if kind in REQUIRED_FIELDS else "misc"


# -- small helpers -----------------------------------------------------------


def _field(entry, name: str) -> str | None:
    """A non-blank field value (raw TeX), or None."""
    value = entry.fields.get(name)
    if value is None or not str(value).strip():
        return None
    return str(value).strip()


def _terms(context) -> Mapping:
    return context["style"].terms


def _role_persons(entry, role: str) -> list:
    return [person for person in entry.persons.get(role, ())
            if person.last_names or person.prelast_names]


def _plain_tokens(tokens: Sequence[str]) -> list[str]:
    return [text for text in (latex_to_plain(token).strip() for token in tokens) if text]


def _person_parts(person) -> tuple[list[str], str, str]:
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


def _is_others(person) -> bool:
    return [name.lower() for name in person.last_names] == ["others"] and not person.first_names


def format_name(person, inverted: bool = True) -> str:
    """APA name: 'van der Meulen, M. C. H.' (inverted) or 'M. C. H. van der Meulen'.

    A name without first names (a corporate author such as
    ``{Institute of Medicine}``) is printed as written.
    """
    firsts, last, lineage = _person_parts(person)
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


def _names(entry, role: str, terms: Mapping, inverted: bool = True) -> str | None:
    persons = list(entry.persons.get(role, ()))
    if not persons:
        return None
    others = _is_others(persons[-1])
    if others:
        persons = persons[:-1]
    names = [name for name in (format_name(person, inverted) for person in persons) if name]
    if not names:
        return None
    return _name_list(names, terms, others, inverted)


def _editor_label(entry, terms: Mapping) -> str:
    count = len(entry.persons.get("editor", ()))
    return f"({terms.get('editors' if count > 1 else 'editor')})"


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


def clean_url(value: str) -> str:
    """A URL field without TeX escapes or a \\url{} wrapper."""
    value = value.strip()
    match = re.match(r"^\\(?:url|href)\s*\{([^}]*)\}", value)
    if match:
        value = match.group(1)
    return _TEX_ESCAPE.sub(r"\1", value).strip()


def doi_url(value: str) -> str:
    """'10.1/x', 'doi:10.1/x', 'https://doi.org/10.1/x' -> 'https://doi.org/10.1/x'."""
    doi = _DOI_PREFIX.sub("", clean_url(value)).strip()
    return "https://doi.org/" + doi


def _link(url: str) -> Text:
    """A hyperlink showing its own address; only web schemes become links."""
    if _SAFE_SCHEME.match(url):
        return Text(HRef(url, String(url)))
    return Text(String(url))


def format_date(value: str, terms: Mapping) -> str:
    """'2023-05-01' -> 'May 1, 2023' (per the locale); other text as written."""
    match = _ISO_DATE.match(value.strip())
    months = terms.get("months") or []
    if not match or not match.group(2) or not months:
        return latex_to_plain(value)
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    try:
        if day:
            return terms["date_format"].format(year=year, month=months[month - 1],
                                               day=int(day))
        nominative = terms.get("months_nominative") or months
        return terms.get("month_format", "{month} {year}").format(
            year=year, month=nominative[month - 1])
    except (KeyError, IndexError, ValueError):  # month 13, or a broken override
        return latex_to_plain(value)


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


# -- template nodes ----------------------------------------------------------


@node
def tex_field(children, context, name, apply_func=None):
    """A field decoded from TeX into rich text; FieldIsMissing if absent or blank."""
    entry = context["entry"]
    value = _field(entry, name)
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
        value = _field(entry, name)
        if value is not None:
            return latex_to_text(value)
    raise FieldIsMissing(names[0], entry)


@node
def range_field(children, context, name):
    """Pages '588--594' / '588-594' -> '588–594'; article numbers stay as they are."""
    entry = context["entry"]
    value = _field(entry, name)
    if value is None:
        raise FieldIsMissing(name, entry)
    return latex_to_text(_RANGE_DASH.sub("\u2013", value))


@node
def creator(children, context, editors_as_authors=False):
    """'Last, F. M., & Other, A.' — or the editors with '(Ed.)' for edited books."""
    entry, terms = context["entry"], _terms(context)
    names = _names(entry, "author", terms)
    if names:
        return Text(names)
    if editors_as_authors:
        names = _names(entry, "editor", terms)
        if names:
            return Text(names, " ", _editor_label(entry, terms))
    raise FieldIsMissing("author", entry)


@node
def year(children, context):
    """'(2018)', or '(n.d.)' without a year."""
    entry = context["entry"]
    value = _field(entry, "year")
    if value is None:
        date = _field(entry, "date")
        match = _ISO_DATE.match(date) if date else None
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
    value = _field(entry, "edition")
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
    value = _field(entry, "volume")
    if value is None:
        raise FieldIsMissing("volume", entry)
    many = bool(_RANGE_DASH.search(value.strip()))
    word = terms.get("volumes" if many else "volume", "Vol.")
    return Text(word, " ", latex_to_text(_RANGE_DASH.sub("\u2013", value)))


@node
def chapter(children, context):
    entry, terms = context["entry"], _terms(context)
    value = _field(entry, "chapter")
    if value is None:
        raise FieldIsMissing("chapter", entry)
    return Text(terms.get("chapter", "Chapter"), " ", latex_to_text(value))


@node
def page_range(children, context):
    """'pp. 12–34' or 'p. 12' (chapters and proceedings papers)."""
    entry, terms = context["entry"], _terms(context)
    value = _field(entry, "pages")
    if value is None:
        raise FieldIsMissing("pages", entry)
    many = bool(re.search(r"[-\u2013\u2014,]", value))
    word = terms.get("pages" if many else "page", "pp.")
    return Text(word, " ", latex_to_text(_RANGE_DASH.sub("\u2013", value)))


@node
def editors_in(children, context):
    """'A. Editor & B. Other (Eds.)' after 'In'."""
    entry, terms = context["entry"], _terms(context)
    names = _names(entry, "editor", terms, inverted=False)
    if not names:
        raise FieldIsMissing("editor", entry)
    return Text(names, " ", _editor_label(entry, terms))


@node
def publisher(children, context, names=("publisher",)):
    """The publisher, left out when it repeats the (corporate) author, as APA asks."""
    entry = context["entry"]
    for name in names:
        value = _field(entry, name)
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
    kind = _field(entry, "type")
    label = latex_to_text(kind) if kind else Text(terms.get("report", "Technical report"))
    number = _field(entry, "number")
    if number:
        return Text("(", label, " ", terms.get("number", "No."), " ", latex_to_text(number), ")")
    return Text("[", label, "]")


@node
def thesis_label(children, context):
    """'[Doctoral dissertation, School]'."""
    entry, terms = context["entry"], _terms(context)
    kind = _field(entry, "type")
    if kind:
        label = latex_to_text(kind)
    elif entry.type == "mastersthesis":
        label = Text(terms.get("mastersthesis", "Master's thesis"))
    else:
        label = Text(terms.get("phdthesis", "Doctoral dissertation"))
    school = _field(entry, "school") or _field(entry, "institution")
    if school:
        return Text("[", label, ", ", latex_to_text(school), "]")
    return Text("[", label, "]")


@node
def web_link(children, context, retrieved=False):
    """The DOI as https://doi.org/… (preferred by APA), else the URL.

    With ``retrieved=True`` and a ``urldate``: 'Retrieved May 1, 2023, from URL'.
    """
    entry, terms = context["entry"], _terms(context)
    doi = _field(entry, "doi")
    if doi:
        return _link(doi_url(doi))
    url = _field(entry, "url")
    if url is None:
        return Text()
    link = _link(clean_url(url))
    urldate = _field(entry, "urldate")
    if retrieved and urldate:
        return _fill(terms.get("retrieved", "Retrieved {date}, from {url}"),
                     date=Text(format_date(urldate, terms)), url=link)
    return link


# -- the style ---------------------------------------------------------------

_issue = first_field("number", "issue")
_article_number = first_of[
    optional[range_field("pages")],
    optional[tex_field("eid")],
    optional[tex_field("articleno")],
]


class APAStyle(BaseStyle):
    """APA 7th edition reference list entries, in the language given by `lang`."""

    default_name_style = "plain"  # unused: APA names are formatted by this module
    default_label_style = "number"
    default_sorting_style = "author_year_title"

    def __init__(self, lang: str = "en", terms: Mapping | None = None, **kwargs):
        super().__init__(**kwargs)
        self.lang = normalize_lang(lang)
        self.terms = load_terms(self.lang)
        if terms:
            self.terms.update(terms)
        self._templates: dict[tuple, object] = {}

    # -- pybtex entry points --------------------------------------------------

    def format_entry(self, label, entry, bib_data=None):
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        return FormattedEntry(entry.key, self._template(entry).format_data(context), label)

    def _template(self, entry):
        """The template for `entry`, built once per shape (building one is not free).

        Templates depend on the entry only through its type and which of
        author / editor / booktitle it has.
        """
        shape = (entry.type, bool(_role_persons(entry, "author")),
                 bool(_role_persons(entry, "editor")), bool(_field(entry, "booktitle")))
        template = self._templates.get(shape)
        if template is None:
            # Unknown entry types use the template of their kind (misc at worst)
            # instead of failing the way BaseStyle does.
            get_template = getattr(self, f"get_{entry.type}_template", None)
            if get_template is None:
                get_template = getattr(self, f"get_{entry_kind(entry.type)}_template")
            template = self._templates[shape] = get_template(entry)
        return template

    def missing_fields(self, entry) -> tuple[str, ...]:
        """Fields the template needs but `entry` lacks, e.g. ('year', 'journal')."""
        kind = entry_kind(entry.type)
        if kind == "inbook" and _field(entry, "booktitle"):
            kind = "incollection"
        missing = []
        for spec in REQUIRED_FIELDS[kind]:
            names = spec.split("|")
            if not any(entry.persons.get(name) or _field(entry, name) for name in names):
                missing.append(names[0])
        return tuple(missing)

    # -- building blocks --------------------------------------------------------

    def _head(self, e, title, editors_as_authors=False):
        """Author. (Year). Title. — or Title. (Year). when there is no author."""
        has_creator = bool(_role_persons(e, "author")) or (
            editors_as_authors and bool(_role_persons(e, "editor")))
        date = period[year]
        if has_creator:
            return [period[creator(editors_as_authors=editors_as_authors)], date,
                    title]
        return [title, date]

    @staticmethod
    def _italic_title(*extra):
        return optional[sentence(sep=" ")[[tag("em")[tex_field("title")], *extra]]]

    # -- templates --------------------------------------------------------------

    def get_article_template(self, e):
        title = optional[period[tex_field("title")]]
        source = sentence(sep=", ")[
            optional[tag("em")[tex_field("journal")]],
            join[optional[tag("em")[tex_field("volume")]], optional["(", _issue, ")"]],
            _article_number,
        ]
        return join(sep=" ")[[*self._head(e, title), source, web_link]]

    def get_book_template(self, e):
        title = self._italic_title(
            parenthetical[optional[edition], optional[volume]])
        return join(sep=" ")[[
            *self._head(e, title, editors_as_authors=True),
            optional[period[publisher]],
            web_link,
        ]]

    get_proceedings_template = get_book_template
    get_collection_template = get_book_template

    def get_incollection_template(self, e):
        title = optional[period[tex_field("title")]]
        container = sentence(sep=" ")[
            self.terms.get("in", "In"),
            join(sep=", ")[
                optional[editors_in],
                words[
                    optional[tag("em")[tex_field("booktitle")]],
                    parenthetical[optional[edition], optional[volume], optional[chapter],
                                  optional[page_range]],
                ],
            ],
        ]
        return join(sep=" ")[[
            *self._head(e, title),
            container,
            optional[period[publisher(names=("publisher", "organization"))]],
            web_link,
        ]]

    get_inproceedings_template = get_incollection_template
    get_conference_template = get_incollection_template

    def get_inbook_template(self, e):
        if _field(e, "booktitle"):  # biblatex style: a chapter with its own title
            return self.get_incollection_template(e)
        title = self._italic_title(
            parenthetical[optional[edition], optional[volume], optional[chapter],
                          optional[page_range]])
        return join(sep=" ")[[
            *self._head(e, title, editors_as_authors=True),
            optional[period[publisher]],
            web_link,
        ]]

    def get_techreport_template(self, e):
        title = self._italic_title(report_label)
        return join(sep=" ")[[
            *self._head(e, title),
            optional[period[publisher(names=("institution", "publisher"))]],
            web_link,
        ]]

    get_report_template = get_techreport_template

    def get_phdthesis_template(self, e):
        title = self._italic_title(thesis_label)
        return join(sep=" ")[[*self._head(e, title), web_link]]

    get_mastersthesis_template = get_phdthesis_template
    get_thesis_template = get_phdthesis_template

    def get_misc_template(self, e):
        title = self._italic_title()
        source = optional[period[
            publisher(names=("howpublished", "organization", "publisher"))]]
        return join(sep=" ")[[*self._head(e, title), source, web_link(retrieved=True)]]

    get_online_template = get_misc_template

    # -- in-text author names ---------------------------------------------------------

    def narrative_author(self, entry) -> str:
        return narrative_author(entry, self.terms)

    def parenthetical_author(self, entry) -> str:
        return parenthetical_author(entry, self.terms)


# -- in-text citations -----------------------------------------------------------


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
        others = _is_others(persons[-1])
        lasts = [_person_parts(person)[1] for person in persons if not _is_others(person)]
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
    title = _field(entry, "title")
    if title is None:
        return entry.key or "", False
    plain = latex_to_plain(title).strip()
    short = re.split(r"(?<=\w)[:.?!]\s", plain, maxsplit=1)[0].rstrip(".:")
    word_list = short.split()
    if len(word_list) > 5:
        short = " ".join(word_list[:4]).rstrip(",;:")
    return short, entry.type in _PART_TYPES or (
        entry.type == "inbook" and bool(_field(entry, "booktitle")))


def narrative_author(entry, terms: Mapping | None = None) -> str:
    """'Razzaque', 'Uwitonze and Razzaque', 'Zhang et al.' (plain text, not escaped)."""
    terms = terms if terms is not None else load_terms("en")
    return names_text(citation_names(entry), terms, terms.get("and_narrative", "and"))


def parenthetical_author(entry, terms: Mapping | None = None) -> str:
    """'Uwitonze & Razzaque' — the form used inside parentheses (plain text)."""
    terms = terms if terms is not None else load_terms("en")
    return names_text(citation_names(entry), terms, terms.get("and", "&"))
