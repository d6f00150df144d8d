"""The import additions and removals the rules schedule, applied after the rule pass.

Rules schedule them through libcst's `add_needed_import` and `remove_unused_import`
API, so that each rule still runs as a libcst codemod of its own. libcst's
visitors would copy the tree and analyse its scopes again to apply them; the
additions here only look at the module's first statements, and the removals only
need the names the module still uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Optional

import libcst as cst
from libcst.codemod import Codemod, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, ImportItem, RemoveImportsVisitor

from codemods._flask import moved
from codemods._nodes import NoFieldHooks
from codemods._syntax import absolute_module, bound_name
from codemods.versions import FlaskVersion

_Removal = tuple[str, Optional[str], Optional[str]]
_WORD = re.compile(r"\w+")


def scheduled_additions(context: CodemodContext) -> list[ImportItem]:
    return list(context.scratch.get(AddImportsVisitor.CONTEXT_KEY, ()))


def scheduled_removals(context: CodemodContext) -> list[_Removal]:
    return list(context.scratch.get(RemoveImportsVisitor.CONTEXT_KEY, ()))


def supported_addition(item: ImportItem) -> bool:
    """The additions made here: `from M import N`, absolute, without an alias."""
    return item.obj_name is not None and item.alias is None and not item.relative


def add_imports(module: cst.Module, items: Iterable[ImportItem]) -> cst.Module:
    """`from M import N` for each item the module's leading imports lack, as libcst's
    AddImportsVisitor writes it: merged into a leading `from M import ...` when there
    is one, else a new line after the leading imports."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        if not supported_addition(item):
            raise ValueError(f"unsupported import addition: {item}")
        wanted.setdefault(item.module, set()).add(item.obj_name)  # type: ignore[arg-type]
    body = list(module.body)
    start = 1 if body and _stays_first(body[0]) else 0
    end = start
    while end < len(body) and _single_import(body[end]) is not None:
        end += 1
    leading = [_single_import(statement) for statement in body[start:end]]
    for statement in leading:
        if isinstance(statement, cst.ImportFrom):
            name = absolute_module(statement)
            if name in wanted:
                if isinstance(statement.names, cst.ImportStar):
                    del wanted[name]
                else:
                    wanted[name] -= {alias.evaluated_name for alias in statement.names if alias.asname is None}
    wanted = {name: objects for name, objects in wanted.items() if objects}
    if not wanted:
        return module
    for index in range(start, end):
        line = body[index]
        statement = _single_import(line)
        name = absolute_module(statement) if isinstance(statement, cst.ImportFrom) else None
        if name in wanted and isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar):
            added = [cst.ImportAlias(name=cst.Name(obj)) for obj in sorted(wanted.pop(name))]
            new_statement = statement.with_changes(names=[*added, *statement.names])
            body[index] = line.with_changes(body=[new_statement])
    new_lines = [
        cst.parse_statement(f"from {name} import {', '.join(sorted(objects))}", config=module.config_for_parsing)
        for name, objects in sorted(wanted.items())
    ]
    after = body[end:]
    if new_lines and after:
        after[0] = _with_blank_line_before(after[0])
    return module.with_changes(body=[*body[:end], *new_lines, *after])


def remove_unused_imports(
    module: cst.Module, removals: Sequence[_Removal], target: FlaskVersion
) -> tuple[cst.Module, set[str]]:
    """The imports scheduled for removal that the module no longer uses, removed as
    libcst's RemoveImportsVisitor removes them, and the names they bound. A name
    scheduled for removal from its legacy module is also looked for where the
    moved-names rule imports it now."""
    visitor = _RemoveUnusedImports([*removals, *_moved_removals(removals, target)])
    new_module = module.visit(visitor)
    return new_module, visitor.removed


def _moved_removals(removals: Iterable[_Removal], target: FlaskVersion) -> list[_Removal]:
    found: list[_Removal] = []
    for module, obj, alias in removals:
        move = moved(module, obj, target) if obj is not None else None
        if move is not None and move.module is not None:
            local = alias or obj
            found.append((move.module, move.name, None if local == move.name else local))
    return found


class _RemoveUnusedImports(RemoveImportsVisitor):
    """libcst's removal, told which imports are unused by a walk of the names the
    module uses (conservative: any such word in a string literal counts as a use),
    and dispatching like a plain transformer."""

    on_visit_attribute = NoFieldHooks.on_visit_attribute
    on_leave_attribute = NoFieldHooks.on_leave_attribute

    def __init__(self, removals: Sequence[_Removal]) -> None:
        """RemoveImportsVisitor's own set-up, less the search for matcher-decorated
        methods, which has nothing to find and costs more than the removal."""
        Codemod.__init__(self, CodemodContext())
        cst.CSTTransformer.__init__(self)
        self.unused_module_imports = {module: alias for module, obj, alias in removals if obj is None}
        self.unused_obj_imports: dict[str, set[tuple[str, str | None]]] = {}
        for module, obj, alias in removals:
            if obj is not None:
                self.unused_obj_imports.setdefault(module, set()).add((obj, alias))
        self._unused_imports = {}
        self.removed: set[str] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Only into the nodes that hold an unused import: rebuilding the rest of the
        module would cost more than the removal."""
        return cst.CSTTransformer.on_visit(self, node) and node in self._holders

    def on_leave(  # type: ignore[override]  # libcst's bases type it with a type variable each
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        """libcst's leave methods, noting the names the imports they shrink bound."""
        result = cst.CSTTransformer.on_leave(self, original_node, updated_node)
        if isinstance(original_node, (cst.Import, cst.ImportFrom)):
            self.removed |= _bindings(original_node) - _bindings(result)
        return result

    def visit_Module(self, node: cst.Module) -> None:
        used = _UsedNames()
        node.visit(used)
        self._unused_imports = {}
        self._holders: set[cst.CSTNode] = set()
        for statement, holders in used.imports:
            if isinstance(statement.names, cst.ImportStar):
                continue
            unused = [alias for alias in statement.names if bound_name(alias) not in used.names]
            if unused:
                self._unused_imports.update(dict.fromkeys(unused, statement))
                self._holders.update(holders)


class _UsedNames(NoFieldHooks, cst.CSTVisitor):
    """The names a module uses, and its imports with the nodes that hold them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.imports: list[tuple[cst.Import | cst.ImportFrom, tuple[cst.CSTNode, ...]]] = []
        self._holders: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            self.imports.append((node, tuple(self._holders)))
            return False
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        elif isinstance(node, (cst.SimpleString, cst.FormattedStringText)):
            self.names.update(_WORD.findall(node.value))
        self._holders.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self._holders and self._holders[-1] is original_node:
            self._holders.pop()


def _bindings(node: object) -> set[str]:
    names = getattr(node, "names", ())
    return set() if isinstance(names, cst.ImportStar) else {bound_name(alias) for alias in names}


def _single_import(statement: cst.CSTNode) -> cst.Import | cst.ImportFrom | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        only = statement.body[0]
        if isinstance(only, (cst.Import, cst.ImportFrom)):
            return only
    return None


def _stays_first(statement: cst.CSTNode) -> bool:
    """A docstring or `__strict__ = ...` line, which imports never go above."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    only = statement.body[0]
    if isinstance(only, cst.Expr):
        return isinstance(only.value, cst.SimpleString)
    return (
        isinstance(only, cst.Assign)
        and len(only.targets) == 1
        and isinstance(only.targets[0].target, cst.Name)
        and only.targets[0].target.value == "__strict__"
    )


def _with_blank_line_before(
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement,
) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    """As AddImportsVisitor: at least one empty line between new imports and code."""
    lines = statement.leading_lines
    if not lines:
        return statement.with_changes(leading_lines=(cst.EmptyLine(),))
    if lines[0].comment is None:
        return statement
    return statement.with_changes(leading_lines=(cst.EmptyLine(), *lines))
