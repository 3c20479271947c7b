"""Python-Markdown extension: reads citations, cross-references and labels.

It does not decide numbers: numbers depend on every page of the site. It
records what it finds in a :class:`~mkdocs_scholar.records.PageRecord` and
leaves a placeholder token in the HTML; the plugin replaces the tokens once
all pages are read (the two phases of mkdocs-autorefs).

Citations are read by an inline processor ranked below code spans, escapes,
links and inline HTML, so code, `\\@`, link targets and HTML attributes are
never touched; its output is an AtomicString, so nothing else rewrites it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own alias)

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import syntax
from .crossref import Target
from .records import (
    TOKEN_RE,
    TOKEN_START,
    BibliographyPlaceholder,
    CaptionPlaceholder,
    CitationPlaceholder,
    CiteThisPlaceholder,
    PageRecord,
    SectionNumberPlaceholder,
    WholeReviewPlaceholder,
)

# Just below inline HTML (90): links, autolinks and raw HTML are already taken.
CITATION_PRIORITY = 85
# After attr_list (8) has set ids, before toc (5) reads headings.
LABEL_PRIORITY = 7
# After indented code (80), before headings and paragraphs.
REFS_BLOCK_PRIORITY = 76

_LOOKS_LIKE_CITATION = re.compile(r"(?:^|[\s;])-?@")
# Fenced divs the plugin fills: the bibliography, the publication's citation, the
# one-page edition.
_DIV_OPEN = re.compile(
    r"^:{3,}[ \t]*\{[ \t]*#(refs|cite-this|whole-review)(?:[ \t][^}]*)?\}[ \t]*$")
_FENCE_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_TABLE_CAPTION = re.compile(r"^:[ \t]+")
_TABLE_LABEL = re.compile(r"[ \t]*\{[ \t]*#(tbl:[^}\s]+)[ \t]*\}[ \t]*$")


class ScholarExtension(Extension):
    """Holds the record of the page being rendered; the plugin swaps it per page."""

    def __init__(self, **kwargs):
        self.record: PageRecord | None = None
        self.number_sections = False
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # so that `\@` is a literal at-sign
        md.inlinePatterns.register(
            CitationProcessor(syntax.INLINE_PATTERN, self), "scholar-citation", CITATION_PRIORITY
        )
        md.treeprocessors.register(LabelProcessor(md, self), "scholar-labels", LABEL_PRIORITY)
        md.parser.blockprocessors.register(
            RefsBlockProcessor(md.parser, self), "scholar-refs", REFS_BLOCK_PRIORITY
        )
        md.registerExtension(self)

    def current(self) -> PageRecord:
        if self.record is None:  # rendering outside a plugin build: record into a scratch page
            self.record = PageRecord(src="<markdown>", lang="en", markdown="")
        return self.record


class CitationProcessor(InlineProcessor):
    def __init__(self, pattern: str, extension: ScholarExtension):
        super().__init__(pattern)
        self.compiled_re = re.compile(pattern, re.DOTALL | re.UNICODE)
        self.extension = extension

    def handleMatch(self, m, data):  # noqa: N802
        parsed = syntax.parse_match(m)
        if parsed is None:
            if m.group("group") is not None and _LOOKS_LIKE_CITATION.search(m.group("body")):
                self.extension.current().problem(
                    "warning", "cite-malformed", m.group(0),
                    f"malformed citation '{m.group(0)}': write each key as @key, separated "
                    "by ';' (for example [@a; @b] or [see @a, p. 5])",
                )
            return None, None, None
        items, narrative = parsed
        record = self.extension.current()
        token = record.add(
            CitationPlaceholder(items=items, narrative=narrative, raw=m.group(0)))
        return AtomicString(token), m.start(0), m.end(0)


class RefsBlockProcessor(BlockProcessor):
    """Pandoc's `::: {#refs}` fenced div: where the bibliography goes; and
    `::: {#cite-this}`: where the publication's own citation goes."""

    def __init__(self, parser, extension: ScholarExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block):
        return bool(_DIV_OPEN.match(block.split("\n", 1)[0]))

    def run(self, parent, blocks):
        first, *lines = blocks.pop(0).split("\n")
        kind = _DIV_OPEN.match(first).group(1)
        if not any(_FENCE_CLOSE.match(line) for line in lines):
            # The closing fence may sit after a blank line.
            if blocks and _FENCE_CLOSE.match(blocks[0].split("\n", 1)[0]):
                blocks.pop(0)
        div = etree.SubElement(parent, "div")
        div.set("id", kind)
        if kind == "refs":
            div.set("class", "scholar-bibliography")
            placeholder = BibliographyPlaceholder()
        elif kind == "cite-this":
            div.set("class", "scholar-cite-this")
            placeholder = CiteThisPlaceholder()
        else:
            div.set("class", "scholar-whole-review")
            placeholder = WholeReviewPlaceholder()
        div.text = AtomicString(self.extension.current().add(placeholder))


class LabelProcessor(Treeprocessor):
    """Turns labelled images into figures, captions into table captions, and
    records labelled headings."""

    def __init__(self, md, extension: ScholarExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        record = self.extension.current()
        for link in root.iter("a"):
            self._restore_link_text(record, link)
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p":
                    self._figure(record, parent, child) or self._table_caption(
                        record, parent, child, index
                    )
                elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    self._heading(record, child)
        return None

    @staticmethod
    def _restore_link_text(record: PageRecord, link) -> None:
        """`[@key](url)` is a link whose text happens to start with `@`: pandoc
        reads it as a link, so the citation found inside it is undone."""

        def restore(text):
            if not text or TOKEN_START not in text:
                return text
            return AtomicString(TOKEN_RE.sub(lambda m: record.cancel(int(m.group(1))), text))

        link.text = restore(link.text)
        for child in link.iter():
            if child is not link:
                child.text = restore(child.text)
                child.tail = restore(child.tail)

    def _figure(self, record: PageRecord, parent, p) -> bool:
        images = [el for el in p if el.tag == "img" and ":" in (el.get("id") or "")]
        if not images:
            return False
        img = images[0]
        label = img.get("id")
        kind = syntax.label_kind(label)
        if kind != "fig":
            record.problem(
                "warning", "label-unknown-prefix", label,
                f"label '{label}' on an image has an unknown prefix; figures use 'fig:'",
            )
            return False
        alone = len(p) == 1 and not (p.text or "").strip() and not (img.tail or "").strip()
        if not alone:
            record.problem(
                "warning", "figure-not-alone", label,
                f"figure '{label}' shares its paragraph with other text; put the image "
                "in a paragraph of its own so it can become a numbered figure",
            )
            return False
        caption = _unescape(img.get("alt", ""))
        del img.attrib["id"]
        alt = _unescape(img.attrib.pop("fig-alt", None) or "") or None
        img.set("alt", alt if alt is not None else caption)
        p.tag = "figure"
        p.attrib.clear()
        p.set("id", label)
        p.set("class", "scholar-figure")
        img.tail = None
        figcaption = etree.SubElement(p, "figcaption")
        target = Target(label=label, kind="fig", page=record.src, title=caption,
                        image=img.get("src"))
        number = etree.SubElement(figcaption, "span")
        number.set("class", "scholar-caption-label")
        number.text = AtomicString(record.add(CaptionPlaceholder(label=label)))
        number.tail = " " + caption if caption else None
        record.define(target, needle="{#" + label)
        return True

    def _table_caption(self, record: PageRecord, parent, p, index) -> bool:
        text = "".join(p.itertext())
        if not _TABLE_CAPTION.match(text):
            return False
        label_match = _TABLE_LABEL.search(text)
        if not label_match:
            return False
        siblings = list(parent)
        table = None
        for neighbour in (index + 1, index - 1):  # pandoc allows the caption after or before
            if 0 <= neighbour < len(siblings) and siblings[neighbour].tag == "table":
                table = siblings[neighbour]
                break
        label = label_match.group(1)
        if table is None:
            record.problem(
                "warning", "table-caption-alone", label,
                f"table caption '{label}' is not next to a table; leave one blank line "
                "between the table and its ': Caption {#tbl:…}' line",
            )
            return False
        caption = _TABLE_LABEL.sub("", _TABLE_CAPTION.sub("", text, count=1)).strip()
        figure = etree.Element("figure", {"id": label, "class": "scholar-table"})
        figcaption = etree.SubElement(figure, "figcaption")
        number = etree.SubElement(figcaption, "span", {"class": "scholar-caption-label"})
        number.text = AtomicString(record.add(CaptionPlaceholder(label=label)))
        number.tail = " " + caption
        parent.remove(table)
        figure.append(table)
        position = list(parent).index(p)
        parent.remove(p)
        parent.insert(position, figure)
        record.define(Target(label=label, kind="tbl", page=record.src, title=caption),
                      needle="{#" + label)
        return True

    def _heading(self, record: PageRecord, heading) -> None:
        label = heading.get("id") or ""
        if ":" not in label:
            return
        kind = syntax.label_kind(label)
        if kind != "sec":
            record.problem(
                "warning", "label-unknown-prefix", label,
                f"label '{label}' on a heading has an unknown prefix; sections use 'sec:'",
            )
            return
        title = record.plain_text("".join(heading.itertext())).strip()
        target = Target(label=label, kind="sec", page=record.src, title=title,
                        level=int(heading.tag[1]))
        record.define(target, needle="{#" + label)
        if self.extension.number_sections:
            number = etree.Element("span", {"class": "scholar-section-number"})
            number.text = AtomicString(record.add(SectionNumberPlaceholder(label=label)))
            number.tail = " " + (heading.text or "")
            heading.text = None
            heading.insert(0, number)


_ESCAPED = re.compile("\x02(\\d+)\x03")


def _unescape(text: str) -> str:
    """Backslash escapes in attribute values are still placeholders at this stage."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)
