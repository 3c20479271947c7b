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

This module holds the style and its templates; their nodes are in ``apa_nodes``,
the names in ``apa_names`` (reference list) and ``apa_in_text`` (citations), and
the field values in ``apa_values``.
"""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import first_of, join, optional, sentence, tag, words

from mkdocs_scholar.core.locale import load_terms, normalize_lang
from mkdocs_scholar.core.style.apa_in_text import (
    citation_names,
    names_text,
    narrative_author,
    parenthetical_author,
)
from mkdocs_scholar.core.style.apa_names import format_name, role_persons
from mkdocs_scholar.core.style.apa_nodes import (
    chapter,
    creator,
    edition,
    editors_in,
    first_field,
    page_range,
    parenthetical,
    period,
    publisher,
    range_field,
    report_label,
    tex_field,
    thesis_label,
    volume,
    web_link,
    year,
)
from mkdocs_scholar.core.style.apa_values import doi_url, field_value

__all__ = ["APAStyle", "citation_names", "doi_url", "format_name", "names_text",
           "narrative_author", "parenthetical_author"]

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


def entry_kind(entry_type: str) -> str:
    """The template an entry type uses (article, book, ..., misc)."""
    kind = _TYPE_ALIASES.get(entry_type, entry_type)
    return kind if kind in REQUIRED_FIELDS else "misc"


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
        shape = (entry.type, bool(role_persons(entry, "author")),
                 bool(role_persons(entry, "editor")), bool(field_value(entry, "booktitle")))
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
        if kind == "inbook" and field_value(entry, "booktitle"):
            kind = "incollection"
        missing = []
        for spec in REQUIRED_FIELDS[kind]:
            names = spec.split("|")
            if not any(entry.persons.get(name) or field_value(entry, name) for name in names):
                missing.append(names[0])
        return tuple(missing)

    # -- building blocks --------------------------------------------------------

    def _head(self, e, title, editors_as_authors=False):
        """Author. (Year). Title. — or Title. (Year). when there is no author."""
        has_creator = bool(role_persons(e, "author")) or (
            editors_as_authors and bool(role_persons(e, "editor")))
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
        if field_value(e, "booktitle"):  # biblatex style: a chapter with its own title
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
