"""Tree searches in citeproc-py's styles and locales, and other lookups it
repeats at every node, answered once.

Pure core (no MkDocs). citeproc-py 0.11 finds a node's layout, its citation or
bibliography element, a macro or a locale's term by an XPath query every time
it renders the node: about 48,000 queries for a thousand Vancouver entries, a
quarter to a half of the time they take. What those queries read (the tree's
shape and the names, forms and languages of its nodes) is fixed once a style is
loaded, so each node's answer to each query is kept, on the tree's root, and
given again.

The same holds for three lookups citeproc-py makes at nearly every node it
renders (millions for a thousand APA entries): a node's root (an lxml tree walk,
twice per node for its formatter), a cite's reference (through three attribute
lookups of its dictionaries) and a reference's variables (through two Python
calls where one does). A node's root is kept on the node (a style's tree is
changed in place, never moved to another tree), a cite's reference on the cite
(made for one render, from a source whose entries do not change), and a
variable is read from the dictionary directly, as before. Two more answers
read the loaded tree alone and are kept on its root like the searches: whether a
node calls a variable (asked for every group at every render, through all its
children and macros) and a locale option (through every locale of the style).

And a cite alone is not sorted: citeproc-py sorts every citation's cites by the
style's ``<sort>``, rendering each key's macro for each cite (the names and the
date, for APA) even when there is one cite, which is always so here (the plugin
renders cites one by one and orders a group itself): a third of an APA cite's
time, for a list that comes out as it went in.

Code that changes a loaded style's tree afterwards calls :func:`forget`.

:func:`apply` patches the class once; it is idempotent.
"""

from __future__ import annotations

import threading

__all__ = ["apply", "forget"]

_KEY = "_scholar_xpath"  # in the root proxy's __dict__: its Python attributes
# (`SomewhatObjectifiedElement.__getattr__` answers a missing one with a child search)

_ROOT = "_scholar_root"  # in a node proxy's __dict__: its tree's root
_REFERENCE = "_scholar_reference"  # in a cite's __dict__: its reference
_applied = False
#: (class, attribute) -> citeproc-py's own, for everything `apply` replaces (tests).
originals: dict[tuple[type, str], object] = {}
_lock = threading.Lock()


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from citeproc import model

        def memo_of(self) -> dict:
            root = get_root(self)
            memo = root.__dict__.get(_KEY)
            if memo is None:
                memo = root.__dict__[_KEY] = {}
            return memo

        def xpath_search(self, expression):
            memo = memo_of(self)
            # The node itself in the key keeps its proxy alive, and with it the
            # state citeproc-py keeps on proxies (a layout's cites): the same as
            # when the node is reached again during the render.
            found = memo.get((self, expression))
            if found is None:
                found = memo[(self, expression)] = tuple(
                    self.xpath(expression, namespaces=self.nsmap))
            return list(found)  # callers may change what they get

        def get_root(self):
            found = self.__dict__.get(_ROOT)
            if found is None:
                found = self.__dict__[_ROOT] = self.getroottree().getroot()
            return found

        def kept(method, name: str):
            """`method(self)`'s answer, kept per node: what it reads of the tree alone."""
            def answer(self):
                memo = memo_of(self)
                try:
                    return memo[(self, name)]
                except KeyError:
                    found = memo[(self, name)] = method(self)
                    return found
            return answer

        def locale_option(self, name):
            # The locales are set when the style is loaded; the options are in their tree.
            root = get_root(self)
            memo = memo_of(root)
            try:
                return memo[(root, "locale-option", name)]
            except KeyError:
                found = memo[(root, "locale-option", name)] = original_locale_option(self, name)
                return found

        _replace(model.CitationStylesElement, "xpath_search", xpath_search)
        _replace(model.CitationStylesElement, "get_root", get_root)
        # Whether a node (through its children and macros) calls a variable: the
        # tree's shape, asked again for each group at each render.
        _replace(model.Parent, "calls_variable",
                 kept(model.Parent.calls_variable, "calls-variable"))
        _replace(model.Text, "calls_variable", kept(model.Text.calls_variable, "calls-variable"))
        original_locale_option = model.CitationStylesElement.get_locale_option
        _replace(model.CitationStylesElement, "get_locale_option", locale_option)
        _remember_references()
        _replace(model.Sort, "sort", _sorted_when_several(model.Sort.sort))
        _applied = True


def _remember_references() -> None:
    from citeproc import source

    def reference(self):
        found = self.__dict__.get(_REFERENCE)
        if found is None:
            found = self.__dict__[_REFERENCE] = self.bibliography.source[self.key]
        return found

    def getattr_(self, name):
        # CustomDict.__getattr__ went through its own __getitem__: the same lookup.
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise source.VariableError from None

    _replace(source.CitationItem, "reference", property(reference))
    _replace(source.CustomDict, "__getattr__", getattr_)


def _sorted_when_several(sort):
    def sort_(self, items, context):
        # One item or none: its order is the order; the keys' renders change nothing
        # (each cite's render starts from a clean state).
        return list(items) if len(items) < 2 else sort(self, items, context)

    return sort_


def _replace(owner: type, name: str, value) -> None:
    originals[(owner, name)] = owner.__dict__[name]
    setattr(owner, name, value)


def forget(element) -> None:
    """Drop the answers kept for `element`'s tree (after changing it)."""
    element.getroottree().getroot().__dict__.pop(_KEY, None)
