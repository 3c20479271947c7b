/*!
 * scholar-search.js, from mkdocs-scholar (the scholar-search plugin), MIT.
 *
 * On a page of Material for MkDocs, with what the plugin wrote into the page's
 * __config under "scholar_search":
 * - counts: the result count phrases take the plural form of the page's
 *   language (Intl.PluralRules), where Material has one phrase for 2, 5 and 21;
 * - highlight: in a lemmatised language the search result links carry the
 *   reader's words (?h=), and a page opened with ?h= marks every word whose
 *   lemma is the lemma of one of them, with the table the search index was
 *   made with (lunr.<lang>.min.js, loaded as a script: it works from file://).
 * Plain script, no dependencies.
 */
(function () {
  "use strict";

  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  var own = config.scholar_search;
  if (!own) return;
  var translations = config.translations || {};

  // ----------------------------------------------------------- result counts

  var rules = null;
  try {
    rules = new Intl.PluralRules(own.lang);
  } catch (error) {
    rules = null; // no Intl (very old browsers): Material's phrases stay
  }

  /** The phrase for `count` of Material's translation `key`, or null. */
  function countPhrase(key, count) {
    var forms = (own.counts || {})[key];
    if (!forms || !rules) return null;
    var phrase = forms[rules.select(count)] || forms.other;
    return phrase ? phrase.replace("#", String(count)) : null;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Material's phrase with its number: "Знайдено # збігів" -> /^Знайдено (\d+) збігів$/.
  var patterns = {};
  Object.keys(own.counts || {}).forEach(function (key) {
    var phrase = translations[key];
    if (typeof phrase === "string" && phrase.indexOf("#") >= 0) {
      var parts = phrase.split("#");
      patterns[key] = new RegExp("^" + escapeRegExp(parts[0]) + "(\\d+)" +
                                 escapeRegExp(parts.slice(1).join("#")) + "$");
    }
  });

  /** Rewrite Material's count phrase in `el` in the right plural form. */
  function recount(el, key) {
    var pattern = patterns[key];
    var match = pattern && pattern.exec(el.textContent.trim());
    if (!match) return;
    var phrase = countPhrase(key, parseInt(match[1], 10));
    if (phrase && phrase !== el.textContent) el.textContent = phrase;
  }

  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  if (meta && patterns["search.result.other"]) {
    new MutationObserver(function () {
      recount(meta, "search.result.other");
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  // ------------------------------------------------------ the reader's words

  var separator = null;
  try {
    separator = new RegExp(own.separator || "[\\s\\-]+");
  } catch (error) {
    separator = /[\s\-]+/;
  }

  /** The words of a query, without lunr's syntax (+, -word, field:, *, ~1, ^2). */
  function queryWords(value) {
    var words = [];
    var seen = {};
    String(value).split(/\s+/).forEach(function (part) {
      if (!part || part.charAt(0) === "-") return; // a word the reader does not want
      part = part.replace(/^\+/, "").replace(/^(title|text|tags):/i, "")
        .replace(/[~^]\d*$/, "").replace(/\*/g, "");
      part.split(separator).forEach(function (word) {
        word = word.replace(/^['ʼ’`]+|['ʼ’`]+$/g, "");
        var key = word.toLowerCase();
        if (word && !seen[key]) {
          seen[key] = true;
          words.push(word);
        }
      });
    });
    return words;
  }

  var input = document.querySelector(".md-search__input");

  /** Give the result links the reader's words, as Material would with search.highlight. */
  function carryQuery() {
    if (!input || !list) return;
    var words = queryWords(input.value).join(" ");
    var links = list.querySelectorAll("a.md-search-result__link");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (words) url.searchParams.set("h", words);
      else url.searchParams.delete("h");
      if (url.href !== links[i].href) links[i].href = url.href;
    }
  }

  if (list) {
    new MutationObserver(function () {
      if (own.highlight) carryQuery();
      var more = list.querySelectorAll(".md-search-result__more > summary > div");
      for (var i = 0; i < more.length; i++) recount(more[i], "search.result.more.other");
    }).observe(list, { childList: true, subtree: true });
  }

  // ------------------------------------------------- marks on the opened page

  // A word as the search index splits them: letters, digits, marks, apostrophes.
  var WORD = /[\p{L}\p{M}\p{N}'ʼ’]+/gu;

  /** A test for the words to mark: the same lemma, or (for a word the table does
   * not know, as a prefix typed so far) a form or lemma that starts with it. */
  function matcher(words, language) {
    var lemmas = Object.create(null);
    var prefixes = [];
    words.forEach(function (word) {
      if (language.isStopWord(word)) return; // the index leaves them out too
      if (language.known(word)) lemmas[language.lemma(word)] = true;
      else prefixes.push(language.normalise(word));
    });
    return function (word) {
      var form = language.normalise(word);
      var lemma = language.lemma(word);
      if (lemmas[lemma]) return true;
      for (var i = 0; i < prefixes.length; i++)
        if (form.indexOf(prefixes[i]) === 0 || lemma.indexOf(prefixes[i]) === 0) return true;
      return false;
    };
  }

  /** Mark the matching words of one text node; consecutive ones (space between) as one. */
  function markNode(node, matches) {
    var text = node.nodeValue;
    var ranges = [];
    var found;
    WORD.lastIndex = 0;
    while ((found = WORD.exec(text)) !== null) {
      var word = found[0].replace(/^['ʼ’]+/, "");
      var start = found.index + found[0].length - word.length;
      word = word.replace(/['ʼ’]+$/, "");
      if (!word || !matches(word)) continue;
      var end = start + word.length;
      var last = ranges[ranges.length - 1];
      if (last && /^\s+$/.test(text.slice(last[1], start))) last[1] = end;
      else ranges.push([start, end]);
    }
    if (!ranges.length) return 0;
    var fragment = document.createDocumentFragment();
    var cursor = 0;
    ranges.forEach(function (range) {
      if (range[0] > cursor) fragment.appendChild(document.createTextNode(text.slice(cursor, range[0])));
      var mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.textContent = text.slice(range[0], range[1]);
      fragment.appendChild(mark);
      cursor = range[1];
    });
    if (cursor < text.length) fragment.appendChild(document.createTextNode(text.slice(cursor)));
    node.parentNode.replaceChild(fragment, node);
    return ranges.length;
  }

  /** Mark the words of `query` in the page's content, as Material's search.highlight does. */
  function highlight(query, language) {
    var words = queryWords(query);
    if (!words.length) return 0;
    var matches = matcher(words, language);
    var marked = 0;
    var contents = document.querySelectorAll("[data-md-component=content]");
    for (var c = 0; c < contents.length; c++) {
      var nodes = [];
      var walker = document.createTreeWalker(contents[c], NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var parent = node.parentElement;
        // Only what the reader sees (as Material), never inside a mark or a script.
        if (parent && parent.offsetHeight && !parent.closest("mark, script, style, textarea"))
          nodes.push(node);
      }
      for (var n = 0; n < nodes.length; n++) marked += markNode(nodes[n], matches);
    }
    return marked;
  }

  /** Call back with the language's lemma table, loading its script once. */
  function withLanguage(callback) {
    var languages = window.scholarSearchLanguages || {};
    if (languages[own.lang]) return callback(languages[own.lang]);
    var script = document.createElement("script");
    script.src = own.lemmas;
    script.onload = function () {
      var loaded = (window.scholarSearchLanguages || {})[own.lang];
      if (loaded) callback(loaded);
    };
    document.head.appendChild(script);
  }

  var query = new URL(location.href).searchParams.get("h");
  if (own.highlight && own.lemmas && query) {
    withLanguage(function (language) {
      document.documentElement.setAttribute("data-scholar-search-marked",
                                            String(highlight(query, language)));
    });
  }

  // For other scripts (and the tests): the phrase for a count, the words of a query.
  window.scholarSearch = { countPhrase: countPhrase, queryWords: queryWords };
})();
