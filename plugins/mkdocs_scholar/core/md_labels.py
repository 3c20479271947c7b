"""Labels: numbered figures, table captions, labelled headings and their ids."""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own alias)
from typing import TYPE_CHECKING

from markdown.extensions import toc as toc_ext
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_scholar.core import syntax
from mkdocs_scholar.core.crossref import Target
from mkdocs_scholar.core.records import (
    TOKEN_RE,
    TOKEN_START,
    CaptionPlaceholder,
    PageRecord,
    SectionNumberPlaceholder,
)

if TYPE_CHECKING:
    from mkdocs_scholar.core.markdown_ext import ScholarExtension

# Tags the citation reader leaves alone: no label is read in them either.
_SKIP = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "math"})
# Pandoc's table captions: a paragraph that starts with ':' or 'Table:'.
_CAPTION_STARTS = (":", "Table:", "table:")
_TABLE_CAPTION = re.compile(r"^(?:[Tt]able)?:[ \t]+")
_TABLE_LABEL = re.compile(r"[ \t]*\{[ \t]*#(tbl:[^}\s]+)[ \t]*\}[ \t]*$")

class HeadingIds(Treeprocessor):
    """Ids of headings that hold citations, made from the citations as written.

    toc would slugify the placeholder tokens, whose numbers depend on how many
    citations come before: `## Heading [@a]` would become `heading-1`, then
    `heading-3` once two citations are added above it, and links to it would
    break. Here every heading of such a page gets the id toc would give it with
    the citations as written (`heading-a`, as in plain Markdown), in document
    order so that duplicates are numbered as toc numbers them.
    """

    def __init__(self, md, extension: ScholarExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        if toc is None or not any(TOKEN_START in "".join(el.itertext()) for el in headings):
            return None
        raw = {index: text for index, text, _ in self.extension.current().cited()}
        used = {el.get("id") for el in root.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for heading in headings:
            if "id" in heading.attrib:
                continue
            written = copy.deepcopy(heading)
            for element in written.iter():
                for name in ("text", "tail"):
                    value = getattr(element, name)
                    if value and TOKEN_START in value:
                        setattr(element, name, TOKEN_RE.sub(
                            lambda m: raw.get(int(m.group(1)), ""), value))
            name = toc_ext.strip_tags(toc_ext.render_inner_html(
                toc_ext.remove_fnrefs(written), self.md))
            heading.set("id", toc_ext.unique(toc.slugify(html.unescape(name), toc.sep), used,
                                             counters))
        return None


class LabelProcessor(Treeprocessor):
    """Turns labelled images into figures, captions into table captions, and
    records labelled headings."""

    def __init__(self, md, extension: ScholarExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        record = self.extension.current()
        if "attr_list" not in self.md.treeprocessors:
            _report_unread_labels(record, root)
        # One walk that only looks, then the few elements to change: the walk makes
        # no copies of the tree, whose allocations would set off collections.
        found = [element for element in root.iter() if _may_be_labelled(element)]
        parents: dict | None = None

        def parent_of(element):
            nonlocal parents
            if parents is None:  # asked only for a labelled table caption: few pages
                parents = {child: parent for parent in root.iter() for child in parent}
            return parents.get(element)

        for element in found:
            if element.tag != "p":
                self._heading(record, element)
            elif not self._figure(record, element):
                self._table_caption(record, parent_of, element)
        return None

    def _figure(self, record: PageRecord, p) -> bool:
        if not len(p):  # text alone: most paragraphs
            return False
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

    def _table_caption(self, record: PageRecord, parent_of, p) -> bool:
        if p.text and not p.text.startswith(_CAPTION_STARTS):  # most paragraphs
            return False
        text = "".join(p.itertext())
        if not _TABLE_CAPTION.match(text):
            return False
        label_match = _TABLE_LABEL.search(text)
        if not label_match:
            return False
        parent = parent_of(p)
        siblings = list(parent) if parent is not None else [p]
        index = siblings.index(p)
        table = None
        # Pandoc's order: a caption right after a table is that table's; one with no
        # table before it may come first.
        for neighbour in (index - 1, index + 1):
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
        parent.insert(list(parent).index(p), figure)
        parent.remove(p)
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


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A label attr_list would have read: `{#fig:…}` after an image, `{#sec:…}` after a heading.
_UNREAD_LABEL = re.compile(r"\{[ \t]*#((?:fig|sec):[^}\s]*)")


def _report_unread_labels(record: PageRecord, root) -> None:
    """Without attr_list, `{#fig:x}` stays text and the label is never defined:
    one message that names the extension, instead of an undefined label per use."""
    for element in root.iter():
        if element.tag in _SKIP:
            continue
        for text in (element.text, element.tail):
            found = _UNREAD_LABEL.search(text) if text and "{" in text else None
            if found:
                record.problem(
                    "warning", "config-markdown-extension", "{#" + found.group(1),
                    f"the label '{found.group(1)}' is not read, because the Markdown "
                    "extension 'attr_list' is not enabled: add '- attr_list' under "
                    "'markdown_extensions:' in mkdocs.yml (figures and headings take their "
                    "labels from it)")
                return


def _may_be_labelled(element) -> bool:
    """Whether `element` may be a figure, a table caption or a labelled heading: a
    cheap first look, which nearly every element of a page fails."""
    tag = element.tag
    if tag == "p":
        text = element.text
        if not text or text.startswith(_CAPTION_STARTS):
            return True
        return len(element) > 0 and any(
            child.tag == "img" and ":" in (child.get("id") or "") for child in element)
    return tag in _HEADINGS and ":" in (element.get("id") or "")


_ESCAPED = re.compile("\x02(\\d+)\x03")


def _unescape(text: str) -> str:
    """Backslash escapes in attribute values are still placeholders at this stage."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)
