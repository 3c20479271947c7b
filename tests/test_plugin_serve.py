"""`mkdocs serve` rebuilds when a .bib file changes."""

from __future__ import annotations

from mkdocs.config import load_config

from mkdocs_scholar.plugin.scholar import ScholarPlugin


class FakeServer:
    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path, *args, **kwargs):
        self.watched.append(str(path))


def test_bib_files_are_watched(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# H\n", encoding="utf-8")
    for name in ("a.bib", "b.bib"):
        (tmp_path / name).write_text("@misc{" + name[0] + ", title={T}}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - scholar:\n      bibliography: [a.bib, b.bib]\n",
        encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    plugin = config.plugins["scholar"]
    assert isinstance(plugin, ScholarPlugin)
    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str(tmp_path / "a.bib"), str(tmp_path / "b.bib")]
