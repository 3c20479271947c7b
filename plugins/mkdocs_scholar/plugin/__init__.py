"""The MkDocs glue: typed configuration and the plugin's event handlers."""

from mkdocs_scholar.plugin.scholar import ScholarPlugin

__all__ = ["ScholarPlugin"]
