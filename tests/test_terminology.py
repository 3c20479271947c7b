"""One term per concept: the term-list checker, then the real Ukrainian pages and figures."""

from pathlib import Path

import pytest

from mkdocs_scholar.core.parity_terms import (
    TermListError,
    find_variants,
    load_term_list,
    markdown_text,
    svg_text,
)

ROOT = Path(__file__).resolve().parents[1]
TERM_LIST = ROOT / "references" / "terminology-uk.yml"
UK_PAGES = sorted((ROOT / "docs" / "uk").rglob("*.md"))
UK_FIGURES = sorted((ROOT / "docs" / "assets" / "figures" / "uk").glob("*.svg"))

RULES = """\
- use: диференціація
  avoid: [диференціюванн*]
  why: one term
- use: ммоль/л
  avoid: мМ
- use: С-телопептид
  avoid: [C-телопептид*]
- use: повʼязаний з
  avoid: [асоціюєт* з]
"""


def found(text, rules=RULES):
    return [(v.line, v.found) for v in find_variants(text, load_term_list(rules, "t.yml"))]


# -- the checker ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Остеогенне диференціювання знижується.", [(1, "диференціювання")]),
        ("Перше.\nДиференціюванням клітин.", [(2, "Диференціюванням")]),  # capital, ending
        ("Концентрації (0,8; 1,2 та 1,8\u00a0мМ).", [(1, "мМ")]),
        ("Маркер C-телопептиду колагену.", [(1, "C-телопептиду")]),  # Latin C
        ("Дефіцит асоціюється\nз незрощенням.", [(1, "асоціюється з")]),  # across lines
        ("Дефіцит асоціюється\u00a0з незрощенням.", [(1, "асоціюється з")]),
    ],
)
def test_variants_are_found_with_their_lines(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Остеогенна диференціація МСК.",
        "Рівень 0,7–1,0\u00a0ммоль/л, діаметр 5\u00a0мм.",  # мм: another letter
        "Маркер С-телопептиду колагену.",  # Cyrillic С
        "Дефіцит асоціюється зі стресом; асоціація з переломом.",  # «зі» is not «з»
        "Переддиференціювання",  # part of a longer word
        "Код `диференціювання` у прикладі.",
    ],
)
def test_preferred_terms_and_other_words_pass(text):
    assert found(markdown_text(text)) == []


def test_every_message_names_the_preferred_term_and_the_reason():
    [variant] = find_variants("диференціюванню", load_term_list(RULES, "t.yml"))
    assert variant.message == "«диференціюванню»: use «диференціація» (one term)"
    assert variant.rule.line == 1


def test_alt_texts_are_checked_code_is_not():
    page = (
        "Текст.\n"
        "\n"
        "```\n"
        "диференціювання\n"
        "```\n"
        '![Підпис](a.svg){#fig:a fig-alt="Схема: диференціювання ↓"}\n'
    )
    assert found(markdown_text(page)) == [(6, "диференціювання")]


def test_svg_text_is_what_a_reader_sees():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg">\n'
        "<title>Схема</title>\n"
        '<desc id="диференціювання-id">Опис: диференціювання ↓</desc>\n'
        "<style>.диференціювання { fill: red }</style>\n"
        '<text x="1">Остеогенне</text>\n'
        '<text x="1">Диференціювання<tspan font-size="9">↓</tspan></text>\n'
        "<!-- диференціювання -->\n"
        "</svg>\n"
    )
    assert found(svg_text(svg)) == [(3, "диференціювання"), (6, "Диференціювання")]


def test_a_phrase_split_over_svg_labels_is_found():
    svg = '<text y="1">через кальцій-чутливий</text>\n<text y="2">рецептор</text>\n'
    rules = "- use: кальційчутливий рецептор\n  avoid: [кальцій-чутлив* рецептор*]\n"
    assert found(svg_text(svg), rules) == [(1, "кальцій-чутливий рецептор")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("use: x\n", "t.yml:1: expected a list of entries"),
        ("- use: x\n  avoid: [y]\n- avoid: [z]\n", "t.yml:3: the entry has no 'use'"),
        ("- use: x\n  avoid: []\n", "t.yml:2: 'avoid' lists no variant"),
        ("- use: x\n  avoid: [y]\n  because: z\n", "t.yml:3: unknown key 'because'"),
        ("- use: x\n  avoid: [a*b]\n", "t.yml:2: variant 'a*b': '*' may only end a word"),
        ("- use: ''\n  avoid: [y]\n", "t.yml:1: 'use' must be a non-empty text"),
        ("- use: x\n  avoid: [y\n", "t.yml:3: not valid YAML"),
        ("- just a string\n", "t.yml:1: each entry is a mapping"),
    ],
)
def test_term_list_problems_name_file_and_line(text, message):
    with pytest.raises(TermListError) as error:
        load_term_list(text, "t.yml")
    assert str(error.value).startswith(message), error.value


# -- the real Ukrainian edition -------------------------------------------------------------


def _real_rules():
    return load_term_list(TERM_LIST.read_text(encoding="utf-8"),
                          TERM_LIST.relative_to(ROOT).as_posix())


def test_the_term_list_is_usable():
    rules = _real_rules()
    assert len(rules) >= 12
    # A preferred term must not be one of its own variants.
    clashes = [f"{TERM_LIST.name}:{rule.line}: «{rule.use}»" for rule in rules
               if find_variants(rule.use, [rule])]
    assert not clashes, "\n".join(clashes)


def test_there_are_pages_and_figures_to_check():
    assert len(UK_PAGES) >= 10 and len(UK_FIGURES) == 3


def test_ukrainian_pages_and_figures_use_one_term_per_concept():
    rules = _real_rules()
    problems = []
    for path, text in [(p, markdown_text(p.read_text(encoding="utf-8"))) for p in UK_PAGES] + [
            (p, svg_text(p.read_text(encoding="utf-8"))) for p in UK_FIGURES]:
        problems += [f"{path.relative_to(ROOT).as_posix()}:{v.line}: {v.message}"
                     for v in find_variants(text, rules)]
    assert not problems, (
        f"variants to avoid (the term list is {TERM_LIST.relative_to(ROOT).as_posix()}):\n"
        + "\n".join(problems))
