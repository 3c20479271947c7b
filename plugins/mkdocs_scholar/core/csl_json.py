"""BibTeX entries as CSL-JSON, and CSL-JSON / CSL-YAML bibliography files.

Pure core (no MkDocs). A CSL processor reads CSL-JSON: :func:`entry_to_csl`
converts a pybtex entry once, here, so that every CSL style sees the same data,
decoded from TeX the way the pybtex styles decode it (accents, escapes, dashes;
braces that only protect case are dropped). Entries arrive with their
``crossref`` already resolved (see :mod:`~mkdocs_scholar.core.bibliography`).

:func:`parse_csl_file` reads a ``.json`` or ``.yaml``/``.yml`` file of CSL
items (as pandoc accepts them) into the same pybtex entries the ``.bib`` reader
makes, keeping each item's CSL-JSON beside it, so the rest of the plugin needs
no second kind of entry. It never raises for bad input: problems become
diagnostics with the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import pybtex.errors
import yaml
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person

from mkdocs_scholar.core.bib_parser import ParsedFile
from mkdocs_scholar.core.diagnostics import Diagnostic
from mkdocs_scholar.core.entry_lang import language_tag
from mkdocs_scholar.core.style import latex_to_plain
from mkdocs_scholar.core.style.apa_values import clean_url

__all__ = ["CSL_EXTENSIONS", "entry_to_csl", "is_csl_file", "parse_csl_file"]

CSL_EXTENSIONS = (".json", ".yaml", ".yml")
#: Bumped whenever the items made from the same entry change (or citeproc-py's
#: corrections do): formatted entries cached on disk by an older build are not reused.
CONVERSION = 2

# BibTeX/biblatex entry type -> CSL type.
_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet",
    "inbook": "chapter", "bookinbook": "chapter", "incollection": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter", "collection": "book",
    "mvcollection": "book", "inproceedings": "paper-conference",
    "conference": "paper-conference", "proceedings": "book", "mvproceedings": "book",
    "manual": "book", "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "unpublished": "manuscript",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "patent": "patent",
    "dataset": "dataset", "software": "software", "inreference": "entry-encyclopedia",
    "reference": "book", "periodical": "periodical", "misc": "document",
}
# A misc with a web address and nothing that names a publisher is a web page.
_PUBLISHED_BY = ("publisher", "institution", "organization", "journal", "journaltitle",
                 "booktitle")
_THESIS_GENRE = {"mastersthesis": "Master\u2019s thesis", "phdthesis": "PhD thesis"}
# Types whose `booktitle` (or inherited title) is the container.
_IN_CONTAINER = {"chapter", "paper-conference", "entry-encyclopedia"}


_MONTHS = {name: n for n, names in enumerate((
    ("jan", "january", "січ", "січень"), ("feb", "february", "лют", "лютий"),
    ("mar", "march", "бер", "березень"), ("apr", "april", "кві", "квітень"),
    ("may", "травень", "тра"), ("jun", "june", "чер", "червень"),
    ("jul", "july", "лип", "липень"), ("aug", "august", "сер", "серпень"),
    ("sep", "sept", "september", "вер", "вересень"), ("oct", "october", "жов", "жовтень"),
    ("nov", "november", "лис", "листопад"), ("dec", "december", "гру", "грудень"),
), 1) for name in names}
_DATE = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")
_DASHES = re.compile(r"\s*[\u2013\u2014]+\s*|\s*-{1,3}\s*")

# Field -> CSL variable, copied as decoded text.
_TEXT_FIELDS = {
    "title": "title", "shorttitle": "title-short", "subtitle": None, "edition": "edition",
    "note": "note", "abstract": "abstract", "series": "collection-title",
    "shortjournal": "container-title-short", "journalabbrev": "container-title-short",
    "version": "version", "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "pmcid": "PMCID",
    "venue": "event-place", "eventtitle": "event-title", "chapter": "chapter-number",
    "keywords": None, "annotation": None, "file": None,
}
_ROLES = {"author": "author", "editor": "editor", "translator": "translator",
          "bookauthor": "container-author", "director": "director",
          "commentator": "reviewed-author"}


def entry_to_csl(key: str, entry: Entry, locale: str | None = None) -> dict:
    """The CSL-JSON item of `entry` (crossref already resolved), with `key` as its id.

    With the CSL `locale` the item is formatted in, an entry without `langid`
    is taken to be in that language (as pandoc takes it to be in the document's),
    and the titles of an English one go to sentence case, as CSL keeps them: a
    style that wants title case makes it, one that wants sentence case (APA,
    Vancouver) cannot make it from "Magnesium in Health and Disease".
    """
    own = getattr(entry, "csl", None)  # read from a CSL file: its own data, unchanged
    if own is not None:
        item = _with_date_objects(dict(own, id=key))
        if locale:
            item.setdefault("language", locale)
        return item
    fields = {name.lower(): str(value) for name, value in entry.fields.items()
              if str(value).strip()}
    bib_type = entry.type.lower()
    csl_type = _TYPES.get(bib_type, "article")
    item: dict = {"id": key, "type": csl_type}
    subtype = fields.get("entrysubtype", "").lower()
    if bib_type == "article" and subtype in ("magazine", "newspaper"):
        item["type"] = f"article-{subtype}"

    for name, variable in _TEXT_FIELDS.items():
        if variable and name in fields:
            item[variable] = _text(fields[name])
    if "subtitle" in fields and "title" in item:
        item["title"] = f"{item['title']}: {_text(fields['subtitle'])}"
    language = _language(fields.get("langid") or fields.get("language") or "")
    sentence = (language or locale or "").lower().startswith("en") and locale is not None
    if sentence and "title" in fields:
        title = fields["title"]
        if "subtitle" in fields:
            title = f"{title}: {fields['subtitle']}"
        item["title"] = _sentence_case(title)

    container = fields.get("journaltitle") or fields.get("journal")
    if container is None and item["type"] in _IN_CONTAINER | {"book"}:
        container = fields.get("booktitle") if item["type"] != "book" else None
    if container is None and bib_type in ("inproceedings", "conference"):
        container = fields.get("booktitle")
    if container:
        # A journal's name keeps its capitals; a book's title is a title.
        book = not (fields.get("journaltitle") or fields.get("journal"))
        item["container-title"] = _sentence_case(container) if sentence and book else _text(
            container)
    if "maintitle" in fields and item["type"] == "book":
        item["collection-title"] = _text(fields["maintitle"])
    for name, variable in (("series", "collection-title"), ("eventtitle", "event-title")):
        if sentence and name in fields and item.get(variable) == _text(fields[name]):
            item[variable] = _sentence_case(fields[name])

    publisher = (fields.get("publisher") or fields.get("school") or fields.get("institution")
                 or fields.get("organization"))
    place = fields.get("location") or fields.get("address")
    howpublished = fields.get("howpublished")
    url = fields.get("url")
    if howpublished:
        found = _URL_COMMAND.search(howpublished)
        if found:  # `\url{…}` in howpublished is the address, not a publisher
            url = url or found.group(0)
            rest = _URL_COMMAND.sub("", howpublished).strip(" ,.;:")
            howpublished = rest or None
        if howpublished and not publisher:
            publisher = howpublished
    if publisher:
        item["publisher"] = _text(publisher)
    if place:
        item["publisher-place"] = _text(place)
    if url:
        item["URL"] = clean_url(url)
    if fields.get("doi"):
        item["DOI"] = _DOI_PREFIX.sub("", clean_url(fields["doi"])).strip()

    _numbers(item, fields, bib_type)
    if bib_type in _THESIS_GENRE and "type" not in fields:
        item["genre"] = _THESIS_GENRE[bib_type]
    elif "type" in fields:
        item["genre"] = _text(fields["type"])
    _eprint(item, fields)
    if language or locale:
        item["language"] = language or locale

    issued = _date(fields.get("date")) or _year_month_day(fields)
    if issued:
        item["issued"] = issued
    accessed = _date(fields.get("urldate"))
    if accessed:
        item["accessed"] = accessed

    if csl_type == "document" and bib_type == "misc" and "URL" in item and not any(
            name in fields for name in _PUBLISHED_BY):
        item["type"] = "webpage"

    for role, people in entry.persons.items():
        variable = _ROLES.get(role.lower())
        names = [name for name in map(_name, people) if name]
        if variable and names:
            item[variable] = names
    # pybtex parses only authors and editors; biblatex's other name lists are fields.
    for role, variable in _ROLES.items():
        if role in fields and variable not in item:
            with pybtex.errors.capture():
                names = [_name(Person(name)) for name in split_name_list(fields[role])]
            if any(names):
                item[variable] = [name for name in names if name]
    return item


_DATE_VARIABLES = ("issued", "accessed", "event-date", "original-date", "submitted")


def _with_date_objects(item: dict) -> dict:
    """CSL-YAML (and some CSL-JSON) writes dates as text, '2016-03-05', or a year:
    the processor reads date objects."""
    for variable in _DATE_VARIABLES:
        value = item.get(variable)
        if isinstance(value, int):
            item[variable] = {"date-parts": [[value]]}
        elif isinstance(value, str):
            item[variable] = _date(value) or {"literal": value}
    return item


def _text(value: str) -> str:
    """A field's TeX as plain Unicode text, no braces, no TeX commands; an
    apostrophe is a typographic one (O’Brien, здоров’я), as TeX would print it."""
    return _APOSTROPHE.sub("\u2019", latex_to_plain(value)).strip()


_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_COMMAND_BEFORE = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])\s*$")


def _case_pieces(value: str) -> list[tuple[str, bool]]:
    """`value` cut into (TeX, protected) pieces: a brace group at the top level
    protects its case ({IEEE}, {D}) unless it is an accent's ({\\"u}, \\"{U})."""
    pieces, start, depth, protected = [], 0, 0, False
    for index, char in enumerate(value):
        if char == "{":
            if depth == 0 and not value.startswith("{\\", index) and not \
                    _COMMAND_BEFORE.search(value, 0, index):
                pieces.append((value[start:index], False))
                start, protected = index, True
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0 and protected:
                pieces.append((value[start:index + 1], True))
                start, protected = index + 1, False
    pieces.append((value[start:], protected))
    return [(tex, guarded) for tex, guarded in pieces if tex]


def _sentence_case(value: str) -> str:
    """A BibTeX title in sentence case, as pandoc's reader makes it: capitalised
    words lower-cased (not acronyms, "iPhone", braced words), the first word
    kept, the word after a colon capitalised."""
    out = ""
    for tex, protected in _case_pieces(value):
        text = _APOSTROPHE.sub("\u2019", latex_to_plain(tex))
        if protected:
            out += text
            continue
        pieces, position = [], 0
        for match in _WORD.finditer(text):
            before = (out + "".join(pieces) + text[position:match.start()]).rstrip()
            word = match.group(0)
            if before.endswith(":"):
                word = word[:1].upper() + word[1:]
            elif before and before[-1] not in ".?!" and word[:1].isupper() and (
                    word[1:] == word[1:].lower()):
                word = word.lower()
            pieces.append(text[position:match.start()] + word)
            position = match.end()
        out += "".join(pieces) + text[position:]
    return " ".join(out.split())


def _numbers(item: dict, fields: Mapping[str, str], bib_type: str) -> None:
    if "volume" in fields:
        item["volume"] = _text(fields["volume"])
    if "volumes" in fields:
        item["number-of-volumes"] = _text(fields["volumes"])
    if "pages" in fields:
        # CSL wants a hyphen between the pages; the style picks the dash and the form.
        item["page"] = _DASHES.sub("-", _text(fields["pages"]).replace("\u2013", "-"))
    if "pagetotal" in fields:
        item["number-of-pages"] = _text(fields["pagetotal"])
    number = fields.get("number")
    if "issue" in fields:
        item["issue"] = _text(fields["issue"])
    if number is None:
        return
    if bib_type in ("article", "periodical") and "issue" not in item:
        item["issue"] = _text(number)
    elif bib_type in ("book", "mvbook", "incollection", "inbook", "inproceedings",
                      "proceedings", "collection") and "series" in fields:
        item["collection-number"] = _text(number)
    else:
        item["number"] = _text(number)


def _eprint(item: dict, fields: Mapping[str, str]) -> None:
    """biblatex's eprint: arXiv, PubMed, DOI, handle; unknown kinds are archives."""
    eprint = fields.get("eprint")
    if not eprint:
        return
    value = clean_url(eprint)
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    if kind == "arxiv":
        item.setdefault("URL", f"https://arxiv.org/abs/{value}")
        item.setdefault("archive", "arXiv")
        if item["type"] in ("article", "report"):  # a preprint: its arXiv number
            item.setdefault("number", f"arXiv:{value}")
    elif kind in ("pubmed", "pmid"):
        item.setdefault("PMID", value)
    elif kind == "pmcid":
        item.setdefault("PMCID", value)
    elif kind == "doi":
        item.setdefault("DOI", _DOI_PREFIX.sub("", value))
    elif kind in ("hdl", "handle"):
        item.setdefault("URL", f"https://hdl.handle.net/{value}")
    elif kind:
        item.setdefault("archive", _text(fields.get("eprinttype") or kind))
        item.setdefault("archive_location", value)


def _language(value: str) -> str | None:
    """`langid` or `language` as the CSL locale of the work: a bare language gets its
    main dialect, as CSL locales are named (english -> en -> en-US)."""
    tag = language_tag(latex_to_plain(value))
    if tag is None or "-" in tag:
        return tag
    from citeproc.model import PRIMARY_DIALECTS  # only CSL styles need citeproc

    return PRIMARY_DIALECTS.get(tag, tag)


def _date(value: str | None) -> dict | None:
    """biblatex's ISO dates: '2016', '2016-03', '2016-03-05', a range '2016/2017'."""
    if not value:
        return None
    parts = []
    for side in value.split("/")[:2]:
        match = _DATE.match(side)
        if match:
            parts.append([int(group) for group in match.groups() if group])
    if not parts:
        return {"literal": latex_to_plain(value)}
    return {"date-parts": parts}


def _year_month_day(fields: Mapping[str, str]) -> dict | None:
    year = latex_to_plain(fields.get("year", "")).strip()
    match = re.match(r"^\d{1,4}$", year)
    if not match:
        return {"literal": year} if year else None
    parts = [int(year)]
    month = _month(fields.get("month", ""))
    if month:
        parts.append(month)
        day = fields.get("day", "").strip()
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def _month(value: str) -> int | None:
    value = latex_to_plain(value).strip().lower().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _MONTHS.get(value) or _MONTHS.get(value[:3])


def _name(person: Person) -> dict | None:
    last = [_name_text(part) for part in person.last_names]
    if [part.lower() for part in last] == ["others"] and not person.first_names:
        return None  # "and others": the style decides on "et al."
    # A corporate author: one braced part and no first names ({World Health Organization}).
    if (len(person.last_names) == 1 and person.last_names[0].startswith("{")
            and not (person.first_names or person.middle_names or person.prelast_names)):
        return {"literal": last[0].strip()}
    name: dict = {"family": " ".join(last).strip()}
    given = " ".join(_name_text(part) for part in
                     (*person.first_names, *person.middle_names)).strip()
    if given:
        name["given"] = given
    particle = " ".join(_name_text(part) for part in person.prelast_names).strip()
    if particle:
        # BibTeX's "von" part, as biblatex (useprefix=false) and pandoc read it:
        # "Berg, A. van der" in the list, sorted under B.
        name["dropping-particle"] = particle
    suffix = " ".join(latex_to_plain(part) for part in person.lineage_names).strip()
    if suffix:
        name["suffix"] = suffix
    return name


def _name_text(part: str) -> str:
    return _APOSTROPHE.sub("\u2019", latex_to_plain(part))


# -- CSL-JSON and CSL-YAML files ----------------------------------------------------


def is_csl_file(path: str) -> bool:
    return path.lower().endswith(CSL_EXTENSIONS)


class _CslEntry(Entry):
    """A pybtex entry made from a CSL item, for the pybtex styles and the in-text
    names; `csl` keeps the item itself for the CSL styles."""

    def __init__(self, item: dict):
        item = _with_date_objects(dict(item))
        csl_type = str(item.get("type") or "article")
        super().__init__(_BIBTEX_TYPES.get(csl_type, "misc"), fields=_bibtex_fields(item))
        self.csl = {name: value for name, value in item.items() if name != "id"}
        for role, variable in (("author", "author"), ("editor", "editor")):
            for name in item.get(variable) or ():
                person = _person(name)
                if person is not None:
                    self.add_person(person, role)

    @property
    def raw_names(self) -> tuple:
        """What tells one version of the entry from another (see bib_cache.fingerprint)."""
        return (("csl", json.dumps(self.csl, sort_keys=True, ensure_ascii=False)),)


_BIBTEX_TYPES = {"article-journal": "article", "article-magazine": "article",
                 "article-newspaper": "article", "book": "book", "chapter": "incollection",
                 "paper-conference": "inproceedings", "thesis": "phdthesis",
                 "report": "techreport", "webpage": "online", "manuscript": "unpublished"}
_BIBTEX_FIELDS = {"title": "title", "container-title": "journal", "volume": "volume",
                  "issue": "number", "page": "pages", "publisher": "publisher",
                  "publisher-place": "address", "DOI": "doi", "URL": "url",
                  "edition": "edition", "ISBN": "isbn", "note": "note"}


def _bibtex_fields(item: dict) -> dict:
    fields = {}
    for variable, name in _BIBTEX_FIELDS.items():
        value = item.get(variable)
        if isinstance(value, (str, int, float)) and str(value).strip():
            # Braced, so a pybtex style takes the text as written (no TeX in CSL).
            fields[name] = "{" + _tex_safe(str(value)) + "}"
    if item.get("type") == "chapter" and "journal" in fields:
        fields["booktitle"] = fields.pop("journal")
    issued = item.get("issued")
    year = _csl_year(issued)
    if year:
        fields["year"] = year
    return fields


def _tex_safe(text: str) -> str:
    return re.sub(r"([\\{}%&$#_])", r"\\\1", text)


def _csl_year(date) -> str | None:
    if isinstance(date, Mapping):
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        if date.get("literal"):
            return str(date["literal"])
        if date.get("raw"):
            return str(date["raw"])[:4]
    if isinstance(date, str) and date.strip():
        return date.strip()[:4]
    return None


def _person(name) -> Person | None:
    if not isinstance(name, Mapping):
        return None
    if name.get("literal"):
        return Person("{" + _tex_safe(str(name["literal"])) + "}")
    family = str(name.get("family") or "").strip()
    if not family:
        return None
    particle = str(name.get("non-dropping-particle") or name.get("dropping-particle") or "")
    given = str(name.get("given") or "").strip()
    person = Person()
    person.last_names = ["{" + _tex_safe(family) + "}"]
    person.prelast_names = particle.split()
    person.first_names = [_tex_safe(part) for part in given.split()]
    if name.get("suffix"):
        person.lineage_names = [str(name["suffix"])]
    return person


def parse_csl_file(abs_path: str, display: str) -> ParsedFile:
    """Read a CSL-JSON (.json) or CSL-YAML (.yaml, .yml) file; never raises for bad
    input: what is wrong is a diagnostic with `display` and the line."""
    problems: list[Diagnostic] = []
    with open(abs_path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # As the .bib reader does: read as Windows-1252, and say where the first bad byte is.
        text = raw.decode("cp1252", errors="replace")
        problems.append(Diagnostic(
            "warning", "bib-encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); it was read as "
            "Windows-1252. Save it as UTF-8.", display, raw.count(b"\n", 0, error.start) + 1))
    if abs_path.lower().endswith(".json"):
        items, lines, problem = _read_json(text, display)
    else:
        items, lines, problem = _read_yaml(text, display)
    if problem is not None:
        return ParsedFile((), (), (), (*problems, problem))
    keys, entries, entry_lines = [], [], []
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(item, dict):
            problems.append(Diagnostic("error", "bib-syntax",
                                       f"item {index + 1} is not an object of CSL variables; "
                                       "it is skipped", display, line))
            continue
        key = item.get("id")
        if not isinstance(key, (str, int)) or not str(key).strip():
            problems.append(Diagnostic("error", "bib-syntax",
                                       f"item {index + 1} has no 'id'; it cannot be cited and "
                                       "is skipped. Give it an \"id\".", display, line))
            continue
        key = str(key).strip()
        try:
            entry = _CslEntry(item)
        except Exception as error:  # a value of a shape pybtex cannot take
            problems.append(Diagnostic("warning", "bib-data",
                                       f"entry '{key}': {error}; it is skipped", display, line))
            continue
        entry.key = key
        keys.append(key)
        entries.append(entry)
        entry_lines.append(line)
    return ParsedFile(tuple(keys), tuple(entries), tuple(entry_lines), tuple(problems))


def _items(data, display: str):
    if isinstance(data, dict) and isinstance(data.get("references"), list):
        return data["references"], None  # pandoc's metadata form: references: [...]
    if isinstance(data, list):
        return data, None
    return None, Diagnostic("error", "bib-syntax",
                            "expected a list of CSL items (or 'references:' holding one), "
                            f"got {type(data).__name__}", display, 1)


def _read_json(text: str, display: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [], Diagnostic("error", "bib-syntax", f"JSON syntax error: {error.msg}",
                                  display, error.lineno, error.colno)
    items, problem = _items(data, display)
    if problem is not None:
        return [], [], problem
    return items, _json_lines(text, len(items)), None


def _json_lines(text: str, count: int) -> list[int]:
    """The line of each top-level item's opening brace, found by one scan of the text."""
    decoder = json.JSONDecoder()
    start = text.find("[", text.find("references") if text.lstrip().startswith("{") else 0)
    lines, position = [], start + 1
    for _ in range(count):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        lines.append(text.count("\n", 0, position) + 1)
        try:
            _, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            break
    return lines


def _read_yaml(text: str, display: str):
    # The node tree first, for the line of each item; then the values.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        documents = [doc for doc in yaml.compose_all(text, Loader=loader) if doc is not None]
        data = [yaml.load(text, Loader=loader)] if len(documents) <= 1 else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [], Diagnostic(
            "error", "bib-syntax", f"YAML syntax error: {getattr(error, 'problem', error)}",
            display, mark.line + 1 if mark else 1, mark.column + 1 if mark else 0)
    if data is None:  # pandoc's form: a front matter block `---` ... `---`
        data = [yaml.load(yaml.serialize(doc), Loader=loader) for doc in documents[:1]]
    node = documents[0] if documents else None
    items, problem = _items(data[0] if data else [], display)
    if problem is not None:
        return [], [], problem
    if isinstance(node, yaml.MappingNode):
        node = next((value for name, value in node.value if name.value == "references"),
                    None)
    lines = [child.start_mark.line + 1 for child in node.value] if isinstance(
        node, yaml.SequenceNode) else []
    # Dates YAML reads as dates: CSL-YAML means them as text ("2016-03-05").
    return [_plain_yaml(item) for item in items], lines, None


def _plain_yaml(value):
    if isinstance(value, dict):
        return {str(name): _plain_yaml(inner) for name, inner in value.items()}
    if isinstance(value, list):
        return [_plain_yaml(inner) for inner in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
