"""How files are named in diffs, messages and the JSON (relative to the current folder
where they can be, with forward slashes), and the unified diff of a changed file."""

from __future__ import annotations

import difflib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scaffold_migrate.results import FileResult


def display_path(path: str) -> str:
    """The path as diff headers and messages show it: relative where it can be."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:
            return path
    return os.path.normpath(path).replace(os.sep, "/")


def diff_path(path: str) -> str:
    """The name a diff header gives a file: relative to the current folder, which
    `git apply` and `patch -p1` read it against; for a file outside it (`--diff ..`),
    relative to its repository's root, to be applied from there (git refuses `..`)."""
    shown = display_path(path)
    if not shown.startswith("../"):
        return shown
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            return shown
        folder = parent
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


def unified_diff(result: FileResult) -> bytes:
    """A unified diff of one changed file that `git apply` and `patch -p1` accept."""
    assert result.old_source is not None and result.new_source is not None
    name = diff_path(result.path).encode("utf-8", "surrogateescape")
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        _git_lines(result.old_source),
        _git_lines(result.new_source),
        b"a/" + name,
        b"b/" + name,
    )
    return b"".join(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n" for line in lines)


def _git_lines(source: bytes) -> list[bytes]:
    parts = source.split(b"\n")
    lines = [part + b"\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines
