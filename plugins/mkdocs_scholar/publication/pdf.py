"""The one-page edition as a PDF, printed by Chromium through Playwright.

Chromium prints the page as it is written (print media, A4, bookmarks from the
headings, tagged), from file://, with every request to another host refused. pypdf
then appends, as an incremental update that leaves Chromium's bytes as they are, what
Chromium does not write: the authors, the publication's title and keywords, and the
bookmarks' titles with the spaces Chromium drops where a heading wraps.

Playwright, pypdf and a browser are needed only when PDFs are made (the `pdf` extra);
they are imported then, not with the plugin.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Looked for when neither the `chromium` option nor SCHOLAR_CHROMIUM names a browser.
DEFAULT_BROWSER = "/usr/bin/chromium"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENV = "SCHOLAR_CHROMIUM"
INSTALL = "pip install 'mkdocs-scholar[pdf]'"

#: Where the size goes once the PDF is written; the rest of the comment is its site path.
SIZE_MARK_START = "<!--scholar-pdf-size "
SIZE_MARK = SIZE_MARK_START + "{}-->"
_SIZE_MARK = re.compile(r"<!--scholar-pdf-size (\S+)-->")

# Chromium's own background traffic (updates, field trials, sync) would try the network.
ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
# Anything but the page's own files: refused, so that the PDF is made offline.
_REMOTE = re.compile(r"^(?!(?:file|data|blob|about):)")
_FOOTER = ('<div style="width:100%;text-align:center;font-size:8pt;font-family:sans-serif">'
           '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
# The headings as the bookmarks name them: shown in print, without the permalink.
_HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter((h) => h.getClientRects().length > 0)
  .map((h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll('.headerlink, .scholar-tip').forEach((e) => e.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  })"""


class UnavailableError(Exception):
    """What a PDF needs and is missing, with what to install: one line."""


@dataclass(frozen=True)
class Edition:
    """One page to print, and what its PDF's metadata says."""

    html: str  # the written page
    pdf: str  # where its PDF goes
    uri: str  # the PDF's path in the site, as the size marks name it
    lang: str
    title: str = ""  # "" keeps Chromium's, the page's <title>
    author: str = ""
    keywords: tuple[str, ...] = ()


def file_name(stem: str, lang: str) -> str:
    """`dedukh2023effect.en.pdf`: named like the BibTeX and RIS downloads, so the
    languages' files stay apart in a reader's downloads folder."""
    return f"{stem}.{lang}.pdf"


def size_text(size: int, words: Mapping) -> str:
    """A file's size in the page's words: "425 KB", "1.2 MB", in Ukrainian "1,2 МБ"."""
    kilobytes, megabytes = words.get("size_units") or ("KB", "MB")
    kb = round(size / 1024)
    if kb < 1000:
        return f"{max(kb, 1)}\u00a0{kilobytes}"
    value = f"{size / 1024 / 1024:.1f}".replace(".", words.get("decimal_mark") or ".")
    return f"{value}\u00a0{megabytes}"


def fill_sizes(html_text: str, size_of: Callable[[str], int | None], words: Mapping) -> str:
    """The page with each size mark replaced by the size of its PDF; a mark whose
    PDF is not there is removed."""
    def size(match: re.Match) -> str:
        found = size_of(match.group(1))
        return "" if found is None else f" ({size_text(found, words)})"
    return _SIZE_MARK.sub(size, html_text)


# -- what a PDF needs ---------------------------------------------------------------

def _executable(name: str) -> str | None:
    found = shutil.which(name)
    return os.path.abspath(found) if found else None


def find_browser(option: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """The browser to print with: the `chromium` option, else SCHOLAR_CHROMIUM, else
    /usr/bin/chromium or the first of BROWSERS on PATH; None leaves it to Playwright,
    which has its own when `playwright install chromium` was run."""
    for source, given in (("the 'chromium' option", option), (ENV, environ.get(ENV))):
        if given:
            found = _executable(given)
            if found is None:
                raise UnavailableError(f"{source} names '{given}', which is not an executable "
                                  "file; give the path of a Chromium or Chrome executable")
            return found
    for name in (DEFAULT_BROWSER, *BROWSERS):
        found = _executable(name)
        if found:
            return found
    return None


def _in_own_thread(work: Callable[[], T]) -> T:
    """`work()` run in a thread of its own: Playwright's sync API refuses a thread with an
    asyncio loop running, which the process that runs MkDocs may have (another tool's
    Playwright, a server that builds on request)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            outcome["error"] = error

    thread = threading.Thread(target=run, name="scholar-pdf")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _playwright_browser() -> str | None:
    """Playwright's own Chromium, if it was downloaded."""
    from playwright.sync_api import sync_playwright

    def find() -> str:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path

    try:
        path = _in_own_thread(find)
    except Exception:  # noqa: BLE001 - any failure means there is none to use
        return None
    return path if os.path.isfile(path) else None


def check(option: str | None) -> str | None:
    """The browser to print with (None: Playwright's own), once it is known that
    everything a PDF needs is installed; else :class:`UnavailableError`."""
    for module in ("playwright", "pypdf"):
        try:
            __import__(module)
        except ImportError:
            raise UnavailableError(f"'pdf: true' needs {module}, which is not installed: "
                              f"{INSTALL}") from None
    import pypdf
    if int(pypdf.__version__.split(".")[0]) < 5:  # incremental writing came in 5.0
        raise UnavailableError(f"'pdf: true' needs pypdf 5 or later (this is "
                          f"{pypdf.__version__}): {INSTALL}")
    browser = find_browser(option)
    if browser is None and _playwright_browser() is None:
        raise UnavailableError(
            "'pdf: true' needs Chromium to print the PDF, and there is none (looked for "
            f"{ENV}, {DEFAULT_BROWSER}, {', '.join(BROWSERS)} and Playwright's own): "
            "install one (apt-get install chromium, or python -m playwright install "
            "chromium), or set the 'chromium' option to its path")
    return browser


# -- printing -------------------------------------------------------------------------

def print_editions(editions: Sequence[Edition], browser: str | None,
                   *, timeout: float = 120_000) -> list[str]:
    """Print each edition to its PDF; returns the addresses on other hosts that a page
    asked for, which were refused."""
    from playwright.sync_api import Error, sync_playwright

    refused: list[str] = []

    def refuse(route) -> None:
        refused.append(route.request.url)
        route.abort()

    def work() -> None:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=browser, headless=True, args=ARGS, timeout=timeout)
            try:
                # The light scheme: a reader who prints in dark mode still gets paper.
                context = launched.new_context(color_scheme="light", service_workers="block")
                context.route(_REMOTE, refuse)
                for edition in editions:
                    _print_one(context, edition, timeout)
            finally:
                launched.close()

    try:
        _in_own_thread(work)
    except Error as error:
        first = (error.message or str(error)).strip().splitlines()[0]
        raise UnavailableError(f"Chromium could not print the PDF: {first}") from None
    return refused


def _print_one(context, edition: Edition, timeout: float) -> None:
    page = context.new_page()
    try:
        page.goto(Path(edition.html).as_uri(), wait_until="load", timeout=timeout)
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => null)")
        headings = page.evaluate(_HEADINGS)
        data = page.pdf(format="A4", outline=True, tagged=True, print_background=True,
                        display_header_footer=True, header_template="<span></span>",
                        footer_template=_FOOTER)
    finally:
        page.close()
    data = finish(data, edition, headings)
    os.makedirs(os.path.dirname(edition.pdf) or ".", exist_ok=True)
    partial = edition.pdf + ".part"
    with open(partial, "wb") as handle:  # a reader never finds half a PDF
        handle.write(data)
    os.replace(partial, edition.pdf)


def finish(data: bytes, edition: Edition, headings: Sequence[str] = ()) -> bytes:
    """Chromium's PDF with the metadata it leaves out and whole bookmark titles,
    appended as an incremental update."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(io.BytesIO(data), incremental=True)
    metadata = {"/Title": edition.title, "/Author": edition.author,
                "/Keywords": ", ".join(edition.keywords)}
    writer.add_metadata({name: value for name, value in metadata.items() if value})
    # Chromium joins a wrapped heading's lines without a space ("health:the whole
    # review"); the heading's own text, compared without spaces, is the title.
    whole = {_squashed(text): text for text in headings}
    outlines = writer.root_object.get("/Outlines")
    stack = [outlines.get_object().get("/First")] if outlines is not None else []
    while stack:
        item = stack.pop()
        if item is None:
            continue
        item = item.get_object()
        title = str(item.get("/Title", ""))
        text = whole.get(_squashed(title))
        if text and text != title:
            item[NameObject("/Title")] = TextStringObject(text)
        stack += [item.get("/Next"), item.get("/First")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)
