"""Python-Markdown extension: reads citations, cross-references and labels.

It does not decide numbers: numbers depend on every page of the site. It
records what it finds in a :class:`~mkdocs_scholar.records.PageRecord` and
leaves a placeholder token in the HTML; the plugin replaces the tokens once
all pages are read (the two phases of mkdocs-autorefs).

Citations are read from the parsed tree, right after Python-Markdown's inline
processing: by then code spans, code blocks, links, autolinks and inline HTML
are elements or stashed, and `\\@` is an escape placeholder, so none of them is
read as a citation. Reading the text of each element once is much cheaper than
an inline pattern, which Python-Markdown re-applies after every match.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own alias)

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_scholar.core import syntax
from mkdocs_scholar.core.crossref import Target
from mkdocs_scholar.core.records import (
    BibliographyPlaceholder,
    CaptionPlaceholder,
    CiteThisPlaceholder,
    PackedCitation,
    PageRecord,
    SectionNumberPlaceholder,
    WholeReviewPlaceholder,
    pack_citation,
)

# Right after the inline patterns (20), before escapes are undone (0) and before
# attr_list (8), toc (5) and the labels read the tree.
CITATION_PRIORITY = 19
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
# Pandoc's table captions: a paragraph that starts with ':' or 'Table:'.
_CAPTION_STARTS = (":", "Table:", "table:")
_TABLE_CAPTION = re.compile(r"^(?:[Tt]able)?:[ \t]+")
_TABLE_LABEL = re.compile(r"[ \t]*\{[ \t]*#(tbl:[^}\s]+)[ \t]*\}[ \t]*$")


class ScholarExtension(Extension):
    """Holds the record of the page being rendered; the plugin swaps it per page."""

    def __init__(self, **kwargs):
        self.record: PageRecord | None = None
        self.number_sections = False
        # Citations by their text as written, packed (see records.Placeholders): one
        # tuple for every place a review writes `[@a; @b]` alike, in any language.
        self.parsed: dict[str, PackedCitation] = {}
        # What the last build parsed (or the disk cache held), looked up before
        # parsing; each citation moves from here to `parsed` when it is read again.
        self.earlier: dict[str, PackedCitation] = {}
        self.parsed_new = False  # whether this build parsed a citation not in `earlier`
        super().__init__(**kwargs)

    def start_build(self) -> None:
        """A new build of the site (all languages): what is read is counted afresh."""
        if self.parsed:
            self.earlier = self.parsed
        self.parsed = {}
        self.parsed_new = False

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # so that `\@` is a literal at-sign
        md.treeprocessors.register(CitationReader(md, self), "scholar-citations",
                                   CITATION_PRIORITY)
        md.treeprocessors.register(LabelProcessor(md, self), "scholar-labels", LABEL_PRIORITY)
        md.parser.blockprocessors.register(
            RefsBlockProcessor(md.parser, self), "scholar-refs", REFS_BLOCK_PRIORITY
        )
        md.registerExtension(self)

    def current(self) -> PageRecord:
        if self.record is None:  # rendering outside a plugin build: record into a scratch page
            self.record = PageRecord(src="<markdown>", lang="en", markdown="")
        return self.record


class CitationReader(Treeprocessor):
    """Replaces each citation group in the text of the tree with a placeholder token.

    Text is read in document order, so the tokens (and first-appearance numbers)
    follow the page. Code, links and atomic text (what an extension marked as
    not to be processed) are left as they are: pandoc reads `[@key](url)` as a
    link, not a citation.
    """

    SKIP = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "math"})

    def __init__(self, md, extension: ScholarExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root):
        self.record = self.extension.current()
        self._visit(root)
        return None

    def _visit(self, element) -> None:
        skip = self.SKIP
        for child in element:
            if child.tag not in skip:
                text = child.text
                if text and "@" in text and not isinstance(text, AtomicString):
                    child.text = self._read(text)
                if len(child):
                    self._visit(child)
            tail = child.tail
            if tail and "@" in tail and not isinstance(tail, AtomicString):
                child.tail = self._read(tail)

    def _read(self, text: str) -> str:
        return syntax.INLINE_RE.sub(self._token, text)

    def _token(self, m: re.Match) -> str:
        raw = m.group(0)
        extension = self.extension
        packed = extension.parsed.get(raw)
        if packed is None:
            packed = extension.earlier.pop(raw, None)
            if packed is None:
                parsed = syntax.parse_match(m)
                if parsed is None:
                    if m.group("group") is not None and _LOOKS_LIKE_CITATION.search(
                            m.group("body")):
                        self.record.problem(
                            "warning", "cite-malformed", raw,
                            f"malformed citation '{raw}': write each key as @key, separated "
                            "by ';' (for example [@a; @b] or [see @a, p. 5])",
                        )
                    return raw
                packed = pack_citation(raw, parsed[1], parsed[0])
                extension.parsed_new = True
            extension.parsed[raw] = packed
        if packed[1] and m.string.startswith("]", m.end()):
            # `[see *Smith* @a]`: the markup split the group, and only `@a]` is left here.
            self.record.problem(
                "warning", "cite-split", raw + "]",
                f"citation '{raw}' is followed by ']' whose '[' is not in the same "
                "run of text: a citation group cannot hold emphasis, code or links; write "
                "its prefix and suffix as plain text",
            )
        return self.record.add_citation(packed)


class RefsBlockProcessor(BlockProcessor):
    """Pandoc's `::: {#refs}` fenced div: where the bibliography goes; and
    `::: {#cite-this}`: where the publication's own citation goes."""

    def __init__(self, parser, extension: ScholarExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block):
        # Asked of every block of every page: most fail the first three characters.
        return block.startswith(":::") and bool(_DIV_OPEN.match(block.split("\n", 1)[0]))

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
        if element.tag in CitationReader.SKIP:
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
