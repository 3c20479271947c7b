"""The interface's English strings that a Ukrainian page must not show: every string
of Material's English language file, and the site's own (mkdocs.yml, the plugin).

Read from the installed Material, so a string a new release adds is checked too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import material

_MATERIAL_EN = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"

# Not words a reader meets: the language code, the text direction, search settings.
_NOT_WORDS = {"language", "direction", "search.config.lang", "search.config.pipeline",
              "search.config.separator"}

#: The site's and the plugin's English interface strings.
SITE_WORDS = {
    "Switch to dark mode", "Switch to light mode", "Permanent link", "Made with",
    "Figures drawn for this edition.", "N. V. Dedukh, N. V. Grygorieva, A. S. Musienko",
    "Download", "Contents", "back to citation", "unknown citation key",
}


def material_words() -> dict[str, str]:
    """Material's English strings by key, as its language file holds them."""
    text = _MATERIAL_EN.read_text(encoding="utf-8")
    pairs = re.findall(r'^\s*"([a-z.]+)": "((?:[^"\\]|\\.)*)",?$', text, re.MULTILINE)
    words = {key: json.loads(f'"{value}"') for key, value in pairs if key not in _NOT_WORDS}
    assert len(words) > 40, f"Material's language file changed shape: {_MATERIAL_EN}"
    return words


def english_words() -> set[str]:
    """Every English interface string, placeholders ("#") cut off at the number."""
    words = set(SITE_WORDS)
    for value in material_words().values():
        words.add(value)
        words.update(part.strip() for part in value.split("#") if len(part.strip()) > 3)
    return words
