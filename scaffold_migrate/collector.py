"""The garbage collector as the tool's own processes run it (the command line and
its workers; a program calling the API keeps its own settings).

libcst's trees are a great many small objects, most of them alive until the file
is done: at CPython's default, a collection every 700 allocations, each file's
tree is scanned again and again, and every full collection scans the imported
modules too."""

from __future__ import annotations

import gc

# A young collection every 100,000 allocations; full ones far rarer. A file's
# garbage (its scopes hold cycles) is still collected within a few files.
THRESHOLDS = (100_000, 50, 100)


def tune() -> None:
    """Keep what is alive now (the imported modules) out of every later collection,
    and collect less often."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
