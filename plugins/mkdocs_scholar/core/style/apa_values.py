"""Field values for the APA style: blank fields, URLs and DOIs, dates.

Pure core (no MkDocs); values are raw TeX as BibTeX gives them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from mkdocs_scholar.core.style import latex_to_plain

__all__ = ["ISO_DATE", "clean_url", "doi_url", "field_value", "format_date"]

_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_TEX_ESCAPE = re.compile(r"\\([_%&#$~])")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def field_value(entry, name: str) -> str | None:
    """A non-blank field value (raw TeX), or None."""
    value = entry.fields.get(name)
    if value is None or not str(value).strip():
        return None
    return str(value).strip()


def clean_url(value: str) -> str:
    """A URL field without TeX escapes or a \\url{} wrapper."""
    value = value.strip()
    match = re.match(r"^\\(?:url|href)\s*\{([^}]*)\}", value)
    if match:
        value = match.group(1)
    return _TEX_ESCAPE.sub(r"\1", value).strip()


def doi_url(value: str) -> str:
    """'10.1/x', 'doi:10.1/x', 'https://doi.org/10.1/x' -> 'https://doi.org/10.1/x'."""
    doi = _DOI_PREFIX.sub("", clean_url(value)).strip()
    return "https://doi.org/" + doi


def format_date(value: str, terms: Mapping) -> str:
    """'2023-05-01' -> 'May 1, 2023' (per the locale); other text as written."""
    match = ISO_DATE.match(value.strip())
    months = terms.get("months") or []
    if not match or not match.group(2) or not months:
        return latex_to_plain(value)
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    try:
        if day:
            return terms["date_format"].format(year=year, month=months[month - 1],
                                               day=int(day))
        nominative = terms.get("months_nominative") or months
        return terms.get("month_format", "{month} {year}").format(
            year=year, month=nominative[month - 1])
    except (KeyError, IndexError, ValueError):  # month 13, or a broken override
        return latex_to_plain(value)
