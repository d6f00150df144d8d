"""The hand-made `_FlaskCommon`-style bases SM005 migrates: their shape, read from
the syntax alone, so that the project index (phase one) and the rule agree on
which classes they are."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst

from codemods._flask import (
    ATTRIBUTE_FUNCTIONS,
    COMMON_BASE_DICTS,
    HOOK_KINDS,
    SCAFFOLD_HOOK_METHOD,
    SCAFFOLD_INIT_PARAMETERS,
    SCAFFOLD_ROUTE,
)
from codemods._nodes import descendants
from codemods._syntax import is_docstring, is_object, methods

_HOOK_METHODS = {kind.local_call: kind.attribute for kind in HOOK_KINDS.values()}


@dataclass
class HandMadeBase:
    """A detected hand-made base and what changes in it."""

    class_def: cst.ClassDef
    init: cst.FunctionDef
    renames: dict[str, str]  # private dict attribute -> Scaffold attribute
    removed: set[cst.CSTNode] = field(default_factory=set)
    scaffold_init: cst.SimpleStatementLine | None = None


@dataclass(frozen=True)
class Refusal:
    """A class of the shape that cannot be migrated: the name of a dict appears as
    this other string, or (string None) its __init__ takes no import_name."""

    string: cst.SimpleString | None


def hand_made_base(class_def: cst.ClassDef, strings: Iterable[cst.SimpleString]) -> None | HandMadeBase | Refusal:
    """The base, planned, when `class_def` has the full shape (`strings`: the module's
    strings that are not getattr/setattr arguments); None when it has not."""
    if any(not is_object(base.value) for base in class_def.bases):
        return None
    own = methods(class_def)
    init, route = own.get("__init__"), own.get("route")
    if init is None or route is None or not _calls_self_method(route, "add_url_rule"):
        return None
    add_url_rule = own.get("add_url_rule")
    if add_url_rule is not None and not _raises_not_implemented(add_url_rule):
        return None
    renames = {}
    for statement in init.body.body:
        attribute = _empty_dict_assignment(statement, init)
        if attribute is not None and attribute.startswith("_") and attribute.lstrip("_") in COMMON_BASE_DICTS:
            renames[attribute] = attribute.lstrip("_")
    if not renames:
        return None
    quoted = [string for string in strings if string.evaluated_value in renames]
    if quoted:
        return Refusal(quoted[0])
    base = HandMadeBase(class_def, init, renames)
    if not _plan_init(base):
        return Refusal(None)
    base.removed.update(method for name, method in own.items() if _same_as_scaffold(name, method, base))
    return base


def attribute_strings(calls: Iterable[cst.CSTNode]) -> set[cst.SimpleString]:
    """The attribute names given as strings to getattr/setattr/hasattr/delattr."""
    return {
        call.args[1].value
        for call in calls
        if isinstance(call, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value in ATTRIBUTE_FUNCTIONS
        and len(call.args) >= 2
        and isinstance(call.args[1].value, cst.SimpleString)
    }


def common_bases(module: cst.Module) -> dict[str, dict[str, str]]:
    """The module-level classes SM005 migrates, with their dict renames."""
    nodes = descendants(module)
    skipped = attribute_strings(nodes)
    strings = [node for node in nodes if isinstance(node, cst.SimpleString) and node not in skipped]
    found = {}
    for statement in module.body:
        if isinstance(statement, cst.ClassDef):
            base = hand_made_base(statement, strings)
            if isinstance(base, HandMadeBase):
                found[statement.name.value] = base.renames
    return found


def _plan_init(base: HandMadeBase) -> bool:
    """Scaffold.__init__ called with the base's own parameters; the assignments
    Scaffold performs itself planned for removal. False without an import_name."""
    params = [param.name.value for param in base.init.params.params[1:]]
    passed = [name for name in SCAFFOLD_INIT_PARAMETERS if name in params]
    if "import_name" not in passed:
        return False
    arguments = ", ".join(f"{name}={name}" for name in passed)
    base.scaffold_init = cst.parse_statement(f"Scaffold.__init__(self, {arguments})\n")  # type: ignore[assignment]
    for statement in base.init.body.body:
        attribute = _empty_dict_assignment(statement, base.init)
        if (
            attribute is not None
            and attribute.lstrip("_") in COMMON_BASE_DICTS
            or _assigns_parameter(statement, passed)
        ):
            base.removed.add(statement)
    return True


def _same_as_scaffold(name: str, method: cst.FunctionDef, base: HandMadeBase) -> bool:
    if name == "add_url_rule":
        return True
    params = [param.name.value for param in method.params.params]
    if name in _HOOK_METHODS and len(params) == 2:
        private = next((old for old, new in base.renames.items() if new == _HOOK_METHODS[name]), None)
        if private is None:
            return False
        expected = SCAFFOLD_HOOK_METHOD.format(method=name, self=params[0], f=params[1], attribute=private)
        return _same_code(method, expected)
    if name == "route" and len(params) == 2 and isinstance(method.params.star_kwarg, cst.Param):
        inner = method.body.body[0] if method.body.body else None
        if not isinstance(inner, cst.FunctionDef) or len(inner.params.params) != 1 or not inner.body.body:
            return False
        first = inner.body.body[0]
        if not (isinstance(first, cst.SimpleStatementLine) and isinstance(first.body[0], cst.Assign)):
            return False
        target = first.body[0].targets[0].target
        if not isinstance(target, cst.Name):
            return False
        expected = SCAFFOLD_ROUTE.format(
            self=params[0],
            rule=params[1],
            options=method.params.star_kwarg.name.value,
            decorator=inner.name.value,
            f=inner.params.params[0].name.value,
            endpoint=target.value,
        )
        return _same_code(method, expected)
    return False


def _calls_self_method(function: cst.FunctionDef, method: str) -> bool:
    self_name = function.params.params[0].name.value if function.params.params else "self"
    return any(
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == method
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == self_name
        for node in descendants(function)
    )


def _raises_not_implemented(function: cst.FunctionDef) -> bool:
    statements = [statement for statement in function.body.body if not is_docstring(statement)]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    small = statements[0].body[0]
    if not isinstance(small, cst.Raise) or small.exc is None:
        return False
    exc = small.exc.func if isinstance(small.exc, cst.Call) else small.exc
    return isinstance(exc, cst.Name) and exc.value == "NotImplementedError"


def _empty_dict_assignment(statement: cst.CSTNode, init: cst.FunctionDef) -> str | None:
    """ "x" for `self.x = {}` (or `dict()`) in __init__."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target, value = small.targets[0].target, small.value
    empty = (isinstance(value, cst.Dict) and not value.elements) or (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Name)
        and value.func.value == "dict"
        and not value.args
    )
    self_name = init.params.params[0].name.value
    if (
        empty
        and isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and target.value.value == self_name
    ):
        return target.attr.value
    return None


def _assigns_parameter(statement: cst.CSTNode, names: list[str]) -> bool:
    """`self.x = x` for a parameter x that Scaffold.__init__ now receives."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return (
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Attribute)
        and small.targets[0].target.attr.value in names
        and isinstance(small.value, cst.Name)
        and small.value.value == small.targets[0].target.attr.value
    )


def _same_code(function: cst.FunctionDef, expected: str) -> bool:
    """Whether `function` (docstring aside) is `expected`, as Python sees it."""
    body = [statement for statement in function.body.body if not is_docstring(statement)]
    stripped = function.with_changes(body=function.body.with_changes(body=body), decorators=[], leading_lines=[])
    code = cst.Module([]).code_for_node(stripped)
    try:
        return ast.dump(ast.parse(code)) == ast.dump(ast.parse(expected))
    except SyntaxError:
        return False
