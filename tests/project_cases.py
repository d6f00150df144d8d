"""Multi-module projects written to a folder and migrated as a whole."""

from __future__ import annotations

import textwrap
from pathlib import Path

from scaffold_migrate import Report, migrate_paths


def write_project(root: Path, files: dict[str, str]) -> Path:
    """The files ({"pkg/admin/__init__.py": source, ...}) under `root`, with a
    setup.py marking the project."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "setup.py").write_text("")
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return root


def migrate_project(root: Path, files: dict[str, str], paths: tuple[str, ...] = (), **options) -> Report:
    """Migrate the project (or only `paths` of it) and return the report."""
    write_project(root, files)
    options.setdefault("target", "3.1")
    return migrate_paths([str(root / path) for path in paths] or [str(root)], **options)


def changed_text(report: Report, name: str) -> str:
    """The new source of the file whose path ends with `name` (which must change)."""
    (result,) = [result for result in report.changed if result.path.endswith(name)]
    return result.new_text
