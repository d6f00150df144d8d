"""SM007 private-app-api: private Flask API that the Scaffold-era releases changed."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._flask import (
    BEFORE_FIRST_REQUEST_NAMES,
    BEFORE_FIRST_REQUEST_REMOVED,
    FIND_ERROR_HANDLER_TAKES_BLUEPRINTS,
    LIST_MUTATORS,
    SETUP_CHECK_IS_CHECK_SETUP_FINISHED,
)
from codemods._resolve import (
    enclosing_class,
    imported_name,
    in_function,
    why_unproven,
)
from codemods._syntax import without_arg

_FLASK_REQUEST = frozenset({"flask.request", "flask.globals.request"})
_UNPROVEN_REGISTER_ERROR_HANDLER = (
    "`_register_error_handler(key, code, f)` was removed in Flask 2.0: use "
    "`register_error_handler(code, f)` on the app (key None) or on the blueprint the key names"
)
_UNPROVEN_FIND_ERROR_HANDLER = (
    "`_find_error_handler(e)` takes the request's blueprints from Flask 3.0: "
    "`_find_error_handler(e, request.blueprints)`"
)
_UNPROVEN_BLUEPRINT_ORDER = (
    "`_blueprint_order` was removed in Flask 2.0: read `list(app.blueprints.values())` (registration order)"
)
_BEFORE_FIRST_REQUEST_REMOVED = (
    "was removed in Flask 2.3: run this setup once in the app factory (or `with "
    "app.app_context():` after creating the app); `record_once` is no substitute, it runs "
    "at registration, not at the first request"
)
_CHECK_SETUP_FINISHED = """
def _check_setup_finished(self, f_name):
    if self._is_setup_finished():
        raise AssertionError(
            f"The setup method {f_name!r} can no longer be called on {self!r}:"
            " its setup is finished."
        )
"""


class PrivateAppApi(Rule):
    ID = "SM007"
    NAME = "private-app-api"
    SUMMARY = (
        "`app._register_error_handler`, `app._blueprint_order`, `_find_error_handler(e)` "
        "(3.0+), `_is_setup_finished` (2.2+) -> current API; `before_first_request` (2.3+) findings"
    )
    WHAT_IT_DOES = """
        Rewrites private app API that the Scaffold-era releases changed, on a receiver proven
        to be a `flask.Flask` (a name bound to `Flask(...)`, an app imported from another
        module of the project, a parameter annotated `Flask`, `self` in a Flask subclass of
        any module, `current_app`, the setup state's `S.app` in a function deferred on a
        proven blueprint, the `app` Flask passes the methods of a `SessionInterface`
        subclass, such as `open_session(self, app, request)`).

        - `_register_error_handler(None, c, f)` -> `register_error_handler(c, f)`. Keyed by
          `bp.name` of a flask.Blueprint -> `bp.register_error_handler(c, f)`, but only at
          module level with no `register_blueprint(bp)` before it in the file (a blueprint's
          handlers reach the app when it registers).
        - `_blueprint_order` read -> `list(app.blueprints.values())` (registration order).
        - `_find_error_handler(e)` -> `_find_error_handler(e, request.blueprints)` for 3.0+
          targets, importing `flask.request` when the name is free.
        - An `_is_setup_finished(self)` override (the 2.0-2.1 hook) on a Flask, Blueprint or
          Scaffold subclass gets, for 2.2+ targets, the `_check_setup_finished(self, f_name)`
          that 2.2 calls instead, raising AssertionError when the old hook says setup is
          finished, as 2.0's check did.
        - `before_first_request`, `before_app_first_request`, `before_first_request_funcs` on
          an app or blueprint, for 2.3+ targets: a finding (run the setup in the app factory;
          `record_once` runs at registration, not at the first request).
        """
    WHY = """
        Flask 2.0.0 (PR #3709) removed `Flask._register_error_handler(key, code, f)`
        (`AttributeError`; the public `register_error_handler(code, f)` on the app or a
        blueprint replaces it) and `Flask._blueprint_order` (`app.blueprints` keeps
        registration order); 3.0.0 made `_find_error_handler` take the request's blueprints
        (`TypeError`); 2.2.0 replaced the `_is_setup_finished()` hook with
        `_check_setup_finished(f_name)`; 2.3.0 removed `before_first_request`.
        """
    EXAMPLES = ("app-wide-error-handler", "blueprint-order-read", "find-error-handler-gets-the-blueprints")
    LEAVES_ALONE = """
        Objects not proven to be a flask.Flask (Quart's apps, the module's own classes), an
        error handler in a setup state's deferred code (SM001's work), `_find_error_handler`
        for targets before 3.0, and a subclass with its own `_check_setup_finished`. On a
        receiver nothing proves, the idioms are findings saying why.
        """
    FIX_SAFETY = """
        Each rewrite calls what the private API became on the target with the same
        arguments. `_blueprint_order` changed in place (`append`, assignment, `del`), error
        handlers keyed by other names or registered after the blueprint, and a `request`
        name bound to something else are findings.
        """
    TRIGGERS = (
        b"_register_error_handler",
        b"_blueprint_order",
        b"_find_error_handler",
        b"_is_setup_finished",
        b"first_request",
    )
    FINDINGS = {
        "unproven-register-error-handler": (
            "`_register_error_handler` on a receiver nothing proves is a flask.Flask: if it is one, "
            "use `register_error_handler(code, f)`"
        ),
        "unproven-find-error-handler": (
            "`_find_error_handler(e)` on a receiver nothing proves is a flask.Flask: if it is one, "
            "pass `request.blueprints` too (3.0+)"
        ),
        "register-error-handler-by-hand": (
            "a `_register_error_handler` call of another shape: replace it by `register_error_handler(code, f)` by hand"
        ),
        "register-error-handler-key": (
            "`_register_error_handler` keyed by a blueprint that may already be registered: register "
            "the handler on the blueprint before it is"
        ),
        "request-not-flask": (
            "`request` is not flask.request where `_find_error_handler` needs the request's "
            "blueprints: pass `flask.request.blueprints`"
        ),
        "before-first-request": (
            "`before_first_request` and kin were removed in 2.3: run the setup in the app factory"
        ),
        "unproven-before-first-request": (
            "`before_first_request` on a receiver nothing proves is an app: if it is one, run the "
            "setup in the app factory (2.3+)"
        ),
        "unproven-blueprint-order": (
            "`_blueprint_order` on a receiver nothing proves is a flask.Flask: if it is one, read "
            "`list(app.blueprints.values())`"
        ),
        "blueprint-order-changed": (
            "code changes `_blueprint_order`, gone since 2.0: Blueprint.register records blueprints "
            "in app.blueprints itself"
        ),
        "find-error-handler-override": (
            "an override of `_find_error_handler(self, e)`: Flask 3.0 passes the request's blueprints too"
        ),
    }
    # Flask's private names are the idiom: a module using them without naming Flask
    # (an init_app helper given the app) is read, and reported where unproven.
    VOCABULARY = (b"register_blueprint", b"record")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "setup-state-app-of-a-proven-blueprint": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def remember_order(state):
                state.app.config["ORDER"] = [b.name for b in state.app._blueprint_order]
            """,
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def remember_order(state):
                state.app.config["ORDER"] = [b.name for b in list(state.app.blueprints.values())]
            """,
        ),
        "app-wide-error-handler": (
            """\
            from flask import Flask

            app = Flask(__name__)
            app._register_error_handler(None, 404, not_found)
            """,
            """\
            from flask import Flask

            app = Flask(__name__)
            app.register_error_handler(404, not_found)
            """,
        ),
        "blueprint-error-handler-before-registration": (
            """\
            from flask import Blueprint, Flask

            app = Flask(__name__)
            admin = Blueprint("admin", __name__)
            app._register_error_handler(admin.name, 403, forbidden)
            app.register_blueprint(admin)
            """,
            """\
            from flask import Blueprint, Flask

            app = Flask(__name__)
            admin = Blueprint("admin", __name__)
            admin.register_error_handler(403, forbidden)
            app.register_blueprint(admin)
            """,
        ),
        "current-app-and-app-subclass": (
            """\
            import flask


            class App(flask.Flask):
                def setup(self):
                    self._register_error_handler(None, KeyError, missing)


            def late():
                flask.current_app._register_error_handler(None, 500, oops)
            """,
            """\
            import flask


            class App(flask.Flask):
                def setup(self):
                    self.register_error_handler(KeyError, missing)


            def late():
                flask.current_app.register_error_handler(500, oops)
            """,
        ),
        "blueprint-order-read": (
            """\
            from flask import Flask, current_app

            app = Flask(__name__)
            names = [bp.name for bp in app._blueprint_order]
            first = current_app._blueprint_order[0]
            """,
            """\
            from flask import Flask, current_app

            app = Flask(__name__)
            names = [bp.name for bp in list(app.blueprints.values())]
            first = list(current_app.blueprints.values())[0]
            """,
        ),
        "find-error-handler-gets-the-blueprints": (
            """\
            from flask import current_app


            def handler_for(error):
                return current_app._find_error_handler(error)
            """,
            """\
            from flask import request, current_app


            def handler_for(error):
                return current_app._find_error_handler(error, request.blueprints)
            """,
        ),
        "is-setup-finished-gets-its-2-2-successor": (
            """\
            from flask import Flask


            class LockedApp(Flask):
                def _is_setup_finished(self):
                    return self.locked
            """,
            """\
            from flask import Flask


            class LockedApp(Flask):
                def _is_setup_finished(self):
                    return self.locked

                def _check_setup_finished(self, f_name):
                    if self._is_setup_finished():
                        raise AssertionError(
                            f"The setup method {f_name!r} can no longer be called on {self!r}:"
                            " its setup is finished."
                        )
            """,
        ),
    }

    NO_OPS = {
        "setup-state-error-handler-is-deferred-hooks-work": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record(lambda state: state.app._register_error_handler(None, 404, not_found))
            """,
        "not-a-flask-app": """\
            import flask


            class Registry:
                pass


            registry = Registry()
            registry._register_error_handler(None, 404, not_found)
            names = registry._blueprint_order
            """,
        "quart-app": """\
            import flask
            from quart import Quart

            app = Quart(__name__)
            app._register_error_handler(None, 404, not_found)
            """,
        "find-error-handler-before-3-0": (
            "2.3",
            """\
            from flask import current_app
            handler = current_app._find_error_handler(error)
            """,
        ),
        "already-current": """\
            from flask import Flask, request

            app = Flask(__name__)
            app.register_error_handler(404, not_found)
            handler = app._find_error_handler(error, request.blueprints)
            names = list(app.blueprints.values())
            """,
        "subclass-with-its-own-check": """\
            from flask import Flask


            class LockedApp(Flask):
                def _is_setup_finished(self):
                    return self.locked

                def _check_setup_finished(self, f_name):
                    pass
            """,
        "is-setup-finished-outside-flask": """\
            import flask


            class Machine(object):
                def _is_setup_finished(self):
                    return True
            """,
        "setup-check-on-2-1": (
            "2.1",
            """\
            from flask import Flask


            class LockedApp(Flask):
                def _is_setup_finished(self):
                    return self.locked
            """,
        ),
    }

    FINDING_CASES = {
        "setup-state-app-of-an-unproven-blueprint": (
            """\
            def install(bp):
                bp.record_once(lambda state: state.app._blueprint_order.append(bp))
            """,
            2,
            "cannot prove `state.app` is a flask.Flask: `state` is a parameter of a lambda",
        ),
        "unproven-parameter": (
            """\
            def init_app(app):
                app._register_error_handler(None, 404, not_found)
            """,
            2,
            "cannot prove `app` is a flask.Flask: it is a parameter of init_app",
        ),
        "unproven-import": (
            """\
            from .factory import app

            names = [bp.name for bp in app._blueprint_order]
            """,
            3,
            "it is imported as `.factory.app`, which the project index does not resolve to one",
        ),
        "unproven-call": (
            """\
            from flask import Flask

            app = make_app()
            handler = app._find_error_handler(error)
            """,
            4,
            "cannot prove `app` is a flask.Flask: it is not assigned a Flask(...) call",
        ),
        "unproven-before-first-request": (
            """\
            def setup(app):
                @app.before_first_request
                def warm():
                    pass
            """,
            2,
            "it is a parameter of setup",
        ),
        "error-handler-after-registration": (
            """\
            from flask import Blueprint, Flask

            app = Flask(__name__)
            admin = Blueprint("admin", __name__)
            app.register_blueprint(admin)
            app._register_error_handler(admin.name, 403, forbidden)
            """,
            6,
            "before the blueprint is registered",
        ),
        "error-handler-keyed-by-a-string": (
            """\
            from flask import Flask

            app = Flask(__name__)
            app._register_error_handler("admin", 403, forbidden)
            """,
            4,
            "register_error_handler",
        ),
        "blueprint-order-mutated": (
            """\
            from flask import Flask


            class App(Flask):
                def add(self, bp):
                    self._blueprint_order.append(bp)
            """,
            6,
            "changes it",
        ),
        "request-is-something-else": (
            """\
            from flask import current_app

            request = None
            handler = current_app._find_error_handler(error)
            """,
            4,
            "not flask.request",
        ),
        "before-first-request": (
            """\
            from flask import Flask

            app = Flask(__name__)


            @app.before_first_request
            def warm_up():
                pass
            """,
            6,
            "removed in Flask 2.3",
        ),
        "find-error-handler-override": (
            """\
            from flask import Flask


            class App(Flask):
                def _find_error_handler(self, e):
                    return super()._find_error_handler(e)
            """,
            5,
            "blueprints",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._proof = AppProof(self)
        self._registrations = [
            call
            for call in self.nodes.of_type(cst.Call)
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "register_blueprint"
        ]

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not isinstance(func, cst.Attribute):
            return updated_node
        if func.attr.value == "_register_error_handler" and self._proof.deferred_on(func.value) is not None:
            return updated_node  # deferred code: deferred-hooks rewrites it, or reports it
        if not self._proof.is_app(func.value):
            if func.attr.value == "_register_error_handler" and self._proof.blueprints.instance(func.value) is None:
                self._proof.report_unproven(
                    original_node, func.value, "unproven-register-error-handler", _UNPROVEN_REGISTER_ERROR_HANDLER
                )
            elif func.attr.value == "_find_error_handler" and self.target in FIND_ERROR_HANDLER_TAKES_BLUEPRINTS:
                self._proof.report_unproven(
                    original_node, func.value, "unproven-find-error-handler", _UNPROVEN_FIND_ERROR_HANDLER
                )
            return updated_node
        if func.attr.value == "_register_error_handler":
            return self._register_error_handler(original_node, updated_node)
        if func.attr.value == "_find_error_handler" and self.target in FIND_ERROR_HANDLER_TAKES_BLUEPRINTS:
            return self._find_error_handler(original_node, updated_node)
        return updated_node

    def _register_error_handler(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        args = updated.args
        if len(args) != 3 or any(arg.star or arg.keyword for arg in args):
            self.report_finding(
                original,
                "register-error-handler-by-hand",
                "replace `_register_error_handler(key, code, f)` (removed in Flask 2.0) by hand",
            )
            return updated
        key = original.args[0].value
        without_key = without_arg(updated, 0)
        func = updated.func
        assert isinstance(func, cst.Attribute)
        if isinstance(key, cst.Name) and key.value == "None":
            self.record_change(original, "app._register_error_handler(None, ...) -> app.register_error_handler(...)")
            return without_key.with_changes(func=func.with_changes(attr=cst.Name("register_error_handler")))
        blueprint = self._own_blueprint(key)
        if blueprint is not None and not self._registered_before(blueprint, original):
            self.record_change(
                original,
                f"app._register_error_handler({blueprint}.name, ...) -> {blueprint}.register_error_handler(...)",
            )
            return without_key.with_changes(
                func=cst.Attribute(value=cst.Name(blueprint), attr=cst.Name("register_error_handler"))
            )
        self.report_finding(
            original,
            "register-error-handler-key",
            "`_register_error_handler` was removed in Flask 2.0: register this handler "
            "with `<blueprint>.register_error_handler(code, f)` before the blueprint is "
            "registered (a blueprint's handlers are merged into the app when it registers)",
        )
        return updated

    def _own_blueprint(self, key: cst.BaseExpression) -> str | None:
        """ "bp" for a key `bp.name` where bp is a flask.Blueprint."""
        if isinstance(key, cst.Attribute) and key.attr.value == "name":
            instance = self._proof.blueprints.instance(key.value)
            if instance is not None and instance.subclass is None:
                return instance.name
        return None

    def _registered_before(self, blueprint: str, call: cst.Call) -> bool:
        """Whether `blueprint` may already be registered when `call` runs: the call
        is in a function (it runs at any time), or the blueprint is registered
        earlier in this file."""
        if in_function(self, call):
            return True
        position = self.get_metadata(PositionProvider, call).start
        for registration in self._registrations:
            first = registration.args[0].value if registration.args else None
            if isinstance(first, cst.Name) and first.value == blueprint:
                start = self.get_metadata(PositionProvider, registration).start
                if (start.line, start.column) < (position.line, position.column):
                    return True
        return False

    def _find_error_handler(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if len(updated.args) != 1 or updated.args[0].star or updated.args[0].keyword:
            return updated
        request = self._request_name(original)
        if request is None:
            self.report_finding(
                original,
                "request-not-flask",
                "Flask 3.0's `_find_error_handler(e, blueprints)` needs the request's "
                "blueprints, but `request` here is not flask.request: pass `flask.request.blueprints`",
            )
            return updated
        self.record_change(original, "_find_error_handler(e) -> _find_error_handler(e, request.blueprints)")
        argument = updated.args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return updated.with_changes(args=[argument, cst.Arg(cst.parse_expression(f"{request}.blueprints"))])

    def _request_name(self, call: cst.Call) -> str | None:
        """The name flask.request has at `call`, importing it when nothing is named request."""
        scope = self.get_metadata(ScopeProvider, call, None)
        if scope is None:
            return None
        assignments = list(scope["request"])
        if not assignments:
            self.add_needed_import("flask", "request")
            return "request"
        return (
            "request" if all(imported_name(self, assignment) in _FLASK_REQUEST for assignment in assignments) else None
        )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        name = node.attr.value
        if name in BEFORE_FIRST_REQUEST_NAMES and self.target in BEFORE_FIRST_REQUEST_REMOVED:
            if self._proof.is_app(node.value) or self._proof.blueprints.instance(node.value) is not None:
                self.report_finding(node, "before-first-request", f"`{name}` {_BEFORE_FIRST_REQUEST_REMOVED}")
            elif self._proof.reports_unproven(node.value):
                why = why_unproven(self, node.value, "flask.Flask")
                self.report_finding(
                    node,
                    "unproven-before-first-request",
                    f"{why}; if it is one, `{name}` {_BEFORE_FIRST_REQUEST_REMOVED}",
                )

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if original_node.attr.value != "_blueprint_order":
            return updated_node
        if not self._proof.is_app(original_node.value):
            self._proof.report_unproven(
                original_node, original_node.value, "unproven-blueprint-order", _UNPROVEN_BLUEPRINT_ORDER
            )
            return updated_node
        if self._is_mutated(original_node):
            self.report_finding(
                original_node,
                "blueprint-order-changed",
                "`_blueprint_order` was removed in Flask 2.0 and this code changes it: "
                "Blueprint.register records blueprints in `app.blueprints` itself, in order",
            )
            return updated_node
        self.record_change(original_node, "app._blueprint_order -> list(app.blueprints.values())")
        values = cst.Attribute(
            value=cst.Attribute(value=updated_node.value, attr=cst.Name("blueprints")), attr=cst.Name("values")
        )
        return cst.Call(
            func=cst.Name("list"),
            args=[cst.Arg(cst.Call(func=values))],
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )

    def _is_mutated(self, node: cst.Attribute) -> bool:
        """`x._blueprint_order.append(...)`, `x._blueprint_order[0] = ...`, `del`, `+=`, `=`."""
        parent = self.get_metadata(ParentNodeProvider, node)
        if isinstance(parent, cst.Attribute):
            return parent.attr.value in LIST_MUTATORS
        target: cst.BaseExpression = node
        if isinstance(parent, cst.Subscript):
            target, parent = parent, self.get_metadata(ParentNodeProvider, parent)
        if isinstance(parent, (cst.AugAssign, cst.AnnAssign)):
            return parent.target is target
        return isinstance(parent, (cst.AssignTarget, cst.Del))

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef | cst.FlattenSentinel[cst.BaseStatement]:
        name = original_node.name.value
        class_def = enclosing_class(self, original_node)
        if class_def is None or class_def not in self._proof.scaffolds.subclasses:
            return updated_node
        if (
            name == "_find_error_handler"
            and self.target in FIND_ERROR_HANDLER_TAKES_BLUEPRINTS
            and len(original_node.params.params) == 2
        ):
            self.report_finding(
                original_node,
                "find-error-handler-override",
                "Flask 3.0 calls `_find_error_handler(e, blueprints)`: add the "
                "`blueprints` parameter to this override and pass it on",
            )
        if (
            name == "_is_setup_finished"
            and self.target in SETUP_CHECK_IS_CHECK_SETUP_FINISHED
            and len(original_node.params.params) == 1
            and not self._proof.scaffolds.defines(class_def, "_check_setup_finished")
        ):
            self.record_change(original_node, "added _check_setup_finished, which Flask >= 2.2 calls instead")
            check = cst.parse_statement(_CHECK_SETUP_FINISHED)
            check = check.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
            return cst.FlattenSentinel([updated_node, check])
        return updated_node
