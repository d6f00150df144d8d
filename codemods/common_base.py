"""SM005 common-base: hand-made `_FlaskCommon`-style bases become Scaffold subclasses.

Before::

    class _Common(object):
        def __init__(self, import_name):
            self.import_name = import_name
            self._before_request_funcs = {}

        def before_request(self, f):
            self._before_request_funcs.setdefault(None, []).append(f)
            return f

After (target 3.x)::

    class _Common(Scaffold):
        def __init__(self, import_name):
            Scaffold.__init__(self, import_name=import_name)

        def _check_setup_finished(self, f_name):
            pass

pallets/flask issue #3215 proposed `_FlaskCommon`, a base shared by the app and
blueprints keeping hooks keyed by None; Flask 2.0.0 (PR #3709) shipped it as
`Scaffold`. A hand-made base of that shape (hook dicts keyed by None, `route` calling
`add_url_rule`, `add_url_rule` raising NotImplementedError) becomes a Scaffold
subclass: its private dicts become Scaffold's attributes in the whole module, and the
initialisations and methods Scaffold provides identically go.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import (
    COMMON_BASE_DICTS,
    HOOK_KINDS,
    SCAFFOLD_HOOK_METHOD,
    SCAFFOLD_INIT_PARAMETERS,
    SCAFFOLD_ROUTE,
    scaffold_module,
)
from codemods._resolve import bindings, walk, walk_of_type
from codemods._syntax import is_docstring, methods, setup_check

_HOOK_METHODS = {kind.local_call: kind.attribute for kind in HOOK_KINDS.values()}
_ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})


@dataclass
class _Base:
    """A detected hand-made base and what changes in it."""

    class_def: cst.ClassDef
    init: cst.FunctionDef
    renames: dict[str, str]  # private dict attribute -> Scaffold attribute
    removed: set[cst.CSTNode] = field(default_factory=set)
    scaffold_init: Optional[cst.SimpleStatementLine] = None


class CommonBase(Rule):
    ID = "SM005"
    NAME = "common-base"
    SUMMARY = (
        "`_FlaskCommon`-style hand-made bases -> Scaffold subclasses: private hook dicts -> "
        "Scaffold attributes, what Scaffold provides identically removed"
    )
    TRIGGERS = (b"add_url_rule",)
    REQUIRED = (b"def route",)
    # It renames attributes in every string of the module.
    FOCUSABLE = False
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    def visit_Module(self, node: cst.Module) -> None:
        self._attribute_strings = {
            call.args[1].value
            for call in walk_of_type(node, cst.Call)
            if isinstance(call.func, cst.Name)
            and call.func.value in _ATTRIBUTE_FUNCTIONS
            and len(call.args) >= 2
            and isinstance(call.args[1].value, cst.SimpleString)
        }
        self._strings = [
            string
            for string in walk_of_type(node, cst.SimpleString)
            if string not in self._attribute_strings
        ]
        classes = [statement for statement in node.body if isinstance(statement, cst.ClassDef)]
        self._bases = {}
        for class_def in classes:
            base = self._common_base(class_def)
            if base is not None:
                self._bases[class_def] = base
        self._renames = {old: new for base in self._bases.values() for old, new in base.renames.items()}
        self._removed = {node for base in self._bases.values() for node in base.removed}
        self._inits = {base.init: base for base in self._bases.values()}
        routes_used = any(
            isinstance(call.func, cst.Attribute) and call.func.attr.value == "route" for call in walk_of_type(node, cst.Call)
        )
        for class_def in classes:
            parent = self._local_base(class_def)
            if parent is not None and routes_used and not methods(class_def).get("add_url_rule"):
                self.report_finding(
                    class_def,
                    f"{class_def.name.value} neither implements add_url_rule nor inherits one "
                    "(Scaffold's raises NotImplementedError): route() will raise NotImplementedError",
                )

    def _local_base(self, class_def: cst.ClassDef) -> Optional[_Base]:
        for base in class_def.bases:
            if isinstance(base.value, cst.Name):
                found = bindings(self, base.value)
                if found is not None and len(found[1]) == 1:
                    node = getattr(found[1][0], "node", None)
                    if node in self._bases:
                        return self._bases[node]
        return None

    def _common_base(self, class_def: cst.ClassDef) -> Optional[_Base]:
        """The _Base when `class_def` has the full shape; None otherwise."""
        if any(not _is_object(base.value) for base in class_def.bases):
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
        quoted = [string for string in self._strings if string.evaluated_value in renames]
        if quoted:
            line = self.get_metadata(PositionProvider, quoted[0]).start.line
            self.report_finding(
                class_def,
                f"this base looks like Flask's Scaffold, but the name of one of its hook "
                f"dicts also appears as a string (line {line}) that is not a plain "
                "getattr/setattr argument: rename it to the Scaffold attribute and derive "
                "the base from Scaffold by hand",
            )
            return None
        elsewhere = self._uses_elsewhere(renames)
        if elsewhere:
            self.report_finding(
                class_def,
                f"this base looks like Flask's Scaffold, but its hook dicts are also used in "
                f"other modules of the project ({', '.join(elsewhere)}), which would break once "
                "they are renamed to Scaffold's attributes here: rename them there and here "
                "together, and derive the base from Scaffold, by hand",
            )
            return None
        base = _Base(class_def, init, renames)
        if not self._plan_init(base):
            return None
        base.removed.update(method for name, method in own.items() if self._same_as_scaffold(name, method, base))
        return base

    def _uses_elsewhere(self, renames: dict[str, str]) -> list[str]:
        """file:line of each use of the private dict names in other files of the
        project."""
        here = os.path.abspath(self.context.filename or "")
        root = self.project.root or os.curdir
        uses = self.project.run.private_dict_uses
        return [
            f"{os.path.relpath(path, root)}:{line}"
            for name in sorted(renames)
            for path, line in uses.get(name, ())
            if path != here
        ]

    def _plan_init(self, base: _Base) -> bool:
        """Scaffold.__init__ called with the base's own parameters; the assignments
        Scaffold performs itself planned for removal."""
        params = [param.name.value for param in base.init.params.params[1:]]
        passed = [name for name in SCAFFOLD_INIT_PARAMETERS if name in params]
        if "import_name" not in passed:
            self.report_finding(
                base.class_def,
                "this base looks like Flask's Scaffold but its __init__ takes no import_name: "
                "derive it from Scaffold by hand",
            )
            return False
        arguments = ", ".join(f"{name}={name}" for name in passed)
        base.scaffold_init = cst.parse_statement(f"Scaffold.__init__(self, {arguments})\n")  # type: ignore[assignment]
        for statement in base.init.body.body:
            attribute = _empty_dict_assignment(statement, base.init)
            if attribute is not None and attribute.lstrip("_") in COMMON_BASE_DICTS:
                base.removed.add(statement)
            elif _assigns_parameter(statement, passed):
                base.removed.add(statement)
        return True

    def _same_as_scaffold(self, name: str, method: cst.FunctionDef, base: _Base) -> bool:
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
                self=params[0], rule=params[1], options=method.params.star_kwarg.name.value,
                decorator=inner.name.value, f=inner.params.params[0].name.value, endpoint=target.value,
            )
            return _same_code(method, expected)
        return False

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        new = self._renames.get(original_node.attr.value)
        if new is None:
            return updated_node
        return updated_node.with_changes(attr=cst.Name(new))

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        if original_node not in self._attribute_strings:
            return updated_node
        new = self._renames.get(original_node.evaluated_value)  # type: ignore[arg-type]
        if new is None:
            return updated_node
        quote = original_node.quote
        return updated_node.with_changes(value=f"{original_node.prefix}{quote}{new}{quote}")

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> Union[cst.SimpleStatementLine, cst.RemovalSentinel]:
        return cst.RemoveFromParent() if original_node in self._removed else updated_node

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> Union[cst.FunctionDef, cst.RemovalSentinel]:
        if original_node in self._removed:
            return cst.RemoveFromParent()
        base = self._inits.get(original_node)
        if base is None or base.scaffold_init is None:
            return updated_node
        body = list(updated_node.body.body)
        at = 1 if body and is_docstring(original_node.body.body[0]) else 0
        body.insert(at, base.scaffold_init)
        return updated_node.with_changes(body=updated_node.body.with_changes(body=body))

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        base = self._bases.get(original_node)
        if base is None:
            return updated_node
        self.record_change(
            original_node,
            f"{original_node.name.value} -> a {scaffold_module(self.target)}.Scaffold subclass "
            f"({', '.join(f'{old} -> {new}' for old, new in base.renames.items())})",
        )
        self.add_needed_import(scaffold_module(self.target), "Scaffold")
        check = setup_check(self.target)
        body = list(updated_node.body.body)
        if check.name.value not in methods(original_node):
            body.append(check)
        return updated_node.with_changes(
            bases=[cst.Arg(cst.Name("Scaffold"))],
            lpar=cst.LeftParen(),
            rpar=cst.RightParen(),
            body=updated_node.body.with_changes(body=body),
        )


def _is_object(expression: cst.BaseExpression) -> bool:
    return isinstance(expression, cst.Name) and expression.value == "object"


def _calls_self_method(function: cst.FunctionDef, method: str) -> bool:
    self_name = function.params.params[0].name.value if function.params.params else "self"
    return any(
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == method
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == self_name
        for node in walk(function)
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


def _empty_dict_assignment(statement: cst.BaseStatement, init: cst.FunctionDef) -> Optional[str]:
    """"x" for `self.x = {}` (or `dict()`) in __init__."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target, value = small.targets[0].target, small.value
    empty = (isinstance(value, cst.Dict) and not value.elements) or (
        isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict" and not value.args
    )
    self_name = init.params.params[0].name.value
    if empty and isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == self_name:
        return target.attr.value
    return None


def _assigns_parameter(statement: cst.BaseStatement, names: list[str]) -> bool:
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
