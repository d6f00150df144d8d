"""Phase one: the project the files belong to, and its index (codemods._project).

The project is the nearest folder, from the first path upwards, holding
pyproject.toml, setup.py, setup.cfg or .git (else the folder given), so that a
pre-commit run on a few files, a single file and a whole-tree run see the same facts.
A module's dotted name comes from its import root: the first folder above it with no
`__init__.py`.

Only modules that can bind the names the rules ask about are parsed: those that
mention Flask, then, round by round, those that import from the project and mention
a name an earlier round found (a re-export or a subclass names what it takes).
"""

from __future__ import annotations

import ast
import os
import re
import warnings
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from libcst.helpers import calculate_module_and_package

from codemods._flask import FLASK_ROOTS
from codemods._project import Class, Instance, ModuleFacts, ProjectIndex, module_facts
from scaffold_migrate.discovery import STDIN, discover

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
# A module binds no Flask object, class or common base without one of these words.
DEFINING_WORDS = (b"flask", b"_request_funcs", b"_PackageBoundObject")


def project_root(paths: Sequence[str]) -> str:
    """The folder of the project the first of `paths` belongs to."""
    first = next((path for path in paths if path != STDIN), os.curdir)
    start = os.path.abspath(first if os.path.isdir(first) else os.path.dirname(first) or os.curdir)
    folder = start
    while True:
        if any(os.path.exists(os.path.join(folder, marker)) for marker in PROJECT_MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


@lru_cache(maxsize=4096)
def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


def module_name(path: str) -> tuple[str, str]:
    """The dotted name of the module at `path`, and its package."""
    absolute = os.path.abspath(path)
    root = os.path.dirname(absolute)
    while _is_package(root) and os.path.dirname(root) != root:
        root = os.path.dirname(root)
    names = calculate_module_and_package(root, absolute)
    return names.name, names.package


def build_index(root: str, also: Iterable[str] = (), exclude: Sequence[str] = ()) -> ProjectIndex:
    """The index of the project at `root` (and of the files `also` names)."""
    files = dict.fromkeys([*discover([root], exclude), *(path for path in also if path != STDIN)])
    named = {os.path.abspath(path): module_name(path) for path in files}
    counts: dict[str, int] = {}
    for module, _ in named.values():
        counts[module] = counts.get(module, 0) + 1
    top_level = {module.split(".")[0] for module in counts}
    imports_project = re.compile(
        rb"from\s+\.|import\s+\*|\b(?:from|import)\s+(?:"
        + b"|".join(re.escape(name.encode()) for name in sorted(top_level))
        + rb")\b"
    )
    modules: dict[str, ModuleFacts] = {}
    candidates: dict[str, bytes] = {}
    for path, (module, package) in named.items():
        source = _read(path)
        if source is None or counts[module] > 1:
            continue
        if any(word in source for word in DEFINING_WORDS):
            _add(modules, source, path, module, package)
        elif imports_project.search(source):
            candidates[path] = source
    index = ProjectIndex(modules, root, top_level=top_level)
    while candidates:
        names = _interesting_names(index, modules.values())
        if not names:
            break
        mentions = re.compile(rb"\b(?:" + b"|".join(re.escape(name.encode()) for name in sorted(names)) + rb")\b")
        found = [path for path, source in candidates.items() if mentions.search(source)]
        if not found:
            break
        for path in found:
            module, package = named[path]
            _add(modules, candidates.pop(path), path, module, package)
        index = ProjectIndex(modules, root, top_level=top_level)
    return index.with_connected(
        path for path, facts in index.by_path.items() if _connected(index, facts)
    )


def _read(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _add(modules: dict[str, ModuleFacts], source: bytes, path: str, module: str, package: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # the per-file phase reports it
    modules[module] = module_facts(tree, module, package, path)


def _interesting_names(index: ProjectIndex, modules: Iterable[ModuleFacts]) -> set[str]:
    """The module-level names that are Flask objects or classes, for a later round."""
    return {
        name
        for facts in modules
        for name in facts.bound()
        if _is_flask(index, f"{facts.module}.{name}")
    }


def _is_flask(index: ProjectIndex, dotted: str) -> bool:
    target = index.resolve(dotted)
    if isinstance(target, Class):
        return not index.roots(target).isdisjoint(FLASK_ROOTS)
    return isinstance(target, Instance) and index.instance_of(dotted, FLASK_ROOTS) is not None


def _connected(index: ProjectIndex, facts: ModuleFacts) -> bool:
    """Whether the module binds a Flask object or class of the project (its own or
    imported), so that its code can be Flask code without naming Flask."""
    return any(_is_flask(index, f"{facts.module}.{name}") for name in facts.bound()) or any(
        index.owns(star) for star in facts.star_imports
    )
