"""Loading .bib files: entries, locations, problems, crossref, the parse cache."""

from __future__ import annotations

import os
import textwrap

import pytest
from pybtex.database import Entry
from pybtex.database.input import bibtex as pybtex_bibtex

from mkdocs_scholar.core import bib_cache, bibliography
from mkdocs_scholar.core.bibliography import (
    Bibliography,
    SourceLocation,
    load_bibliography,
)
from mkdocs_scholar.core.diagnostics import Diagnostic


@pytest.fixture(autouse=True)
def _fresh_cache():
    bibliography.clear_cache()
    yield
    bibliography.clear_cache()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def codes(bib: Bibliography) -> list[str]:
    return [problem.code for problem in bib.problems]


def test_loads_entries_with_locations(tmp_path):
    write(tmp_path, "refs.bib", """
        % a comment line
        @article{first,
          author = {Uwitonze, A. M. and Razzaque, M. S.},
          title = {Role of Magnesium},
          year = 2018,
        }

          @Book ( second ,
          title = "A book",
        )
        @comment{just a note}
        @article{third, title = {Third}}
        """)
    bib = load_bibliography(["refs.bib"], base_dir=tmp_path)
    assert bib.problems == []
    assert list(bib.entries) == ["first", "second", "third"]
    assert bib.locations["first"] == SourceLocation("refs.bib", 2)
    assert bib.locations["second"] == SourceLocation("refs.bib", 8)
    assert bib.locations["third"] == SourceLocation("refs.bib", 12)
    assert str(bib.locations["first"]) == "refs.bib:2"
    assert "first" in bib and "missing" not in bib
    assert isinstance(bib.entries["first"], Entry)
    authors = bib.entries["first"].persons["author"]
    assert [str(person) for person in authors] == ["Uwitonze, A. M.", "Razzaque, M. S."]
    assert bib.entries["second"].type == "book"


def test_string_macros_and_concatenation(tmp_path):
    write(tmp_path, "refs.bib", """
        @string{jn = "Journal of Tests"}
        @STRING{vol = {12}}
        @article{key, title = {T}, journal = jn # " Letters", volume = vol, month = jan}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    fields = bib.entries["key"].fields
    assert fields["journal"] == "Journal of Tests Letters"
    assert fields["volume"] == "12"
    assert fields["month"] == "January"
    assert bib.problems == []


def test_cyrillic_names_and_titles(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{ded, author = {Дедух, Нінель В. and Григор'єва, Наталія В.},
                  title = {Вплив дефіциту магнію}, year = 2023}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    entry = bib.entries["ded"]
    assert entry.fields["title"] == "Вплив дефіциту магнію"
    assert entry.persons["author"][1].last_names == ["Григор'єва"]


def test_syntax_error_reports_file_and_line_and_keeps_other_entries(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{good1, title = {One}, year = 2020}

        @article{broken,
          title = {Two}
          year = 2021
        }

        @article{good2, title = {Three}}
        """)
    bib = load_bibliography(["refs.bib"], base_dir=tmp_path)
    assert "good1" in bib and "good2" in bib
    [problem] = bib.problems
    assert problem.level == "error"
    assert problem.code == "bib-syntax"
    assert (problem.path, problem.line) == ("refs.bib", 5)
    assert "broken" in problem.message
    assert "line 3" in problem.message  # where the entry starts


def test_syntax_error_without_key(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{ , title = {No key}}
        @article{fine, title = {Fine}}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert list(bib.entries) == ["fine"]
    assert codes(bib) == ["bib-syntax"]
    assert bib.problems[0].line == 1


def test_undefined_string_is_a_warning(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{key,
          title = {T},
          journal = nosuchmacro,
        }
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert "key" in bib
    [problem] = bib.problems
    assert (problem.level, problem.code) == ("warning", "bib-undefined-string")
    assert "nosuchmacro" in problem.message
    assert problem.line == 3


def test_duplicate_key_within_a_file_names_both_places(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{smith2020, title = {First}}
        @article{other, title = {Other}}
        @article{Smith2020, title = {Second}}
        """)
    bib = load_bibliography(["refs.bib"], base_dir=tmp_path)
    assert list(bib.entries) == ["smith2020", "other"]
    assert bib.entries["smith2020"].fields["title"] == "First"  # the first one wins
    [problem] = bib.problems
    assert (problem.level, problem.code) == ("error", "bib-duplicate")
    assert "refs.bib:1" in problem.message and "refs.bib:3" in problem.message
    assert (problem.path, problem.line) == ("refs.bib", 3)


def test_duplicate_key_across_files_names_both_places(tmp_path):
    write(tmp_path, "a.bib", """
        @article{dup, title = {From A}}
        """)
    write(tmp_path, "b.bib", """
        @misc{x, title = {x}}
        @book{DUP, title = {From B}}
        """)
    bib = load_bibliography(["a.bib", "b.bib"], base_dir=tmp_path)
    assert bib.entries["dup"].fields["title"] == "From A"
    assert "DUP" not in bib.entries
    [problem] = bib.problems
    assert problem.code == "bib-duplicate"
    assert "a.bib:1" in problem.message and "b.bib:2" in problem.message


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    write(tmp_path, "real.bib", "@misc{k, title={T}}\n")
    bib = load_bibliography(["nope.bib", "real.bib"], base_dir=tmp_path)
    assert "k" in bib
    [problem] = bib.problems
    assert (problem.level, problem.code) == ("error", "bib-missing-file")
    assert "nope.bib" in problem.message
    assert isinstance(problem, Diagnostic)


def test_absolute_paths_are_shown_relative_to_base_dir(tmp_path):
    write(tmp_path, "refs.bib", "@misc{a, title={A}}\n@misc{a, title={B}}\n")
    bib = load_bibliography([str(tmp_path / "refs.bib")], base_dir=tmp_path)
    assert bib.locations["a"].path == "refs.bib"


def test_crossref_inheritance(tmp_path):
    write(tmp_path, "refs.bib", """
        @incollection{chapter,
          author = {Author, Ann},
          title = {The chapter},
          pages = {10--20},
          crossref = {TheBook},
        }
        @book{thebook,
          editor = {Editor, Ed and Other, Olga},
          title = {The Book},
          publisher = {Press},
          year = 1999,
          pages = {400},
        }
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert bib.problems == []
    child = bib.entries["chapter"]
    assert child.fields["title"] == "The chapter"  # the child's own fields win
    assert child.fields["booktitle"] == "The Book"  # parent's title -> booktitle
    assert child.fields["pages"] == "10--20"
    assert child.fields["publisher"] == "Press"
    assert child.fields["year"] == "1999"
    assert [str(p) for p in child.persons["editor"]] == ["Editor, Ed", "Other, Olga"]
    assert [str(p) for p in child.persons["author"]] == ["Author, Ann"]
    assert child.key == "chapter"
    # The parent itself is untouched.
    assert "booktitle" not in bib.entries["thebook"].fields


def test_crossref_child_booktitle_and_article_type(tmp_path):
    write(tmp_path, "refs.bib", """
        @inproceedings{p, title = {Paper}, booktitle = {Own}, crossref = {proc}}
        @article{a, crossref = {proc}}
        @proceedings{proc, title = {Proc Title}, year = 2001}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert bib.entries["p"].fields["booktitle"] == "Own"
    # Not a part-of-a-book type: the title is inherited as is (BibTeX behaviour).
    assert bib.entries["a"].fields["title"] == "Proc Title"


def test_crossref_to_unknown_key_warns_at_the_child(tmp_path):
    write(tmp_path, "refs.bib", """
        @misc{other, title = {Other}}
        @incollection{child, title = {C}, crossref = {nobody}}
        """)
    bib = load_bibliography(["refs.bib"], base_dir=tmp_path)
    [problem] = bib.problems
    assert (problem.level, problem.code) == ("warning", "bib-crossref")
    assert (problem.path, problem.line) == ("refs.bib", 2)
    assert "nobody" in problem.message
    assert bib.entries["child"].fields["title"] == "C"


def test_crossref_cycle_does_not_loop(tmp_path):
    write(tmp_path, "refs.bib", """
        @misc{a, title = {A}, crossref = {b}}
        @misc{b, title = {B}, crossref = {a}}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert "bib-crossref" in codes(bib)
    assert bib.entries["a"].fields["title"] == "A"


def test_close_matches_are_case_insensitive(tmp_path):
    write(tmp_path, "refs.bib", """
        @misc{Smith2020, title = {x}}
        @misc{smyth2021, title = {x}}
        @misc{unrelated, title = {x}}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert bib.close_matches("smith2020")[0] == "Smith2020"
    assert "smyth2021" in bib.close_matches("SMITH2021")
    assert bib.close_matches("zzzzzz") == []
    assert len(bib.close_matches("smith2020", n=1)) == 1
    assert bib.canonical_key("SMITH2020") == "Smith2020"


def test_too_many_commas_in_a_name(tmp_path):
    write(tmp_path, "refs.bib", """
        @article{k, author = {Smith, John, Doe, Jane}, title = {T}}
        """)
    bib = load_bibliography([tmp_path / "refs.bib"])
    assert codes(bib) == ["bib-name"]
    assert bib.problems[0].level == "warning"
    assert bib.entries["k"].persons["author"]  # still parses (pybtex joins the extra parts)


def test_non_utf8_file_is_read_with_a_warning(tmp_path):
    (tmp_path / "latin.bib").write_bytes("@misc{k, title = {Caf\xe9}}\n".encode("latin-1"))
    bib = load_bibliography([tmp_path / "latin.bib"])
    assert bib.entries["k"].fields["title"] == "Café"
    assert codes(bib) == ["bib-encoding"]
    assert (bib.problems[0].line, bib.problems[0].column) == (1, 22)


def test_non_utf8_warning_names_the_line_of_the_first_bad_byte(tmp_path):
    # The bad byte is on line 3, after a two-byte UTF-8 letter on the same line.
    text = (b"@misc{a, title = {One}}\n"
            b"@misc{b, title = {Two}}\n"
            b"@misc{c, title = {\xc3\x9c \x89\x98\xd0}}\n"
            b"@misc{d, title = {Caf\xe9}}\n")
    (tmp_path / "mixed.bib").write_bytes(text)
    bib = load_bibliography([tmp_path / "mixed.bib"])
    problem = next(p for p in bib.problems if p.code == "bib-encoding")
    assert problem.where.endswith("mixed.bib:3:21")
    assert "0x89" in problem.message
    assert sorted(bib.entries) == ["a", "b", "c", "d"]


# -- the parse cache ---------------------------------------------------------------


@pytest.fixture
def parse_calls(monkeypatch):
    calls = []
    original = pybtex_bibtex.Parser.parse_string

    def counting(self, text):
        calls.append(len(text))
        return original(self, text)

    monkeypatch.setattr(pybtex_bibtex.Parser, "parse_string", counting)
    return calls


def test_cache_parses_each_file_once(tmp_path, parse_calls):
    write(tmp_path, "a.bib", "@misc{a, author = {Razzaque, M. S.}, title = {A}}\n")
    write(tmp_path, "b.bib", "@misc{b, title = {B}}\n")
    first = load_bibliography(["a.bib", "b.bib"], base_dir=tmp_path)
    second = load_bibliography(["a.bib", "b.bib"], base_dir=tmp_path)
    third = load_bibliography(["b.bib"], base_dir=tmp_path)
    assert len(parse_calls) == 2
    assert second.entries["a"] is first.entries["a"]  # the same parsed objects
    assert third.entries["b"] is first.entries["b"]
    assert second is not first  # but a fresh Bibliography to own problems
    assert second.entries is not first.entries and second.problems is not first.problems
    assert second.locations is first.locations  # assembled once
    assert list(second.entries) == ["a", "b"] and list(third.entries) == ["b"]


def test_cache_reparses_a_changed_file_and_keeps_one_version(tmp_path, parse_calls):
    path = write(tmp_path, "a.bib", "@misc{a, title = {Old}}\n")
    assert load_bibliography([path]).entries["a"].fields["title"] == "Old"
    path.write_text("@misc{a, title = {New title}}\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_bibliography([path]).entries["a"].fields["title"] == "New title"
    assert len(parse_calls) == 2
    assert len(bib_cache._cache) == 1  # only the latest version per path


def test_cached_problems_are_reported_every_time(tmp_path, parse_calls):
    write(tmp_path, "a.bib", "@misc{a, title = {A}}\n@misc{a, title = {B}}\n")
    assert codes(load_bibliography(["a.bib"], base_dir=tmp_path)) == ["bib-duplicate"]
    assert codes(load_bibliography(["a.bib"], base_dir=tmp_path)) == ["bib-duplicate"]
    assert len(parse_calls) == 1


def test_an_entry_read_back_from_the_disk_cache_is_the_entry_parsed(tmp_path):
    from mkdocs_scholar.core.disk_cache import DiskCache

    write(tmp_path, "refs.bib", """
        @article{key1,
          author = {M{\\"u}ller, Anna and Ivanenko, Oksana},
          title = {A {DNA} title},
          year = {2020}
        }
    """)
    disk = DiskCache(str(tmp_path / "cache"))
    parsed = load_bibliography(["refs.bib"], tmp_path, disk=disk).entries["key1"]
    bibliography.clear_cache()  # the next process: only the disk is left
    loaded = load_bibliography(["refs.bib"], tmp_path, disk=disk).entries["key1"]
    assert loaded is not parsed
    # The fingerprint was saved with the parse: it is not computed again.
    assert loaded._scholar_fingerprint_of is loaded.fields
    assert dict(loaded.fields) == dict(parsed.fields) and loaded.fields["TITLE"] == "A {DNA} title"
    assert [str(p) for p in loaded.persons["author"]] == [str(p) for p in parsed.persons["author"]]
    assert bibliography.fingerprint(loaded) == bibliography.fingerprint(parsed)


_COUNT_TRACKED = """
import gc, sys
from mkdocs_scholar.core.bibliography import load_bibliography
from mkdocs_scholar.core.disk_cache import DiskCache
gc.collect()
before = len(gc.get_objects())
bib = load_bibliography(["refs.bib"], sys.argv[1], disk=DiskCache(sys.argv[1] + "/cache"))
gc.collect()
print((len(gc.get_objects()) - before) / len(bib.entries))
"""


def test_a_bibliography_read_from_the_disk_cache_leaves_little_for_the_collector(tmp_path):
    """Every full garbage collection of a build walks every object still tracked: a
    large .bib must not add several per entry (it used to add six)."""
    import subprocess
    import sys

    (tmp_path / "refs.bib").write_text("\n".join(
        f"@article{{key{i}, author = {{Smith, J. and Doe, J.}}, title = {{Title {i}}}, "
        f"journal = {{J}}, year = {{2000}}}}" for i in range(500)), encoding="utf-8")
    per_entry = []
    for _ in range(2):  # the first run parses and saves, the second reads back
        done = subprocess.run([sys.executable, "-c", _COUNT_TRACKED, str(tmp_path)],
                              capture_output=True, text=True, check=True)
        per_entry.append(float(done.stdout))
    assert per_entry[1] <= 2.2  # the entry and its fields
