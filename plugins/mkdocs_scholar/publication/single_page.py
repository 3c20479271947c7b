"""The one-page edition: every page's HTML in navigation order, as one document.

Pure: takes the rendered HTML of each page with the page's URL, and returns
one fragment in which every id is unique and every link that pointed at an
included page points inside the fragment. Labels (`fig:…`, `sec:…`, `tbl:…`)
and bibliography anchors (`ref-…`) are unique across a site already and keep
their names, so `#fig:direct-effects` means the same thing everywhere.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(r'\s(id|href|src|aria-describedby|aria-labelledby|for)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_GLOBAL_ID = re.compile(r"^(?:[a-z]+:|ref-)")


@dataclass(frozen=True)
class Part:
    url: str  # the page's URL relative to the site root ("results/bone.html", "about/")
    title: str
    html: str


def slug_of(url: str, root: str = "") -> str:
    """A short prefix for a page's ids: 'results/bone.html' -> 'results-bone'.

    `root` (such as "uk/" for a translation) is left out of the prefix."""
    stem = url[len(root):] if root and url.startswith(root) else url
    stem = stem.rstrip("/")
    stem = stem[: -len(".html")] if stem.endswith(".html") else stem
    stem = stem.removesuffix("/index").removesuffix("index")
    return re.sub(r"[^\w-]+", "-", stem).strip("-") or "home"


def _site_path(url: str) -> str:
    """Normalise a page URL to the file it is served from."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def combine(parts: Sequence[Part], here: str, *, contents_title: str = "") -> str:
    """One fragment for the page at URL `here`; `contents_title` adds a table of contents."""
    root = _common_folder([part.url for part in parts])
    slugs = [slug_of(part.url, root) for part in parts]
    by_file = {_site_path(part.url): slug for part, slug in zip(parts, slugs, strict=True)}
    sections = []
    for part, slug in zip(parts, slugs, strict=True):
        body = _rebase(part.html, part.url, here, slug, by_file)
        body = _demote_headings(body)
        sections.append(f'<section class="scholar-part" id="part-{slug}">{body}</section>')
    toc = ""
    if contents_title:
        items = "".join(f'<li><a href="#part-{slug}">{html.escape(p.title)}</a></li>'
                        for p, slug in zip(parts, slugs, strict=True))
        toc = (f'<nav class="scholar-contents" aria-label="{html.escape(contents_title)}">'
               f"<h2>{html.escape(contents_title)}</h2><ol>{items}</ol></nav>")
    return toc + "".join(sections)


def _common_folder(urls: Sequence[str]) -> str:
    """The folder all pages share ("uk/" for a translation), with a trailing slash."""
    folders = [posixpath.dirname(_site_path(url)).split("/") for url in urls]
    if not folders:
        return ""
    common: list[str] = []
    for segments in zip(*folders, strict=False):
        if len(set(segments)) != 1 or not segments[0]:
            break
        common.append(segments[0])
    return "/".join(common) + "/" if common else ""


def _demote_headings(fragment: str) -> str:
    """The edition has its own title: each page's h1 becomes an h2, and so on."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", fragment)


def _rebase(fragment: str, page_url: str, here: str, slug: str, by_file: dict[str, str]) -> str:
    page_dir = posixpath.dirname(_site_path(page_url))
    here_dir = posixpath.dirname(_site_path(here))

    def local(anchor: str, owner: str) -> str:
        return anchor if _GLOBAL_ID.match(unquote(anchor)) else f"{owner}-{anchor}"

    def fix(match: re.Match) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name == "id" or name == "for":
            return f' {name}="{html.escape(local(value, slug))}"'
        if name.startswith("aria-"):
            return f' {name}="{" ".join(local(v, slug) for v in value.split())}"'
        return f' {name}="{html.escape(_link(value, name))}"'

    def _link(value: str, name: str) -> str:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or value.startswith(("/", "mailto:", "data:")):
            return value
        if not parts.path:  # "#anchor" on the same page
            return "#" + local(parts.fragment, slug) if parts.fragment else value
        target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
        if value.endswith("/") or parts.path.endswith("/"):
            target += "/index.html"
        if target == _site_path(here):  # the one-page edition itself
            return "#"
        owner = by_file.get(target)
        if name == "href" and owner is not None:
            return "#" + (local(parts.fragment, owner) if parts.fragment else f"part-{owner}")
        relative = posixpath.relpath(target, here_dir or ".")
        return relative + (f"#{parts.fragment}" if parts.fragment else "")

    return _ATTR.sub(fix, fragment)
