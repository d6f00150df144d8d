"""Apps that tests share (a pytest fixture of a wider scope than the function, an app
made once in `setUpClass`), and the setup calls tests make on them: from Flask 2.2
such a call after an earlier test's request raises AssertionError."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import libcst as cst

from codemods._base import Rule
from codemods._flask import APP_SETUP_METHODS
from codemods._nodes import descendants
from codemods._resolve import qualified_names, string_value
from codemods._syntax import methods

PYTEST_FIXTURES = frozenset({"pytest.fixture"})
SHARED_SCOPES = frozenset({"module", "session", "package", "class"})


def shared_app_setups(rule: Rule) -> Iterator[tuple[cst.Call, str, str]]:
    """(the setup call, the method, how the app is shared) in test functions."""
    fixtures = {name: scope for name, scope in _shared_fixtures(rule)}
    for function in rule.nodes.of_type(cst.FunctionDef):
        if not function.name.value.startswith("test"):
            continue
        for param in function.params.params:
            scope = fixtures.get(param.name.value)
            if scope is not None:
                for call, method in _setup_calls_on(function, partial(_is_name, name=param.name.value)):
                    yield call, method, f"the {scope}-scoped fixture `{param.name.value}`"
    for class_def in rule.nodes.of_type(cst.ClassDef):
        shared = _set_up_class_apps(class_def)
        for name, method_def in methods(class_def).items():
            if not name.startswith("test") or not shared:
                continue
            for call, method in _setup_calls_on(method_def, partial(_is_self_attribute, attributes=shared)):
                yield call, method, "`setUpClass`, for every test of the class"


def _shared_fixtures(rule: Rule) -> Iterator[tuple[str, str]]:
    for function in rule.nodes.of_type(cst.FunctionDef):
        for decorator in function.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call) or not qualified_names(rule, call.func) & PYTEST_FIXTURES:
                continue
            scope = next(
                (string_value(arg.value) for arg in call.args if arg.keyword and arg.keyword.value == "scope"), None
            )
            if scope in SHARED_SCOPES:
                yield function.name.value, scope


def _set_up_class_apps(class_def: cst.ClassDef) -> set[str]:
    """The `cls.X` attributes `setUpClass` assigns."""
    set_up = methods(class_def).get("setUpClass")
    if set_up is None or not set_up.params.params:
        return set()
    cls = set_up.params.params[0].name.value
    found = set()
    for node in descendants(set_up.body):
        if isinstance(node, cst.AssignTarget) and _is_attribute_of(node.target, cls):
            found.add(node.target.attr.value)  # type: ignore[attr-defined]
    return found


def _setup_calls_on(
    function: cst.FunctionDef, is_app: Callable[[cst.BaseExpression], bool]
) -> Iterator[tuple[cst.Call, str]]:
    for node in descendants(function.body):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in APP_SETUP_METHODS
            and is_app(node.func.value)
        ):
            yield node, node.func.attr.value


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _is_attribute_of(node: cst.BaseExpression, owner: str) -> bool:
    return isinstance(node, cst.Attribute) and _is_name(node.value, owner)


def _is_self_attribute(node: cst.BaseExpression, attributes: set[str]) -> bool:
    return _is_attribute_of(node, "self") and node.attr.value in attributes  # type: ignore[attr-defined]
