"""`scholar-search`: search that stays in the reader's language, with Ukrainian forms.

Material's search and mkdocs-static-i18n leave one index for all languages,
so an English reader gets Ukrainian results, and lunr.js has no Ukrainian
stemmer. After the last language is built, this plugin splits the index by
language (the translation's index lives under its own folder, and its pages
look for it there) and gives each lemmatised language a lunr.js pipeline made
from a morphological analyser's table (see :mod:`mkdocs_scholar.publication.lexicon`).

List it after `i18n` and `offline`. Without mkdocs-static-i18n it only adds
the lemmatiser for the site's language.
"""

from __future__ import annotations

import json
import os
import posixpath
import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from mkdocs_scholar.plugin.languages import all_languages, current_and_default
from mkdocs_scholar.publication import lexicon

log = get_plugin_logger(__name__)

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                            re.DOTALL)
LUNR_DIR = "assets/javascripts/lunr/min"


class LanguageSearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: Languages whose search index and queries go through the lemmatiser.
    lemmatize = c.ListOfItems(c.Choice(["uk"]), default=["uk"])
    #: Characters that separate words in the search index of a lemmatised language.
    separator = c.Type(str, default=r"[\s\-«»„“”\"]+")


class LanguageSearchPlugin(BasePlugin[LanguageSearchConfig]):
    def on_config(self, config):
        if self.config.enabled and "search" not in config.plugins and \
                "material/search" not in config.plugins:
            log.warning("scholar-search works with Material's 'search' plugin, which is not "
                        "enabled")
        return config

    @event_priority(-200)  # after i18n has built every language (-100)
    def on_post_page(self, output, page, config):
        lang, default = current_and_default(config)
        if not self.config.enabled or lang == default:
            return output
        # Point the translation's pages at the translation's own index.
        root = posixpath.dirname(_page_path(page.url)) or "."
        language_root = posixpath.relpath(lang, root)

        def rebase(match: re.Match) -> str:
            data = json.loads(match.group(2))
            data["base"] = language_root
            return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

        return _CONFIG_SCRIPT.sub(rebase, output, count=1)

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


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def _language_of(location: str, languages: list[str], default: str) -> str:
    first = location.split("/", 1)[0]
    return first if first in languages[1:] and location.startswith(first + "/") else default
