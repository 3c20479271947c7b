"""Tree searches in citeproc-py's styles and locales, answered once.

Pure core (no MkDocs). citeproc-py 0.11 finds a node's layout, its citation or
bibliography element, a macro or a locale's term by an XPath query every time
it renders the node: about 48,000 queries for a thousand Vancouver entries, a
quarter to a half of the time they take. What those queries read (the tree's
shape and the names, forms and languages of its nodes) is fixed once a style is
loaded, so each node's answer to each query is kept, on the tree's root, and
given again.

Code that changes a loaded style's tree afterwards calls :func:`forget`.

:func:`apply` patches the class once; it is idempotent.
"""

from __future__ import annotations

import threading

__all__ = ["apply", "forget"]

_KEY = "_scholar_xpath"  # in the root proxy's __dict__: its Python attributes
# (`SomewhatObjectifiedElement.__getattr__` answers a missing one with a child search)

_applied = False
#: citeproc-py's own search, for comparison (tests).
original = None
_lock = threading.Lock()


def apply() -> None:
    global _applied, original
    with _lock:
        if _applied:
            return
        from citeproc import model

        original = model.CitationStylesElement.xpath_search

        def xpath_search(self, expression):
            root = self.getroottree().getroot()
            memo = root.__dict__.get(_KEY)
            if memo is None:
                memo = root.__dict__[_KEY] = {}
            # The node itself in the key keeps its proxy alive, and with it the
            # state citeproc-py keeps on proxies (a layout's cites): the same as
            # when the node is reached again during the render.
            found = memo.get((self, expression))
            if found is None:
                found = memo[(self, expression)] = tuple(
                    self.xpath(expression, namespaces=self.nsmap))
            return list(found)  # callers may change what they get

        model.CitationStylesElement.xpath_search = xpath_search
        _applied = True


def forget(element) -> None:
    """Drop the answers kept for `element`'s tree (after changing it)."""
    element.getroottree().getroot().__dict__.pop(_KEY, None)
