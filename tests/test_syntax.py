"""Pandoc citation syntax: what is a citation and what is not."""

import pytest

from mkdocs_scholar.core.syntax import CiteItem, find_citations, parse_group


def keys(text):
    return [[item.key for item in items] for _, _, items, _ in find_citations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[@smith2020]", [["smith2020"]]),
        ("[@a; @b; @c]", [["a", "b", "c"]]),
        ("as [see @key, pp. 33–35] shows", [["key"]]),
        ("@zhang2016implant showed", [["zhang2016implant"]]),
        ("[-@key]", [["key"]]),
        ("@{weird key}", [["weird key"]]),
        ("[@{a b}; @c]", [["a b", "c"]]),
        ("[@doe:2020.x-y_z/w+v]", [["doe:2020.x-y_z/w+v"]]),
        ("ends a sentence @smith2020.", [["smith2020"]]),
        ("@smith2020: yes", [["smith2020"]]),
        ("(@fig:direct-effects)", [["fig:direct-effects"]]),
        ("([@fig:a; @fig:b])", [["fig:a", "fig:b"]]),
        ("@Fig:a starts", [["Fig:a"]]),
        ("Кириличний ключ [@шевченко2020]", [["шевченко2020"]]),
    ],
)
def test_citations_are_found(text, expected):
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "write to dedukh_ninel@ukr.net today",
        "crystal\\_ng@ukr.net",
        "https://twitter.com/@handle",
        "user@example.org",
        "[link text](https://example.org/@x)",
        "[@key](https://example.org)",
        "[@key]: https://example.org",
        "a \\@ sign",
        "[no key here]",
        "[see @a @b]",
    ],
)
def test_not_citations(text):
    assert keys(text) == []


def test_affixes_and_flags():
    (item,) = parse_group("see @key, pp. 33–35")
    assert item == CiteItem(key="key", prefix="see", suffix=", pp. 33–35")
    (item,) = parse_group("-@key")
    assert item.suppress_author


def test_narrative_locator():
    ((_, _, items, narrative),) = list(find_citations("@key [p. 5] says"))
    assert narrative and items[0].suffix == "p. 5"


def test_group_needs_a_key_in_every_part():
    assert parse_group("@a; no key") is None


def test_crossref_items():
    (item,) = parse_group("@Fig:roles")
    assert item.crossref_kind == "fig"
    assert item.capitalized
    assert item.label == "fig:roles"
    (item,) = parse_group("@smith:2020")
    assert item.crossref_kind is None
