"""Heading anchors (the `toc` extension's permalinks) titled in the page's language.

Pure core. Python-Markdown's `toc` gives every permalink one title for the whole
site ("Permanent link" unless `permalink_title` says otherwise); on a site in
several languages each page's anchors should speak the page's language.
"""

from __future__ import annotations

import functools
import html
import re

__all__ = ["TOC_DEFAULT_TITLE", "retitle_permalinks"]

#: The `toc` extension's own `permalink_title`.
TOC_DEFAULT_TITLE = "Permanent link"


@functools.lru_cache(maxsize=8)  # one title a site, asked for on every page
def _anchor(title: str) -> re.Pattern:
    return re.compile(
        r'(<a class="headerlink" href="[^"]*" title=")' + re.escape(html.escape(title)) + r'"')


def retitle_permalinks(page_html: str, old: str, new: str) -> str:
    """`page_html` with every permalink titled `old` titled `new` instead."""
    if old == new:
        return page_html
    anchor = _anchor(old)
    replacement = html.escape(new, quote=True).replace("\\", "\\\\")
    return anchor.sub(lambda m: m.group(1) + replacement + '"', page_html)
