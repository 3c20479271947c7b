"""A deterministic corpus of bilingual pages with citations and figures, for benchmarks.

`generate()` writes, under ``out_dir``::

    docs/<lang>/index.md          a short home page
    docs/<lang>/page-NNN.md       prose with citations, figures and cross-references
    docs/<lang>/references.md     the ``::: {#refs}`` block
    docs/assets/figure.svg        the image every figure shows
    refs.bib                      @article / @book / @incollection entries
    mkdocs-plain.yml              scholar listed with ``enabled: false``: citations stay text
    mkdocs-scholar.yml            the scholar plugin on
    mkdocs-bibtex.yml             mkdocs-bibtex 4.4 instead of scholar
    mkdocs-csl-numeric.yml        scholar with a numeric CSL style (``CSL_STYLES``)
    mkdocs-csl-apa.yml            scholar with APA as a CSL style (``style: apa``)

``pages_per_lang`` counts every page of one language, the home page and the
references page included; the others are ``page-NNN.md``. Every language has
the same structure (same citations, figures and labels in the same places),
as a translation does; only the prose differs (Cyrillic words for ``uk``).

Everything comes from one seeded ``random.Random``: the same arguments give
the same bytes. No network.

    python benchmarks/corpus.py --size S --out benchmarks/out/S
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240601

#: The sizes the benchmark knows. S is the size of the review itself.
SIZES: dict[str, dict] = {
    # 13 pages per language, 46 entries all cited, ~5 citation groups a page, 3 figures.
    "S": dict(pages_per_lang=13, entries=46, cited_keys=46, cites_per_page=5,
              figures_per_page=3 / 11, xrefs_per_page=1),
    "M": dict(pages_per_lang=100, entries=1000, cited_keys=1000, cites_per_page=40,
              figures_per_page=2, xrefs_per_page=4),
    "L": dict(pages_per_lang=400, entries=5000, cited_keys=5000, cites_per_page=60,
              figures_per_page=2, xrefs_per_page=4),
    # A shared lab .bib: many entries, few of them cited by this site.
    "shared": dict(pages_per_lang=100, entries=5000, cited_keys=300, cites_per_page=40,
                   figures_per_page=2, xrefs_per_page=4),
}

LANGS = ("en", "uk")
PAGES_PER_PART = 25  # nav sections ("Part 1", ...) of this many pages

# -- word lists ---------------------------------------------------------------------

EN_WORDS = """
magnesium bone density mineral osteoblast osteoclast differentiation proliferation
deficiency supplementation serum concentration cohort trial randomized patients women men
elderly fracture risk hip spine vertebral cortical trabecular remodeling resorption
formation collagen matrix crystal hydroxyapatite vitamin calcium phosphate parathyroid
hormone secretion receptor signalling pathway inflammation cytokine oxidative stress
mitochondria apoptosis stem cells mesenchymal regeneration healing implant scaffold
alloy degradation biocompatibility in vitro in vivo animal model rats mice study
analysis association increase decrease level effect mechanism evidence intake dietary
urinary excretion renal absorption intestinal homeostasis marker turnover cross-sectional
prospective retrospective meta-analysis systematic review measurement method assay
spectrometry atomic absorption ionized total plasma erythrocyte data result outcome
population incidence prevalence age sex body mass index therapy treatment dose response
significant moderate strong weak correlation observed reported shown suggested found
""".split()

UK_WORDS = """
магній кістка щільність мінерал остеобласт остеокласт диференціація проліферація
дефіцит добавки сироватка концентрація когорта дослідження рандомізоване пацієнти жінки
чоловіки літні перелом ризик стегно хребет кортикальний трабекулярний ремоделювання
резорбція формування колаген матрикс кристал гідроксиапатит вітамін кальцій фосфат
паратиреоїдний гормон секреція рецептор сигнальний шлях запалення цитокін оксидативний
стрес мітохондрії апоптоз стовбурові клітини мезенхімальні регенерація загоєння імплант
каркас сплав деградація біосумісність тварини модель щури миші аналіз зв'язок
збільшення зменшення рівень ефект механізм докази споживання харчовий сечовий екскреція
нирковий всмоктування кишковий гомеостаз маркер обмін поперечне проспективне
ретроспективне метааналіз систематичний огляд вимірювання метод визначення
спектрометрія атомно-абсорбційна іонізований загальний плазма еритроцити дані результат
популяція захворюваність поширеність вік стать маса тіла терапія лікування доза відповідь
значущий помірний сильний слабкий кореляція спостерігали повідомили показали виявили
""".split()

TEXT = {
    "en": dict(
        words=EN_WORDS,
        home="Home", home_title="A benchmark corpus",
        home_text="This site is generated for benchmarks: its pages cite a BibTeX file "
                  "and number their figures.",
        references="References", part="Part", chapter="Chapter", section="Section",
        see="see", page="p.", pages="pp.", narrative=("As {cite} showed,", "{cite} found that",
                                                      "According to {cite},"),
        figure_ref=("as shown in {ref}", "see {ref}", "compare {ref}"),
        figure_start="{ref} summarises the",
        caption="Schematic of", mail="Correspondence may be sent to",
        code="The build tool is invoked as", next_page="The next chapter is",
        table=("Marker", "Change", "Source"),
    ),
    "uk": dict(
        words=UK_WORDS,
        home="Головна", home_title="Корпус для вимірювань",
        home_text="Цей сайт створено для вимірювань: його сторінки посилаються на файл "
                  "BibTeX і нумерують рисунки.",
        references="Список літератури", part="Частина", chapter="Розділ", section="Підрозділ",
        see="див.", page="с.", pages="с.", narrative=("Як показав {cite},", "{cite} виявили, що",
                                                      "За даними {cite},"),
        figure_ref=("як показано на {ref}", "див. {ref}", "порівняйте {ref}"),
        figure_start="{ref} узагальнює",
        caption="Схема:", mail="Листи можна надсилати на адресу",
        code="Інструмент запускають так:", next_page="Наступний розділ —",
        table=("Маркер", "Зміна", "Джерело"),
    ),
}

SURNAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis
Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell
Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy
Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood
Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Zhang Wang Li
Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Kim Park Choi Jung Kang Cho
Yoon Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Schmidt
Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari Esposito
Bianchi Romano Colombo Ricci Marino Greco Dubois Durand Leroy Moreau Simon Laurent Lefebvre
Michel Kowalski Nowak Wisniewski Kovalenko Bondarenko Tkachenko Shevchenko Kravchenko
Melnyk Boyko Koval Oliynyk Dedukh Grygorieva Musienko Povoroznyuk Ivanov Petrov Sidorov
Castiglioni Cazzola Rude Gruber Nielsen Jensen Hansen Pedersen Andersen Larsen Johansson
Karlsson Nilsson Eriksson Virtanen Korhonen Silva Santos Oliveira Souza Costa Pereira
""".split()

# A few names that exercise pybtex's name and accent handling.
SPECIAL_NAMES = [
    "M{\\\"u}ller, K.", "Ram{\\'\\i}rez-Ortega, L. M.", "{\\O}stergaard, P.",
    "van der Berg, J.", "de la Cruz, A. B.", "O'Keefe, J. H.", "Rosique-Esteban, N.",
    "Guasch-Ferr{\\'e}, M.", "Dur{\\'a}n, C.", "Nu{\\~n}ez, R.",
]

TITLE_WORDS = """
magnesium bone osteoporosis fracture mineral density vitamin calcium deficiency serum
osteoblast osteoclast signalling inflammation oxidative stress regeneration healing implant
alloy scaffold collagen matrix mitochondrial apoptosis receptor hormone dietary intake
supplementation cohort elderly women men children kidney intestinal absorption homeostasis
biomarker turnover remodeling cortical trabecular microarchitecture mesenchymal stem cells
differentiation proliferation hydroxyapatite crystal degradation biocompatibility in vitro
in vivo rats mice clinical trial randomized prospective systematic review meta-analysis
association risk outcomes mechanisms role effects evidence novel insights determination
methods measurement ionized plasma erythrocyte urinary excretion
""".split()

JOURNALS = [
    "Nutrients", "Bone", "Osteoporosis International", "Journal of Bone and Mineral Research",
    "Calcified Tissue International", "Biological Trace Element Research",
    "Magnesium Research", "The American Journal of Clinical Nutrition",
    "Journal of Cellular Physiology", "Acta Biomaterialia", "Biomaterials",
    "Frontiers in Endocrinology", "Scientific Reports", "PLoS ONE",
    "International Journal of Molecular Sciences", "Journal of Orthopaedic Research",
    "Bone Reports", "Clinical Nutrition", "European Journal of Nutrition",
    "Orthopaedics, Traumatology and Prosthetics", "Journal of Steroid Biochemistry",
    "Open Heart", "Archives of Osteoporosis", "Endocrine Reviews",
]

PUBLISHERS = [
    ("Springer", "Cham"), ("Elsevier", "Amsterdam"), ("Academic Press", "London"),
    ("CRC Press", "Boca Raton, FL"), ("Wiley-Blackwell", "Hoboken, NJ"),
    ("Oxford University Press", "Oxford"), ("Cambridge University Press", "Cambridge"),
    ("Humana Press", "Totowa, NJ"), ("Thieme", "Stuttgart"), ("Naukova Dumka", "Kyiv"),
]

DOI_PREFIXES = ["10.3390", "10.1016", "10.1007", "10.1002", "10.1371", "10.1038", "10.1093",
                "10.15674", "10.1136", "10.1111"]

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <title>Benchmark figure</title>
  <rect x="10" y="10" width="120" height="60" rx="8" fill="#e0f2f1" stroke="#00796b"/>
  <text x="70" y="45" font-size="14" text-anchor="middle" font-family="sans-serif">Mg²⁺</text>
  <rect x="190" y="90" width="120" height="60" rx="8" fill="#fbe9e7" stroke="#d84315"/>
  <text x="250" y="125" font-size="14" text-anchor="middle" font-family="sans-serif">bone</text>
  <path d="M130 40 C 170 40, 170 120, 190 120" fill="none" stroke="#37474f" stroke-width="2"/>
</svg>
"""

# -- the plan: what each page holds, the same in every language -----------------------


@dataclass
class Group:
    """One citation group: `kind` is single, multi, locator, prefix, suppress or narrative."""

    kind: str
    keys: list[str]
    locator: int = 0


@dataclass
class XRef:
    """A reference to one or two figures: `kind` is inline, paren, start or multi."""

    kind: str
    labels: list[str]


@dataclass
class PagePlan:
    number: int  # 1-based: page-NNN.md
    items: list = field(default_factory=list)  # Group | XRef | ("figure", label)
    traps: list[str] = field(default_factory=list)  # mail, autolink, code, fence, table
    link_to: int | None = None


@dataclass
class Entry:
    key: str
    text: str


def _initials(rng: random.Random) -> str:
    letters = "ABCDEFGHIJKLMNOPRSTVWY"
    return " ".join(f"{rng.choice(letters)}." for _ in range(rng.choice((1, 1, 2))))


def _author(rng: random.Random) -> str:
    if rng.random() < 0.04:
        return rng.choice(SPECIAL_NAMES)
    return f"{rng.choice(SURNAMES)}, {_initials(rng)}"


def _surname_key(author: str) -> str:
    surname = author.split(",")[0].split()[-1]
    return "".join(ch for ch in surname.lower() if ch.isascii() and ch.isalpha()) or "anon"


def _title(rng: random.Random) -> str:
    words = rng.sample(TITLE_WORDS, rng.randint(6, 13))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), "{DNA}" if rng.random() < 0.5 else "{MRI}")
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _bib_entries(rng: random.Random, count: int) -> list[Entry]:
    entries: list[Entry] = []
    used: set[str] = set()
    for _ in range(count):
        kind = rng.choices(("article", "book", "incollection"), weights=(70, 12, 18))[0]
        authors = [_author(rng) for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6, 8)))]
        title = _title(rng)
        year = rng.randint(1985, 2024)
        words = title.lower().replace("{", "").replace("}", "").split()
        first_word = next((w for w in words if len(w) > 3 and w.isalpha()), "study")
        key = f"{_surname_key(authors[0])}{year}{first_word}"
        suffix = 0
        while key + ("" if not suffix else chr(ord("a") + suffix - 1)) in used:
            suffix += 1
        key += "" if not suffix else chr(ord("a") + suffix - 1)
        used.add(key)
        doi = (f"{rng.choice(DOI_PREFIXES)}/{rng.choice('abcdefghjkmnpq')}"
               f"{rng.randint(100, 99999)}.{year}.{rng.randint(1, 999):03d}")
        first = rng.randint(1, 900)
        pages = (f"{first}--{first + rng.randint(3, 25)}" if rng.random() < 0.85
                 else f"e{rng.randint(100000, 999999)}")
        fields = [("author", " and ".join(authors)), ("title", title)]
        if kind == "article":
            fields += [("journal", rng.choice(JOURNALS)), ("year", str(year)),
                       ("volume", str(rng.randint(1, 300))), ("number", str(rng.randint(1, 12))),
                       ("pages", pages), ("doi", doi)]
        elif kind == "book":
            publisher, address = rng.choice(PUBLISHERS)
            fields += [("publisher", publisher), ("address", address), ("year", str(year))]
            if rng.random() < 0.3:
                fields.append(("edition", str(rng.randint(2, 5))))
            fields.append(("doi", doi))
        else:
            publisher, address = rng.choice(PUBLISHERS)
            editors = " and ".join(_author(rng) for _ in range(rng.randint(1, 3)))
            fields += [("booktitle", _title(rng)), ("editor", editors),
                       ("publisher", publisher), ("address", address), ("year", str(year)),
                       ("pages", pages), ("doi", doi)]
        width = max(len(name) for name, _ in fields)
        body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
        entries.append(Entry(key, f"@{kind}{{{key},\n{body}\n}}\n"))
    return entries


def _plan(rng: random.Random, keys: list[str], n_pages: int, cites_per_page: float,
          figures_per_page: float, xrefs_per_page: float) -> list[PagePlan]:
    """Decide every page's citations, figures and cross-references."""
    pages = [PagePlan(number=i + 1) for i in range(n_pages)]
    if n_pages == 0:
        return pages

    # Citation groups: how many on each page, and what kind.
    total_groups = round(cites_per_page * n_pages)
    kinds = rng.choices(("single", "multi", "locator", "prefix", "suppress", "narrative"),
                        weights=(45, 22, 12, 5, 2, 14), k=total_groups)
    widest = min(8, len(keys))
    sizes = [min(rng.randint(2, 4), widest) if kind == "multi" else 1 for kind in kinds]
    # Every cited key must appear at least once: widen multi-key groups if slots are short.
    if len(keys) > total_groups * widest:
        raise ValueError("too few citation groups to cite every cited key")
    while sum(sizes) < len(keys):
        index = rng.randrange(total_groups)
        if sizes[index] < widest:
            kinds[index] = "multi"
            sizes[index] = max(sizes[index] + 1, 2)
    slots = sum(sizes)
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(keys))]  # a few keys are popular
    stream = rng.sample(keys, len(keys)) + rng.choices(keys, weights=weights,
                                                       k=max(slots - len(keys), 0))
    rng.shuffle(stream)
    groups: list[Group] = []
    position = 0
    for kind, size in zip(kinds, sizes, strict=True):
        chosen = stream[position:position + size]
        position += size
        seen: set[str] = set()
        for i, key in enumerate(chosen):
            while key in seen:  # the first copy stays, so coverage holds
                key = rng.choice(keys)
            chosen[i] = key
            seen.add(key)
        groups.append(Group(kind, chosen, locator=rng.randint(1, 400)))
    per_page = [total_groups * (i + 1) // n_pages - total_groups * i // n_pages
                for i in range(n_pages)]
    position = 0
    for page, count in zip(pages, per_page, strict=True):
        page.items.extend(groups[position:position + count])
        position += count

    # Figures, spread evenly; labels unique across the site.
    total_figures = round(figures_per_page * n_pages)
    labels: list[tuple[int, str]] = []
    for i in range(total_figures):
        page = pages[i * n_pages // total_figures]
        topic = rng.choice([w for w in EN_WORDS if len(w) > 4 and w.isalpha()])
        label = f"fig:{topic}-{i + 1}"
        labels.append((page.number, label))
        page.items.append(("figure", label))

    # Cross-references: to this page's figures when it has some, else anywhere (other pages).
    if labels:
        total_xrefs = round(xrefs_per_page * n_pages)
        for i in range(total_xrefs):
            page = pages[i * n_pages // total_xrefs]
            own = [label for number, label in labels if number == page.number]
            pool = own if own and rng.random() < 0.5 else [label for _, label in labels]
            kind = rng.choices(("inline", "paren", "start", "multi"), weights=(40, 30, 15, 15))[0]
            if kind == "multi" and len(labels) > 1:
                chosen = rng.sample([label for _, label in labels], 2)
            else:
                kind = "inline" if kind == "multi" else kind
                chosen = [rng.choice(pool)]
            page.items.append(XRef(kind, chosen))

    for page in pages:
        rng.shuffle(page.items)
        traps = ["mail", "autolink", "code", "fence", "table"]
        page.traps = traps if page.number == 1 else [t for t in traps if rng.random() < 0.25]
        if page.number < n_pages:
            page.link_to = page.number + 1
    return pages


# -- writing pages -------------------------------------------------------------------


def _sentence(rng: random.Random, words: list[str], low: int = 7, high: int = 16) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def _cite(group: Group, text: dict, rng: random.Random) -> tuple[str, bool]:
    """(Markdown, narrative?) for a citation group."""
    keys = group.keys
    if group.kind == "narrative":
        cite = f"@{keys[0]}"
        if rng.random() < 0.3:
            cite += f" [{text['page']} {group.locator}]"
        return cite, True
    if group.kind == "locator":
        return f"[@{keys[0]}, {text['page']} {group.locator}]", False
    if group.kind == "prefix":
        return (f"[{text['see']} @{keys[0]}, {text['pages']} {group.locator}–"
                f"{group.locator + 4}]"), False
    if group.kind == "suppress":
        return f"[-@{keys[0]}]", False
    return "[" + "; ".join(f"@{key}" for key in keys) + "]", False


def _xref(xref: XRef) -> str:
    if xref.kind == "multi":
        return "[" + "; ".join(f"@{label}" for label in xref.labels) + "]"
    label = xref.labels[0]
    if xref.kind == "start":
        return "@F" + label[1:]  # @Fig:label: capitalised at the start of a sentence
    return f"(@{label})" if xref.kind == "paren" else f"@{label}"


def _page_markdown(plan: PagePlan, lang: str, rng: random.Random, n_pages: int) -> str:
    text = TEXT[lang]
    words = text["words"]
    out = [f"# {text['chapter']} {plan.number}: {_sentence(rng, words, 2, 4)}", ""]
    paragraph: list[str] = []
    section = 1

    def flush() -> None:
        if paragraph:
            out.extend([" ".join(paragraph), ""])
            paragraph.clear()

    for index, item in enumerate(plan.items):
        if index and index % 12 == 0:
            flush()
            section += 1
            out.extend([f"## {text['section']} {plan.number}.{section}", ""])
        if isinstance(item, Group):
            cite, narrative = _cite(item, text, rng)
            if narrative:
                lead = rng.choice(text["narrative"]).format(cite=cite)
                paragraph.append(f"{lead} {_sentence(rng, words).lower()}.")
            else:
                paragraph.append(f"{_sentence(rng, words)} {cite}.")
        elif isinstance(item, XRef):
            ref = _xref(item)
            if item.kind == "start":
                lead = text["figure_start"].format(ref=ref)
                paragraph.append(f"{lead} {_sentence(rng, words, 4, 8).lower()}.")
            else:
                tail = rng.choice(text["figure_ref"]).format(ref=ref)
                paragraph.append(f"{_sentence(rng, words)}, {tail}.")
        else:
            label = item[1]
            flush()
            caption = f"{text['caption']} {_sentence(rng, words, 3, 7).lower()}"
            out.extend([f"![{caption}](../assets/figure.svg){{#{label}}}", ""])
        if len(paragraph) >= rng.randint(3, 6):
            flush()
    flush()

    # The traps: '@' that is not a citation.
    if "mail" in plan.traps:
        out.extend([f"{text['mail']} editor.{plan.number}@journal-example.org "
                    f"{'або' if lang == 'uk' else 'or'} j.doe@uni.example.edu.ua.", ""])
    if "autolink" in plan.traps:
        out.extend([f"{text['mail']} <office@scholar-example.org>.", ""])
    if "code" in plan.traps:
        out.extend([f"{text['code']} `git log --author=@me` "
                    f"{'і' if lang == 'uk' else 'and'} `[@notakey]`.", ""])
    if "fence" in plan.traps:
        out.extend(["```python", "@dataclass", "class Citation:",
                    '    key: str = "@smith2020"  # [@notakey; @other]', "```", ""])
    if "table" in plan.traps and plan.items:
        groups = [item for item in plan.items if isinstance(item, Group)]
        if groups:
            head = text["table"]
            out.extend([f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | --- | --- |"])
            for row, group in enumerate(groups[:3]):
                out.append(f"| {rng.choice(words)} | +{row * 7 + 3}% | [@{group.keys[0]}] |")
            out.append("")
    if plan.link_to is not None:
        out.extend([f"{text['next_page']} [{plan.link_to}](page-{plan.link_to:03d}.md).", ""])
    return "\n".join(out)


# -- configuration files ----------------------------------------------------------------


def _q(value: str) -> str:
    """A YAML scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _nav(n_content: int) -> list[str]:
    lines = ["nav:", f"  - {_q(TEXT['en']['home'])}: index.md"]
    parts = math.ceil(n_content / PAGES_PER_PART)
    for part in range(parts):
        lines.append(f"  - {_q(TEXT['en']['part'] + ' ' + str(part + 1))}:")
        first = part * PAGES_PER_PART + 1
        for number in range(first, min(first + PAGES_PER_PART, n_content + 1)):
            lines.append(f"      - page-{number:03d}.md")
    lines.append(f"  - {_q(TEXT['en']['references'])}: references.md")
    return lines


def _config(variant: str, n_content: int, langs: tuple[str, ...], title: str) -> str:
    lines = [
        f"# Generated by benchmarks/corpus.py ({variant}). Do not edit.",
        f"site_name: {_q(title)}",
        "docs_dir: docs",
        "use_directory_urls: true",
        "theme:",
        "  name: material",
        f"  language: {langs[0]}",
        "  font: false",
        "",
        *_nav(n_content),
        "",
        "plugins:",
        "  - search",
        "  - i18n:",
        "      docs_structure: folder",
        "      reconfigure_material: true",
        "      reconfigure_search: true",
        "      languages:",
    ]
    parts = math.ceil(n_content / PAGES_PER_PART)
    for index, lang in enumerate(langs):
        lines += [f"        - locale: {lang}",
                  f"          name: {_q({'en': 'English', 'uk': 'Українська'}.get(lang, lang))}",
                  f"          default: {'true' if index == 0 else 'false'}",
                  "          build: true"]
        if index and lang in TEXT:
            text = TEXT[lang]
            lines.append("          nav_translations:")
            lines.append(f"            {_q(TEXT['en']['home'])}: {_q(text['home'])}")
            lines.append(f"            {_q(TEXT['en']['references'])}: {_q(text['references'])}")
            for part in range(parts):
                lines.append(f"            {_q(TEXT['en']['part'] + ' ' + str(part + 1))}: "
                             f"{_q(text['part'] + ' ' + str(part + 1))}")
    if variant == "plain":
        lines += ["  - scholar:", "      bibliography: refs.bib", "      enabled: false"]
    elif variant == "scholar":
        lines += ["  - scholar:", "      bibliography: refs.bib"]
    elif variant in CSL_STYLES:
        # A cache folder of its own: a build prunes the cached pages it did not fill
        # in, so variants sharing one would empty each other's before a warm build.
        lines += ["  - scholar:", "      bibliography: refs.bib",
                  f"      style: {CSL_STYLES[variant]}",
                  f"      cache_dir: .cache/plugin/scholar-{variant}"]
    elif variant == "bibtex":
        lines += ["  - bibtex:", "      bib_file: refs.bib"]
    else:
        raise ValueError(f"unknown variant {variant!r}")
    lines += [
        "",
        "markdown_extensions:",
        "  - attr_list",
        "  - tables",
        "  - toc",
        "  - pymdownx.caret",
        "  - pymdownx.superfences",
        "  - footnotes",
        "",
    ]
    return "\n".join(lines)


VARIANTS = ("plain", "scholar", "csl-numeric", "csl-apa", "bibtex")
#: The scholar variants that format with citeproc-py, and the style each names.
CSL_STYLES = {"csl-numeric": "elsevier-vancouver", "csl-apa": "apa"}


def config_path(out_dir: str | Path, variant: str) -> Path:
    return Path(out_dir) / f"mkdocs-{variant}.yml"


# -- the entry point ----------------------------------------------------------------------


def generate(out_dir: str | Path, *, pages_per_lang: int, entries: int, cited_keys: int,
             cites_per_page: float, figures_per_page: float, xrefs_per_page: float,
             langs: tuple[str, ...] = LANGS, seed: int = SEED) -> dict:
    """Write the corpus into `out_dir` (its docs/ is replaced); return what was written."""
    if pages_per_lang < 2:
        raise ValueError("pages_per_lang counts the home and references pages: at least 2")
    if not 0 <= cited_keys <= entries:
        raise ValueError("cited_keys must be between 0 and entries")
    out = Path(out_dir)
    rng = random.Random(seed)
    n_content = pages_per_lang - 2

    bib = _bib_entries(rng, entries)
    keys = [entry.key for entry in bib]
    cited = rng.sample(keys, cited_keys)
    plans = _plan(rng, cited, n_content, cites_per_page, figures_per_page, xrefs_per_page)

    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "figure.svg").write_text(SVG, encoding="utf-8")
    for lang in langs:
        text = TEXT.get(lang, TEXT["en"])
        folder = docs / lang
        folder.mkdir()
        lang_rng = random.Random(f"{seed}-{lang}")
        home = [f"# {text['home_title']}", "", text["home_text"], ""]
        if n_content:
            home += [f"{text['next_page']} [1](page-001.md).", ""]
        (folder / "index.md").write_text("\n".join(home), encoding="utf-8")
        for plan in plans:
            (folder / f"page-{plan.number:03d}.md").write_text(
                _page_markdown(plan, lang, lang_rng, n_content), encoding="utf-8")
        (folder / "references.md").write_text(
            f"# {text['references']}\n\n::: {{#refs}}\n:::\n", encoding="utf-8")

    (out / "refs.bib").write_text("\n".join(entry.text for entry in bib), encoding="utf-8")
    title = f"Scholar benchmark ({pages_per_lang} pages x {len(langs)})"
    for variant in VARIANTS:
        config_path(out, variant).write_text(_config(variant, n_content, langs, title),
                                             encoding="utf-8")

    groups = sum(isinstance(item, Group) for plan in plans for item in plan.items)
    keys_cited = {key for plan in plans for item in plan.items if isinstance(item, Group)
                  for key in item.keys}
    return {
        "pages_per_lang": pages_per_lang,
        "langs": list(langs),
        "pages": pages_per_lang * len(langs),
        "content_pages_per_lang": n_content,
        "entries": entries,
        "cited_keys": len(keys_cited),
        "citation_groups_per_lang": groups,
        "citation_groups": groups * len(langs),
        "citation_keys_per_lang": sum(len(item.keys) for plan in plans for item in plan.items
                                      if isinstance(item, Group)),
        "figures_per_lang": sum(isinstance(item, tuple) for plan in plans
                                for item in plan.items),
        "xrefs_per_lang": sum(isinstance(item, XRef) for plan in plans for item in plan.items),
    }


def generate_size(size: str, out_dir: str | Path) -> dict:
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; one of {', '.join(SIZES)}")
    return generate(out_dir, **SIZES[size])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--out", required=True, help="the corpus folder (docs/ is replaced)")
    args = parser.parse_args(argv)
    summary = generate_size(args.size, args.out)
    print(json.dumps({"size": args.size, "out": str(args.out), **summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
