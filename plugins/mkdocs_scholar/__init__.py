"""mkdocs-scholar: pandoc-style citations and cross-references for MkDocs."""

__version__ = "0.2.0"
