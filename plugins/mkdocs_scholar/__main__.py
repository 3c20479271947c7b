import sys

from mkdocs_scholar.cli import main

sys.exit(main())
