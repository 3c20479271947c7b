"""Python-Markdown extension: reads citations, cross-references and labels.

It does not decide numbers: numbers depend on every page of the site. It
records what it finds in a :class:`~mkdocs_scholar.core.records.PageRecord` and
leaves a placeholder token in the HTML; the plugin replaces the tokens once
all pages are read (the two phases of mkdocs-autorefs).

Citations are read from the parsed tree, right after Python-Markdown's inline
processing: by then code spans, code blocks, links, autolinks and inline HTML
are elements or stashed, and `\\@` is an escape placeholder, so none of them is
read as a citation. Reading the text of each element once is much cheaper than
an inline pattern, which Python-Markdown re-applies after every match.

Labels (figures, tables, headings) are read by :mod:`.md_labels`, the fenced
divs the plugin fills by :mod:`.md_blocks`.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from mkdocs_scholar.core import syntax
from mkdocs_scholar.core.md_blocks import RefsBlockProcessor
from mkdocs_scholar.core.md_labels import HeadingIds, LabelProcessor
from mkdocs_scholar.core.records import (
    PackedCitation,
    PageRecord,
    pack_citation,
)

# Right after the inline patterns (20), before escapes are undone (0) and before
# attr_list (8), toc (5) and the labels read the tree.
CITATION_PRIORITY = 19
# After attr_list (8) has set ids, before toc (5) reads headings.
LABEL_PRIORITY = 7
# After the labels, before toc (5) gives headings their ids.
HEADING_ID_PRIORITY = 6
# After indented code (80), before headings and paragraphs.
REFS_BLOCK_PRIORITY = 76

_LOOKS_LIKE_CITATION = re.compile(r"(?:^|[\s;])-?@")


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
        md.treeprocessors.register(HeadingIds(md, self), "scholar-heading-ids",
                                   HEADING_ID_PRIORITY)
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
