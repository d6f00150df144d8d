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
from typing import Iterable, Iterator, Mapping, Optional, Sequence

from libcst.helpers import calculate_module_and_package

from codemods._flask import COMMON_BASE_DICTS, FLASK_ROOTS, PACKAGE_BOUND_OBJECT
from codemods._project import (
    UNKNOWN,
    Class,
    Construction,
    External,
    Instance,
    ModuleFacts,
    ProjectIndex,
    RunFacts,
    dotted_name,
    module_facts,
)
from scaffold_migrate.discovery import STDIN, discover

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
# A module binds no Flask object, class or common base without one of these words.
DEFINING_WORDS = (b"flask", b"_request_funcs", b"_PackageBoundObject")
_PRIVATE_DICT = re.compile(
    rb"(?<![A-Za-z0-9_])_(?:" + b"|".join(name.encode() for name in sorted(COMMON_BASE_DICTS)) + rb")\b"
)
_PRIVATE_DICT_ENDINGS = (b"_funcs", b"_processors", b"_functions")


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


def build_index(
    root: str, also: Iterable[str] = (), exclude: Sequence[str] = (), migrating: Iterable[str] = ()
) -> ProjectIndex:
    """The index of the project at `root` (and of the files `also` names), for a run
    that migrates the files `migrating`."""
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
    private_dict_uses: dict[str, list[tuple[str, int]]] = {}
    for path, (module, package) in named.items():
        source = _read(path)
        if source is None:
            continue
        _find_private_dicts(source, path, private_dict_uses)
        if counts[module] > 1:
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
    connections = {path: roots for path, facts in index.by_path.items() if (roots := _connections(index, facts))}
    return index.with_run(
        RunFacts(
            connections=connections,
            migrating=frozenset(os.path.abspath(path) for path in migrating if path != STDIN),
            constructions=_package_bound_constructions(index, connections),
            private_dict_uses={name: tuple(uses) for name, uses in private_dict_uses.items()},
        )
    )


def _read(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _parse(source: bytes, path: str) -> Optional[ast.Module]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the per-file phase reports it


def _add(modules: dict[str, ModuleFacts], source: bytes, path: str, module: str, package: str) -> None:
    tree = _parse(source, path)
    if tree is not None:
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
    return bool(_flask_roots(index, dotted))


def _flask_roots(index: ProjectIndex, dotted: str) -> frozenset[str]:
    """The Flask classes the project class or instance `dotted` derives from."""
    target = index.resolve(dotted)
    if isinstance(target, Instance) and target.of.factory != UNKNOWN:
        factory = index.resolve(target.of.factory)
        if isinstance(factory, External):
            return frozenset({factory.dotted}) & FLASK_ROOTS
        target = factory
    if isinstance(target, Class):
        return index.roots(target) & FLASK_ROOTS
    return frozenset()


def _connections(index: ProjectIndex, facts: ModuleFacts) -> frozenset[str]:
    """The Flask classes of the project objects and classes the module binds (its
    own or imported), so that its code can be Flask code without naming Flask."""
    roots = frozenset().union(*(_flask_roots(index, f"{facts.module}.{name}") for name in facts.bound()))
    if any(index.owns(star) for star in facts.star_imports):
        roots |= FLASK_ROOTS
    return roots


def _find_private_dicts(source: bytes, path: str, uses: dict[str, list[tuple[str, int]]]) -> None:
    """Where the module names a private hook dict of a hand-made base (SM005)."""
    if not any(ending in source for ending in _PRIVATE_DICT_ENDINGS):
        return
    for match in _PRIVATE_DICT.finditer(source):
        uses.setdefault(match.group().decode(), []).append((path, source.count(b"\n", 0, match.start()) + 1))


def _package_bound_constructions(
    index: ProjectIndex, connections: Mapping[str, frozenset[str]]
) -> dict[str, tuple[Construction, ...]]:
    """Calls in the project that pass `_PackageBoundObject.__init__` arguments by
    position, for each project class inheriting that constructor."""
    found: dict[str, list[Construction]] = {}
    for path, roots in connections.items():
        if roots.isdisjoint(PACKAGE_BOUND_OBJECT):
            continue
        facts = index.by_path[path]
        source = _read(path)
        tree = _parse(source, path) if source is not None else None
        if tree is None:
            continue
        for dotted, construction in package_bound_calls(tree, facts, index):
            found.setdefault(dotted, []).append(construction)
    return {dotted: tuple(calls) for dotted, calls in found.items()}


def package_bound_calls(tree: ast.Module, facts: ModuleFacts, index: ProjectIndex) -> Iterator[tuple[str, Construction]]:
    """(class, call) for each call in the module that gives a project class
    inheriting `_PackageBoundObject.__init__` more than its import name by position."""

    def inherits(expression: ast.expr) -> Optional[str]:
        dotted = dotted_name(expression, facts.imports, facts.module)
        return dotted if index.inherits_init(dotted, PACKAGE_BOUND_OBJECT) else None

    for class_node, call in _calls_with_class(tree):
        func = call.func
        positional = len(call.args)
        if isinstance(func, ast.Attribute) and func.attr == "__init__":
            if isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
                bases = class_node.bases if class_node is not None else []
                dotted = inherits(bases[0]) if bases else None
            else:
                dotted, positional = inherits(func.value), positional - 1
        else:
            dotted = inherits(func)
        if dotted is not None and (positional > 1 or any(isinstance(arg, ast.Starred) for arg in call.args)):
            yield dotted, Construction(facts.path, call.lineno, positional)


def _calls_with_class(tree: ast.AST, class_node: Optional[ast.ClassDef] = None) -> Iterator[tuple[Optional[ast.ClassDef], ast.Call]]:
    """Every call, with the class whose body (or method) it is in."""
    for child in ast.iter_child_nodes(tree):
        inner = child if isinstance(child, ast.ClassDef) else class_node
        if isinstance(child, ast.Call):
            yield class_node, child
        yield from _calls_with_class(child, inner)
