"""A cache folder that outlives the process: parsed .bib files, formatted entries,
filled-in pages (see page_cache).

`mkdocs build` starts a new process each time; with this folder a rebuild
after editing one page neither parses the .bib files nor formats entries
again. Each file name carries the package and Python versions, so an upgrade
starts afresh; an unreadable file is treated as absent.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile

from mkdocs_scholar import __version__
from mkdocs_scholar.core import collector

# Bumped when what is saved changes shape, so that older files are not read.
_FORMAT = 7
_STAMP = f"{__version__}-f{_FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"


class DiskCache:
    def __init__(self, folder: str):
        self.folder = folder

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, f"{name}-{_STAMP}.pickle")

    def load(self, name: str):
        try:
            with open(self._path(name), "rb") as handle, collector.paused():
                return pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError, ImportError):
            return None

    def save(self, name: str, value) -> None:
        """Write `value` under `name`; a cache that cannot be written is only slower."""
        try:
            os.makedirs(self.folder, exist_ok=True)
            # Write then rename: a build interrupted half-way leaves no broken file.
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(name))
        except OSError:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def delete_except(self, keep: set[str]) -> None:
        """Delete every file of the folder but those of the names in `keep`."""
        keep_files = {os.path.basename(self._path(name)) for name in keep}
        try:
            files = os.listdir(self.folder)
        except OSError:
            return
        for file in files:
            if file not in keep_files:
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
