"""A cache folder that outlives the process: parsed .bib files, formatted entries,
the citations as parsed, filled-in pages (see page_cache).

Pure core (no MkDocs). `mkdocs build` starts a new process each time; with
this folder a rebuild after editing one page neither parses the .bib files nor
formats entries again.

The files are JSON, never pickle: a cache that CI restores from another
branch's run, or that arrives in a downloaded artifact, is untrusted input, and
reading JSON runs no code. Each file is a line of header (what wrote it, the
schema, the kind of value, a SHA-256) and the payload: JSON, or for a value
that is a few long texts (a filled-in page) the texts' UTF-8 one after the
other, their byte lengths in the header and in the checksum; escaping HTML into
JSON strings and back costs more than all the rest of a load. The caller's
`decode` checks the payload's shape. A file that is missing, unreadable, of
another version or schema, damaged or of the wrong shape is treated as absent
(a debug line says why) and the next save replaces it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs_scholar import __version__
from mkdocs_scholar.core import collector

__all__ = ["SCHEMA", "CacheShapeError", "Codec", "DiskCache", "checksum"]

# Bumped when what a kind of file holds changes shape.
SCHEMA = 2
_MAGIC = "mkdocs-scholar cache"
_SUFFIX = ".json"


class CacheShapeError(ValueError):
    """A cache payload that is valid JSON but not what its kind holds."""


@dataclass(frozen=True)
class Codec:
    """One kind of cache file: its name in the header, and how its value becomes
    JSON data and back (`decode` raises CacheShapeError, or anything, on bad data)."""

    kind: str
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    texts: bool = False  # `encode` gives a list of strings, stored as they are


def checksum(payload: bytes, lengths=None) -> str:
    """The SHA-256 a header gives: of the payload, and of the lengths that cut it
    into texts (moving a boundary would give other texts, each of them valid)."""
    hasher = hashlib.sha256()
    if lengths is not None:
        hasher.update(json.dumps(lengths).encode("utf-8") + b"\n")
    hasher.update(payload)
    return hasher.hexdigest()


def _utf8(text) -> bytes:
    if not isinstance(text, str):
        raise TypeError(f"{type(text).__name__} is not a text")
    return text.encode("utf-8", "surrogatepass")


def _split_texts(header: dict, payload: bytes) -> list[str]:
    """The texts of a payload stored as they are, by the byte lengths in its header."""
    lengths = header.get("lengths")
    if not (isinstance(lengths, list)
            and all(type(length) is int and length >= 0 for length in lengths)
            and sum(lengths) == len(payload)):
        raise CacheShapeError("its lengths do not match its payload")
    texts, start = [], 0
    for length in lengths:
        texts.append(payload[start:start + length].decode("utf-8", "surrogatepass"))
        start += length
    return texts


class _Reporting:
    """What a folder and its subfolders have said already: one info line at most."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter):
        self.log = log
        self.unwritable = False


class DiskCache:
    def __init__(self, folder: str, log: logging.Logger | logging.LoggerAdapter | None = None,
                 *, _reporting: _Reporting | None = None):
        self.folder = folder
        self._reporting = _reporting or _Reporting(log or logging.getLogger(__name__))
        self.used: set[str] = set()  # names looked up or saved (see delete_except)

    def child(self, name: str) -> DiskCache:
        """A subfolder that reports through the same channel (one info line in all)."""
        return DiskCache(os.path.join(self.folder, name), _reporting=self._reporting)

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name + _SUFFIX)

    def load(self, name: str, codec: Codec):
        """The value saved under `name`, or None when there is none worth reading."""
        path = self._path(name)
        self.used.add(name)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            return self._absent(path, f"it cannot be read ({error.strerror or error})")
        head, newline, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return self._absent(path, "its header is not a cache header")
        if not (isinstance(header, dict) and header.get("cache") == _MAGIC):
            return self._absent(path, "its header is not a cache header")
        if (header.get("schema"), header.get("version")) != (SCHEMA, __version__):
            return self._absent(path, f"it was written by mkdocs-scholar "
                                      f"{header.get('version')} (schema {header.get('schema')})")
        if header.get("kind") != codec.kind:
            return self._absent(path, f"it holds '{header.get('kind')}', not '{codec.kind}'")
        if not newline or header.get("sha256") != checksum(payload, header.get("lengths")):
            return self._absent(path, "its checksum does not match (a damaged file)")
        try:
            with collector.paused():  # thousands of objects, none of them garbage
                data = _split_texts(header, payload) if codec.texts else json.loads(payload)
                return codec.decode(data)
        # The file is untrusted: whatever it holds must not stop the build.
        except Exception as error:  # noqa: BLE001
            return self._absent(path, f"its content has the wrong shape ({error})")

    def _absent(self, path: str, why: str) -> None:
        self._reporting.log.debug(f"cache: ignoring {path}: {why}; it will be replaced")
        return None

    def save(self, name: str, value, codec: Codec) -> None:
        """Write `value` under `name`; a cache that cannot be written is only slower."""
        self.used.add(name)
        fields = {"cache": _MAGIC, "schema": SCHEMA, "version": __version__, "kind": codec.kind}
        try:
            data = codec.encode(value)
            if codec.texts:
                parts = [_utf8(text) for text in data]
                payload = b"".join(parts)
                fields["lengths"] = [len(part) for part in parts]
            else:
                payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                     allow_nan=False).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError) as error:  # e.g. a style given as a class
            self._reporting.log.debug(f"cache: '{name}' is not saved: {error}")
            return
        fields["sha256"] = checksum(payload, fields.get("lengths"))
        header = json.dumps(fields).encode("ascii")
        temporary = None
        try:
            os.makedirs(self.folder, exist_ok=True)
            # Write then rename: a build interrupted half-way leaves no broken file,
            # and two builds at once each replace the file whole.
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(header + b"\n" + payload)
            os.replace(temporary, self._path(name))
        except OSError as error:
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
            self._unwritable(error)

    def _unwritable(self, error: OSError) -> None:
        reporting = self._reporting
        if not reporting.unwritable:
            reporting.unwritable = True
            reporting.log.info(
                f"cache: the folder {self.folder} cannot be written "
                f"({error.strerror or error}); the site is built all the same, but the next "
                "build cannot reuse this one's work. Point 'cache_dir' at a writable folder, "
                "or set it to '' to build without a cache.")

    def delete_except(self, keep: set[str], owned: re.Pattern[str]) -> None:
        """Delete the files of the folder whose names match `owned` (the caller's
        names, this release's and earlier ones') but those of the names in `keep`.
        A folder the user shares with other tools keeps their files."""
        keep_files = {name + _SUFFIX for name in keep}
        try:
            files = os.listdir(self.folder)
        except OSError:
            return
        for file in files:
            if file not in keep_files and owned.fullmatch(file) \
                    and os.path.isfile(os.path.join(self.folder, file)):
                try:
                    os.unlink(os.path.join(self.folder, file))
                except OSError:
                    pass

    @staticmethod
    def digest(data: bytes, *extra: str) -> str:
        hasher = hashlib.sha256(data)
        for part in extra:
            hasher.update(b"\0" + part.encode("utf-8"))
        return hasher.hexdigest()[:32]

