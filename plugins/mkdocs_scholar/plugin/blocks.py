"""The blocks a page asks for with a fenced div: the publication's own
citation (``::: {#cite-this}``) and the one-page edition (``::: {#whole-review}``)."""

from __future__ import annotations

import html
import os
import posixpath

from mkdocs_scholar.core.records import TOKEN_RE, WholeReviewPlaceholder
from mkdocs_scholar.plugin.state import BuildState
from mkdocs_scholar.publication import article as publication
from mkdocs_scholar.publication import pdf
from mkdocs_scholar.publication.single_page import Part, combine


def whole_review(state: BuildState, here, renderer_for) -> str:
    """Every other page of this language in navigation order, as one document."""
    parts = []
    for src in state.nav_order:
        record = state.records.get(src)
        file = state.files.get_file_from_path(src)
        if record is None or file is None or file.page is None or src == here.file.src_uri:
            continue
        if record.holds(WholeReviewPlaceholder):
            continue
        renderer = renderer_for(file.page, record)  # rebased below
        body = TOKEN_RE.sub(lambda m, r=renderer: r.render(int(m.group(1))).html,
                            state.contents.get(src, ""))
        parts.append(Part(url=file.page.url, title=file.page.title or "", html=body))
    words = state.terms.get("interface", {})
    download = ""
    if here.file.src_uri in state.pdfs:
        text = html.escape(words.get("download_pdf", "Download PDF"))
        download = (f'<p class="scholar-pdf-download">'
                    f"{pdf_link(state, here, state.pdfs[here.file.src_uri], text)}</p>")
    return download + combine(parts, here.url, contents_title=words.get("contents", "Contents"))


def pdf_link(state: BuildState, page, uri: str, text: str) -> str:
    """A link to a PDF of the site (`uri` from the site's root) from `page`, and the
    mark that its size replaces once the PDF is printed."""
    href = posixpath.relpath(uri, posixpath.dirname(page.file.dest_uri) or ".")
    return (f'<a class="scholar-pdf" href="{html.escape(href)}" type="application/pdf" '
            f'hreflang="{html.escape(state.lang)}" download>{text}</a>'
            + pdf.SIZE_MARK.format(uri))


def cite_this(state: BuildState, page) -> str:
    """The publication's citation in the page's language, with BibTeX and RIS files
    (written next to the page once it is written)."""
    article = state.article
    words = state.terms.get("interface", {})
    entry = publication.to_entry(article, state.lang)
    formatted = state.formatter.format({article.key: entry}, [article.key])
    base = f"{article.key}.{state.lang}"
    folder = os.path.dirname(page.file.abs_dest_path)
    bibtex = publication.to_bibtex(article, state.lang)
    state.cite_files[os.path.join(folder, base + ".bib")] = bibtex
    state.cite_files[os.path.join(folder, base + ".ris")] = publication.to_ris(
        article, state.lang)
    download = html.escape(words.get("download", "Download"))
    edition = next(iter(state.pdfs.values()), None)
    printed = f" · {pdf_link(state, page, edition, 'PDF')}" if edition else ""
    return (
        f'<p class="scholar-cite-this-text">{formatted[article.key].html}</p>'
        f'<p class="scholar-cite-this-downloads">{download}: '
        f'<a href="{base}.bib" download>BibTeX</a> · <a href="{base}.ris" download>RIS</a>'
        f"{printed}</p>"
        f'<details class="scholar-cite-this-bibtex"><summary>BibTeX</summary>'
        f"<pre><code>{html.escape(bibtex)}</code></pre></details>"
    )


def write_cite_files(state: BuildState) -> None:
    for path, content in state.cite_files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    state.cite_files = {}
