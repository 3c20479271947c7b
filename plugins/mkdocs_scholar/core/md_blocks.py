"""Pandoc's fenced divs that the plugin fills, read as Markdown blocks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree  # noqa: N813 (Python-Markdown's own alias)
from typing import TYPE_CHECKING

from markdown.blockprocessors import BlockProcessor
from markdown.util import AtomicString

from mkdocs_scholar.core.records import (
    BibliographyPlaceholder,
    CiteThisPlaceholder,
    WholeReviewPlaceholder,
)

if TYPE_CHECKING:
    from mkdocs_scholar.core.markdown_ext import ScholarExtension

# Fenced divs the plugin fills: the bibliography, the publication's citation, the
# one-page edition.
_DIV_OPEN = re.compile(
    r"^:{3,}[ \t]*\{[ \t]*#(refs|cite-this|whole-review)(?:[ \t][^}]*)?\}[ \t]*$")
_FENCE_CLOSE = re.compile(r"^:{3,}[ \t]*$")
# Any fenced div's opening line (nested divs close with their own fence).
_ANY_DIV_OPEN = re.compile(r"^:{3,}[ \t]*[^:\s]")

class RefsBlockProcessor(BlockProcessor):
    """Pandoc's fenced divs the plugin fills: `::: {#refs}` (the bibliography),
    `::: {#cite-this}` (the publication's own citation), `::: {#whole-review}`
    (the one-page edition).

    As in pandoc, the div ends at the next line of three or more colons alone
    (divs nested inside it have their own), its content is Markdown shown
    before what the plugin puts in, and what follows the closing fence is
    read as the next blocks, with or without a blank line between. Nothing is
    dropped: an unclosed div is reported at its opening line, and its text is
    read as if the div were not there.
    """

    def __init__(self, parser, extension: ScholarExtension):
        super().__init__(parser)
        self.extension = extension

    def test(self, parent, block):
        # Asked of every block of every page: most have no ':::' at all.
        if ":::" not in block:
            return False
        return any(_DIV_OPEN.match(line) for line in block.split("\n"))

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        start = next(i for i, line in enumerate(lines) if _DIV_OPEN.match(line))
        if start:
            # Text right above the fence: a block of its own, read first.
            blocks.insert(0, "\n".join(lines[start:]))
            self.parser.parseBlocks(parent, ["\n".join(lines[:start])])
            return
        kind = _DIV_OPEN.match(lines[0]).group(1)
        record = self.extension.current()
        inner, after = _div_body(lines[1:], blocks)
        if inner is None:
            record.problem(
                "error", "div-unclosed", "{#" + kind,
                f"'::: {{#{kind}}}' is not closed: add a line ':::' where the block ends; "
                "the text after it is shown as ordinary text",
            )
            if len(lines) > 1:
                blocks.insert(0, "\n".join(lines[1:]))
            return
        if after:
            blocks.insert(0, "\n".join(after))
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
        token = AtomicString(record.add(placeholder))
        if any(line.strip() for line in inner):
            # Pandoc keeps a div's content: shown above what the plugin adds.
            self.parser.parseBlocks(div, ["\n".join(inner)])
        if len(div):
            div[-1].tail = token
        else:
            div.text = token


def _div_body(lines: list[str], blocks: list[str]) -> tuple[list[str] | None, list[str]]:
    """(content, lines after the closing fence) of a div whose opening fence is
    read; the blocks it spans are taken from `blocks`. (None, []) when unclosed."""
    content: list[str] = []
    depth = 0
    taken = 0
    pending = lines
    while True:
        for index, line in enumerate(pending):
            if _FENCE_CLOSE.match(line):
                if depth == 0:
                    del blocks[:taken]
                    return content, pending[index + 1:]
                depth -= 1
            elif _ANY_DIV_OPEN.match(line):
                depth += 1
            content.append(line)
        if taken >= len(blocks):
            return None, []
        pending = blocks[taken].split("\n")
        taken += 1
        content.append("")  # the blank line between blocks
