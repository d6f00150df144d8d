"""The garbage collector as the tool's own processes run it (the command line and
its workers; a program calling the API keeps its own settings).

libcst's trees are a great many small objects, most of them alive until the file
is done: at CPython's default, a collection every 700 allocations, each file's
tree is scanned again and again, and every full collection scans the imported
modules too.

After each parsed file, the young generation is collected: most of a file's objects
are freed as it ends, but its scopes (and a few closures) hold cycles, and what
they keep would otherwise wait for the next collection, dozens of files later, out
of cache, its memory not reused meanwhile (measured: the run about a tenth slower).
That collection changes no setting, and runs in a program calling the API too."""

from __future__ import annotations

import gc

# A young collection every 100,000 allocations, so that few happen within a file
# (each would scan the file's live tree); full ones far rarer.
THRESHOLDS = (100_000, 50, 100)


def tune() -> None:
    """Keep what is alive now (the imported modules) out of every later collection,
    and collect less often."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def collect_young() -> None:
    """Collect the youngest generation (see the module docstring)."""
    gc.collect(0)
