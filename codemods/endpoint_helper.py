"""SM003 endpoint-helper: inline Flask's private `_endpoint_from_view_func`."""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import PositionProvider, QualifiedNameProvider

from codemods._base import Rule
from codemods._flask import ENDPOINT_HELPER, ENDPOINT_HELPER_MODULES
from codemods._resolve import ImportedName, qualified_names
from codemods._syntax import absolute_module

_HELPER_NAMES = frozenset(f"{module}.{ENDPOINT_HELPER}" for module in ENDPOINT_HELPER_MODULES)
_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.SimpleString)


class EndpointHelper(Rule):
    ID = "SM003"
    NAME = "endpoint-helper"
    SUMMARY = "`_endpoint_from_view_func(f)` -> `f.__name__`; its import, try/except shims and monkeypatches go"
    WHAT_IT_DOES = """
        Inlines Flask's private `_endpoint_from_view_func(f)` as `f.__name__` and removes its
        import. Recognised: imports from `flask.helpers`, `flask.app`, `flask.blueprints`,
        `flask.scaffold` and `flask.sansio.scaffold` (aliases and `import flask.helpers`
        attribute access included); a try/except import shim collapses; a
        `flask.helpers._endpoint_from_view_func = ...` monkeypatch is removed, with a finding
        to upgrade any dependency that still imports the helper.
        """
    WHY = """
        Flask 2.0.0 moved the private helper from `flask.helpers` to `flask.scaffold`
        (`ImportError: cannot import name '_endpoint_from_view_func'`, as Flask-RESTful
        0.3.8, flask-restplus 0.13.0 and flask-restx 0.3.0 hit), and 3.0.0 moved it again to
        `flask.sansio.scaffold`, so re-pointing the import only breaks later: the call is
        inlined.
        """
    EXAMPLES = ("from-helpers", "try-shim-collapses")
    LEAVES_ALONE = """
        A function of that name not imported from Flask (the module's own, another
        library's, a vendored Flask copy's), attributes of other objects, mentions in
        strings, and star imports.
        """
    FIX_SAFETY = """
        The helper asserted its argument is not None and returned its `__name__`: inlined, a
        None argument raises AttributeError where the helper raised AssertionError. Any use
        that is not a plain call (passed as a value, `*args`) keeps the import: a finding.
        """
    TRIGGERS = (ENDPOINT_HELPER.encode(),)
    FINDINGS = {
        "not-inlinable": (
            "a use of `_endpoint_from_view_func` that is not a plain call: replace it by `view_func.__name__` by hand"
        ),
        "removed-patch": (
            "a compatibility patch of flask's `_endpoint_from_view_func` was removed: upgrade any "
            "dependency that still imports it"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "from-helpers": (
            """\
            from flask.helpers import _endpoint_from_view_func
            endpoint = _endpoint_from_view_func(view_func)
            """,
            """\
            endpoint = view_func.__name__
            """,
        ),
        "each-module-it-lived-in": (
            """\
            from flask.app import _endpoint_from_view_func as a
            from flask.blueprints import _endpoint_from_view_func as b
            from flask.scaffold import _endpoint_from_view_func as c
            from flask.sansio.scaffold import _endpoint_from_view_func as d
            names = [a(f1), b(f2), c(f3), d(f4)]
            """,
            """\
            names = [f1.__name__, f2.__name__, f3.__name__, f4.__name__]
            """,
        ),
        "module-attribute": (
            """\
            import flask.helpers
            name = flask.helpers._endpoint_from_view_func(view)
            url = flask.helpers.url_for
            """,
            """\
            import flask.helpers
            name = view.__name__
            url = flask.helpers.url_for
            """,
        ),
        "module-alias": (
            """\
            import flask.helpers as helpers
            name = helpers._endpoint_from_view_func(view)
            """,
            """\
            import flask.helpers as helpers
            name = view.__name__
            """,
        ),
        "keyword-argument": (
            """\
            from flask.helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(view_func=self.view)
            """,
            """\
            name = self.view.__name__
            """,
        ),
        "operator-argument-gets-parentheses": (
            """\
            from flask.helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(view or default)
            lookup = _endpoint_from_view_func(views[0])
            """,
            """\
            name = (view or default).__name__
            lookup = views[0].__name__
            """,
        ),
        "multi-line-call-keeps-comments": (
            """\
            from flask.helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(
                view  # the resource's view
            )
            """,
            """\
            name = (
                view  # the resource's view
            ).__name__
            """,
        ),
        "try-shim-collapses": (
            """\
            try:
                from flask.helpers import _endpoint_from_view_func
            except ImportError:  # Flask 2.x
                from flask.scaffold import _endpoint_from_view_func
            import os


            def endpoint_for(view):
                return _endpoint_from_view_func(view)
            """,
            """\
            import os


            def endpoint_for(view):
                return view.__name__
            """,
        ),
        "shim-with-other-names-keeps-them": (
            """\
            try:
                from flask.helpers import _endpoint_from_view_func, url_for
            except ImportError:
                from flask.scaffold import _endpoint_from_view_func
                from flask import url_for
            name = _endpoint_from_view_func(view)
            """,
            """\
            try:
                from flask.helpers import url_for
            except ImportError:
                from flask import url_for
            name = view.__name__
            """,
        ),
        "unused-import-removed": (
            """\
            from flask.helpers import _endpoint_from_view_func, url_for
            link = url_for("index")
            """,
            """\
            from flask.helpers import url_for
            link = url_for("index")
            """,
        ),
    }

    NO_OPS = {
        "own-function-of-that-name": """\
            def _endpoint_from_view_func(view_func):
                return view_func.__qualname__
            name = _endpoint_from_view_func(view)
            """,
        "vendored-flask-copy": """\
            from myapp._vendor.flask.helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(view)
            """,
        "relative-import-inside-flask": """\
            from .helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(view)
            """,
        "quart": """\
            from quart.helpers import _endpoint_from_view_func
            name = _endpoint_from_view_func(view)
            """,
        "attribute-of-other-object": """\
            name = registry._endpoint_from_view_func(view)
            """,
        "only-in-a-string": """\
            doc = "use _endpoint_from_view_func(view) no more"
            """,
        "parameter-shadows-import-name": """\
            def register(_endpoint_from_view_func, view):
                return _endpoint_from_view_func(view)
            """,
        "monkeypatch-of-other-module": """\
            import mylib
            mylib._endpoint_from_view_func = lambda view: view.__name__
            """,
        "unrelated-code": """\
            import flask
            app = flask.Flask(__name__)
            """,
        "another-librarys-helper": """\
            from werkzeug.routing import _endpoint_from_view_func
            name = _endpoint_from_view_func(view)
            """,
        "star-import": """\
            from flask.helpers import *
            name = _endpoint_from_view_func(view)
            """,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._inlined_funcs: set[int] = set()
        self._leftover_uses = 0
        self._shims: list[tuple[cst.Try, cst.Try]] = []

    def visit_Module(self, node: cst.Module) -> None:
        self._helper = ImportedName(self.nodes, ENDPOINT_HELPER)

    def _is_helper(self, node: cst.CSTNode) -> bool:
        return self._helper.may_be(node) and not qualified_names(self, node).isdisjoint(_HELPER_NAMES)

    def visit_Call(self, node: cst.Call) -> None:
        if self._is_helper(node.func) and _view_func_arg(node) is not None:
            self._inlined_funcs.add(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node.func) not in self._inlined_funcs:
            return updated_node
        arg = _view_func_arg(updated_node)
        assert arg is not None  # visit_Call checked the original call
        self.record_change(original_node, f"inlined {ENDPOINT_HELPER}(...) as .__name__")
        return cst.Attribute(
            value=_parenthesized_for_attribute(updated_node, arg),
            attr=cst.Name("__name__"),
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            return False
        module = absolute_module(node)
        if module not in ENDPOINT_HELPER_MODULES:
            return False
        for alias in node.names:
            if alias.evaluated_name == ENDPOINT_HELPER:
                self.remove_unused_import(module, ENDPOINT_HELPER, alias.evaluated_alias)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self._check_leftover_use(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._check_leftover_use(node)

    def _check_leftover_use(self, node: cst.BaseExpression) -> None:
        if id(node) in self._inlined_funcs or not self._is_helper(node):
            return
        self._leftover_uses += 1
        self.report_finding(
            node,
            "not-inlinable",
            f"`{ENDPOINT_HELPER}` cannot be imported from flask.helpers since Flask 2.0 "
            "(nor from flask.scaffold since 3.0) and this use cannot be inlined: "
            "replace it with the view function's `__name__`",
        )

    def visit_Assign(self, node: cst.Assign) -> bool:
        return not self._is_monkeypatch(node)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign | cst.RemovalSentinel:
        if not self._is_monkeypatch(original_node):
            return updated_node
        self.record_change(original_node, f"removed the {ENDPOINT_HELPER} monkeypatch")
        self.report_finding(
            original_node,
            "removed-patch",
            f"removed a compatibility patch of flask's {ENDPOINT_HELPER}: make sure no "
            "dependency still imports it (Flask-RESTful < 0.3.9, flask-restplus, "
            "flask-restx < 0.4): upgrade those",
        )
        self.remove_unused_import_by_node(original_node)
        return cst.RemoveFromParent()

    def _is_monkeypatch(self, node: cst.Assign) -> bool:
        return all(
            isinstance(target.target, cst.Attribute)
            and target.target.attr.value == ENDPOINT_HELPER
            and self._is_helper(target.target)
            for target in node.targets
        )

    def leave_Try(self, original_node: cst.Try, updated_node: cst.Try) -> cst.Try:
        if _is_import_shim(original_node):
            self._shims.append((original_node, updated_node))
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self._leftover_uses:
            return updated_node
        for original_shim, updated_shim in self._shims:
            self.record_change(original_shim, f"removed the {ENDPOINT_HELPER} import shim")
            removed = updated_node.deep_remove(updated_shim)
            assert isinstance(removed, cst.Module)
            updated_node = removed
        return updated_node


def _view_func_arg(call: cst.Call) -> cst.Arg | None:
    """The single argument of `_endpoint_from_view_func(view_func)`, if it has that shape."""
    if len(call.args) != 1:
        return None
    arg = call.args[0]
    if arg.star or (arg.keyword is not None and arg.keyword.value != "view_func"):
        return None
    return arg


def _parenthesized_for_attribute(call: cst.Call, arg: cst.Arg) -> cst.BaseExpression:
    """The argument, parenthesized where `.__name__` needs it or where the call's
    layout (line breaks, comments) must survive."""
    value = arg.value
    layout_kept = not (_is_blank(call.whitespace_before_args) and _is_blank(arg.whitespace_after_arg))
    if layout_kept:
        return value.with_changes(
            lpar=[cst.LeftParen(whitespace_after=call.whitespace_before_args), *value.lpar],
            rpar=[*value.rpar, cst.RightParen(whitespace_before=arg.whitespace_after_arg)],
        )
    if value.lpar or isinstance(value, _ATOMS):
        return value
    return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _is_blank(whitespace: cst.BaseParenthesizableWhitespace) -> bool:
    return isinstance(whitespace, cst.SimpleWhitespace) and whitespace.value == ""


def _is_import_shim(node: cst.Try) -> bool:
    """`try: from flask.helpers import _endpoint_from_view_func` / `except ImportError:
    from flask.scaffold import ...`, and nothing else."""
    if node.orelse is not None or node.finalbody is not None:
        return False
    blocks = [node.body, *(handler.body for handler in node.handlers)]
    return all(
        isinstance(statement, cst.SimpleStatementLine)
        and all(_imports_only_the_helper(small) for small in statement.body)
        for block in blocks
        for statement in block.body
    )


def _imports_only_the_helper(node: cst.BaseSmallStatement) -> bool:
    if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
        return False
    return absolute_module(node) in ENDPOINT_HELPER_MODULES and all(
        alias.evaluated_name == ENDPOINT_HELPER for alias in node.names
    )
