"""Apps that tests share (a pytest fixture of a wider scope than the function, its
own or a conftest.py's, an app made once in `setUpClass`), and the setup calls tests
make on them: from Flask 2.2 such a call after an earlier test's request raises
AssertionError."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial

import libcst as cst

from codemods._base import Rule
from codemods._fixtures import SHARED_SCOPES, inherited_fixtures
from codemods._flask import LEGACY_APP_SETUP_METHODS
from codemods._nodes import descendants
from codemods._resolve import qualified_names, string_value
from codemods._syntax import methods

PYTEST_FIXTURES = frozenset({"pytest.fixture"})


def shared_app_setups(rule: Rule) -> Iterator[tuple[cst.Call, str, str]]:
    """(the setup call, the method, how the app is shared) in test functions."""
    path = rule.context.filename or ""
    fixtures = {
        name: (scope, f" of {os.path.relpath(conftest, rule.project.root or os.curdir)}")
        for name, (scope, conftest) in inherited_fixtures(path, rule.project.run.conftest_fixtures).items()
    }
    fixtures.update((name, (scope, "")) for name, scope in _fixtures(rule))
    for function in rule.nodes.of_type(cst.FunctionDef):
        if not function.name.value.startswith("test"):
            continue
        for param in function.params.params:
            scope, where = fixtures.get(param.name.value, ("function", ""))
            if scope in SHARED_SCOPES:
                for call, method in _setup_calls_on(function, partial(_is_name, name=param.name.value)):
                    yield call, method, f"the {scope}-scoped fixture `{param.name.value}`{where}"
    for class_def in rule.nodes.of_type(cst.ClassDef):
        shared = _set_up_class_apps(class_def)
        for name, method_def in methods(class_def).items():
            if not name.startswith("test") or not shared:
                continue
            for call, method in _setup_calls_on(method_def, partial(_is_self_attribute, attributes=shared)):
                yield call, method, "`setUpClass`, for every test of the class"


def _fixtures(rule: Rule) -> Iterator[tuple[str, str]]:
    """The module's own fixtures, with their scopes: they override a conftest.py's."""
    for function in rule.nodes.of_type(cst.FunctionDef):
        for decorator in function.decorators:
            expression = decorator.decorator
            call = expression if isinstance(expression, cst.Call) else None
            if not qualified_names(rule, call.func if call else expression) & PYTEST_FIXTURES:
                continue
            arguments = call.args if call is not None else ()
            scopes = [string_value(arg.value) for arg in arguments if arg.keyword and arg.keyword.value == "scope"]
            yield function.name.value, (scopes[0] or "dynamically") if scopes else "function"


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
            and node.func.attr.value in LEGACY_APP_SETUP_METHODS
            and is_app(node.func.value)
        ):
            yield node, node.func.attr.value


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _is_attribute_of(node: cst.BaseExpression, owner: str) -> bool:
    return isinstance(node, cst.Attribute) and _is_name(node.value, owner)


def _is_self_attribute(node: cst.BaseExpression, attributes: set[str]) -> bool:
    return _is_attribute_of(node, "self") and node.attr.value in attributes  # type: ignore[attr-defined]
