"""Word forms to lemmas, for search in languages lunr.js cannot stem (Ukrainian).

A real morphological analyser (pymorphy3 with its Ukrainian dictionary) finds
the lemma of every word of the site's pages in one language, and every
inflected form of each of those lemmas. The browser then maps both the
indexed words and the reader's query through that table, so «магнієм» finds
a page that says «магнію». Pure: no MkDocs.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable

# Ukrainian letters, and the apostrophe in the three ways it is typed.
WORD = re.compile(r"[А-ЩЬЮЯҐЄІЇа-щьюяґєії][А-ЩЬЮЯҐЄІЇа-щьюяґєії'ʼ’-]*[А-ЩЬЮЯҐЄІЇа-щьюяґєії]|"
                  r"[А-ЩЬЮЯҐЄІЇа-щьюяґєії]")
APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'"})
TAG = re.compile(r"<[^>]+>")

# Function words that carry no meaning for search (conjunctions, prepositions,
# particles, pronouns): from the Ukrainian grammar, not from this site.
STOP_WORDS = {
    "uk": sorted({
        "а", "але", "або", "адже", "б", "би", "бо", "в", "вам", "вас", "ви", "він", "вона",
        "вони", "воно", "все", "всі", "де", "для", "до", "ж", "же", "з", "за", "зі", "і", "із",
        "й", "його", "її", "їх", "к", "коли", "ледве", "лише", "ми", "мої", "на", "над", "не",
        "ні", "но", "ну", "о", "об", "от", "по", "при", "про", "під", "та", "так", "також",
        "те", "ти", "то", "тобто", "тощо", "у", "це", "ці", "цей", "ця", "цю", "цього", "чи",
        "що", "щоб", "як", "який", "яка", "яке", "які", "якщо", "я",
    }),
}


def normalise(word: str) -> str:
    return word.lower().translate(APOSTROPHES)


def words(texts: Iterable[str]) -> set[str]:
    """Distinct Ukrainian words of the texts (HTML tags removed), normalised."""
    found: set[str] = set()
    for text in texts:
        found.update(normalise(word) for word in WORD.findall(TAG.sub(" ", text)))
    return found


@functools.cache
def _analyser(lang: str):
    import pymorphy3  # imported here: only sites that lemmatise need it

    return pymorphy3.MorphAnalyzer(lang=lang)


def build(vocabulary: Iterable[str], lang: str = "uk") -> dict[str, str]:
    """Form -> lemma for every form of every lemma of the vocabulary.

    For a word the analyser does not know it guesses several lemmas; the one
    that most other words of the site share wins (so «остеокласти»,
    «остеокластів» and «остеокластами» agree on «остеокласт»), then the most
    probable. The other forms of the chosen lexeme are added unless another
    word of the site already claimed them.
    """
    analyser = _analyser(lang)
    parses = {word: analyser.parse(word) for word in sorted(vocabulary)}
    shared: dict[str, int] = {}
    for options in parses.values():
        for lemma in {normalise(p.normal_form) for p in options}:
            shared[lemma] = shared.get(lemma, 0) + 1
    table: dict[str, str] = {}
    lexemes: list[tuple[str, list[str]]] = []
    for word, options in parses.items():
        best = max(options, key=lambda p: (shared[normalise(p.normal_form)], p.score))
        lemma = normalise(best.normal_form)
        table[word] = lemma
        lexemes.append((lemma, [normalise(form.word) for form in best.lexeme]))
    for lemma, forms in lexemes:
        for form in forms:
            table.setdefault(form, lemma)
    return table


def lunr_language(lang: str, table: dict[str, str]) -> str:
    """A lunr.js language (as lunr-languages ship them) whose stemmer is the table."""
    by_lemma: dict[str, list[str]] = {}
    for form, lemma in table.items():
        if form != lemma:
            by_lemma.setdefault(lemma, []).append(form)
    # One line per lemma: the lemma, then its forms; compact and easy to check.
    data = "\n".join(" ".join([lemma, *sorted(forms)]) for lemma, forms in sorted(by_lemma.items()))
    stop_words = " ".join(STOP_WORDS.get(lang, []))
    return _TEMPLATE.replace("__LANG__", lang).replace(
        "__DATA__", json.dumps(data, ensure_ascii=False)).replace(
        "__STOP__", json.dumps(stop_words, ensure_ascii=False))


_TEMPLATE = """/*!
 * lunr.__LANG__: search in this language for lunr.js, made by mkdocs-scholar.
 * The stemmer maps each word form to its lemma with a table made at build time
 * by a morphological analyser (pymorphy3) from the words of this site.
 * Pages load this file too, without lunr, for the table alone: scholar-search.js
 * marks the words of a search on the page in every form (window.scholarSearchLanguages).
 */
!function (root, factory) {
  var language = factory();
  root.scholarSearchLanguages = root.scholarSearchLanguages || {};
  root.scholarSearchLanguages["__LANG__"] = language.words;
  if (typeof define === "function" && define.amd) define(function () { return language; });
  else if (typeof exports === "object") module.exports = language;
  else if (root.lunr !== undefined) language(root.lunr);
}(this, function () {
  var lemmas = Object.create(null), isLemma = Object.create(null);
  __DATA__.split("\\n").forEach(function (line) {
    var forms = line.split(" ");
    isLemma[forms[0]] = true;
    for (var i = 1; i < forms.length; i++) lemmas[forms[i]] = forms[0];
  });
  var stopWords = __STOP__.split(" ");
  var isStopWord = Object.create(null);
  stopWords.forEach(function (word) { isStopWord[word] = true; });
  function normalise(word) {
    return word.toLowerCase().replace(/[\\u02bc\\u2019`]/g, "'");
  }
  function lemma(word) {
    var w = normalise(word);
    return lemmas[w] || w;
  }
  var language = function (lunr) {
    if (lunr === undefined) throw new Error("lunr is not present");
    if (lunr.trimmerSupport === undefined)
      throw new Error("lunr stemmer support is not present");
    lunr.__LANG__ = function () {
      this.pipeline.reset();
      this.pipeline.add(lunr.__LANG__.trimmer, lunr.__LANG__.stopWordFilter,
                        lunr.__LANG__.stemmer);
      if (this.searchPipeline) {
        this.searchPipeline.reset();
        this.searchPipeline.add(lunr.__LANG__.stemmer);
      }
    };
    lunr.__LANG__.wordCharacters = "\\\\w\\u0400-\\u04ff'\\u02bc\\u2019";
    lunr.__LANG__.trimmer = lunr.trimmerSupport.generateTrimmer(lunr.__LANG__.wordCharacters);
    lunr.Pipeline.registerFunction(lunr.__LANG__.trimmer, "trimmer-__LANG__");
    lunr.__LANG__.stopWordFilter = lunr.generateStopWordFilter(stopWords);
    lunr.Pipeline.registerFunction(lunr.__LANG__.stopWordFilter, "stopWordFilter-__LANG__");
    lunr.__LANG__.stemmer = function (token) {
      return token.update(lemma);
    };
    lunr.Pipeline.registerFunction(lunr.__LANG__.stemmer, "stemmer-__LANG__");
    // Every query clause gets its lemma as its term. Material adds a trailing
    // wildcard to each term, and a term with a wildcard skips lunr's pipeline;
    // Material also checks which query terms a result matched by comparing the
    // clause terms with the index terms (lemmas): with the reader's forms there
    // it finds none, and shows every word as missing.
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (c) {
      if (typeof c.term === "string") c.term = c.term.replace(/[^*]+/g, lemma);
      return clause.call(this, c);
    };
  };
  language.words = {
    normalise: normalise,
    lemma: lemma,
    known: function (word) { var w = normalise(word); return w in lemmas || w in isLemma; },
    isStopWord: function (word) { return normalise(word) in isStopWord; }
  };
  return language;
});
"""
