"""The navigation as the core needs it: page order and the section outline."""

from __future__ import annotations

from mkdocs.structure.nav import Section

from mkdocs_scholar.core.crossref import Outline
from mkdocs_scholar.core.records import PageRecord


def nav_tree(items) -> list:
    """Nested lists of page source paths, as the navigation nests them."""
    tree = []
    for item in items:
        if isinstance(item, Section):
            tree.append(nav_tree(item.children))
        elif getattr(item, "file", None) is not None:
            tree.append(item.file.src_uri)
    return tree


def outline(tree, records: dict[str, PageRecord]) -> list[Outline]:
    """The labelled headings of each page, nested as the navigation."""
    result = []
    for node in tree:
        if isinstance(node, list):
            result.append(Outline(children=outline(node, records)))
        else:
            record = records.get(node)
            headings = [t for t in record.targets if t.kind == "sec"] if record else []
            result.append(Outline(headings=headings))
    return result
