"""From the paths a user gives to the Python files to look at.

Folders are walked (symlinked folders once each, so loops end), skipping the default
excludes, what .gitignore files say (from the repository root down) and --exclude
globs. A file named explicitly is always taken.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

STDIN = "-"
DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "build",
    "dist",
    "site-packages",
    "node_modules",
    "__pycache__",
)


class DiscoveryError(Exception):
    """A path given by the user does not exist."""


def discover(
    paths: Sequence[str],
    excludes: Sequence[str] = (),
    unreadable: list[tuple[str, str]] | None = None,
    force_exclude: bool = False,
) -> list[str]:
    """The Python files under `paths`, each once, in a stable order. Folders that
    cannot be listed are added to `unreadable` with the reason, when it is given.
    With `force_exclude`, the excludes apply to files named in `paths` too (as
    pre-commit names every file it checks)."""
    user_excludes = _spec(tuple(excludes))
    found: dict[str, None] = {}
    for path in paths:
        if path == STDIN:
            found[STDIN] = None
        elif os.path.isdir(path):
            walk = _Walk(
                root=path, user_excludes=user_excludes, unreadable=unreadable if unreadable is not None else []
            )
            found.update(dict.fromkeys(walk.files()))
        elif os.path.lexists(path):
            if not (force_exclude and excluded_by_name(path, excludes)):
                found[path] = None
        else:
            raise DiscoveryError(f"no such file or folder: {path}")
    return list(found)


@dataclass
class _Walk:
    root: str
    user_excludes: pathspec.GitIgnoreSpec | None
    unreadable: list[tuple[str, str]]
    _visited: set[tuple[int, int]] = field(default_factory=set)
    _gitignores: list[tuple[str, pathspec.GitIgnoreSpec]] = field(default_factory=list)

    def files(self) -> Iterator[str]:
        self._gitignores = _ancestor_gitignores(os.path.abspath(self.root))
        yield from self._walk(self.root)

    def _walk(self, folder: str) -> Iterator[str]:
        try:
            status = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            self.unreadable.append((folder, exc.strerror or str(exc)))
            return
        if (status.st_dev, status.st_ino) in self._visited:
            return
        self._visited.add((status.st_dev, status.st_ino))
        pushed = _push_gitignore(self._gitignores, folder)
        try:
            for entry in entries:
                is_dir = _is_dir(entry)
                if is_dir is None or self._excluded(entry, is_dir):
                    continue
                if is_dir:
                    yield from self._walk(entry.path)
                elif entry.name.endswith(".py"):
                    yield entry.path
        finally:
            if pushed:
                self._gitignores.pop()

    def _excluded(self, entry: os.DirEntry[str], is_dir: bool) -> bool:
        if is_dir and entry.name in DEFAULT_EXCLUDES:
            return True
        suffix = "/" if is_dir else ""
        relative = os.path.relpath(entry.path, self.root).replace(os.sep, "/") + suffix
        if self.user_excludes is not None and self.user_excludes.match_file(relative):
            return True
        return _gitignored(self._gitignores, os.path.abspath(entry.path), suffix)


def excluded_by_name(path: str, user_excludes: Sequence[str]) -> bool:
    """A file named on the command line that the excludes (or a default-excluded
    folder on its way) would have skipped in a walk from the current folder."""
    relative = os.path.relpath(path).replace(os.sep, "/")
    folders = relative.split("/")[:-1]
    if any(folder in DEFAULT_EXCLUDES for folder in folders):
        return True
    spec = _spec(tuple(user_excludes))
    return spec is not None and spec.match_file(relative)


@lru_cache(maxsize=64)
def _spec(lines: tuple[str, ...]) -> pathspec.GitIgnoreSpec | None:
    """The patterns of `lines` (None when there are none: then pathspec is never
    imported)."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _is_dir(entry: os.DirEntry[str]) -> bool | None:
    """Whether the entry is a folder (following links); None for broken links."""
    try:
        if entry.is_symlink() and not os.path.exists(entry.path):
            return None
        return entry.is_dir()
    except OSError:
        return None


def _ancestor_gitignores(folder: str) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    """The .gitignore files of the folders above `folder`, up to its repository's root
    (none outside a repository)."""
    ancestors: list[str] = []
    current = folder
    while not os.path.exists(os.path.join(current, ".git")):
        parent = os.path.dirname(current)
        if parent == current:
            return []
        ancestors.append(parent)
        current = parent
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for ancestor in reversed(ancestors):
        _push_gitignore(specs, ancestor)
    return specs


def _push_gitignore(specs: list[tuple[str, pathspec.GitIgnoreSpec]], folder: str) -> bool:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return False
    spec = _spec(tuple(lines))
    if spec is None:
        return False
    specs.append((os.path.abspath(folder), spec))
    return True


def _gitignored(specs: Sequence[tuple[str, pathspec.GitIgnoreSpec]], path: str, suffix: str) -> bool:
    """Git's answer: the deepest .gitignore with a matching pattern decides."""
    ignored = False
    for base, spec in specs:
        verdict = spec.check_file(os.path.relpath(path, base).replace(os.sep, "/") + suffix).include
        if verdict is not None:
            ignored = verdict
    return ignored
