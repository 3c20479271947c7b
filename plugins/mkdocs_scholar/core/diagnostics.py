"""What is wrong with the input, and where: one type for the build and the check.

Every problem the plugin finds, in a page, a .bib file, the configuration or a
translation, is a :class:`Diagnostic` with a level, a stable code (documented,
one per kind of mistake), a message that says what to do, and the place it
belongs to, as ``path:line:column`` the editor can jump to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: str  # "error" | "warning" | "info"
    code: str  # short stable code: "bib-syntax", "cite-unknown-key", ...
    message: str  # what is wrong and what to do
    path: str = ""  # relative path for messages; "" when no file is to blame
    line: int = 0  # 1-based; 0 when the whole file is meant
    column: int = 0  # 1-based; 0 when unknown

    @property
    def where(self) -> str:
        """``path:line:column``, as far as known."""
        where = self.path
        if self.path and self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        """The form a build logs: place and message."""
        return f"{self.where}: {self.message}" if self.where else self.message

    def report(self) -> str:
        """The form the check prints: place, level, code and message."""
        head = f"{self.where}: " if self.where else ""
        return f"{head}{self.level} {self.code}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's lines."""
        kind = {"error": "error", "warning": "warning"}.get(self.level, "notice")
        place = [f"file={self.path}"] if self.path else []
        if self.path and self.line:
            place.append(f"line={self.line}")
            if self.column:
                place.append(f"col={self.column}")
        place.append(f"title={self.code}")
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {','.join(place)}::{message}"

    def moved(self, path: str) -> Diagnostic:
        """The same diagnostic, its path given relative to another folder."""
        return replace(self, path=path)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)


#: Every code a diagnostic can carry, with what it means. The manual
#: (plugins/README.md) explains each one with its fix; a test keeps the two
#: and the code in step.
CODES: dict[str, str] = {
    # configuration (mkdocs.yml)
    "config-unknown-option": "an option the plugin does not have (a typo: did you mean …)",
    "config-renamed-option": "an option of another plugin (mkdocs-bibtex), and what to write",
    "config-type": "an option with a value of the wrong type",
    "config-style": "a citation style that is not installed",
    "config-style-unsupported": "a CSL style whose citations the plugin cannot make (notes)",
    "config-bibliography": "a bibliography path that is a folder, empty, or holds no entries",
    "config-article": "the publication record (article option) cannot be read",
    "config-markdown-extension": "labels are written but the Markdown extension they need is off",
    "config-mkdocs": "mkdocs.yml itself is invalid (as MkDocs would report it)",
    "terms-unknown-key": "a terms: key the plugin does not know (did you mean …)",
    "terms-type": "a terms: value of the wrong type",
    "search-counts": "a scholar-search counts: value of the wrong shape",
    "terms-english-fallback": "a page language with no built-in words for a part: English",
    # .bib files
    "bib-missing-file": "a bibliography file that does not exist",
    "bib-encoding": "a .bib file that is not UTF-8",
    "bib-syntax": "a BibTeX syntax error",
    "bib-undefined-string": "an @string macro that is not defined",
    "bib-data": "a field BibTeX cannot read (duplicate field, malformed name …)",
    "bib-duplicate": "two entries with the same key",
    "bib-name": "a name list with a missing 'and'",
    "bib-crossref": "a crossref to a missing parent, or a crossref cycle",
    "bib-missing-field": "an entry without a field the style needs",
    "bib-unknown-language": "a langid that names no language",
    "bib-uncited": "entries that no page cites",
    # citations
    "cite-unknown-key": "a citation key that is not in the bibliography",
    "cite-malformed": "something that looks like a citation but cannot be read",
    "cite-split": "a citation broken over markup",
    "cite-translation-only": "a key a translation cites but the default language does not",
    "nocite-unknown-key": "a nocite key that is not in the bibliography",
    "refs-missing": "citations but no bibliography block",
    "refs-duplicate": "a second bibliography block",
    "cite-this-no-article": "a '::: {#cite-this}' block without the article option",
    "div-unclosed": "a '::: {#refs}' (or cite-this, whole-review) block with no closing ':::'",
    # labels, figures, tables
    "label-undefined": "a reference to a label that no figure, table or section defines",
    "label-unknown-prefix": "a label whose prefix is not fig:, tbl: or sec:",
    "label-duplicate": "a label defined twice",
    "figure-not-alone": "a labelled image that shares its paragraph with text",
    "table-caption-alone": "a table caption with no table after it",
    # translations
    "page-missing": "a page with no counterpart in another language",
    "parity-citations": "a translation cites other keys than the original",
    "parity-labels": "a translation defines other labels than the original",
    "parity-numbers": "a translation has other numbers than the original",
    "translation-stale": "the original changed after its translation",
    # pages
    "page-encoding": "a page that is not UTF-8",
    # the build
    "page-changed-by-plugin": "another plugin changed a page between search indexing and links",
    "pdf-unavailable": "'pdf: true' but Playwright, pypdf or a browser to print with is missing",
    "pdf-no-edition": "'pdf: true' but a language has no one-page edition to print",
    "pdf-offline": "the one-page edition asks for a file on another host while it is printed",
}
