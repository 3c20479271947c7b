"""Links between pages of a build, from MkDocs' files."""

from __future__ import annotations

import posixpath

from mkdocs.utils import get_relative_url


class FileIndex:
    """Files by source path: mkdocs-static-i18n's own lookup scans every file."""

    def __init__(self, files):
        self.by_src = {file.src_uri: file for file in files}

    def get_file_from_path(self, src: str):
        return self.by_src.get(src)


class PageUrls:
    """URLs relative to one page (the renderer's `Urls`)."""

    def __init__(self, page, files):
        self.page_obj = page
        self.files = files
        self.memo: dict[str, str] = {}

    def page(self, src: str) -> str:
        if src not in self.memo:
            target = self.files.get_file_from_path(src)
            self.memo[src] = "" if target is None or src == self.page_obj.file.src_uri else (
                get_relative_url(target.url, self.page_obj.url))
        return self.memo[src]

    def asset(self, from_src: str, raw: str) -> str:
        if "://" in raw or raw.startswith("/"):
            return raw
        src = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), raw))
        target = self.files.get_file_from_path(src)
        if target is None:
            return raw
        return get_relative_url(target.url, self.page_obj.url)
