"""Translation parity: the scanner's rules, then the real English and Ukrainian pages."""

from collections import Counter
from pathlib import Path

import pytest

from mkdocs_scholar.core.parity import (
    CITATIONS,
    LABELS,
    NUMBERS,
    compare_pages,
    cyrillic_share,
    page_pairs,
    scan_markdown,
    script_letters,
    ukrainian_typography,
    unmarked_latin_phrases,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DEFAULT_LANG, TRANSLATIONS = "en", ["uk"]
MIN_CYRILLIC_SHARE = 0.80


def numbers(text):
    return set(scan_markdown(text).numbers)


# -- citation keys and labels ---------------------------------------------------


def test_citation_keys_are_a_multiset_with_lines():
    facts = scan_markdown("First [@a; @b].\n\nThen @a said so [see @c, p. 3].\n")
    assert facts.citation_keys == Counter({"a": 2, "b": 1, "c": 1})
    assert facts.citation_lines == {"a": [1, 3], "b": [1], "c": [3]}
    assert not facts.labels_referenced


def test_crossref_references_are_labels_not_citations():
    facts = scan_markdown("See @fig:x and ([@fig:a; @tbl:b]), @Fig:x, @sec:s [@key].")
    assert facts.labels_referenced == Counter({"fig:x": 2, "fig:a": 1, "tbl:b": 1, "sec:s": 1})
    assert facts.citation_keys == Counter({"key": 1})


def test_email_addresses_are_not_citations():
    facts = scan_markdown("✉ dedukh\\_ninel@ukr.net, write to a.b@example.org today")
    assert not facts.citation_keys
    assert not facts.numbers


def test_labels_defined_on_headings_images_and_tables():
    text = (
        "# Title {#sec:title}\n"
        "\n"
        "## Sub {#sec:sub .unnumbered}\n"
        "\n"
        '![A caption](img/a.svg){#fig:x fig-alt="Mg2+ at the centre, 42 arrows"}\n'
        "\n"
        "| a |\n|---|\n| 1 |\n"
        "\n"
        ": Table caption {#tbl:y}\n"
        "\n"
        "Table: Another {#tbl:z}\n"
        "\n"
        "::: {#refs}\n:::\n"
    )
    facts = scan_markdown(text)
    assert facts.labels_defined == {"sec:title", "sec:sub", "fig:x", "tbl:y", "tbl:z"}
    assert facts.definition_lines["fig:x"] == [5]
    assert facts.definition_lines["tbl:z"] == [13]
    # The fig-alt value and the image path are not prose; the table cell is.
    assert set(facts.numbers) == {"1"}


def test_image_captions_are_prose_but_paths_are_not():
    facts = scan_markdown("![The 3 stages](figures/v2/stage-45.svg){#fig:s}")
    assert set(facts.numbers) == {"3"}


# -- what is not prose ------------------------------------------------------------


def test_an_unmatched_backtick_does_not_hide_the_next_paragraph():
    assert numbers("A ` stray 1.\n\nNext 2 `code 3`.\n") == {"1", "2"}


def test_code_comments_and_front_matter_are_skipped():
    text = (
        "---\n"
        "title: Page 11\n"
        "---\n"
        "\n"
        "Prose 1 [@real].\n"
        "\n"
        "```python\n"
        "x = 22  # [@fenced]\n"
        "```\n"
        "\n"
        "~~~~\n"
        "33 @fig:tilde\n"
        "```\n"
        "~~~~\n"
        "\n"
        "    44 [@indented]\n"
        "    55\n"
        "\n"
        "Inline `66 [@inline]` and ``a ` 77`` code.\n"
        "\n"
        "<!-- 88 [@comment]\n"
        "99 -->\n"
        "Prose 2.\n"
    )
    facts = scan_markdown(text)
    assert set(facts.numbers) == {"1", "2"}
    assert facts.citation_keys == Counter({"real": 1})
    assert not facts.labels_referenced
    assert facts.number_lines == {"1": [5], "2": [23]}


def test_indented_lines_inside_a_list_or_paragraph_are_not_code():
    text = (
        "- item 1\n"
        "\n"
        "    continued with 2 [@a]\n"
        "\n"
        "A paragraph with 3\n"
        "    lazily continued with 4\n"
    )
    facts = scan_markdown(text)
    assert set(facts.numbers) == {"1", "2", "3", "4"}
    assert facts.citation_keys == Counter({"a": 1})


def test_links_urls_dois_and_html_are_not_numbers():
    text = (
        "[Part 3](https://example.org/a/45) and [ref 5][r7], <https://doi.org/10.1/2>,\n"
        "DOI: 10.15674/0030-598720234121-127, http://dx.doi.org/10.9/8 and www.x9.org.\n"
        "<span data-n=\"6\">text</span> U+02BC U+0027\n"
        "\n"
        "[r7]: https://example.org/77 \"Title 78\"\n"
    )
    assert numbers(text) == {"3", "5"}


def test_ordered_list_markers_are_not_numbers():
    assert numbers("1. First 7\n2. Second\n10) Tenth\n") == {"7"}
    assert numbers("Text\n\n3. Third\n") == set()
    # Not a list: a paragraph line that happens to start with a number.
    assert numbers("Founded in\n2023. Since then\n") == {"2023"}


def test_citation_keys_and_labels_hold_no_numbers_but_locators_do():
    facts = scan_markdown("As [see @smith2020, pp. 33–35] and @fig:fig2 show [@{doe 1999}].")
    assert set(facts.numbers) == {"33", "35"}
    assert facts.citation_keys == Counter({"smith2020": 1, "doe 1999": 1})


# -- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RR = 1.58", {"1.58"}),
        ("RR = 1,58", {"1.58"}),
        ("0,7–1,0 ммоль/л", {"0.7", "1.0"}),
        ("0.7–1.0 mmol/l", {"0.7", "1.0"}),
        ("(0,8; 1,2 та 1,8 мМ)", {"0.8", "1.2", "1.8"}),
        ("(0.8, 1.2, and 1.8 mM)", {"0.8", "1.2", "1.8"}),
        ("0,290 mg", {"0.290"}),
        ("[3, 24, 25]", {"3", "24", "25"}),
        ("pages 121–127", {"121", "127"}),
        ("figures 1-3", {"1", "3"}),
        ("> 422.5 mg/day", {"422.5"}),
        ("on 19.11.2023", {"19.11.2023"}),
        ("99 %", {"99"}),
        ("in 2023 100 people", {"2023", "100"}),
    ],
)
def test_numbers_are_normalised(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    ["119 755", "119\u00a0755", "119\u202f755", "119,755", "119755"],
)
def test_thousands_separators_are_dropped(text):
    assert numbers(f"evaluating {text} individuals") == {"119755"}


def test_thousands_groups_with_a_decimal_part():
    assert numbers("1 800 mg; 1\u00a0234,5 and 1,234.5; 12 345 678") == {
        "1800", "1234.5", "12345678"}


def test_chemical_notation_is_not_a_number():
    assert numbers("Mg^2+^ and Ca^2+^, the ^2+^ charge, O^2−^, H~2~O, Ca~3~(PO~4~)~2~") == set()
    assert numbers("10^3^ cells") == {"10", "3"}  # an exponent after a number counts


@pytest.mark.parametrize(
    "identifier",
    ["Notch1", "FGF23", "TRAP-5b", "CTX-1", "BMP-2", "M2", "IGF1", "SP7", "CD4", "MagT1",
     "factor-1", "Mg2+", "МСК2", "2nd", "615.326Mag", "a_1"],
)
def test_digits_glued_to_letters_are_identifiers(identifier):
    assert numbers(f"the {identifier} here") == set()


def test_numbers_next_to_identifiers_still_count():
    assert numbers("Zona-occludens 1, osterix 7 (SP7), a 5-year study, Notch1 234") == {
        "1", "7", "5", "234"}


# -- comparing two pages ------------------------------------------------------------------


EN = (
    "# Title {#sec:t}\n"
    "\n"
    "Text [@a; @b] with 1.58 and 119,755 and 7 ([@fig:x]).\n"
    "\n"
    "More @a, 7 again.\n"
    "\n"
    "![Caption](x.svg){#fig:x}\n"
)


def test_a_faithful_translation_has_no_differences():
    uk = (
        "# Назва {#sec:t}\n"
        "\n"
        "Текст [@a; @b] з 1,58 і 119\u00a0755 та 7 ([@fig:x]).\n"
        "\n"
        "Ще @a.\n"
        "\n"
        "![Підпис](x.svg){#fig:x}\n"
        "\n"
        "Додаткове число 12.\n"
    )
    assert compare_pages(scan_markdown(EN), scan_markdown(uk)) == []


def test_a_lost_citation_is_reported_with_counts_and_lines():
    uk = (
        "# Назва {#sec:t}\n\nТекст [@a; @b] з 1,58 і 119755 і 7 ([@fig:x]).\n\n"
        "![П](x.svg){#fig:x}\n"
    )
    [difference] = compare_pages(scan_markdown(EN), scan_markdown(uk))
    assert difference.code == CITATIONS
    assert difference.subject == "a"
    assert "2×" in difference.message and "1×" in difference.message
    assert "missing 1 in the translation" in difference.message
    # The default page's second `@a` (line 5) has no counterpart; the translation's is on 3.
    assert (difference.line_default, difference.line_translation) == (5, 3)


def test_an_extra_citation_is_reported():
    en = "One [@a].\n"
    uk = "Один [@a].\n\nДва [@a; @z].\n"
    differences = compare_pages(scan_markdown(en), scan_markdown(uk))
    assert [(d.code, d.subject, d.line_default, d.line_translation) for d in differences] == [
        (CITATIONS, "a", 1, 3), (CITATIONS, "z", 0, 3)]
    assert "extra in the translation" in differences[0].message


def test_label_differences_are_reported_both_ways():
    en = "# T {#sec:t}\n\nSee @fig:x.\n\n![C](c.svg){#fig:x}\n"
    uk = "# Т {#sec:t}\n\nДив. @fig:y.\n\n![П](c.svg){#fig:y}\n"
    differences = compare_pages(scan_markdown(en), scan_markdown(uk))
    assert {(d.code, d.subject, d.line_default, d.line_translation) for d in differences} == {
        (LABELS, "fig:x", 5, 0), (LABELS, "fig:y", 0, 5),  # defined
        (LABELS, "fig:x", 3, 0), (LABELS, "fig:y", 0, 3),  # referenced
    }
    assert any("is defined in the default-language page" in d.message for d in differences)
    assert any("is referenced in the translation" in d.message for d in differences)


def test_missing_numbers_are_reported_one_way_only():
    en = "Values 42 and 1.5.\n\nAnd 7.\n"
    uk = "Значення 42 і 42.\n\nА також 3 і 9.\n"
    differences = compare_pages(scan_markdown(en), scan_markdown(uk))
    assert [(d.code, d.subject, d.line_default, d.line_translation) for d in differences] == [
        (NUMBERS, "1.5", 1, 0), (NUMBERS, "7", 3, 0)]
    assert "number 7" in differences[1].message


# -- pairing pages -------------------------------------------------------------------------


def test_page_pairs(tmp_path):
    for rel in ("en/a.md", "en/sub/b.md", "uk/a.md", "uk/c.md", "uk/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert page_pairs(tmp_path, "en", ["uk"]) == [
        ("a.md", tmp_path / "en/a.md", tmp_path / "uk/a.md"),
        ("c.md", None, tmp_path / "uk/c.md"),
        ("sub/b.md", tmp_path / "en/sub/b.md", None),
    ]
    assert page_pairs(tmp_path, "en", ["de"]) == [
        ("a.md", tmp_path / "en/a.md", None),
        ("sub/b.md", tmp_path / "en/sub/b.md", None),
    ]


# -- language and typography helpers --------------------------------------------------------


def test_latin_symbols_and_names_do_not_count_against_cyrillic():
    text = "Магній через MagT1, RUNX2, mTOR, pH, PubMed і Scopus [@key2020] `code` <https://x.org>."
    assert script_letters(text) == (len("Магнійчерезі"), 0)


def test_untranslated_prose_lowers_the_cyrillic_share():
    assert cyrillic_share("Магній регулює процеси.") == 1.0
    assert cyrillic_share("Magnesium regulates important biological processes.") == 0.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('Слово "гіпомагнезія" тут.', "straight double quote"),  # one per quote mark
        ("Здоров'я кісток.", "apostrophe"),
        ("Здоров’я кісток.", "apostrophe"),
        ("Концентрація 0.29 у крові.", "decimal point in 0.29"),
        ("Масою 70 кг.", "'70 кг'"),
        ("Близько 24г магнію.", "'24 г'"),
        ("Через 4 тижні.", "'4 тижні'"),
        ("Від 31 до 51\u202fроку.", "'51 року'"),
        ("Рівень 1,0\nммоль/л.", "'1,0 ммоль'"),
        ("Статтю Н. В.\u00a0Дедух.", "'Н. В.'"),  # between initials
        ("Статтю Н.\u00a0В. Дедух.", "'В. Дедух'"),  # before the surname
        ("Статтю Н.\u00a0В.\nДедух.", "'В. Дедух'"),  # a line break is a space
        ("Див. Дедух Н.\u00a0В. та ін.", "'Дедух Н.'"),  # surname first
        ("Запис Razzaque M.\u00a0S., 2018.", "'Razzaque M.'"),
        ("Ризик (HR = 2,13).", "'HR = 2,13'"),  # one issue for both sides
        ("Ризик (HR\u00a0= 2,13).", "'HR = 2,13'"),
        ("Ризик (OR =\n0,47).", "'OR = 0,47'"),
        ("Споживали > 422,5\u00a0мг/добу.", "'> 422,5'"),
        ("Рівень < 0,7\u00a0ммоль/л.", "'< 0,7'"),
        ("Рівень ≥ 2\u00a0мг.", "'≥ 2'"),
        ("Журнал, № 4, с.\u00a0121.", "'№ 4'"),
    ],
)
def test_ukrainian_typography_finds(text, fragment):
    issues = ukrainian_typography(text)
    assert issues, text
    assert all(line == 1 and fragment in message for line, message in issues), issues
    assert len(issues) == (2 if '"' in text else 1), issues


def test_ukrainian_typography_accepts():
    text = (
        "Слово «гіпомагнезія», здоровʼя, 0,29 і 1\u00a0800\u00a0мг/добу, 99\u00a0%, "
        "Mg^2+^ [@smith2020.x; @fig:a.b], 19.11.2023, 5 листопада, 3 групи,\n"
        "DOI: [10.15674/0030-598720234121-127](https://doi.org/10.1/2.3), "
        "УДК 616.71/.72+616.71-007.234]:615.326Mag](045)=161.2=111, `x = 1.5`\n"
        '![Схема](a.svg){#fig:a fig-alt="Схема \\"a\\" 1.5"}\n'
        "Н.\u00a0В.\u00a0Дедух, Дедух\u00a0Н.\u202fВ., Н.В.\u00a0Дедух, Razzaque\u00a0M.\u00a0S., "
        "(HR\u00a0=\u00a02,13), x=1, >\u00a0422,5, <\u00a00,7, №\u00a04, вітамін D. Магній "
        "[вітамін D. Вплив], ДУ «Інститут», Т-клітини, рис.\u00a01.\n"
        "\n"
        "> 5\u00a0років тому (цитата: «>» на початку рядка).\n"
        "\n"
        "Заголовок\n"
        "=========\n"
    )
    assert ukrainian_typography(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Ліганди WNT (wingless-related integration site).", "wingless-related integration site"),
        ("Бази Web of Science і Google\u00a0Scholar.", "Web of Science"),
        ("Запис (Chang et al., 2020).", "Chang et al"),
        ("Переклад *Frontiers in medicine*.", "Frontiers in medicine"),
        ('Мова <span class="x">in English</span>.', "in English"),  # a span without lang
    ],
)
def test_unmarked_latin_phrases_are_found(text, phrase):
    [(line, message)] = unmarked_latin_phrases(text)[:1]
    assert line == 1 and f"'{phrase}'" in message, message
    assert 'lang="en"' in message


def test_marked_phrases_symbols_and_single_words_pass():
    text = (
        'Ліганди WNT (<span lang="en">wingless-related integration site</span>), '
        '<span lang="en" class="x">Web of\nScience</span>, *Frontiers in medicine*{lang=en}, '
        "[Google Scholar](https://scholar.google.com){lang=en hreflang=en}, "
        "шлях MAPK ERK, CTX-1 TRAP, Runx2, Osterix та остеокальцин, Dickkopf1 — інгібітор, "
        "runt-повʼязаний фактор, M2 у M1, PhD, `some code here` [@smith2020; @fig:a].\n"
        '![Схема](a.svg){#fig:a fig-alt="Mg2+ and more words"}\n'
    )
    assert unmarked_latin_phrases(text) == []


# -- the real site ---------------------------------------------------------------------------

PAIRS = page_pairs(DOCS, DEFAULT_LANG, TRANSLATIONS)
BOTH = [(rel, en, uk) for rel, en, uk in PAIRS if en and uk]


def _where(path: Path, line: int) -> str:
    rel = path.relative_to(ROOT).as_posix()
    return f"{rel}:{line}" if line else rel


def _differences(code: str) -> list[str]:
    found = []
    for _rel, en, uk in BOTH:
        en_facts = scan_markdown(en.read_text(encoding="utf-8"))
        uk_facts = scan_markdown(uk.read_text(encoding="utf-8"))
        for difference in compare_pages(en_facts, uk_facts):
            if difference.code == code:
                found.append(f"{_where(uk, difference.line_translation)} "
                             f"({_where(en, difference.line_default)}): {difference.message}")
    return found


def test_the_real_site_has_pages_to_compare():
    assert len(BOTH) >= 10
    facts = [scan_markdown(en.read_text(encoding="utf-8")) for _rel, en, _uk in BOTH]
    assert sum(f.citation_keys.total() for f in facts) > 50
    assert sum(len(f.labels_defined) for f in facts) > 10
    assert sum(f.labels_referenced.total() for f in facts) > 3
    assert sum(len(f.numbers) for f in facts) > 50


def test_every_page_exists_in_both_languages():
    missing = [
        f"docs/{lang}/{rel}" for rel, en, uk in PAIRS
        for lang, path in ((DEFAULT_LANG, en), (TRANSLATIONS[0], uk)) if path is None
    ]
    assert not missing, "pages without a counterpart:\n" + "\n".join(missing)


def test_translations_cite_the_same_keys_as_often():
    found = _differences(CITATIONS)
    assert not found, "citation keys differ:\n" + "\n".join(found)


def test_translations_define_and_reference_the_same_labels():
    found = _differences(LABELS)
    assert not found, "labels differ:\n" + "\n".join(found)


def test_translations_keep_every_number():
    found = _differences(NUMBERS)
    assert not found, "numbers missing from the translation:\n" + "\n".join(found)


def test_ukrainian_pages_are_ukrainian():
    shares = {uk: cyrillic_share(uk.read_text(encoding="utf-8")) for _rel, _en, uk in BOTH}
    report = "\n".join(f"{_where(path, 0)}: {share:.1%} Cyrillic" for path, share in shares.items())
    low = [path for path, share in shares.items() if share < MIN_CYRILLIC_SHARE]
    assert not low, f"pages under {MIN_CYRILLIC_SHARE:.0%} Cyrillic letters:\n{report}"


def test_ukrainian_typography_of_the_real_pages():
    found = [
        f"{_where(uk, line)}: {message}"
        for _rel, _en, uk in BOTH
        for line, message in ukrainian_typography(uk.read_text(encoding="utf-8"))
    ]
    assert not found, "Ukrainian typography:\n" + "\n".join(found)


def test_english_phrases_on_ukrainian_pages_are_marked():
    found = [
        f"{_where(uk, line)}: {message}"
        for _rel, _en, uk in BOTH
        for line, message in unmarked_latin_phrases(uk.read_text(encoding="utf-8"))
    ]
    assert not found, "English without lang on Ukrainian pages:\n" + "\n".join(found)
