"""pybtex output backends: formatted rich text as HTML and as plain text.

Pure core (no MkDocs). The HTML has BibTeX text escaped and only web and mail
addresses as links; the plain text writes sub- and superscripts as Unicode
characters where they exist.
"""

from __future__ import annotations

import html
import re

from pybtex.backends import html as html_backend
from pybtex.backends import plaintext as plaintext_backend
from pybtex.richtext import Text

from mkdocs_scholar.core.style import unicode_script

__all__ = ["render"]

_SAFE_URL = re.compile(r"^(?:https?|ftps?)://|^mailto:", re.IGNORECASE)


class _HTMLBackend(html_backend.Backend):
    """pybtex's HTML backend, minus protection spans, with escaped and vetted links."""

    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "&nbsp;"}

    def format_protected(self, text):
        return text  # braces only protect case; no <span class="bibtex-protected">

    def format_href(self, url, text, external=False):
        if not text:
            return ""
        if not _SAFE_URL.match(url.strip()):
            return text  # javascript: and friends are shown, never linked
        return f'<a href="{html.escape(url.strip(), quote=True)}">{text}</a>'


class _TextBackend(plaintext_backend.Backend):
    """Plain text; sub/superscripts as Unicode characters where they exist (TiO₂)."""

    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}

    def format_tag(self, tag_name, text):
        if tag_name in ("sub", "sup"):
            return unicode_script(text, tag_name) or text
        return text

    def format_protected(self, text):
        return text


_HTML = _HTMLBackend()
_TEXT = _TextBackend()
_SPACES = re.compile(r" {2,}")


def render(text: Text) -> tuple[str, str]:
    """`text` as (HTML, plain text), runs of spaces made one."""
    rendered_html = _SPACES.sub(" ", text.render(_HTML)).strip()
    rendered_text = _SPACES.sub(" ", text.render(_TEXT)).strip()
    return rendered_html, rendered_text
