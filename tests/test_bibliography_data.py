"""Checks references/references.bib against the source article's reference list."""

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from source_text import SOURCE_DIR

REPO = Path(__file__).resolve().parents[1]
BIB_FILE = REPO / "references" / "references.bib"

# Citation keys in the order of the source's reference list (numbers 1..46, see SPEC.md).
EXPECTED_KEYS = [
    "dinicolantonio2018subclinical",
    "rosiqueesteban2018dietary",
    "choi2020biochemical",
    "fiorentini2021magnesium",
    "qi2021insights",
    "erem2019anabolic",
    "jahnendechent2012magnesium",
    "iom1997dietary",
    "debaaij2015magnesium",
    "ismail2018chronic",
    "shahsavani2021vitamin",
    "uwitonze2018role",
    "reddy2019magnesium",
    "uwitonze2020oral",
    "razzaque2018magnesium",
    "akizawa2008daily",
    "kim2022biphasic",
    "diaztocados2017magnesium",
    "wu2015effects",
    "li2018high",
    "zhang2019dual",
    "castiglioni2013magnesium",
    "alalawi2018magnesium",
    "dominguez2023association",
    "zhou2021magnesium",
    "chang2020association",
    "mederle2018correlations",
    "orchard2014magnesium",
    "groenendijk2022impact",
    "farsinejadmarj2016dietary",
    "wright2019magnesium",
    "kunutsor2017low",
    "veronese2017dietary",
    "rondanelli2021update",
    "antoniac2022magnesium",
    "chow2021biodegradable",
    "hung2019role",
    "libako2016extracellular",
    "wang2022ampk",
    "zhang2016implant",
    "xie2014pdgf",
    "peng2020type",
    "lin2019magnesium",
    "belluci2011effects",
    "song2022effect",
    "veronese2022effect",
]

DOI_PREFIX = "https://doi.org/"
LINK = re.compile(r"<(https?://[^>]+)>")
# A reference starts with "- " or "27. " (the extraction mixes both forms).
ITEM_START = re.compile(r"^\s*(?:-|\d+\.)\s+(.*)$")


def _source_text() -> str:
    if not SOURCE_DIR.is_dir():
        pytest.skip(f"source folder {SOURCE_DIR} not found (needed to compare the references)")
    for path in sorted(SOURCE_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "## References" in text:
            return text
    pytest.skip(f"no source article with a '## References' section in {SOURCE_DIR}")


def _source_links() -> list[str]:
    """The link (DOI or URL) of each reference of the source, in source order.

    A reference split by a page break (entry 26) shows up as two list items, the
    first without a link; such a fragment is joined with the item that follows.
    """
    section = _source_text().split("## References", 1)[1]
    section = section.split("The article has been sent", 1)[0]
    items: list[str] = []
    pending = ""
    for line in section.splitlines():
        match = ITEM_START.match(line)
        if not match:
            continue
        text = f"{pending} {match.group(1)}".strip()
        if LINK.search(text):
            items.append(text)
            pending = ""
        else:
            pending = text
    links = []
    for item in items:
        (link,) = LINK.findall(item)
        links.append(link.removeprefix(DOI_PREFIX))
    return links


def _bib_link(entry) -> str:
    """The DOI of an entry, or its URL when it has no DOI (entry 8)."""
    return entry.fields.get("doi") or entry.fields["url"]


@pytest.fixture(scope="module")
def bib_entries():
    return parse_file(str(BIB_FILE)).entries


@pytest.fixture(scope="module")
def source_links():
    return _source_links()


def test_bib_has_46_entries(bib_entries):
    assert len(bib_entries) == 46


def test_source_list_has_46_references(source_links):
    assert len(source_links) == 46


def test_doi_sets_match(bib_entries, source_links):
    bib_dois = {e.fields["doi"] for e in bib_entries.values() if "doi" in e.fields}
    source_dois = {link for link in source_links if not link.startswith("http")}
    assert bib_dois == source_dois


def test_key_order_follows_citation_numbers(bib_entries, source_links):
    assert list(bib_entries.keys()) == EXPECTED_KEYS
    for number, (key, link) in enumerate(zip(EXPECTED_KEYS, source_links, strict=True), start=1):
        assert _bib_link(bib_entries[key]) == link, f"reference {number} ({key})"
