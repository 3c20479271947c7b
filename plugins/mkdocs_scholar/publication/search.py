"""`scholar-search`: search that stays in the reader's language, with Ukrainian forms.

Material's search and mkdocs-static-i18n leave one index for all languages,
so an English reader gets Ukrainian results, and lunr.js has no Ukrainian
stemmer. After the last language is built, this plugin splits the index by
language (the translation's index lives under its own folder, and its pages
look for it there) and gives each lemmatised language a lunr.js pipeline made
from a morphological analyser's table (see :mod:`mkdocs_scholar.publication.lexicon`).

On Material's pages it also ships `scholar-search.js`: in a lemmatised
language the search result links carry the reader's words (`?h=`) and the
opened page marks them in every form (Material's own highlighter, which
matches the letters of the query, is turned off there); result counts take
the plural form the language's grammar wants (see
:mod:`mkdocs_scholar.publication.counts`); and `scholar-search.css` keeps the
closed results panel out of the tab order.

List it after `i18n` and `offline`. Without mkdocs-static-i18n it only adds
the lemmatiser for the site's language.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from importlib import resources

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from mkdocs_scholar.plugin.config import CheckedMapping, ConfigProblem
from mkdocs_scholar.plugin.languages import all_languages, current_and_default
from mkdocs_scholar.plugin.yaml_lines import option_line
from mkdocs_scholar.publication import counts, lexicon

log = get_plugin_logger(__name__)

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                            re.DOTALL)
LUNR_DIR = "assets/javascripts/lunr/min"
ASSETS = {"scholar-search.js": "assets/mkdocs-scholar/scholar-search.js",
          "scholar-search.css": "assets/mkdocs-scholar/scholar-search.css"}
HIGHLIGHT = "search.highlight"


class LanguageSearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: Languages whose search index and queries go through the lemmatiser.
    lemmatize = c.ListOfItems(c.Choice(["uk"]), default=["uk"])
    #: Characters that separate words in the search index of a lemmatised language.
    separator = c.Type(str, default=r"[\s\-«»„“”\"]+")
    #: Phrases for the result counts per language and plural category, e.g.
    #: {pl: {search.result.other: {one: ..., few: ..., many: ...}}}; Ukrainian is built in.
    counts = CheckedMapping(lambda value: (counts.check(value), []), "search-counts")

    def validate(self):
        failed, warnings = super().validate()
        return [(key, self._located(key, error)) for key, error in failed], warnings

    def _located(self, key: str, error):
        line = option_line(self.config_file_path, "scholar-search", key)
        if not line:
            return error
        return ConfigProblem(f"{os.path.basename(self.config_file_path)}:{line}: {error}",
                             getattr(error, "code", "config-type"))


class LanguageSearchPlugin(BasePlugin[LanguageSearchConfig]):
    def on_config(self, config):
        if not self.config.enabled:
            return config
        if "search" not in config.plugins and "material/search" not in config.plugins:
            log.warning("scholar-search works with Material's 'search' plugin, which is not "
                        "enabled")
        if _material(config):
            if ASSETS["scholar-search.css"] not in config.extra_css:
                config.extra_css.append(ASSETS["scholar-search.css"])
            if ASSETS["scholar-search.js"] not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(ASSETS["scholar-search.js"])
        return config

    def on_files(self, files, config):
        if self.config.enabled and _material(config):
            # Outside docs_dir, like theme files: mkdocs-static-i18n keeps them in each build.
            assets = str(resources.files("mkdocs_scholar").joinpath("assets"))
            for name, uri in ASSETS.items():
                files.append(File(name, src_dir=assets, dest_dir=config.site_dir,
                                  use_directory_urls=config.use_directory_urls, dest_uri=uri))
        return files

    @event_priority(-200)  # after i18n has built every language (-100)
    def on_post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        lang, default = current_and_default(config)
        root = posixpath.dirname(_page_path(page.url)) or "."
        # What scholar-search.js does on this page (nothing, without this entry).
        own: dict = {"lang": lang}
        phrases = counts.phrases(lang, self.config.counts)
        if phrases:
            own["counts"] = phrases
        features = list(config.theme.get("features") or [])
        highlight = lang in self.config.lemmatize and HIGHLIGHT in features
        if highlight:
            own.update(highlight=True, separator=self.config.separator,
                       lemmas=posixpath.relpath(f"{LUNR_DIR}/lunr.{lang}.min.js", root))
        if lang == default and len(own) == 1:
            return output

        def rewrite(match: re.Match) -> str:
            data = json.loads(match.group(2))
            if lang != default:  # the translation's pages search the translation's index
                data["base"] = posixpath.relpath(lang, root)
            if highlight:
                # Material would mark the letters of the reader's words (and give the
                # result links an empty `h`): scholar-search.js marks every form instead.
                data["features"] = [f for f in data.get("features", []) if f != HIGHLIGHT]
            if len(own) > 1:
                data["scholar_search"] = own
            text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            return match.group(1) + text + match.group(3)

        return _CONFIG_SCRIPT.sub(rewrite, output, count=1)

    @event_priority(-200)  # after i18n merged the indexes and offline inlined them (-100)
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if not self.config.enabled or (i18n is not None and getattr(i18n, "building", False)):
            return
        site = config.site_dir
        index_path = os.path.join(site, "search", "search_index.json")
        if not os.path.isfile(index_path):
            return
        with open(index_path, encoding="utf-8") as handle:
            index = json.load(handle)
        languages = all_languages(config)
        default = languages[0]
        offline = os.path.isfile(os.path.join(site, "search", "search_index.js"))
        for lang in languages:
            prefix = "" if lang == default else lang + "/"
            docs = [dict(doc, location=doc["location"][len(prefix):]) for doc in index["docs"]
                    if _language_of(doc["location"], languages, default) == lang]
            settings = dict(index["config"])
            if lang in self.config.lemmatize:
                settings["lang"] = [lang]
                settings["separator"] = self.config.separator
                # Material drops pipeline steps not listed here; the stemmer is the point.
                settings["pipeline"] = ["trimmer", "stopWordFilter", "stemmer"]
                table = lexicon.build(lexicon.words(
                    doc.get("title", "") + " " + doc.get("text", "") for doc in docs), lang)
                _write(os.path.join(site, LUNR_DIR, f"lunr.{lang}.min.js"),
                       lexicon.lunr_language(lang, table))
                log.info(f"search: {len(table)} word forms of {lang} mapped to their lemmas")
            elif lang != "en":
                settings["lang"] = ["en"]
            data = json.dumps({"config": settings, "docs": docs}, ensure_ascii=False,
                              separators=(",", ":"))
            folder = os.path.join(site, prefix, "search")
            _write(os.path.join(folder, "search_index.json"), data)
            if offline:
                _write(os.path.join(folder, "search_index.js"), f"var __index = {data}")


def _material(config) -> bool:
    return config.theme.name == "material"


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def _language_of(location: str, languages: list[str], default: str) -> str:
    first = location.split("/", 1)[0]
    return first if first in languages[1:] and location.startswith(first + "/") else default
