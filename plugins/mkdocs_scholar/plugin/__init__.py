"""The MkDocs glue: typed configuration and the plugin's event handlers."""

from mkdocs_scholar.plugin.scholar import ScholarPlugin

try:
    # ProperDocs asks its plugins to join its notice: run as `mkdocs`, ProperDocs'
    # module prints once, on stderr, that MkDocs 2 drops plugins and how to switch
    # (DISABLE_MKDOCS_2_WARNING=true silences it). Not a log record: a strict build
    # does not count it. Without ProperDocs installed, nothing happens.
    import properdocs.replacement_warning
except ImportError:
    pass
else:
    properdocs.replacement_warning.setup()

__all__ = ["ScholarPlugin"]
