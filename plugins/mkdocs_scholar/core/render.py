"""HTML for citations, cross-references, captions and the bibliography.

Given a :class:`~mkdocs_scholar.resolve.Resolution` and the URL of each page,
it turns each placeholder of a page into a :class:`Piece`: HTML for the page,
plain text for the table of contents, and the lighter HTML the search index
reads (citations as text). Previews are tooltips that CSS alone shows; the
plugin's script (assets/scholar.js) keeps them on screen and opens them on a tap.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from urllib.parse import quote

from mkdocs_scholar.core import crossref
from mkdocs_scholar.core.crossref import Link, Missing, Target, Terms, Text
from mkdocs_scholar.core.csl_authordate import parse_locator
from mkdocs_scholar.core.numbering import Run, compress
from mkdocs_scholar.core.records import (
    BibliographyPlaceholder,
    CaptionPlaceholder,
    CitationPlaceholder,
    CiteThisPlaceholder,
    PageRecord,
    SectionNumberPlaceholder,
    WholeReviewPlaceholder,
    bare_key,
    unpack_citation,
)
from mkdocs_scholar.core.resolve import Resolution, citation_anchor
from mkdocs_scholar.core.style import unicode_script
from mkdocs_scholar.core.syntax import CiteItem, crossref_kind

_LINK_TAG = re.compile(r"</?a\b[^>]*>")


class Urls(Protocol):
    """URLs as seen from the page being rendered."""

    def page(self, src: str) -> str:
        """URL of the page with source path `src` ("" for the page itself)."""

    def asset(self, from_src: str, raw: str) -> str:
        """URL of a file written as `raw` in the page with source path `from_src`."""


class Piece(NamedTuple):
    """What one placeholder becomes."""

    html: str  # in the page
    text: str  # in the table of contents and the title
    indexed: str | None = None  # what the search index reads instead of `html`, if not it

    @property
    def for_index(self) -> str:
        return self.html if self.indexed is None else self.indexed


@dataclass(frozen=True)
class CitationForm:
    """How citation numbers are written: the style's brackets (or parentheses, or
    none), its delimiter, and whether the numbers are superscript. The default
    is the plugin's own "[1, 3–5]"; CSL styles give theirs (see core.csl_format)."""

    prefix: str = "["
    suffix: str = "]"
    delimiter: str = ", "
    each: bool = False  # brackets around each number, as IEEE's "[1], [3]–[5]"
    collapse: bool = True  # 2, 3, 4 as "2–4"; a CSL style without `collapse` lists them
    superscript: bool = False

    def wrap(self, inner: str) -> str:
        return f"{self.prefix}{inner}{self.suffix}"


@dataclass(frozen=True)
class Options:
    links: bool = True
    previews: bool = True
    backlinks: bool = True
    number_sections: bool = False
    form: CitationForm = CitationForm()


@functools.cache  # each key is linked from many places
def entry_anchor(key: str) -> str:
    return "ref-" + quote(key, safe="")


class PageRenderer:
    """Renders the placeholders of one page."""

    def __init__(
        self,
        record: PageRecord,
        resolution: Resolution,
        terms: Mapping,
        options: Options,
        urls: Urls,
        narrative_author: Callable[[str], str],
        cite_this: Callable[[], str] = lambda: "",
        whole_review: Callable[[], str] = lambda: "",
    ):
        self.record = record
        self.resolution = resolution
        self.terms = terms
        self.crossref_terms = Terms.from_mapping(terms.get("crossref", {}))
        self.options = options
        self.urls = urls
        self.narrative_author = narrative_author
        self.cite_this = cite_this
        self.whole_review = whole_review
        self._bibliography_url: str | None = None  # escaped, from this page

    # -- public -----------------------------------------------------------

    def render(self, index: int) -> Piece:
        """What placeholder `index` of the page becomes."""
        placeholder = self.record.placeholders.stored(index)
        if type(placeholder) is tuple:  # a citation, packed
            key = bare_key(placeholder)  # most citations: straight from the packed form
            single = self._single_citation(key, index) if key is not None else None
            if single is not None:
                return single
            placeholder = unpack_citation(placeholder)
        if isinstance(placeholder, CitationPlaceholder):
            if placeholder.is_crossref:
                return self._crossref(placeholder, index)
            return self._citation(placeholder, index)
        if isinstance(placeholder, CaptionPlaceholder):
            target = self.resolution.targets.get(placeholder.label)
            word = self.crossref_terms.caption.get(target.kind if target else "fig", "")
            number = target.number if target and target.number else "?"
            text = f"{word}\u00a0{number}{self.crossref_terms.caption_separator.rstrip()}"
            return Piece(html.escape(text), text)
        if isinstance(placeholder, SectionNumberPlaceholder):
            target = self.resolution.targets.get(placeholder.label)
            number = target.number if target and target.number else ""
            return Piece(html.escape(number), number)
        if isinstance(placeholder, CiteThisPlaceholder):
            return Piece(self.cite_this(), "")
        if isinstance(placeholder, WholeReviewPlaceholder):
            return Piece(self.whole_review(), "")
        if isinstance(placeholder, BibliographyPlaceholder):
            if self.resolution.bibliography_page != self.record.src:
                return Piece("", "")  # a second block: reported, left empty
            return self._bibliography()
        raise TypeError(placeholder)

    # -- citations ----------------------------------------------------------

    def _citation(self, placeholder: CitationPlaceholder, index: int) -> Piece:
        if self.resolution.intext is not None:
            return self._author_date(placeholder, index)
        if len(placeholder.items) == 1 and not placeholder.narrative:
            item = placeholder.items[0]
            single = None if item.prefix or item.suffix else self._single_citation(
                item.key, index)
            if single is not None:
                return single
        anchor = citation_anchor(index)
        number = self.resolution.number
        known, unknown = [], []
        for item in placeholder.items:
            (known if number(item.key) else unknown).append(item)
        tip_id = f"{anchor}-tip"
        parts_html, parts_text = self._numbers(known, tip_id)
        for item in unknown:
            parts_html.append(
                f'<mark class="scholar-unknown" title="{html.escape(self._t("unknown_key"))}">'
                f"@{html.escape(item.key)}</mark>"
            )
            parts_text.append("@" + item.key)
        form = self.options.form
        if form == _PLAIN_FORM:
            inner_html = ", ".join(parts_html)
            inner_text = ", ".join(parts_text)
            if placeholder.narrative and known:
                author = self.narrative_author(known[0].key)
                body_html = f"{html.escape(author)} [{inner_html}]"
                body_text = f"{author} [{inner_text}]"
            else:
                body_html, body_text = f"[{inner_html}]", f"[{inner_text}]"
        else:
            body_html, body_text = self._styled(placeholder, known, parts_html, parts_text)
        tip = self._citation_tip(known, tip_id)
        markup = f'<span class="scholar-citation" id="{anchor}">{body_html}{tip}</span>'
        return _indexed_as_text(markup, body_text)

    def _styled(self, placeholder: CitationPlaceholder, known: list[CiteItem],
                parts_html: list[str], parts_text: list[str]) -> tuple[str, str]:
        """The numbers in a style's own form: "[1,3]", "[1], [3]", "(1)" or a
        superscript; a narrative citation puts the author before them."""
        form = self.options.form
        if form.each:  # each part has its brackets already (see _numbers)
            inner_html = form.delimiter.join(parts_html)
            inner_text = form.delimiter.join(parts_text)
        else:
            inner_html = form.wrap(form.delimiter.join(parts_html))
            inner_text = form.wrap(form.delimiter.join(parts_text))
        if form.superscript:
            inner_html = f'<sup class="scholar-sup">{inner_html}</sup>'
            inner_text = unicode_script(inner_text, "sup") or inner_text
        if placeholder.narrative and known:
            author = self.narrative_author(known[0].key)
            space = "" if form.superscript else " "
            return f"{html.escape(author)}{space}{inner_html}", f"{author}{space}{inner_text}"
        return inner_html, inner_text

    def _author_date(self, placeholder: CitationPlaceholder, index: int) -> Piece:
        """An author-date style's cite, as pandoc writes it: "(see Zhang et al.,
        2016, p. 33)", "Zhang et al. (2016)" for `@key`, "(2016)" for `[-@key]`;
        a group sorted as the style sorts and collapsed ("Zhang, 2016a, 2016b").
        Each cite links to its entry."""
        intext = self.resolution.intext
        anchor = citation_anchor(index)
        tip_id = f"{anchor}-tip"
        number = self.resolution.number
        known = [item for item in placeholder.items if number(item.key)]
        unknown = [item for item in placeholder.items if not number(item.key)]
        if placeholder.narrative and known:
            item = known[0]
            locator, extra = parse_locator(item.suffix, intext.locale)
            cite = intext.item(item.key, locator)
            rest_html, rest_text = cite.rest_html, cite.rest_text
            extra_html, extra_text = _extra(extra)
            if cite.author_text:
                body_html = f"{cite.author_html} ({rest_html}{extra_html})"
                body_text = f"{cite.author_text} ({rest_text}{extra_text})"
            else:  # no names first: the whole cite in brackets
                body_html = f"{intext.prefix}{cite.full_html}{extra_html}{intext.suffix}"
                body_text = f"{intext.prefix}{cite.full_text}{extra_text}{intext.suffix}"
            tip = self._citation_tip(known, tip_id)
            markup = (f'<span class="scholar-citation" id="{anchor}">'
                      f"{self._cite_link(item.key, body_html, tip_id)}{tip}</span>")
            return _indexed_as_text(markup, body_text)
        order = {key: n for n, key in enumerate(intext.order([i.key for i in known]))}
        known.sort(key=lambda item: order[item.key])
        parts_html: list[str] = []
        parts_text: list[str] = []
        previous = None  # the names of the cite before, for collapsing
        for item in known:
            locator, extra = parse_locator(item.suffix, intext.locale)
            cite = intext.item(item.key, locator)
            collapsed = (intext.collapse and previous is not None and cite.author_text
                         and cite.author_text == previous and not item.prefix
                         and not item.suppress_author)
            if collapsed or (item.suppress_author and cite.author_text):
                shown_html, shown_text = cite.rest_html, cite.rest_text
            else:
                shown_html, shown_text = cite.full_html, cite.full_text
            extra_html, extra_text = _extra(extra)
            prefix_html = html.escape(item.prefix) + " " if item.prefix else ""
            prefix_text = item.prefix + " " if item.prefix else ""
            part_html = (prefix_html + self._cite_link(item.key, shown_html, tip_id)
                         + extra_html)
            part_text = prefix_text + shown_text + extra_text
            if collapsed:
                parts_html[-1] += intext.group_delimiter + part_html
                parts_text[-1] += intext.group_delimiter + part_text
            else:
                parts_html.append(part_html)
                parts_text.append(part_text)
            previous = None if item.suppress_author else cite.author_text
        for item in unknown:
            parts_html.append(
                f'<mark class="scholar-unknown" title="{html.escape(self._t("unknown_key"))}">'
                f"@{html.escape(item.key)}</mark>")
            parts_text.append("@" + item.key)
        body_html = intext.prefix + intext.delimiter.join(parts_html) + intext.suffix
        body_text = intext.prefix + intext.delimiter.join(parts_text) + intext.suffix
        tip = self._citation_tip(known, tip_id)
        markup = f'<span class="scholar-citation" id="{anchor}">{body_html}{tip}</span>'
        return _indexed_as_text(markup, body_text)

    def _cite_link(self, key: str, inner_html: str, tip_id: str) -> str:
        if not self.options.links or self.resolution.bibliography_page is None:
            return inner_html
        described = f' aria-describedby="{tip_id}"' if self.options.previews else ""
        return f'<a class="scholar-cite" href="{self._href(key)}"{described}>{inner_html}</a>'

    def _single_citation(self, key: str, index: int) -> Piece | None:
        """`[@key]` (no affixes), most citations of a review, in one step; None for
        anything else (a cross-reference, an unknown key, links or previews off)."""
        options = self.options
        if not (options.links and options.previews) or self.resolution.intext is not None \
                or self.resolution.bibliography_page is None or crossref_kind(key):
            return None
        n = self.resolution.number(key)
        if not n:
            return None
        anchor = citation_anchor(index)
        form = self.options.form
        if form != _PLAIN_FORM:
            return None  # the general path writes the style's form
        text = f"[{n}]"
        return Piece(
            f'<span class="scholar-citation" id="{anchor}">[<a class="scholar-cite" '
            f'href="{self._href(key)}" aria-describedby="{anchor}-tip">{n}</a>]'
            f"{_tip(f'{anchor}-tip', self._tip_entry(key))}</span>",
            text, text)

    def _href(self, key: str) -> str:
        """The escaped link from this page to the entry of `key`."""
        if self._bibliography_url is None:
            self._bibliography_url = html.escape(
                self.urls.page(self.resolution.bibliography_page))
        return f"{self._bibliography_url}#{entry_anchor(key)}"  # percent-encoded: HTML-safe

    def _numbers(self, items: list[CiteItem], tip_id: str) -> tuple[list[str], list[str]]:
        """Sorted, compressed numbers; items with affixes keep their own place."""
        number = self.resolution.number
        if len(items) == 1 and not items[0].prefix and not items[0].suffix:  # the usual [n]
            key = items[0].key
            n = number(key)
            link, text = self._each(self._number_link(key, n, tip_id), str(n))
            return [link], [text]
        numbered = sorted(items, key=lambda item: number(item.key))
        by_number = {number(i.key): i.key for i in numbered if not i.prefix and not i.suffix}
        pieces: list[tuple[int, str, str]] = []
        runs = (compress(list(by_number)) if self.options.form.collapse
                else [Run(n, n) for n in sorted(by_number)])
        for run in runs:
            first, first_text = self._each(
                self._number_link(by_number[run.first], run.first, tip_id), str(run.first))
            if run.is_range:
                last, last_text = self._each(
                    self._number_link(by_number[run.last], run.last, tip_id), str(run.last))
                pieces.append((run.first, f"{first}\u2013{last}", f"{first_text}\u2013{last_text}"))
            else:
                pieces.append((run.first, first, first_text))
        for item in numbered:
            if item.prefix or item.suffix:
                n = number(item.key)
                link = self._number_link(item.key, n, tip_id)
                prefix = html.escape(item.prefix) + " " if item.prefix else ""
                suffix = html.escape(_suffix(item.suffix))
                text = (item.prefix + " " if item.prefix else "") + str(n) + _suffix(
                    item.suffix)
                pieces.append((n, *self._each(prefix + link + suffix, text)))
        pieces.sort(key=lambda piece: piece[0])
        return [p[1] for p in pieces], [p[2] for p in pieces]

    def _each(self, html_part: str, text_part: str) -> tuple[str, str]:
        """One number (or one end of a range) in its own brackets, for IEEE's form."""
        form = self.options.form
        if not form.each:
            return html_part, text_part
        return form.wrap(html_part), form.wrap(text_part)

    def _number_link(self, key: str, number: int, tip_id: str) -> str:
        if not self.options.links or self.resolution.bibliography_page is None:
            return str(number)
        described = f' aria-describedby="{tip_id}"' if self.options.previews else ""
        return f'<a class="scholar-cite" href="{self._href(key)}"{described}>{number}</a>'

    def _citation_tip(self, items: list[CiteItem], tip_id: str) -> str:
        if not self.options.previews or not items:
            return ""
        number = self.resolution.number
        if self.resolution.intext is not None:  # as the cites show them
            keys = list(dict.fromkeys(item.key for item in items))
        else:
            keys = sorted({item.key for item in items}, key=number)
        return _tip(tip_id, "".join(self._tip_entry(key) for key in keys))

    # -- cross-references ---------------------------------------------------

    def _crossref(self, placeholder: CitationPlaceholder, index: int) -> Piece:
        pieces = crossref.reference_pieces(
            placeholder.items,
            self.resolution.targets,
            self.crossref_terms,
            section_titles=not self.options.number_sections,
        )
        out_html, out_text = [], []
        for n, piece in enumerate(pieces):
            if isinstance(piece, Text):
                out_html.append(html.escape(piece.text))
                out_text.append(piece.text)
            elif isinstance(piece, Link):
                out_html.append(self._target_link(piece, f"xref-{index}-{n}"))
                out_text.append(piece.text)
            elif isinstance(piece, Missing):
                out_html.append(
                    f'<mark class="scholar-unknown">@{html.escape(piece.label)}</mark>')
                out_text.append("@" + piece.label)
        text = "".join(out_text)
        return _indexed_as_text(f'<span class="scholar-xref">{"".join(out_html)}</span>', text)

    def _target_link(self, piece: Link, tip_id: str) -> str:
        target = piece.target
        text = html.escape(piece.text)
        if not self.options.links:
            return text
        href = self.urls.page(target.page) + "#" + quote(target.label, safe=":")
        if not self.options.previews:
            return f'<a class="scholar-xref-link" href="{html.escape(href)}">{text}</a>'
        return (
            f'<span class="scholar-ref"><a class="scholar-xref-link" href="{html.escape(href)}" '
            f'aria-describedby="{tip_id}">{text}</a>{self._target_tip(target, tip_id)}</span>'
        )

    def _target_tip(self, target: Target, tip_id: str) -> str:
        label = ""
        if target.kind in ("fig", "tbl") and target.number:
            word = self.crossref_terms.caption.get(target.kind, "")
            label = f"{word}\u00a0{target.number}{self.crossref_terms.caption_separator}"
        elif target.kind == "sec" and target.number:
            label = target.number + " "
        body = (f'<span class="scholar-tip-title">{html.escape(label)}'
                f"{html.escape(target.title)}</span>")
        if target.image and target.kind == "fig":
            src = self._image_url(target)
            body = (f'<img class="scholar-tip-image" src="{html.escape(src)}" alt="" '
                    f'loading="lazy">' + body)
            return _tip(tip_id, body, " scholar-tip-figure")  # shown larger
        return _tip(tip_id, body)

    def _image_url(self, target: Target) -> str:
        """The figure's image as seen from this page (the `src` was written
        relative to the page that holds the figure)."""
        return self.urls.asset(target.page, target.image)

    # -- bibliography ---------------------------------------------------------

    def _bibliography(self) -> Piece:
        items, texts = [], []
        label = html.escape(self._t("backlink_label"))  # "{n}" is left as it is
        page_url: dict[str, str] = {}
        numbered = self.resolution.intext is None  # an author-date list has no numbers
        for key in self.resolution.listed:
            number = self.resolution.number(key)
            entry = self.resolution.formatted[key]
            backlinks = ""
            places = self.resolution.places(key)
            if self.options.backlinks and places:
                for page, _ in places:
                    if page not in page_url:
                        page_url[page] = html.escape(self.urls.page(page))
                links = " ".join(
                    f'<a href="{page_url[page]}#{anchor}" '
                    f'aria-label="{label.format(n=i)}">{i}</a>'
                    for i, (page, anchor) in enumerate(places, 1)
                )
                backlinks = f' <span class="scholar-backlinks">\u21a9\u00a0{links}</span>'
            value = f' value="{number}"' if numbered else ""
            items.append(
                f'<li id="{entry_anchor(key)}"{value}>'
                # lang on the entry alone: the back-links' labels are the page's.
                f'<span class="scholar-entry"{self._lang(key)}>{entry.html}</span>'
                f'{backlinks}</li>'
            )
            texts.append(f"[{number}] {entry.text}" if numbered else entry.text)
        # The search index reads the entries as text, one a line: parsing the
        # list's markup would cost a large bibliography more than its words.
        if numbered:
            listing = f'<ol class="scholar-entries">{"".join(items)}</ol>'
        else:
            listing = (f'<ul class="scholar-entries scholar-entries--author-date">'
                       f'{"".join(items)}</ul>')
        return _indexed_as_text(listing, "\n".join(texts), text="")

    def _tip_entry(self, key: str) -> str:
        # The same entry previews on many pages: made once per language build.
        cache = self.resolution.previews
        if key not in cache:
            # data-entry: the entry's anchor, which the script links to after a tap.
            number = "" if self.resolution.intext is not None else (
                f'<span class="scholar-tip-number">[{self.resolution.number(key)}]</span> ')
            cache[key] = (f'<span class="scholar-tip-entry" data-entry="{entry_anchor(key)}"'
                          f'{self._lang(key)}>{number}'
                          f"{_unlinked(self.resolution.formatted[key].html)}</span>")
        return cache[key]

    def _lang(self, key: str) -> str:
        """` lang="…"` for an entry of a work in another language than the page's."""
        tag = self.resolution.languages.get(key)
        if tag is None or tag.split("-")[0].lower() == self.resolution.lang.split("-")[0].lower():
            return ""
        return f' lang="{html.escape(tag)}"'

    def _t(self, name: str) -> str:
        defaults = {"unknown_key": "unknown citation key", "backlink_label": "cited in place {n}"}
        return self.terms.get("interface", {}).get(name, defaults[name])


_PLAIN_FORM = CitationForm()


def _indexed_as_text(markup: str, index_text: str, text: str | None = None) -> Piece:
    """Links, previews and back-links are markup the search index need not parse:
    it reads the text ("[1–6]"), as it would on a page without the plugin."""
    return Piece(markup, index_text if text is None else text, html.escape(index_text))


def _extra(suffix: str) -> tuple[str, str]:
    """What follows a cite's locator, as pandoc keeps it: ", emphasis added" as
    written, a word after a space."""
    if not suffix.strip():
        return "", ""
    text = suffix if suffix[0] in ",;:." else " " + suffix.lstrip()
    return html.escape(text), text


def _suffix(suffix: str) -> str:
    if not suffix:
        return ""
    return suffix if suffix[0] in ",;" else ", " + suffix


def _unlinked(fragment: str) -> str:
    """Tooltips hold no links: nothing focusable hides inside them."""
    return _LINK_TAG.sub("", fragment)


def _tip(tip_id: str, body: str, kind: str = "") -> str:
    return f'<span class="scholar-tip{kind}" role="tooltip" id="{tip_id}">{body}</span>'

