"""The import additions and removals the rules schedule, applied after the rule pass.

Rules schedule them on their context (Rule.add_needed_import, remove_unused_import:
libcst's API for its codemods, which codemods.libcst_route hands on to libcst when a
rule runs alone). The additions here only look at the module's first statements, and
the removals only need the names the module still uses; both write what libcst's
AddImportsVisitor and RemoveImportsVisitor write (tests/test_imports.py holds them to
it), without importing libcst.codemod.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Union

import libcst as cst

from codemods._context import Addition, Removal
from codemods._flask import moved
from codemods._libcst import LEAVES, child_nodes
from codemods._nodes import NoFieldHooks, descendants
from codemods._syntax import absolute_module, bound_name
from codemods.versions import FlaskVersion

_WORD = re.compile(r"\w+")
_IMPORT_TYPES = frozenset({cst.Import, cst.ImportFrom})
_STRING_TYPES = frozenset({cst.SimpleString, cst.FormattedStringText})


def add_imports(module: cst.Module, items: Iterable[Addition]) -> cst.Module:
    """`from M import N` for each item the module's leading imports lack, as libcst's
    AddImportsVisitor writes it: merged into a leading `from M import ...` when there
    is one, else a new line after the leading imports."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        wanted.setdefault(item.module, set()).add(item.obj)
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
    module: cst.Module, removals: Sequence[Removal], target: FlaskVersion, known: StatementUses | None = None
) -> tuple[cst.Module, set[str]]:
    """The imports scheduled for removal that the module no longer uses, removed as
    libcst's RemoveImportsVisitor removes them, and the names they bound. A name
    scheduled for removal from its legacy module is also looked for where the
    moved-names rule imports it now. `known`: what the statements the module shares
    with the parsed one use (statement_uses), to which the statements walked here are
    added (see _used_names)."""
    visitor = _RemoveUnusedImports([*removals, *_moved_removals(removals, target)], {} if known is None else known)
    new_module = module.visit(visitor)
    return new_module, visitor.removed


def _moved_removals(removals: Iterable[Removal], target: FlaskVersion) -> list[Removal]:
    found: list[Removal] = []
    for module, obj, alias in removals:
        move = moved(module, obj, target) if obj is not None else None
        if move is not None and move.module is not None:
            local = alias or obj
            found.append(Removal(move.module, move.name, None if local == move.name else local))
    return found


class _RemoveUnusedImports(NoFieldHooks, cst.CSTTransformer):
    """Removes the scheduled imports the module no longer uses (a walk of the names it
    uses, conservative: any such word in a string literal counts as a use), as libcst's
    RemoveImportsVisitor removes them, rebuilding only the nodes that hold one."""

    def __init__(self, removals: Sequence[Removal], known: StatementUses) -> None:
        super().__init__()
        self._known = known
        self.unused_module_imports = {module: alias for module, obj, alias in removals if obj is None}
        self.unused_obj_imports: dict[str, set[tuple[str, str | None]]] = {}
        for module, obj, alias in removals:
            if obj is not None:
                self.unused_obj_imports.setdefault(module, set()).add((obj, alias))
        self._unused: set[cst.ImportAlias] = set()
        self._holders: set[cst.CSTNode] = set()
        self.removed: set[str] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Only into the nodes that hold an unused import: rebuilding the rest of the
        module would cost more than the removal."""
        return super().on_visit(node) and node in self._holders

    def on_leave(  # type: ignore[override]  # libcst's bases type it with a type variable each
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        """The leave methods, noting the names the imports they shrink bound."""
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, (cst.Import, cst.ImportFrom)):
            self.removed |= _bindings(original_node) - _bindings(result)
        return result

    def visit_Module(self, node: cst.Module) -> None:
        used, imports = _used_names(node, self._known)
        for statement, holders in imports:
            if isinstance(statement.names, cst.ImportStar):
                continue
            unused = [alias for alias in statement.names if bound_name(alias) not in used]
            if unused:
                self._unused.update(unused)
                self._holders.update(holders)

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.BaseSmallStatement | cst.RemovalSentinel:
        kept = [
            alias
            for alias in original_node.names
            if alias.evaluated_name not in self.unused_module_imports
            or alias.evaluated_alias != self.unused_module_imports[alias.evaluated_name]
            or alias not in self._unused
        ]
        return _with_names(updated_node, original_node.names, kept, {})

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.BaseSmallStatement | cst.RemovalSentinel:
        names = original_node.names
        module = absolute_module(original_node)
        if isinstance(names, cst.ImportStar) or module not in self.unused_obj_imports:
            return updated_node
        unwanted = self.unused_obj_imports[module]
        kept: list[cst.ImportAlias] = []
        changes: dict[str, object] = {}
        for alias in names:
            if (alias.evaluated_name, alias.evaluated_alias) not in unwanted or alias not in self._unused:
                kept.append(alias)
                continue
            # A removed name's trailing comment moves to the name before it (or to the
            # opening parenthesis), as libcst moves it.
            comma = alias.comma
            if not isinstance(comma, cst.Comma):
                continue
            if kept:
                previous = kept[-1]
                if isinstance(previous.comma, cst.Comma):
                    merged = _merge_whitespace_after(previous.comma.whitespace_after, comma.whitespace_after)
                    kept[-1] = previous.with_deep_changes(previous.comma, whitespace_after=merged)
                else:
                    kept[-1] = previous.with_changes(comma=comma)
            elif isinstance(updated_node.lpar, cst.LeftParen):
                lpar = updated_node.lpar
                changes["lpar"] = lpar.with_changes(
                    whitespace_after=_merge_whitespace_after(lpar.whitespace_after, comma.whitespace_after)
                )
        return _with_names(updated_node, names, kept, changes)


_Statement = Union[cst.Import, cst.ImportFrom]


def _with_names(
    node: _Statement, names: Sequence[cst.ImportAlias], kept: list[cst.ImportAlias], changes: dict[str, object]
) -> _Statement | cst.RemovalSentinel:
    """The import with only the `kept` of its `names`: gone when none is kept, and
    without a trailing comma after a last name that was not last before."""
    if kept == list(names):
        return node
    if not kept:
        return cst.RemoveFromParent()
    if kept[-1] != names[-1]:
        kept = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
    return node.with_changes(names=kept, **changes)


def _merge_whitespace_after(
    left: cst.BaseParenthesizableWhitespace, right: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """The white space after a kept name's comma, given the removed next name's: the
    comments on the removed name's lines move up."""
    if not isinstance(right, cst.ParenthesizedWhitespace):
        return left
    if not isinstance(left, cst.ParenthesizedWhitespace):
        return right
    return left.with_changes(empty_lines=tuple(line for line in right.empty_lines if line.comment is not None))


_Imports = list[tuple[Union[cst.Import, cst.ImportFrom], list[cst.CSTNode]]]
# Of a module's top-level statements: the names each uses, and its imports.
StatementUses = dict[cst.CSTNode, tuple[set[str], list[Union[cst.Import, cst.ImportFrom]]]]


def statement_uses(nodes: Sequence[cst.CSTNode]) -> StatementUses:
    """The names each top-level statement of a module uses and the imports it makes,
    from the module's nodes in visit order (the module first), in one pass over them:
    a transformed module's unchanged statements are these, and need no walk. A
    statement holding an import elsewhere than in its own line is left out (the walk
    finds the nodes that hold that import)."""
    module = nodes[0]
    assert isinstance(module, cst.Module)
    found: dict[cst.CSTNode, tuple[set[str], list[cst.Import | cst.ImportFrom]]] = {}
    statements = iter(module.body)
    next_statement = next(statements, None)
    statement: cst.CSTNode = module  # the header comes first, and is no statement
    uses = None
    index = 1
    while index < len(nodes):
        node = nodes[index]
        index += 1
        if node is next_statement:
            statement, next_statement = node, next(statements, None)
            uses = found[statement] = (set(), [])
        if type(node) in _IMPORT_TYPES:
            assert isinstance(node, (cst.Import, cst.ImportFrom))
            index += len(descendants(node)) - 1  # what the walk does not go into
            if uses is not None:
                if isinstance(statement, cst.SimpleStatementLine) and any(node is small for small in statement.body):
                    uses[1].append(node)
                else:
                    del found[statement]
                    uses = None
        elif uses is not None:
            _note_use(node, uses[0])
    return found


def _used_names(module: cst.Module, known: StatementUses) -> tuple[set[str], _Imports]:
    """The names a module uses, and its imports with the nodes that hold them; what
    `known` has for a top-level statement is taken from there, and a statement walked
    here whose imports are in its own line is added to it (a later removal, in a
    module that keeps the statement, need not walk it again)."""
    names: set[str] = set()
    imports: _Imports = []
    for statement in (*module.header, *module.body, *module.footer):
        uses = known.get(statement)
        if uses is None:
            walked: _Imports = []
            used: set[str] = set()
            _walk_uses(statement, [module], used, walked)
            names |= used
            imports += walked
            if all(len(holders) == 2 for _, holders in walked):  # [module, statement]: in its own line
                known[statement] = (used, [found for found, _ in walked])
        else:
            names |= uses[0]
            imports += [(found, [module, statement]) for found in uses[1]]
    return names, imports


def _walk_uses(root: cst.CSTNode, holding: list[cst.CSTNode], names: set[str], imports: _Imports) -> None:
    """What `root` uses, into `names`, and its imports with the nodes that hold them
    (`holding` holds `root`), into `imports`."""
    holders = holding[:]
    pending: list[tuple[cst.CSTNode, int]] = [(root, len(holders))]  # and how many nodes hold it
    while pending:
        node, depth = pending.pop()
        del holders[depth:]
        if type(node) in _IMPORT_TYPES:
            imports.append((node, holders[:]))  # type: ignore[arg-type]
            continue
        _note_use(node, names)
        holders.append(node)
        pending += [(child, depth + 1) for child in reversed(child_nodes(node)) if type(child) not in LEAVES]


def _note_use(node: cst.CSTNode, names: set[str]) -> None:
    # Exact types: isinstance on libcst's abstract node classes costs a call into abc per node.
    kind = type(node)
    if kind is cst.Name:
        names.add(node.value)  # type: ignore[attr-defined]
    elif kind in _STRING_TYPES:
        names.update(_WORD.findall(node.value))  # type: ignore[attr-defined]


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
