"""The running interpreter's whole standard library through every rule."""

import os
import sysconfig
from collections import Counter

from scaffold_migrate import migrate_paths


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in ("site-packages", "__pycache__"))
        yield from (os.path.join(folder, name) for name in sorted(files) if name.endswith(".py"))


def test_standard_library_is_left_alone():
    files = list(stdlib_files())
    report = migrate_paths(files, target="3.1", jobs=2)
    assert len(report.files) == len(files) > 500
    assert not report.changed, [result.path for result in report.changed]
    assert all(result.error.kind in ("parse", "read") for result in report.errors), report.errors
    assert max(Counter(result.path for result in report.errors).values(), default=0) <= 1
