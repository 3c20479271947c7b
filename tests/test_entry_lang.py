"""core/entry_lang.py: a cited work's language from BibLaTeX's langid."""

from __future__ import annotations

import pytest

from mkdocs_scholar.core.entry_lang import entry_language, language_tag


@pytest.mark.parametrize(("value", "tag"), [
    ("english", "en"),
    ("English", "en"),
    ("american", "en-US"),
    ("UKenglish", "en-GB"),
    ("ukrainian", "uk"),
    ("ngerman", "de"),
    ("naustrian", "de-AT"),
    ("brazil", "pt-BR"),
    ("{french}", "fr"),
    # BCP 47 tags, as pandoc also takes them, in their usual case
    ("en-GB", "en-GB"),
    ("en_us", "en-US"),
    ("UK", "uk"),
    ("sr-latn", "sr-Latn"),
    ("zh-Hant-TW", "zh-Hant-TW"),
    ("es-419", "es-419"),
])
def test_names_and_tags_become_bcp47(value, tag):
    assert language_tag(value) == tag


@pytest.mark.parametrize("value", ["", "  ", "klingonese", "english and french", "e", "12"])
def test_what_names_no_language_gives_none(value):
    assert language_tag(value) is None


def test_langid_decides_and_an_unknown_one_is_returned_for_the_message():
    assert entry_language({"langid": "ukrainian", "language": "english"}) == ("uk", None)
    assert entry_language({"langid": "englsh"}) == (None, "englsh")


def test_language_is_read_only_when_it_names_one_language():
    assert entry_language({"language": "german"}) == ("de", None)
    assert entry_language({"language": "English and French"}) == (None, None)
    assert entry_language({"language": "Esperanto-ish"}) == (None, None)
    assert entry_language({}) == (None, None)
