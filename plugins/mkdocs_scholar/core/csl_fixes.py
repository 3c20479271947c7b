"""Corrections to citeproc-py 0.11 where it departs from the CSL specification.

Pure core (no MkDocs). Found by comparing its output with pandoc's citeproc,
the reference implementation (tests/test_fidelity.py):

- a variable that ``cs:substitute`` rendered in place of the author is
  suppressed for the rest of the entry (CSL 1.0.2, "Substitution"). citeproc-py
  suppresses only a ``cs:text variable``, so an edited book printed its editors
  twice ("Rude RK, Singer FR, eds. … (Rude RK, Singer FR, eds.)") and an entry
  without authors its title twice;
- a ``cs:label``'s ``text-case="title"`` applies to the locale's term: citeproc-py
  asked for the term's language, found none and left APA's "(eds.)" as it was;
- a shorthand ``cs:names`` inside a ``cs:choose`` of ``cs:substitute`` inherits
  the substituted element's name and label (Chicago's "Rude, Robert K., and
  Frederick R. Singer, eds.", not "R. K. Rude, F. R. Singer");
- ``initialize="false"`` keeps given names whole (Chicago); a lower-case part
  after a hyphen is not a particle ("Lee, M.", not "Lee, M.-. jun .");
- a ``cs:group`` is suppressed when the variables of the branch its
  ``cs:choose`` took are empty: citeproc-py counted every branch's variables,
  so APA printed a thesis "(Publication)" with no number after it;
- ``is-numeric="locator"`` tests the cite's locator: citeproc-py looked for it among
  the entry's variables, never found it, and APA's "(Alpha, 2019, Chapter 3)" lost
  its label ("Alpha, 2019, 3");
- with ``punctuation-in-quote`` (en-US), a comma or period after a closing
  quotation mark goes inside it (:func:`punctuation_inside_quotes`).

:func:`apply` patches the classes once; it is idempotent.
"""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources

__all__ = ["REVISION", "apply", "punctuation_inside_quotes"]

#: Raised with each change to what the corrections print: part of the formatted cache's key.
REVISION = 2

_applied = False
_lock = threading.Lock()


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from citeproc import model

        _patch_substitute(model)
        _patch_label_case(model)
        _patch_names(model)
        _patch_group(model)
        _patch_is_numeric(model)
        _applied = True


def _patch_substitute(model) -> None:
    def substituted(child) -> list[tuple[str, str]]:
        """(tag, variable) of what `child` of cs:substitute renders, macros followed."""
        found, todo, seen = [], [child], set()
        while todo:
            node = todo.pop()
            for element in node.iter():
                if not isinstance(element.tag, str):
                    continue
                variables = (element.get("variable") or "").split()
                found.extend((element.tag, variable) for variable in variables)
                macro = element.get("macro")
                if macro and macro not in seen:
                    seen.add(macro)
                    try:
                        todo.append(element.get_macro(macro))
                    except (IndexError, AttributeError):
                        continue
        return found

    def add_to_repressed_list(self, child, context):
        repressed = context.get_layout().repressed
        for tag, variable in substituted(child):
            repressed.setdefault(tag, []).append(variable)

    original_process = model.Names.process

    def process(self, item, names_context=None, context=None, **kwargs):
        if names_context is None and self.name is None:
            # cs:substitute passes its own cs:names only to its direct children.
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            if outer:
                names_context = outer[0]
        layout = (context if context is not None else self).get_layout()
        repressed = getattr(layout, "repressed", {}).get(self.tag, ())
        variable = self.get("variable") or ""
        roles = variable.split()
        kept = [role for role in roles if role not in repressed]
        if kept == roles:
            return original_process(self, item, names_context, context, **kwargs)
        if not kept:
            raise model.VariableError
        self.set("variable", " ".join(kept))
        try:
            return original_process(self, item, names_context, context, **kwargs)
        finally:
            self.set("variable", variable)

    model.Substitute.add_to_repressed_list = add_to_repressed_list
    model.Names.process = process


def _patch_label_case(model) -> None:
    original_case = model.Label.case

    def case(self, text, language=None):
        # A term is in the locale's language; "title" case is then the term's own.
        return original_case(self, text, language or "en")

    model.Label.case = case


def _patch_names(model) -> None:
    original_initialize = model.Name.initialize

    def initialize(self, given, mark, context):
        try:
            whole = self.get_option("initialize", context) == "false"
        except KeyError:  # not one of citeproc-py's known options
            whole = self.get("initialize") == "false"
        if whole:
            return given
        if "-" in given:  # "Min-jun": the lower-case part is no initial
            parts = given.split("-")
            given = "-".join([parts[0], *(part for part in parts[1:] if part[:1].isupper())])
        return original_initialize(self, given, mark, context)

    model.Name.initialize = initialize


def _patch_is_numeric(model) -> None:
    def _is_numeric(self, item):
        numeric = self.re_numeric.match
        results = []
        for variable in self.get("is-numeric").split():
            if variable == "locator":
                locator = getattr(item, "locator", None) if "locator" in item else None
                results.append(bool(locator is not None and numeric(str(locator.identifier))))
                continue
            name = variable.replace("-", "_")
            results.append(bool(name in item.reference and numeric(str(item.reference[name]))))
        return results

    model.If._is_numeric = _is_numeric


def _patch_group(model) -> None:
    def process(self, item, context=None, **kwargs):
        output = []
        variable_called = variable_rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):
                    # Only the branch taken counts, as if it stood in the group.
                    child_text, calls = None, False
                    for branch in child.getchildren():
                        try:
                            child_text = branch.render(item, context=context,
                                                       delimiter=delimiter, **kwargs)
                        except model.ConditionFailed:
                            continue
                        calls = branch.calls_variable()
                        break
                else:
                    calls = child.calls_variable()
                    variable_called = variable_called or calls
                    child_text = child.render(item, context=context, **kwargs)
                if isinstance(child, model.Choose):
                    variable_called = variable_called or calls
                if child_text is not None:
                    output.append(child_text)
                    variable_rendered = variable_rendered or calls
            except model.VariableError:
                continue
        if output and (not variable_called or variable_rendered):
            return self.join(output)
        raise model.VariableError

    model.Group.process = process


@functools.cache
def _quotes_take_punctuation(locale: str) -> bool:
    name = f"locales-{locale}.xml"
    try:
        text = resources.files("citeproc").joinpath("data", "locales", name).read_text(
            encoding="utf-8")
    except OSError:
        return False
    return re.search(r'punctuation-in-quote="true"', text) is not None


_AFTER_QUOTE = re.compile(r"(”)((?:</\w+>)*)([.,])")


def punctuation_inside_quotes(fragment: str, locale: str) -> str:
    """'“Title”,' as '“Title,”' where the locale says so (American usage)."""
    if not _quotes_take_punctuation(locale):
        return fragment
    return _AFTER_QUOTE.sub(r"\3\1\2", fragment)
