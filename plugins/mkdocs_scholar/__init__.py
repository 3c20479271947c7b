"""mkdocs-scholar: pandoc-style citations and cross-references for MkDocs."""

__version__ = "0.1.0"
