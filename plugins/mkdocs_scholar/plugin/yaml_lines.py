"""Where an option is written in mkdocs.yml, for messages that name the line.

MkDocs hands plugins their options without positions; the file is composed
again (nodes only, no tags resolved, so `!ENV` and the like are no obstacle)
only when there is a configuration problem to report.
"""

from __future__ import annotations

import yaml


class _Composer(yaml.SafeLoader):
    """Composes any tag: only the nodes' positions are read."""


def option_line(config_file: str | None, plugin: str, *keys: str) -> int:
    """1-based line of `plugins: - <plugin>: <keys…>` in `config_file`; the
    plugin's own line when the key is not found; 0 when neither is."""
    if not config_file:
        return 0
    try:
        with open(config_file, encoding="utf-8-sig") as handle:
            root = yaml.compose(handle, Loader=_Composer)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return 0
    plugins = _get(root, "plugins")
    entry = None
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == plugin:
                return item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                entry = _pair(item, plugin) or entry
    elif isinstance(plugins, yaml.MappingNode):
        entry = _pair(plugins, plugin)
    if entry is None:
        return 0
    key_node, node = entry
    line = key_node.start_mark.line + 1
    for key in keys:
        found = _pair(node, key)
        if found is None:
            break
        key_node, node = found
        line = key_node.start_mark.line + 1
    return line


def top_level_line(config_file: str | None, key: str) -> int:
    """1-based line of a top-level key of mkdocs.yml; 0 when not found."""
    if not config_file:
        return 0
    try:
        with open(config_file, encoding="utf-8-sig") as handle:
            root = yaml.compose(handle, Loader=_Composer)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return 0
    found = _pair(root, key)
    return found[0].start_mark.line + 1 if found else 0


def _pair(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _get(node, key: str):
    found = _pair(node, key)
    return found[1] if found else None
