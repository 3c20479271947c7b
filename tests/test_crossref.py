"""Numbering, grouping and prefixes of cross-references, in both languages."""

import pytest

from mkdocs_scholar.core.crossref import (
    Link,
    Outline,
    Target,
    Terms,
    Text,
    number_figures_and_tables,
    number_sections,
    reference_pieces,
)
from mkdocs_scholar.core.locale import load_section
from mkdocs_scholar.core.syntax import parse_group


def text_of(pieces):
    return "".join(p.text if isinstance(p, (Text, Link)) else "@" + p.label for p in pieces)


@pytest.fixture
def figures():
    targets = [Target(f"fig:{name}", "fig", "en/a.md", name.title()) for name in "abcd"]
    targets.insert(1, Target("tbl:t", "tbl", "en/a.md", "T"))
    number_figures_and_tables(targets)
    return {t.label: t for t in targets}


@pytest.mark.parametrize(
    ("lang", "source", "expected"),
    [
        ("en", "@fig:a", "fig.\u00a01"),
        ("en", "@Fig:a", "Fig.\u00a01"),
        ("en", "@fig:a; @fig:b", "figs.\u00a01, 2"),
        ("en", "@fig:c; @fig:a; @fig:b", "figs.\u00a01–3"),
        ("en", "@fig:a; @fig:c", "figs.\u00a01, 3"),
        ("en", "@tbl:t", "table\u00a01"),
        ("en", "@fig:a; @tbl:t", "fig.\u00a01; table\u00a01"),
        ("en", "-@fig:b", "2"),
        ("uk", "@fig:a", "рис.\u00a01"),
        ("uk", "@Fig:a", "Рис.\u00a01"),
        ("uk", "@fig:b; @fig:c", "рис.\u00a02, 3"),
        ("uk", "@fig:a; @fig:b; @fig:c", "рис.\u00a01–3"),
        ("uk", "@tbl:t", "табл.\u00a01"),
    ],
)
def test_reference_text(figures, lang, source, expected):
    terms = Terms.from_mapping(load_section(lang, "crossref"))
    pieces = reference_pieces(parse_group(source), figures, terms, section_titles=True)
    assert text_of(pieces) == expected


def test_links_point_at_targets(figures):
    terms = Terms.from_mapping(load_section("en", "crossref"))
    pieces = reference_pieces(parse_group("@fig:a; @fig:b; @fig:c"), figures, terms,
                              section_titles=True)
    links = [p for p in pieces if isinstance(p, Link)]
    assert [(link.text, link.target.label) for link in links] == [("1", "fig:a"), ("3", "fig:c")]


def test_missing_label_is_kept_visible(figures):
    terms = Terms.from_mapping(load_section("en", "crossref"))
    pieces = reference_pieces(parse_group("@fig:a; @fig:nope"), figures, terms,
                              section_titles=True)
    assert text_of(pieces) == "fig.\u00a01, @fig:nope"


def section(label, level, title="T"):
    return Target(label, "sec", "p.md", title, level=level)


def test_section_numbers_follow_the_navigation():
    intro, methods = section("sec:intro", 1), section("sec:methods", 1)
    role, bone, direct = section("sec:role", 1), section("sec:bone", 1), section("sec:direct", 2)
    concl = section("sec:conclusions", 1)
    outline = [
        Outline(headings=[]),  # home page: not numbered
        Outline(headings=[intro]),
        Outline(headings=[methods]),
        Outline(children=[Outline(headings=[role]), Outline(headings=[bone, direct])]),
        Outline(headings=[concl]),
        Outline(headings=[]),  # references
    ]
    number_sections(outline)
    assert [t.number for t in (intro, methods, role, bone, direct, concl)] == [
        "1", "2", "3.1", "3.2", "3.2.1", "4"]


def test_sections_by_number_or_title():
    target = section("sec:bone", 1, "Magnesium and bone")
    target.number = "3.3"
    targets = {"sec:bone": target}
    terms = Terms.from_mapping(load_section("uk", "crossref"))
    numbered = reference_pieces(parse_group("@sec:bone"), targets, terms, section_titles=False)
    titled = reference_pieces(parse_group("@sec:bone"), targets, terms, section_titles=True)
    assert text_of(numbered) == "розд.\u00a03.3"
    assert text_of(titled) == "Magnesium and bone"
