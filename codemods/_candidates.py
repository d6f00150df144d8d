"""What a rule acts on, as CPython's `ast` of a file shows it: the second stage of
choosing the files to parse, after the trigger words and before libcst (data and
`ast` only, like codemods._triggers: a run reads it before it imports any rule)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CandidateCalls:
    """The calls a rule can change or report: calls of the functions `names` that pass
    a keyword of `keywords`, pass `**` (with `double_star`), or have more than
    `positional_over` plain positional arguments (`*args` not counted).

    A function is called by its own name (`send_file(...)`, `flask.send_file(...)`),
    by a name an import gives it (`from flask import send_file as serve`), or through
    a module of the project, which may re-export it under any name."""

    names: frozenset[str]
    keywords: frozenset[str] = frozenset()
    double_star: bool = False
    positional_over: int | None = None

    def matches(self, call: ast.Call) -> bool:
        """Whether the call's arguments are of the shape, whatever it calls."""
        for keyword in call.keywords:
            if (self.double_star and keyword.arg is None) or keyword.arg in self.keywords:
                return True
        if self.positional_over is None or len(call.args) <= self.positional_over:
            return False
        return sum(not isinstance(arg, ast.Starred) for arg in call.args) > self.positional_over


def holds_candidate(tree: ast.Module, candidates: Iterable[CandidateCalls], project: frozenset[str]) -> bool:
    """Whether a call of the tree is one of the candidates; `project` holds the
    project's top-level module names."""
    candidates = tuple(candidates)
    imports: list[ast.Import | ast.ImportFrom] = []
    calls: list[ast.Call] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(node)
        elif isinstance(node, ast.Call):
            calls.append(node)
    if any(_stars_from_the_project(node, project) for node in imports):
        return True
    callees = {
        candidate: candidate.names | _standing_for(imports, candidate.names, project) for candidate in candidates
    }
    return any(
        _called_names(call.func) & callees[candidate] and candidate.matches(call)
        for call in calls
        for candidate in candidates
    )


def _called_names(func: ast.expr) -> set[str]:
    """The name a call's function ends with and the name its dotted path starts from
    (`helpers.send_file` -> {"send_file", "helpers"})."""
    if isinstance(func, ast.Name):
        return {func.id}
    if not isinstance(func, ast.Attribute):
        return set()
    names = {func.attr}
    root: ast.expr = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if isinstance(root, ast.Name):
        names.add(root.id)
    return names


def _standing_for(
    imports: list[ast.Import | ast.ImportFrom], names: frozenset[str], project: frozenset[str]
) -> set[str]:
    """The names the imports bind that may stand for one of `names`: an alias of one,
    and whatever comes from a module of the project."""
    found: set[str] = set()
    for node in imports:
        if isinstance(node, ast.ImportFrom):
            from_project = _in_project(node, project)
            found.update(alias.asname or alias.name for alias in node.names if from_project or alias.name in names)
        else:
            for alias in node.names:
                if alias.name.split(".")[0] in project:
                    found.add(alias.asname or alias.name.split(".")[0])
    return found


def _in_project(node: ast.ImportFrom, project: frozenset[str]) -> bool:
    return node.level > 0 or (node.module or "").split(".")[0] in project


def _stars_from_the_project(node: ast.Import | ast.ImportFrom, project: frozenset[str]) -> bool:
    return isinstance(node, ast.ImportFrom) and _in_project(node, project) and any(a.name == "*" for a in node.names)
