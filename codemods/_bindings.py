"""The reads of what an import binds, and imports losing names the target lacks:
for rules that replace every use of a removed name."""

from __future__ import annotations

from collections.abc import Collection, Iterator

import libcst as cst
from libcst.metadata import ScopeProvider

from codemods._base import Rule
from codemods._syntax import absolute_module

# Parents under which a replacement expression needs no parentheses of its own.
STANDALONE_PARENTS = (cst.Assign, cst.AnnAssign, cst.Return, cst.Arg, cst.Expr, cst.Element, cst.Param)


def imported_names(rule: Rule, statement: cst.ImportFrom) -> Iterator[tuple[cst.ImportAlias, str]]:
    """(alias, "module.name") for each name a `from module import ...` of a library
    imports (a vendored copy's, or any module of the project, is not one)."""
    module = absolute_module(statement)
    if module is None or rule.project.owns(module) or isinstance(statement.names, cst.ImportStar):
        return
    for alias in statement.names:
        yield alias, f"{module}.{alias.evaluated_name}"


def free_for(rule: Rule, node: cst.CSTNode, name: str, modules: Collection[str]) -> bool:
    """Whether `name` is unbound where `node` is, or bound only by importing it from
    one of `modules`: a rewrite may then use it as that module's."""
    scope = rule.get_metadata(ScopeProvider, node, None)
    if scope is None:
        return False
    statements = [getattr(assignment, "node", None) for assignment in scope[name]]
    return all(
        isinstance(statement, cst.ImportFrom) and absolute_module(statement) in modules for statement in statements
    )


def import_reads(rule: Rule, statement: cst.ImportFrom, alias: cst.ImportAlias) -> list[cst.CSTNode] | None:
    """The nodes that read the name `alias` binds; None when that name is bound more
    than once in the import's scope (which binding a read sees is then unknown)."""
    scope = rule.get_metadata(ScopeProvider, statement, None)
    if scope is None:
        return None
    assignments = list(scope.assignments[alias.evaluated_alias or alias.evaluated_name])
    if len(assignments) != 1 or getattr(assignments[0], "node", None) is not statement:
        return None
    return [access.node for access in assignments[0].references]


def without_aliases(
    rule: Rule, original: cst.ImportFrom, updated: cst.ImportFrom, dropped: Collection[cst.ImportAlias]
) -> cst.ImportFrom | cst.RemovalSentinel:
    """`updated` less the names whose original aliases are `dropped` (the whole
    import when none is left), recorded as the rule's change."""
    if isinstance(original.names, cst.ImportStar) or isinstance(updated.names, cst.ImportStar):
        return updated
    if len(original.names) != len(updated.names) or not any(alias in dropped for alias in original.names):
        return updated
    gone = ", ".join(alias.evaluated_name for alias in original.names if alias in dropped)
    rule.record_change(original, f"removed the import of {gone}, gone from Flask")
    kept = [new for old, new in zip(original.names, updated.names) if old not in dropped]
    if not kept:
        return cst.RemovalSentinel.REMOVE
    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return updated.with_changes(names=kept)


def parenthesized_for(parent: cst.CSTNode | None, expression: cst.BaseExpression) -> cst.BaseExpression:
    """`expression` standing where a call was, with parentheses unless it stands alone there."""
    if isinstance(parent, STANDALONE_PARENTS) or expression.lpar:
        return expression
    return expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
