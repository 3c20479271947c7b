"""The publication's own record: one YAML file, many outputs.

From one description of the article (per language: title, authors, journal,
keywords; shared: year, issue, pages, DOI, ISSN) this module makes the
"Cite this" citation (through the same pybtex style as the bibliography), the
BibTeX and RIS downloads, Highwire Press `citation_*` tags, schema.org
`ScholarlyArticle` JSON-LD and Open Graph tags. Pure: no MkDocs.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pybtex.database import BibliographyData, Entry, Person

OG_LOCALES = {"en": "en_US", "uk": "uk_UA"}


class ArticleError(ValueError):
    """The metadata file is missing something; the message says what."""


@dataclass(frozen=True)
class Edition:
    """What differs between languages."""

    lang: str
    title: str
    authors: tuple[str, ...]  # "Family, G. N."
    journal: str
    section: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    key: str
    doi: str
    year: str
    issue: str = ""
    volume: str = ""
    pages: str = ""
    issn: str = ""
    received: str = ""
    editions: dict[str, Edition] = field(default_factory=dict)

    def edition(self, lang: str) -> Edition:
        return self.editions.get(lang) or next(iter(self.editions.values()))

    @property
    def first_page(self) -> str:
        return self.pages.replace("\u2013", "-").split("-")[0].strip()

    @property
    def last_page(self) -> str:
        parts = self.pages.replace("\u2013", "-").split("-")
        return parts[-1].strip() if len(parts) > 1 else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}"


REQUIRED = ("key", "doi", "year", "editions")
REQUIRED_EDITION = ("title", "authors", "journal")


def load_article(path: str | Path) -> Article:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ArticleError(f"cannot read the article metadata file '{path}': {error}") from None
    except yaml.YAMLError as error:
        raise ArticleError(f"{path}: not valid YAML: {error}") from None
    missing = [name for name in REQUIRED if not data.get(name)]
    if missing:
        raise ArticleError(f"{path}: missing {', '.join(missing)}")
    editions = {}
    for lang, values in data["editions"].items():
        absent = [name for name in REQUIRED_EDITION if not (values or {}).get(name)]
        if absent:
            raise ArticleError(f"{path}: edition '{lang}' lacks {', '.join(absent)}")
        editions[lang] = Edition(
            lang=lang,
            title=values["title"],
            authors=tuple(values["authors"]),
            journal=values["journal"],
            section=values.get("section", ""),
            keywords=tuple(values.get("keywords", ())),
        )
    return Article(
        key=str(data["key"]),
        doi=str(data["doi"]).removeprefix("https://doi.org/"),
        year=str(data["year"]),
        issue=str(data.get("issue", "")),
        volume=str(data.get("volume", "")),
        pages=str(data.get("pages", "")),
        issn=str(data.get("issn", "")),
        received=str(data.get("received", "")),
        editions=editions,
    )


def to_entry(article: Article, lang: str) -> Entry:
    """The article as a pybtex entry, for the bibliography style and the .bib download."""
    edition = article.edition(lang)
    fields = {
        "title": edition.title,
        "journal": edition.journal,
        "year": article.year,
        "doi": article.doi,
        "language": lang,
    }
    for name, value in (("number", article.issue), ("volume", article.volume),
                        ("pages", article.pages.replace("\u2013", "--")),
                        ("issn", article.issn)):
        if value:
            fields[name] = value
    if edition.keywords:
        fields["keywords"] = ", ".join(edition.keywords)
    entry = Entry("article", fields=fields)
    entry.persons["author"] = [Person(name) for name in edition.authors]
    return entry


def to_bibtex(article: Article, lang: str) -> str:
    return BibliographyData({article.key: to_entry(article, lang)}).to_string("bibtex")


def to_ris(article: Article, lang: str) -> str:
    edition = article.edition(lang)
    lines = [("TY", "JOUR")]
    lines += [("AU", author) for author in edition.authors]
    lines += [("TI", edition.title), ("T2", edition.journal), ("PY", article.year)]
    for tag, value in (("VL", article.volume), ("IS", article.issue), ("SP", article.first_page),
                       ("EP", article.last_page), ("SN", article.issn), ("DO", article.doi)):
        if value:
            lines.append((tag, value))
    lines += [("KW", keyword) for keyword in edition.keywords]
    lines += [("LA", lang), ("UR", article.doi_url), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)  # RIS wants CRLF


def display_name(author: str) -> str:
    """"Dedukh, N. V." -> "N. V. Dedukh"."""
    family, _, given = author.partition(",")
    return f"{given.strip()} {family.strip()}".strip()


def head_tags(article: Article, lang: str, *, description: str = "", site_name: str = "",
              url: str = "", alternates: dict[str, str] | None = None) -> str:
    """Highwire Press tags, Open Graph tags and JSON-LD for the page's <head>."""
    edition = article.edition(lang)
    meta: list[tuple[str, str, str]] = [("name", "citation_title", edition.title)]
    meta += [("name", "citation_author", author) for author in edition.authors]
    meta += [
        ("name", "citation_publication_date", article.year),
        ("name", "citation_journal_title", edition.journal),
    ]
    for name, value in (("citation_issn", article.issn), ("citation_volume", article.volume),
                        ("citation_issue", article.issue),
                        ("citation_firstpage", article.first_page),
                        ("citation_lastpage", article.last_page)):
        if value:
            meta.append(("name", name, value))
    meta += [("name", "citation_doi", article.doi), ("name", "citation_language", lang)]
    if edition.keywords:
        meta.append(("name", "citation_keywords", "; ".join(edition.keywords)))
    meta += [
        ("property", "og:type", "article"),
        ("property", "og:title", edition.title),
        ("property", "og:locale", OG_LOCALES.get(lang, lang)),
    ]
    for other in article.editions:
        if other != lang:
            meta.append(("property", "og:locale:alternate", OG_LOCALES.get(other, other)))
    if site_name:
        meta.append(("property", "og:site_name", site_name))
    if description:
        meta.append(("property", "og:description", description))
    if url:
        meta.append(("property", "og:url", url))
    meta.append(("property", "article:published_time", article.year))
    if edition.section:
        meta.append(("property", "article:section", edition.section))
    meta += [("property", "article:tag", keyword) for keyword in edition.keywords]
    tags = "\n".join(f'<meta {attr}="{name}" content="{html.escape(value, quote=True)}">'
                     for attr, name, value in meta)
    data = json_ld(article, lang, url=url)
    # "</" must not end the script early, whatever the metadata holds.
    payload = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'{tags}\n<script type="application/ld+json">\n{payload}\n</script>'


def cite_as_link(article: Article) -> str:
    """The publication's persistent address (RFC 8574 `cite-as`), for every page of it.

    The citation_* tags stay on the home pages: Google Scholar takes each address
    that carries citation_title for a paper of its own, so ten pages with them would
    be ten copies of one paper. `cite-as` tells reference managers and crawlers
    which address to cite for any page, without claiming the page is the paper."""
    return f'<link rel="cite-as" href="{html.escape(article.doi_url, quote=True)}">'


def json_ld(article: Article, lang: str, *, url: str = "") -> dict:
    edition = article.edition(lang)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": edition.title,
        "name": edition.title,
        "inLanguage": lang,
        "author": [
            {"@type": "Person", "name": display_name(author),
             "familyName": author.partition(",")[0].strip(),
             "givenName": author.partition(",")[2].strip()}
            for author in edition.authors
        ],
        "datePublished": article.year,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": article.doi},
        "sameAs": article.doi_url,
        "isPartOf": {
            "@type": "PublicationIssue",
            "issueNumber": article.issue,
            "datePublished": article.year,
            "isPartOf": {"@type": "Periodical", "name": edition.journal,
                         **({"issn": article.issn} if article.issn else {})},
        },
    }
    if article.first_page:
        data["pageStart"] = article.first_page
    if article.last_page:
        data["pageEnd"] = article.last_page
    if edition.keywords:
        data["keywords"] = ", ".join(edition.keywords)
    if url:
        data["url"] = url
    return data
