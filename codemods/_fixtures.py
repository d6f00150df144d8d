"""pytest fixtures as phase one reads them with `ast`: a conftest.py's fixtures and
their scopes, which the test modules below it inherit, and the names a test module
calls setup methods on."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Mapping

from codemods._flask import LEGACY_APP_SETUP_METHODS

SHARED_SCOPES = frozenset({"module", "session", "package", "class"})
CONFTEST = "conftest.py"
# `.setup_method` in a test module's text, led by a literal `.` (the regular
# expression then skips ahead fast); the name before it is read backwards.
_SETUP_CALL = re.compile(rb"\.(?:" + b"|".join(sorted(name.encode() for name in LEGACY_APP_SETUP_METHODS)) + rb")\b")
_NAME_BEFORE = re.compile(rb"(?<![\w.])[A-Za-z_]\w*$")


def set_up_receivers(source: bytes) -> frozenset[str]:
    """The NAMEs of `NAME.setup_method` in a module's text: the names a test may set up."""
    found = set()
    for match in _SETUP_CALL.finditer(source):
        before = _NAME_BEFORE.search(source, max(0, match.start() - 100), match.start())
        if before is not None:
            found.add(before.group().decode())
    return frozenset(found)


def fixture_scopes(tree: ast.Module) -> dict[str, str]:
    """The pytest fixtures a module (a conftest.py) defines at its top, with their
    scopes ("function" when it gives none)."""
    fixtures = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "pytest"
        for alias in node.names
        if alias.name == "fixture"
    }
    pytest = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name == "pytest"
    }
    found = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            func = call.func if call else decorator
            named = (isinstance(func, ast.Name) and func.id in fixtures) or (
                isinstance(func, ast.Attribute)
                and func.attr == "fixture"
                and isinstance(func.value, ast.Name)
                and func.value.id in pytest
            )
            if not named:
                continue
            scope = "function"
            for keyword in call.keywords if call else ():
                if keyword.arg == "scope":
                    value = keyword.value
                    scope = (
                        value.value
                        if isinstance(value, ast.Constant) and isinstance(value.value, str)
                        else "dynamically"
                    )
            found[node.name] = scope
    return found


def inherited_fixtures(path: str, conftests: Mapping[str, Mapping[str, str]]) -> dict[str, tuple[str, str]]:
    """The fixtures the conftest.py files above the test module at `path` give it
    (`conftests`: per folder, its conftest.py's fixtures and scopes), the nearest
    first as pytest overrides them: name -> (scope, the conftest.py)."""
    found: dict[str, tuple[str, str]] = {}
    if not conftests:
        return found
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        for name, scope in conftests.get(folder, {}).items():
            found.setdefault(name, (scope, os.path.join(folder, CONFTEST)))
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent
