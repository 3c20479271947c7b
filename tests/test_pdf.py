"""The PDF of each language's one-page edition (`pdf: true`): Chromium prints it when the
site is built, and the pages link to it only then.

The real site is built once with SCHOLAR_PDF=true, and its two PDFs are read back with
pypdf: pages, text (the abstract, every reference, Cyrillic as Cyrillic), links inside the
document and out to doi.org, bookmarks, metadata, fonts. Small sites check what the
option does around that: no link without it, none under `mkdocs serve`, one line and no
traceback when there is nothing to print with, requests to other hosts refused.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from browser_support import build_real_site, find_chromium, sync_playwright, unavailable
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pybtex.database import parse_file

from conftest import BASE_CONFIG, BIB, _Collect
from mkdocs_scholar.publication import article as publication
from mkdocs_scholar.publication import pdf

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = publication.load_article(ROOT / "references" / "article.yml")
EDITIONS = {"en": "whole-review.html", "uk": "uk/whole-review.html"}
HOMES = {"en": "index.html", "uk": "uk/index.html"}
PDFS = {"en": "dedukh2023effect.en.pdf", "uk": "uk/dedukh2023effect.uk.pdf"}
WORDS = {"en": {"size_units": ["KB", "MB"], "decimal_mark": "."},
         "uk": {"size_units": ["КБ", "МБ"], "decimal_mark": ","}}
NBSP = "\u00a0"


def squashed(text: str) -> str:
    """Text without any space: what is left of it however the lines broke."""
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------- pure parts

@pytest.mark.parametrize(("size", "lang", "shown"), [
    (0, "en", "1 KB"),
    (300, "en", "1 KB"),
    (432_273, "en", "422 KB"),
    (432_273, "uk", "422 КБ"),
    (999 * 1024, "en", "999 KB"),
    (1_000 * 1024, "en", "1.0 MB"),
    (1_258_291, "en", "1.2 MB"),
    (1_258_291, "uk", "1,2 МБ"),
    (15 * 1024 * 1024 + 600_000, "uk", "15,6 МБ"),
])
def test_sizes_read_in_the_page_language(size, lang, shown):
    assert pdf.size_text(size, WORDS[lang]) == shown.replace(" ", NBSP)


def test_the_size_marks_are_filled_in_or_removed():
    page = ('<a href="a.en.pdf">PDF</a>' + pdf.SIZE_MARK.format("a.en.pdf")
            + ' <a href="b.en.pdf">PDF</a>' + pdf.SIZE_MARK.format("b.en.pdf"))
    out = pdf.fill_sizes(page, {"a.en.pdf": 2048}.get, WORDS["uk"])
    assert out == f'<a href="a.en.pdf">PDF</a> (2{NBSP}КБ) <a href="b.en.pdf">PDF</a>'


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_the_browser_is_the_option_then_the_variable_then_one_on_path(tmp_path, monkeypatch):
    option, variable, on_path = (_executable(tmp_path / name)
                                 for name in ("option-chrome", "env-chrome", "chromium"))
    monkeypatch.setattr(pdf, "DEFAULT_BROWSER", str(tmp_path / "absent"))
    monkeypatch.setenv("PATH", str(tmp_path))
    env = {pdf.ENV: str(variable)}
    assert pdf.find_browser(str(option), env) == str(option)
    assert pdf.find_browser(None, env) == str(variable)
    assert pdf.find_browser(None, {}) == str(on_path)
    on_path.unlink()
    assert pdf.find_browser(None, {}) is None  # Playwright's own, if it has one
    with pytest.raises(pdf.UnavailableError, match="SCHOLAR_CHROMIUM names '/no/chrome', "
                                                   "which is not an executable file"):
        pdf.find_browser(None, {pdf.ENV: "/no/chrome"})


def test_finishing_adds_the_metadata_and_whole_bookmark_titles():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    top = writer.add_outline_item(title="Вплив дефіциту магнію:увесь огляд", page_number=0)
    writer.add_outline_item(title="Пряма дія Mg2+", page_number=0, parent=top)
    raw = io.BytesIO()
    writer.write(raw)
    edition = pdf.Edition(html="", pdf="", uri="", lang="uk", title="Вплив дефіциту магнію",
                          author="Н. В. Дедух", keywords=("остеопороз", "переломи"))
    out = pdf.finish(raw.getvalue(), edition,
                     ["Вплив дефіциту магнію: увесь огляд", "Пряма дія Mg2+"])
    assert out.startswith(raw.getvalue())  # an incremental update: the original is kept
    reader = pypdf.PdfReader(io.BytesIO(out))
    assert reader.metadata["/Title"] == "Вплив дефіциту магнію"
    assert reader.metadata["/Author"] == "Н. В. Дедух"
    assert reader.metadata["/Keywords"] == "остеопороз, переломи"
    assert [reader.outline[0].title, reader.outline[1][0].title] == [
        "Вплив дефіциту магнію: увесь огляд", "Пряма дія Mg2+"]


# ------------------------------------------------------------------ small sites

ARTICLE_YML = """\
key: alpha2024tiny
doi: 10.1000/tiny
year: 2024
editions:
  en:
    title: A tiny publication
    authors: ["Alpha, Anna", "Beta, Boris"]
    journal: Journal of Tests
"""

PAGES = {
    "index.md": """
        # Tiny

        Cited [@alpha2020].

        ::: {#cite-this}
        :::
    """,
    "references.md": """
        # References

        ::: {#refs}
        :::
    """,
    "whole.md": """
        # All of it

        ::: {#whole-review}
        :::
    """,
}


def write_site(folder: Path, scholar: dict, pages: dict[str, str] = PAGES, *,
               article: bool = True) -> Path:
    for name, text in pages.items():
        path = folder / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (folder / "refs.bib").write_text(BIB, encoding="utf-8")
    (folder / "article.yml").write_text(ARTICLE_YML, encoding="utf-8")
    data = {**BASE_CONFIG, "site_author": "Anna Alpha", "use_directory_urls": False,
            "nav": ["index.md", "references.md", "whole.md"],
            "plugins": ["search", {"scholar": {"bibliography": "refs.bib", **scholar}}]}
    if article:
        data["plugins"][1]["scholar"]["article"] = "article.yml"
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config


def build_here(config: Path, *, command: str = "build") -> tuple[Path, list[str]]:
    """Build in this process as `mkdocs <command>` would (serve: on_startup says so)."""
    import logging

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # the serve notice is an info line
    try:
        loaded = load_config(str(config), site_dir=str(config.parent / "site"))
        loaded.plugins.on_startup(command=command, dirty=False)
        build(loaded)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return config.parent / "site", handler.messages


def pdf_links(site: Path, page: str) -> list:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    return soup.select('a[href$=".pdf"], a[type="application/pdf"]')


def test_without_the_option_no_page_links_to_a_pdf(tmp_path):
    site, _ = build_here(write_site(tmp_path, {}))
    assert (site / "whole.html").is_file()
    for page in ("index.html", "whole.html"):
        assert not pdf_links(site, page), page
        assert "scholar-pdf-size" not in (site / page).read_text(encoding="utf-8")
    assert not list(site.rglob("*.pdf"))


def test_serve_makes_no_pdf_and_needs_no_browser(tmp_path):
    # No browser at that path: serve must not look for one.
    config = write_site(tmp_path, {"pdf": True, "chromium": str(tmp_path / "no-chrome")})
    site, messages = build_here(config, command="serve")
    assert not pdf_links(site, "whole.html") and not pdf_links(site, "index.html")
    assert not list(site.rglob("*.pdf"))
    assert any("not made by `mkdocs serve`" in message for message in messages), messages


def run_mkdocs(config: Path, *args: str, code: str = "") -> subprocess.CompletedProcess:
    """`mkdocs build` in a process of its own; `code` runs first (to hide a module)."""
    path = os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")]))
    script = f"{code}\nfrom mkdocs.__main__ import cli\ncli()"
    return subprocess.run(
        [sys.executable, "-c", script, "build", "-f", str(config), *args],
        cwd=config.parent, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1",
             "DISABLE_MKDOCS_2_WARNING": "true"})


def one_line_failure(result: subprocess.CompletedProcess, *phrases: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if "pdf-unavailable" in line]
    assert len(lines) == 1, output
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    # It stops before reading a page: nothing is built.
    assert not (config_site(result) / "index.html").exists()


def config_site(result: subprocess.CompletedProcess) -> Path:
    return Path(result.args[result.args.index("-f") + 1]).parent / "site"


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_no_browser_is_one_clear_line(tmp_path, strict):
    config = write_site(tmp_path, {"pdf": True, "chromium": str(tmp_path / "no-chrome")})
    result = run_mkdocs(config, *(["--strict"] if strict else []))
    one_line_failure(result, f"'chromium' option names '{tmp_path / 'no-chrome'}'",
                     "not an executable file")


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_no_playwright_says_what_to_install(tmp_path, strict):
    config = write_site(tmp_path, {"pdf": True})
    # As if Playwright were not installed: importing it fails.
    result = run_mkdocs(config, *(["--strict"] if strict else []),
                        code="import sys; sys.modules['playwright'] = None")
    one_line_failure(result, "needs playwright", "pip install 'mkdocs-scholar[pdf]'")


@pytest.fixture(scope="module")
def browser() -> str:
    executable, why = find_chromium()
    if executable is None:
        unavailable(f"no browser to print the PDFs ({why}): `apt-get install chromium`, "
                    "or set CHROMIUM to a chromium executable")
    if sync_playwright is None:
        unavailable("printing the PDFs needs Playwright: `pip install playwright`")
    return executable


def test_a_request_to_another_host_is_refused_and_named(tmp_path, browser):
    pages = {**PAGES, "index.md": PAGES["index.md"] + (
        '\n        <img src="https://example.org/pixel.png" alt="">\n')}
    site, messages = build_here(write_site(tmp_path, {"pdf": True, "chromium": browser},
                                           pages))
    made = site / "alpha2024tiny.en.pdf"
    assert made.is_file()
    refused = [m for m in messages if "https://example.org/pixel.png" in m]
    assert refused and refused[0].startswith("WARNING"), messages
    assert "not on this machine" in refused[0]
    reader = pypdf.PdfReader(made)
    assert reader.metadata["/Title"] == "A tiny publication"
    assert reader.metadata["/Author"] == "Anna Alpha, Boris Beta"


def test_without_an_article_the_pdf_is_named_by_its_page(tmp_path, browser):
    pages = {**PAGES, "index.md": "# Tiny\n\nCited [@alpha2020].\n"}
    config = write_site(tmp_path, {"pdf": True, "chromium": browser}, pages, article=False)
    site, messages = build_here(config)
    assert [p.name for p in site.rglob("*.pdf")] == ["whole.en.pdf"]
    assert not [m for m in messages if m.startswith("WARNING")], messages
    reader = pypdf.PdfReader(site / "whole.en.pdf")
    assert reader.metadata["/Author"] == "Anna Alpha"  # site_author
    assert reader.metadata["/Title"].startswith("All of it")  # the page's <title>
    links = pdf_links(site, "whole.html")
    assert [link["href"] for link in links] == ["whole.en.pdf"]


# ---------------------------------------------------------------- the real site

@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory, browser) -> tuple[Path, str]:
    """The real site built once, strict, with SCHOLAR_PDF=true."""
    site = tmp_path_factory.mktemp("pdf") / "site"
    printed = build_real_site(site, "--strict", env={"SCHOLAR_PDF": "true", pdf.ENV: browser},
                              timeout=600)
    return site, printed


@pytest.fixture(scope="module")
def readers(pdf_site) -> dict[str, object]:
    site, _ = pdf_site
    return {lang: pypdf.PdfReader(site / name) for lang, name in PDFS.items()}


@pytest.fixture(scope="module")
def page_texts(readers) -> dict[str, list[str]]:
    return {lang: [page.extract_text() or "" for page in reader.pages]
            for lang, reader in readers.items()}


def _footer(number: int, count: int) -> re.Pattern:
    return re.compile(rf"^\s*{number} / {count}\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def texts(page_texts) -> dict[str, str]:
    """The text of each PDF without its page numbers, which would split a sentence
    that runs on to the next page."""
    return {lang: "\n".join(_footer(n, len(pages)).sub("", text)
                            for n, text in enumerate(pages, 1))
            for lang, pages in page_texts.items()}


def test_each_language_has_its_pdf_and_the_build_says_so(pdf_site):
    site, output = pdf_site
    for name in PDFS.values():
        assert (site / name).read_bytes().startswith(b"%PDF-"), name
        assert f"pdf: {name} (" in output
    assert "pdf-offline" not in output and "example.org" not in output


@pytest.mark.parametrize("lang", PDFS)
def test_the_pdf_has_about_as_many_pages_as_the_printed_edition(readers, lang):
    count = len(readers[lang].pages)
    print(f"[{lang}] {count} A4 pages")
    assert 12 <= count <= 24  # about 17 (en) and 18 (uk): the text, 3 figures, 46 entries
    box = readers[lang].pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4 in pt


@pytest.mark.parametrize("lang", PDFS)
def test_every_page_is_numbered_at_its_foot(page_texts, lang):
    pages = page_texts[lang]
    unnumbered = [n for n, text in enumerate(pages, 1)
                  if not _footer(n, len(pages)).search(text)]
    assert not unnumbered, unnumbered


def _abstract(lang: str) -> list[str]:
    """Sentences of the abstract, from the Markdown."""
    text = (ROOT / "docs" / lang / "index.md").read_text(encoding="utf-8")
    marker = "*Objective.*" if lang == "en" else "*Мета.*"
    paragraph = text[text.index(marker):].split("\n\n")[0]
    plain = re.sub(r"<[^>]+>|\*", "", paragraph)
    return [s for s in re.split(r"(?<=\.) ", plain) if 40 < len(s) and "ʼ" not in s]


@pytest.mark.parametrize("lang", PDFS)
def test_the_text_holds_the_abstract(texts, lang):
    text = squashed(texts[lang])
    sentences = _abstract(lang)
    assert len(sentences) >= 8
    missing = [s for s in sentences if squashed(s) not in text]
    assert not missing, missing


def _references() -> list[tuple[str, str, str]]:
    """(key, first author's surname, the title's first words) of every .bib entry."""
    data = parse_file(str(ROOT / "references" / "references.bib"))
    out = []
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        surname = " ".join(people[0].last_names).strip("{}") if people else ""
        words = re.sub(r"[{}]", "", entry.fields.get("title", "")).split()
        out.append((key, surname, " ".join(words[:4])))
    return out


@pytest.mark.parametrize("lang", PDFS)
def test_the_text_holds_every_reference(texts, lang):
    text = squashed(texts[lang]).casefold()
    references = _references()
    assert len(references) == 46
    missing = [key for key, surname, title in references
               if squashed(surname).casefold() not in text
               or squashed(title).casefold() not in text]
    assert not missing, missing


def test_the_ukrainian_text_is_cyrillic(texts):
    text = texts["uk"]
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    print(f"[uk] {len(cyrillic)} of {len(letters)} letters are Cyrillic")
    assert len(cyrillic) > 15_000 and len(cyrillic) / len(letters) > 0.6
    # Glyph garbage: replacement characters, private-use code points, control characters.
    garbage = [ch for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
               or (ord(ch) < 32 and ch not in "\n\t")]
    assert not garbage, garbage[:10]
    for words in ("Анотація", "Список літератури", "Висновки", "остеопороз",
                  "Ортопедія, травматологія та протезування", "Дедух"):
        assert squashed(words) in squashed(text), words


def _links(reader) -> tuple[list[str], list[str]]:
    """(destination names of the internal links, addresses of the external ones)."""
    internal, external = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if "/Dest" in annotation:
                internal.append(str(annotation["/Dest"]))
            elif action is not None and action.get("/S") == "/GoTo":
                internal.append(str(action["/D"]))
            elif action is not None and action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
    return internal, external


@pytest.mark.parametrize("lang", PDFS)
def test_internal_links_land_on_pages_of_the_document(pdf_site, readers, lang):
    reader = readers[lang]
    internal, _ = _links(reader)
    destinations = reader.named_destinations
    assert len(internal) >= 60, len(internal)
    lost = [name for name in internal if name not in destinations]
    assert not lost, lost
    for name in set(internal):
        assert 0 <= reader.get_destination_page_number(destinations[name]) < len(reader.pages)
    # Every link the printed page shows is a link in the PDF: citations to their
    # entries, cross-references to the figures, the contents to the parts.
    soup = BeautifulSoup((pdf_site[0] / EDITIONS[lang]).read_text(encoding="utf-8"), "lxml")
    for hidden in soup.select(".scholar-tip, .md-header, .md-sidebar, .md-footer, "
                              ".headerlink, .scholar-backlinks, .md-content__button"):
        hidden.decompose()
    shown = {"/" + unquote(a["href"][1:]) for a in soup.select('article a[href^="#"]')
             if len(a["href"]) > 1}
    assert len({name for name in shown if name.startswith("/ref-")}) >= 30
    assert any(name.startswith("/fig:") for name in shown) and "/part-references" in shown
    missing = sorted(shown - set(internal))
    assert not missing, missing


@pytest.mark.parametrize("lang", PDFS)
def test_doi_links_go_to_doi_org(readers, lang):
    _, external = _links(readers[lang])
    assert ARTICLE.doi_url in external
    data = parse_file(str(ROOT / "references" / "references.bib"))
    dois = {f"https://doi.org/{entry.fields['doi']}".casefold()
            for entry in data.entries.values() if "doi" in entry.fields}
    assert len(dois) > 30
    assert dois <= {address.casefold() for address in external}
    # Nothing points back at the machine it was built on.
    assert all(address.startswith("https://") for address in external), external


def _outline(items, depth=0) -> list[tuple[int, str]]:
    out = []
    for item in items:
        if isinstance(item, list):
            out += _outline(item, depth + 1)
        else:
            out.append((depth, item.title))
    return out


def _part_titles(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    titles = []
    for heading in soup.select("section.scholar-part > h2"):
        for extra in heading.select(".headerlink, .scholar-tip"):
            extra.decompose()
        titles.append(re.sub(r"\s+", " ", heading.get_text("")).strip())
    return titles


@pytest.mark.parametrize("lang", PDFS)
def test_bookmarks_are_the_headings_in_the_page_language(pdf_site, readers, lang):
    site, _ = pdf_site
    outline = _outline(readers[lang].outline)
    top = [title for depth, title in outline if depth == 0]
    assert top == [ARTICLE.edition(lang).title + (
        ": the whole review on one page" if lang == "en" else
        ": увесь огляд на одній сторінці")]
    second = [title for depth, title in outline if depth == 1]
    parts = _part_titles(site, EDITIONS[lang])
    assert len(parts) == 12
    # Each part's title, whole (Chromium dropped the space where a heading wrapped).
    assert [title for title in second if title in parts] == parts
    expected = {"en": ["Contents", "Introduction", "Conclusions", "References"],
                "uk": ["Розділи", "Вступ", "Висновки", "Список літератури"]}[lang]
    assert set(expected) <= set(second)


@pytest.mark.parametrize("lang", PDFS)
def test_metadata_names_the_review_its_authors_and_language(readers, lang):
    reader = readers[lang]
    edition = ARTICLE.edition(lang)
    assert reader.metadata["/Title"] == edition.title
    assert reader.metadata["/Author"] == ", ".join(
        publication.display_name(author) for author in edition.authors)
    assert reader.metadata["/Keywords"] == ", ".join(edition.keywords)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    # Tagged: a structure tree, marked content.
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("lang", PDFS)
def test_fonts_are_embedded(readers, lang):
    fonts = {}
    for page in readers[lang].pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if font["/Subtype"] == "/Type3":  # glyphs drawn in the PDF itself
                continue
            descendant = font.get("/DescendantFonts")
            described = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(
                name in described.get_object() for name in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
    print(f"[{lang}] fonts: {sorted(fonts)}")
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize("lang", PDFS)
def test_pages_link_to_their_pdf_in_their_language(pdf_site, lang):
    site, _ = pdf_site
    made = site / PDFS[lang]
    size = pdf.size_text(made.stat().st_size, WORDS[lang])
    download = {"en": "Download PDF", "uk": "Завантажити PDF"}[lang]
    for page, text in ((EDITIONS[lang], download), (HOMES[lang], "PDF")):
        html_text = (site / page).read_text(encoding="utf-8")
        assert "scholar-pdf-size" not in html_text, page
        links = pdf_links(site, page)
        # The edition's own link, and the one in the home page's "Cite this" (also on
        # the one-page edition, which holds the home page).
        assert len(links) == (2 if page == EDITIONS[lang] else 1), links
        for link in links:
            assert (site / page).parent.joinpath(link["href"]).resolve() == made.resolve()
            assert link["type"] == "application/pdf" and link["hreflang"] == lang
            assert link.has_attr("download")
            assert f"({size})" in link.parent.get_text(""), link.parent
        assert links[0].get_text() == text
        if page == HOMES[lang]:
            assert "scholar-cite-this-downloads" in links[0].parent["class"]


def test_the_links_are_not_printed(texts):
    assert "Download PDF" not in texts["en"] and "BibTeX·RIS" not in squashed(texts["en"])
    assert "Завантажити PDF" not in texts["uk"]
    css = (ROOT / "plugins" / "mkdocs_scholar" / "assets" / "scholar.css").read_text(
        encoding="utf-8")
    printed = css[css.index("@media print"):]
    hidden = printed[printed.index(".scholar-cite-this-downloads"):]
    assert ".scholar-pdf-download" in hidden[:hidden.index("}")]
