"""Small pieces of syntax the rules read and write, needing no metadata."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from codemods._flask import SETUP_CHECKS
from codemods.versions import FlaskVersion


def is_object(expression: cst.BaseExpression) -> bool:
    """Whether `expression` is the name `object` (a base that adds nothing)."""
    return isinstance(expression, cst.Name) and expression.value == "object"


def dotted(name: str, *attributes: str) -> cst.Name | cst.Attribute:
    """The expression a dotted name is (`flask.sansio.scaffold`), with `attributes`
    after it (`dotted("bp", "endpoint")`: `bp.endpoint`), built rather than parsed."""
    first, *rest = name.split(".")
    expression: cst.Name | cst.Attribute = cst.Name(first)
    for part in (*rest, *attributes):
        expression = cst.Attribute(expression, cst.Name(part))
    return expression


def is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def absolute_module(node: cst.ImportFrom) -> str | None:
    """ "flask.helpers" for `from flask.helpers import ...`; None for relative imports."""
    if node.relative or node.module is None:
        return None
    return cst.helpers.get_full_name_for_node(node.module)


def bound_name(alias: cst.ImportAlias) -> str:
    """The name an import binds: "b" for `import a as b` or `from a import b`, "a"
    for `import a.b`."""
    if alias.evaluated_alias is not None:
        return alias.evaluated_alias
    return alias.evaluated_name.split(".")[0]


def methods(class_def: cst.ClassDef) -> dict[str, cst.FunctionDef]:
    """The methods the class body defines itself, by name."""
    return {
        statement.name.value: statement for statement in class_def.body.body if isinstance(statement, cst.FunctionDef)
    }


def without_arg(call: cst.Call, index: int) -> cst.Call:
    """The call without its argument at `index`; a removed last argument hands its
    comma (or its absence) to the new last one."""
    args = list(call.args)
    removed = args.pop(index)
    if args and index == len(args):
        args[-1] = args[-1].with_changes(comma=removed.comma)
    return call.with_changes(args=args)


def setup_check(target: FlaskVersion) -> cst.FunctionDef:
    """The never-finished setup check that Scaffold's setup methods call on `target`,
    as a method preceded by a blank line."""
    name, params, returned = SETUP_CHECKS[target]
    body = cst.Pass() if returned is None else cst.Return(cst.Name(returned))
    return method(name, params, body).with_changes(leading_lines=[cst.EmptyLine(indent=False)])


def method(
    name: str, params: Sequence[str], statement: cst.BaseSmallStatement, decorator: str | None = None
) -> cst.FunctionDef:
    """`def name(self, <params>):` with `statement` its body, decorated by `decorator`
    if given (built, not parsed: parsing a template costs more)."""
    return cst.FunctionDef(
        cst.Name(name),
        cst.Parameters([cst.Param(cst.Name(param)) for param in ("self", *params)]),
        cst.IndentedBlock([cst.SimpleStatementLine([statement])]),
        decorators=[cst.Decorator(cst.Name(decorator))] if decorator else [],
    )


def is_plain_reference(node: cst.BaseExpression) -> bool:
    """A name, or attributes of one: reading it twice is reading the same thing."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def with_keyword(call: cst.Call, keyword: str, value: cst.BaseExpression) -> cst.Call:
    """The call with `keyword=value` after its last argument; a trailing comma stays
    last, and a call laid out one argument per line stays so."""
    new = cst.Arg(
        value,
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )
    args = list(call.args)
    if args and isinstance(args[-1].comma, cst.Comma):
        between = call.whitespace_before_args
        if not isinstance(between, cst.ParenthesizedWhitespace):
            between = cst.SimpleWhitespace(" ")
        new = new.with_changes(comma=args[-1].comma)
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=between))
    return call.with_changes(args=[*args, new])
