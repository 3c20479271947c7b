"""The language of a cited work, from BibLaTeX's `langid`, as a BCP 47 tag.

Pure core. A reference list on a Ukrainian page that holds English titles should
say so (`lang="en"`), or a screen reader reads them with Ukrainian rules. BibLaTeX
names languages by babel/polyglossia names (`english`, `ukrainian`, `ngerman`);
pandoc accepts those and BCP 47 tags (`en-US`, `uk`) alike, and so does this.
"""

from __future__ import annotations

import re

__all__ = ["LANGID_TAGS", "entry_language", "language_tag"]

#: babel / polyglossia language names, as BibLaTeX's `langid` takes them.
LANGID_TAGS = {
    "american": "en-US", "british": "en-GB", "english": "en", "UKenglish": "en-GB",
    "USenglish": "en-US", "australian": "en-AU", "canadian": "en-CA",
    "newzealand": "en-NZ", "ukrainian": "uk", "russian": "ru", "belarusian": "be",
    "german": "de", "ngerman": "de", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr", "francais": "fr",
    "acadian": "fr-CA", "canadien": "fr-CA", "spanish": "es", "mexican": "es-MX",
    "catalan": "ca", "portuguese": "pt", "portuges": "pt", "brazilian": "pt-BR",
    "brazil": "pt-BR", "italian": "it", "polish": "pl", "czech": "cs", "slovak": "sk",
    "slovene": "sl", "slovenian": "sl", "croatian": "hr", "serbian": "sr",
    "bulgarian": "bg", "macedonian": "mk", "romanian": "ro", "hungarian": "hu",
    "magyar": "hu", "dutch": "nl", "flemish": "nl-BE", "danish": "da",
    "norwegian": "nb", "norsk": "nb", "nynorsk": "nn", "swedish": "sv", "finnish": "fi",
    "estonian": "et", "latvian": "lv", "lithuanian": "lt", "greek": "el",
    "turkish": "tr", "hebrew": "he", "arabic": "ar", "persian": "fa", "hindi": "hi",
    "chinese": "zh", "japanese": "ja", "korean": "ko", "latin": "la",
    "basque": "eu", "galician": "gl", "irish": "ga", "welsh": "cy", "icelandic": "is",
    "georgian": "ka", "armenian": "hy", "vietnamese": "vi", "thai": "th",
    "indonesian": "id", "malay": "ms", "albanian": "sq", "afrikaans": "af",
}
_FOLDED = {name.casefold(): tag for name, tag in LANGID_TAGS.items()}
# A BCP 47 tag as bibliographies write them: language, then script or region.
_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_](?:[a-zA-Z]{4}|[a-zA-Z]{2}|\d{3}))*$")


def language_tag(value: str) -> str | None:
    """`value` (a babel name or a BCP 47 tag) as a BCP 47 tag; None if neither."""
    name = value.strip().strip("{}").strip()
    if not name:
        return None
    tag = _FOLDED.get(name.casefold())
    if tag is not None:
        return tag
    if _TAG.match(name):
        parts = name.replace("_", "-").split("-")
        return "-".join([parts[0].lower()] + [
            part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part
            for part in parts[1:]])
    return None


def entry_language(fields) -> tuple[str | None, str | None]:
    """(the work's language tag, the `langid` value that is not a language, if any).

    `fields` is an entry's field mapping. `langid` decides; without it, BibLaTeX's
    `language` is used when it names one known language (it is free text otherwise,
    "English and French", and says nothing certain)."""
    langid = str(fields.get("langid", "") or "").strip()
    if langid:
        tag = language_tag(langid)
        return (tag, None) if tag else (None, langid)
    language = str(fields.get("language", "") or "").strip()
    if language and " " not in language:
        return language_tag(language), None
    return None, None
