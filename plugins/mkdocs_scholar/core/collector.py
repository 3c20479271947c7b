"""The garbage collector, paused while a step allocates much and frees little.

Parsing a .bib, formatting its entries or reading them back from the disk cache
makes tens of thousands of objects that live on, and almost no cyclic garbage:
every collection their allocation sets off would only walk them (and the rest
of the build's objects, in a full collection), again and again. The usual remedy
for large loads (Mercurial's `nogc`); the collector's state is restored right
after, and what the step freed was freed by reference counting already.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
