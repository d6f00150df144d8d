"""SM001 deferred-hooks: blueprint hooks registered through 1.x deferred closures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    CodePosition,
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    Scope,
    ScopeProvider,
)

from codemods._base import Rule
from codemods._deferred import (
    IDEMPOTENT,
    MOVABLE,
    STAYING,
    DeferredFunction,
    Effect,
    Statement,
    classify,
    portable,
)
from codemods._flask import BLUEPRINT_CLASSES, JINJA_APP_CALLS
from codemods._resolve import (
    RECORD_METHODS,
    Instance,
    InstanceResolver,
    ancestors,
    bindings,
    bound_before,
    imports_quart,
    why_unproven,
)
from codemods._syntax import dotted, without_arg

# What a deferred function does that is wrong on Flask >= 2.0 whatever the blueprint.
_LEGACY_EFFECTS = MOVABLE | {Effect.FOREIGN_HOOK, Effect.LEGACY_APP_ERROR_HANDLER}
_KEEP = object()  # in a replacement list: the (updated) original statement itself


@dataclass
class _Registration:
    """`BP.record_once(<deferred function>)` or `@BP.record_once def ...`."""

    statement: cst.SimpleStatementLine | cst.FunctionDef  # what registers
    method: str
    deferred: DeferredFunction
    function: cst.Lambda | cst.FunctionDef
    separate_def: cst.FunctionDef | None = None  # `def fn(s)` registered by name


@dataclass
class _Plan:
    replace: dict[cst.CSTNode, list[object]] = field(default_factory=dict)
    remove: set[cst.CSTNode] = field(default_factory=set)
    calls: dict[cst.Call, cst.Call] = field(default_factory=dict)


class DeferredHooks(Rule):
    ID = "SM001"
    NAME = "deferred-hooks"
    SUMMARY = (
        "hooks deferred through `record`/`record_once` closures -> public calls or "
        "Scaffold attributes; `S.app._register_error_handler` in deferred code"
    )
    WHAT_IT_DOES = """
        Turns the hooks a Blueprint deferred through `record`/`record_once` closures into
        the public calls (`bp.before_request(f)`, `bp.register_error_handler(code, f)`, ...)
        or, where a call would recurse, the Scaffold attributes.

        - *Receivers:* a name bound only to `flask.Blueprint(...)` (`from flask import
          Blueprint`, `flask.blueprints`, `import flask`, aliases; module or function
          level), a blueprint imported from another module of the project, a parameter
          annotated as one, or `self` in a method of a class deriving from it (also through
          classes of other modules).
        - *Forms:* `BP.record_once(lambda S: ...)`, `BP.record(...)`, `BP.record_once(fn)`
          where `def fn(S)` is used nowhere else, and `@BP.record_once`/`@BP.record`
          functions.
        - *Own-name hooks* (`BP.name`, `S.blueprint.name`, or the literal the blueprint was
          created with) of all six kinds, `_register_error_handler(own, code, f)` and
          `view_functions[endpoint] = f` become the public calls (`BP.before_request(f)`,
          `BP.register_error_handler(code, f)`, `BP.endpoint(endpoint)(f)`, ...); with
          `self` in a Blueprint subclass that defines that method itself, the attribute
          form (`self.before_request_funcs.setdefault(None, []).append(f)`,
          `self.view_functions[endpoint] = f`).
        - *App-wide* `record_once` closures become the public `*_app_*` calls
          (`before_app_request`, `app_url_defaults`, `app_errorhandler(code)(f)`,
          `add_app_template_filter(f, name)`, ...): Flask 2.x implements each as exactly
          that closure. `S.app._register_error_handler(None, c, f)` becomes
          `S.app.register_error_handler(c, f)` wherever it stands in deferred code.
        - *Several statements:* the hooks move out only when every other statement is app
          state that stays correct (config, url_map, jinja_env, extensions, app-wide hooks,
          `S.add_url_rule`, ...: kept in the deferred function). Comments of removed code
          are kept as comment lines.
        """
    WHY = """
        In 1.x a Blueprint deferred every hook through a closure that wrote into the
        *app's* dicts keyed by the blueprint's name. Flask 2.0.0 (pallets/flask #3215,
        PR #3709) made Blueprint a Scaffold: it keeps its hooks itself (keyed by None) and
        copies them to the app under the name it is *registered* with. A 1.x closure keyed
        by its own name still fires for a top-level blueprint, but silently never fires once
        the blueprint is nested or registered with `name=`, and
        `Flask._register_error_handler` is gone (`AttributeError`).
        """
    EXAMPLES = ("own-name-spellings", "app-wide-record-once-lambdas-become-public-calls")
    LEAVES_ALONE = """
        Blueprints of Quart and of vendored Flask copies, objects of the module's own
        classes, app-wide hooks under `record` (correct as they are), deferred URL rules and
        config, a deferred `def` that is also used elsewhere or has other decorators, and
        lambdas with default arguments. A receiver nothing proves is left alone when its
        deferred function holds no 1.x hook idiom, and is a finding saying why when it does
        (see *A project, not a file*).
        """
    FIX_SAFETY = """
        A closure looks its names up at registration; the public call at once. A name moves
        only if every binding of it comes before the registration and none after; otherwise
        a finding. Error-handler and view-function writes are the same run once or many
        times, so either `record` form converts; a `record` that *appends* hooks added them
        again on every registration in 1.x, which the public calls do not: a finding. A
        statement of the deferred function that is not app state staying correct blocks the
        whole function (a finding naming its lines). The migrated hooks fire for nested and
        renamed blueprints too, where the 1.x closure silently never did on 2.x.
        """
    TRIGGERS = ()
    # `.record(` and `.record_once(`, not `.records` or `.recorder`
    TRIGGER_PATTERNS = {b".record": rb"\.record(?:_once)?\b"}
    FINDINGS = {
        "overrides-register-error-handler": (
            "the Blueprint subclass overrides register_error_handler, so a deferred error handler "
            "cannot move: register it with `Blueprint.register_error_handler(self, code, f)`"
        ),
        "blocked": (
            "a deferred function registers 1.x hooks beside code that cannot be converted (or hooks "
            "keyed by another blueprint's name): register the hooks with the public calls by hand"
        ),
        "unproven-blueprint": (
            "1.x hook idioms in a function deferred on a receiver nothing proves is a "
            "flask.Blueprint: if it is one, register them with the public calls"
        ),
        "record-appends": (
            "a `record` function appends hooks, which 1.x did again on every registration: register "
            "them once with the public calls if the blueprint is registered once per app"
        ),
        "late-binding": (
            "a hook names something bound after the registration (or rebound, or taken from the setup"
            " state): register it with the public call where it is defined"
        ),
    }
    # Every deferred idiom goes through the setup state's app; a module that hooks a
    # blueprint of another module need not name Flask.
    REQUIRED = (b".app.",)
    VOCABULARY = (b".record",)
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "every-local-hook-kind": (
            """\
            from flask import Blueprint
            from shop.hooks import f1, f2, f3, f4, f5, f6

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f1))
            bp.record_once(lambda s: s.app.after_request_funcs.setdefault(bp.name, []).append(f2))
            bp.record_once(lambda s: s.app.teardown_request_funcs.setdefault(bp.name, []).append(f3))
            bp.record_once(lambda s: s.app.template_context_processors.setdefault(bp.name, []).append(f4))
            bp.record_once(lambda s: s.app.url_value_preprocessors.setdefault(bp.name, []).append(f5))
            bp.record_once(lambda s: s.app.url_default_functions.setdefault(bp.name, []).append(f6))
            """,
            """\
            from flask import Blueprint
            from shop.hooks import f1, f2, f3, f4, f5, f6

            bp = Blueprint("shop", __name__)
            bp.before_request(f1)
            bp.after_request(f2)
            bp.teardown_request(f3)
            bp.context_processor(f4)
            bp.url_value_preprocessor(f5)
            bp.url_defaults(f6)
            """,
        ),
        "own-name-spellings": (
            """\
            import flask
            from shop.hooks import f1, f2

            shop = flask.Blueprint("shop", __name__)
            shop.record_once(lambda s: s.app.before_request_funcs.setdefault("shop", []).append(f1))
            shop.record_once(
                lambda state: state.app.after_request_funcs.setdefault(state.blueprint.name, []).append(f2)
            )
            """,
            """\
            import flask
            from shop.hooks import f1, f2

            shop = flask.Blueprint("shop", __name__)
            shop.before_request(f1)
            shop.after_request(f2)
            """,
        ),
        "error-handlers-by-code-and-class": (
            """\
            from flask.blueprints import Blueprint as BP
            from shop.hooks import bad_value, not_found

            bp = BP(name="api", import_name=__name__)
            bp.record_once(lambda s: s.app._register_error_handler(bp.name, 404, not_found))
            bp.record(lambda s: s.app._register_error_handler("api", ValueError, bad_value))
            """,
            """\
            from flask.blueprints import Blueprint as BP
            from shop.hooks import bad_value, not_found

            bp = BP(name="api", import_name=__name__)
            bp.register_error_handler(404, not_found)
            bp.register_error_handler(ValueError, bad_value)
            """,
        ),
        "app-wide-record-once-lambdas-become-public-calls": (
            """\
            from flask import Blueprint
            from shop.hooks import f1, f2, missing, oops

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(None, []).append(f1))
            bp.record_once(lambda s: s.app.url_default_functions.setdefault(None, []).append(f2))
            bp.record_once(lambda s: s.app._register_error_handler(None, 500, oops))
            bp.record_once(lambda s: s.app.errorhandler(KeyError)(missing))
            """,
            """\
            from flask import Blueprint
            from shop.hooks import f1, f2, missing, oops

            bp = Blueprint("shop", __name__)
            bp.before_app_request(f1)
            bp.app_url_defaults(f2)
            bp.app_errorhandler(500)(oops)
            bp.app_errorhandler(KeyError)(missing)
            """,
        ),
        "legacy-app-error-handler-in-record-is-fixed-in-place": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record(lambda s: s.app._register_error_handler(None, 500, oops))
            """,
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record(lambda s: s.app.register_error_handler(500, oops))
            """,
        ),
        "decorated-def": (
            """\
            from flask import Blueprint
            from shop.hooks import load_cart, no_such_item

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def setup(state):
                \"\"\"Hooks of the shop.\"\"\"
                # who is shopping
                state.app.before_request_funcs.setdefault(bp.name, []).append(load_cart)
                state.app._register_error_handler(bp.name, 404, no_such_item)  # items only


            x = 1
            """,
            """\
            from flask import Blueprint
            from shop.hooks import load_cart, no_such_item

            bp = Blueprint("shop", __name__)


            # who is shopping
            bp.before_request(load_cart)
            bp.register_error_handler(404, no_such_item)  # items only


            x = 1
            """,
        ),
        "def-registered-by-name": (
            """\
            from flask import Blueprint
            from shop.hooks import add_headers

            bp = Blueprint("shop", __name__)

            # registers the shop's hooks
            def _setup(state):
                state.app.after_request_funcs.setdefault(bp.name, []).append(add_headers)
            bp.record_once(_setup)
            """,
            """\
            from flask import Blueprint
            from shop.hooks import add_headers

            bp = Blueprint("shop", __name__)
            # registers the shop's hooks
            bp.after_request(add_headers)
            """,
        ),
        "mixed-def-keeps-app-state-and-moves-hooks": (
            """\
            from flask import Blueprint
            from shop.hooks import load_cart, money

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def setup(state):
                state.app.config.setdefault("SHOP_CURRENCY", "EUR")
                state.app.before_request_funcs.setdefault(bp.name, []).append(load_cart)
                state.app.jinja_env.filters["money"] = money
            """,
            """\
            from flask import Blueprint
            from shop.hooks import load_cart, money

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def setup(state):
                state.app.config.setdefault("SHOP_CURRENCY", "EUR")
                state.app.jinja_env.filters["money"] = money
            bp.before_request(load_cart)
            """,
        ),
        "subclass-defining-its-hook-decorators-uses-attribute-form": (
            """\
            from flask import Blueprint


            class HookedBlueprint(Blueprint):
                def before_request(self, f):
                    self.record_once(lambda s: s.app.before_request_funcs.setdefault(self.name, []).append(f))
                    return f

                def add_teardown(self, f):
                    self.record_once(lambda s: s.app.teardown_request_funcs.setdefault(self.name, []).append(f))
            """,
            """\
            from flask import Blueprint


            class HookedBlueprint(Blueprint):
                def before_request(self, f):
                    self.before_request_funcs.setdefault(None, []).append(f)
                    return f

                def add_teardown(self, f):
                    self.teardown_request(f)
            """,
        ),
        "subclass-through-local-base": (
            """\
            import flask


            class Base(flask.Blueprint):
                pass


            class Admin(Base):
                def guard(self, f):
                    self.record_once(lambda s: s.app.before_request_funcs.setdefault(s.blueprint.name, []).append(f))
            """,
            """\
            import flask


            class Base(flask.Blueprint):
                pass


            class Admin(Base):
                def guard(self, f):
                    self.before_request(f)
            """,
        ),
        "blueprint-made-in-a-factory": (
            """\
            from flask import Blueprint


            def make_blueprint(check):
                bp = Blueprint("checked", __name__)
                bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(check))
                return bp
            """,
            """\
            from flask import Blueprint


            def make_blueprint(check):
                bp = Blueprint("checked", __name__)
                bp.before_request(check)
                return bp
            """,
        ),
        "view-function-under-record-is-idempotent": (
            """\
            from flask import Blueprint
            from shop.hooks import cart, index

            bp = Blueprint("shop", __name__)


            @bp.record
            def endpoints(state):
                state.app.view_functions[bp.name + ".index"] = index
                state.app.view_functions[f"{state.blueprint.name}.cart"] = cart
            """,
            """\
            from flask import Blueprint
            from shop.hooks import cart, index

            bp = Blueprint("shop", __name__)


            bp.endpoint(bp.name + ".index")(index)
            bp.endpoint(f"{bp.name}.cart")(cart)
            """,
        ),
        "comment-inside-lambda-is-kept": (
            """\
            from flask import Blueprint
            from shop.hooks import load_cart

            bp = Blueprint("shop", __name__)
            bp.record_once(
                lambda s: s.app.before_request_funcs.setdefault(  # the shop's own
                    bp.name, []
                ).append(load_cart)
            )  # load the cart first
            """,
            """\
            from flask import Blueprint
            from shop.hooks import load_cart

            bp = Blueprint("shop", __name__)
            # the shop's own
            bp.before_request(load_cart)  # load the cart first
            """,
        ),
        "lambda-hook-function": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(lambda: calls.append(1)))
            """,
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.before_request(lambda: calls.append(1))
            """,
        ),
    }

    NO_OPS = {
        "blueprint-imported-from-a-library-the-index-knows-nothing-of-without-legacy-idioms": """\
            from flask_smorest import Blueprint

            bp = Blueprint("api", __name__)
            bp.record_once(lambda s: s.app.config.setdefault("API", True))
            """,
        "object-of-a-class-of-the-module": """\
            import flask


            class Recorder(object):
                def record(self, f):
                    pass


            recorder = Recorder()
            recorder.record(lambda s: s.app.before_request_funcs.setdefault("x", []).append(f))
            """,
        "unproven-receiver-app-wide-hook": """\
            def install(bp):
                bp.record(lambda s: s.app.before_request_funcs.setdefault(None, []).append(f))
            """,
        "quart-module-using-a-receiver-of-unknown-type": """\
            import quart


            def install(bp):
                bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
        "unproven-receiver-config-only": """\
            def install(bp):
                bp.record_once(lambda s: s.app.config.setdefault("X", 1))
            """,
        "quart-blueprint": """\
            from quart import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
        "local-class-named-blueprint": """\
            import flask


            class Blueprint(object):
                def record_once(self, f):
                    pass


            bp = Blueprint()
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
        "app-wide-hook-under-record-is-correct-already": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record(lambda s: s.app.before_request_funcs.setdefault(None, []).append(f))
            """,
        "url-rules-and-config": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.add_url_rule("/x", "x", view))
            bp.record(lambda s: s.app.config.setdefault("SHOP", True))
            bp.record_once(lambda s: s.app.url_map.converters.update(money=MoneyConverter))
            """,
        "already-migrated": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.before_request(load_cart)
            bp.record_once(lambda s: s.app.extensions.setdefault("shop", Shop()))
            """,
        "def-used-elsewhere-too": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)


            def setup(state):
                state.app.before_request_funcs.setdefault(bp.name, []).append(f)


            bp.record_once(setup)
            other.record_once(setup)
            """,
        "two-decorators": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)


            @logged
            @bp.record_once
            def setup(state):
                state.app.before_request_funcs.setdefault(bp.name, []).append(f)
            """,
        "lambda-with-default-argument": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            for f in hooks:
                bp.record_once(lambda s, f=f: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
        "no-flask-at-all": """\
            import logging

            handler.record(logging.makeLogRecord({}))
            """,
        "app-hook-of-a-record-lambda-naming-a-later-function": """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(None, []).append(later))


            def later():
                pass
            """,
    }

    FINDING_CASES = {
        "unproven-vendored-flask": (
            """\
            from myapp._vendor.flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
            4,
            "cannot prove `bp` is a flask.Blueprint: it is not assigned a Blueprint(...) call",
        ),
        "unproven-object-with-its-own-record": (
            """\
            import flask

            recorder = Recorder()
            recorder.record(lambda s: s.app.before_request_funcs.setdefault("x", []).append(f))
            """,
            4,
            "cannot prove `recorder` is a flask.Blueprint",
        ),
        "unproven-blueprint-from-a-parameter": (
            """\
            import flask


            def install(bp):
                bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
            5,
            "it is a parameter of install",
        ),
        "unproven-name-rebound-to-something-else": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp = wrap(bp)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
            5,
            "it is bound more than once",
        ),
        "hook-function-defined-later": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(load_cart))


            def load_cart():
                pass
            """,
            4,
            "not bound before",
        ),
        "record-appending-hooks": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(f))
            """,
            4,
            "every registration",
        ),
        "def-with-a-statement-that-blocks": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)


            @bp.record_once
            def setup(state):
                state.app.before_request_funcs.setdefault(bp.name, []).append(f)
                if state.app.debug:
                    state.app.after_request_funcs.setdefault(bp.name, []).append(g)
            """,
            6,
            "line(s) 9 cannot be converted",
        ),
        "hook-keyed-by-another-blueprint": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault("admin", []).append(f))
            """,
            4,
            "not this blueprint's own",
        ),
        "hook-function-from-the-setup-state": (
            """\
            from flask import Blueprint

            bp = Blueprint("shop", __name__)
            bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(s.options["hook"]))
            """,
            4,
            "depends on the setup state",
        ),
        "subclass-overriding-register-error-handler": (
            """\
            from flask import Blueprint


            class Strict(Blueprint):
                def register_error_handler(self, code, f):
                    self.record_once(lambda s: s.app._register_error_handler(self.name, code, f))
            """,
            6,
            "overrides register_error_handler",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = InstanceResolver(self, BLUEPRINT_CLASSES)
        self._lookalike = imports_quart(self)
        self._plan = _Plan()
        self._comments: list[tuple[cst.Comment, set[int]]] | None = None
        # Every simple statement line and def, outermost first (no statement is
        # under a simple statement line).
        for statement in self.nodes.of_type(cst.SimpleStatementLine, cst.FunctionDef):
            registration = self._registration(statement)
            if registration is not None:
                self._plan_registration(registration)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        return self._apply(original_node, updated_node)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        return self._apply(original_node, updated_node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self._plan.calls.get(original_node, updated_node)

    def _apply(
        self, original: cst.BaseStatement, updated: cst.BaseStatement
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if original in self._plan.remove:
            return cst.RemoveFromParent()
        if original in self._plan.replace:
            items = self._plan.replace[original]
            return cst.FlattenSentinel([updated if item is _KEEP else item for item in items])  # type: ignore[misc]
        return updated

    # Finding registrations

    def _registration(self, statement: cst.CSTNode) -> _Registration | None:
        if isinstance(statement, cst.SimpleStatementLine):
            return self._call_registration(statement)
        if isinstance(statement, cst.FunctionDef) and len(statement.decorators) == 1:
            decorator = statement.decorators[0].decorator
            found = self._record_method(decorator)
            if found is not None:
                deferred = self._deferred(statement, found[1])
                if deferred is not None:
                    return _Registration(statement, found[0], deferred, statement)
        return None

    def _call_registration(self, line: cst.SimpleStatementLine) -> _Registration | None:
        if len(line.body) != 1 or not isinstance(line.body[0], cst.Expr):
            return None
        call = line.body[0].value
        if not isinstance(call, cst.Call) or len(call.args) != 1:
            return None
        arg = call.args[0]
        found = self._record_method(call.func)
        if found is None or arg.star or arg.keyword is not None:
            return None
        method, blueprint = found
        separate_def = None
        function: cst.BaseExpression | cst.FunctionDef = arg.value
        if isinstance(function, cst.Name):
            separate_def = self._single_use_def(function)
            if separate_def is None:
                return None
            function = separate_def
        if not isinstance(function, (cst.Lambda, cst.FunctionDef)):
            return None
        deferred = self._deferred(function, blueprint)
        if deferred is None:
            return None
        return _Registration(line, method, deferred, function, separate_def)

    def _record_method(self, expression: cst.BaseExpression) -> tuple[str, Instance] | None:
        """("record_once", blueprint) for `BP.record_once`; `blueprint.proven` says
        whether BP is proven to be a flask.Blueprint."""
        if not (isinstance(expression, cst.Attribute) and expression.attr.value in RECORD_METHODS):
            return None
        blueprint = self._resolver.instance(expression.value)
        if blueprint is None:
            if self._lookalike or self._resolver.known_other(expression.value):
                return None
            blueprint = Instance(_code(expression.value), None, None, proven=False, node=expression.value)
        return expression.attr.value, blueprint

    def _single_use_def(self, name: cst.Name) -> cst.FunctionDef | None:
        """The undecorated `def` that `name` is bound to, used nowhere else and
        defined in the same scope before this use."""
        found = bindings(self, name)
        if found is None or len(found[1]) != 1:
            return None
        scope, (assignment,) = found
        node = getattr(assignment, "node", None)
        if not isinstance(node, cst.FunctionDef) or node.decorators:
            return None
        if assignment.scope is not scope or len(assignment.references) != 1:  # type: ignore[attr-defined]
            return None
        return node

    def _deferred(self, function: cst.Lambda | cst.FunctionDef, blueprint: Instance) -> DeferredFunction | None:
        params = function.params
        if (
            len(params.params) != 1
            or params.params[0].default is not None
            or params.posonly_params
            or params.kwonly_params
            or not isinstance(params.star_arg, cst.MaybeSentinel)
            or params.star_kwarg is not None
        ):
            return None
        if isinstance(function, cst.FunctionDef) and (
            function.asynchronous is not None or not isinstance(function.body, cst.IndentedBlock)
        ):
            return None
        return DeferredFunction(params.params[0].name.value, blueprint)

    # Planning one registration

    def _plan_registration(self, registration: _Registration) -> None:
        function = registration.function
        if isinstance(function, cst.Lambda):
            statements = [classify(function.body, registration.deferred)]
        else:
            statements = [classify(line, registration.deferred) for line in function.body.body]
        if not registration.deferred.blueprint.proven:
            self._report_unproven(registration, statements)
            return
        movable = [statement for statement in statements if statement.effect in MOVABLE]
        blocking = [statement for statement in statements if statement.effect not in MOVABLE | STAYING]
        foreign = [statement for statement in statements if statement.effect is Effect.FOREIGN_HOOK]

        if not movable and not foreign:
            if not self._plan_app_call(registration, statements):
                self._plan_legacy_error_handlers(statements, registration.deferred)
            return
        self._plan_legacy_error_handlers(statements, registration.deferred)
        if blocking:
            self._report_blocked(registration, blocking)
            return
        if registration.method == "record" and any(s.effect not in IDEMPOTENT for s in movable):
            self._report_every_registration(registration)
            return
        moved = self._moved_statements(registration, movable)
        if moved is None:
            return
        staying = [
            statement for statement in statements if statement.effect is not Effect.NOTHING and statement not in movable
        ]
        self._plan_move(registration, movable, moved, keep_function=bool(staying))

    def _moved_statements(
        self, registration: _Registration, movable: list[Statement]
    ) -> list[cst.SimpleStatementLine] | None:
        moved = []
        for statement in movable:
            line = self._moved_statement(registration, statement)
            if line is None:
                return None
            moved.extend(_in_place_of([line], statement.node, self._comments_in))
        return moved

    def _moved_statement(self, registration: _Registration, statement: Statement) -> cst.SimpleStatementLine | None:
        deferred = registration.deferred
        blueprint = deferred.blueprint.name
        values = [self._portable(registration, value) for value in (statement.key, statement.code, statement.function)]
        key, code, function = values
        needed = {
            Effect.LOCAL_HOOK: (function,),
            Effect.LOCAL_ERROR_HANDLER: (code, function),
            Effect.VIEW_FUNCTION: (key, function),
        }[statement.effect]
        if any(value is None for value in needed):
            self._report_unportable(registration, statement)
            return None
        assert function is not None  # every effect needs it
        if statement.effect is Effect.LOCAL_HOOK:
            assert statement.kind is not None
            if self._overrides(deferred.blueprint, statement.kind.local_call):
                hooks = _call(dotted(blueprint, statement.kind.attribute, "setdefault"), cst.Name("None"), cst.List([]))
                return _line(
                    _call(cst.Attribute(hooks, cst.Name("append")), function)
                )  # bp.X.setdefault(None, []).append(f)
            return _line(_call(dotted(blueprint, statement.kind.local_call), function))
        if statement.effect is Effect.LOCAL_ERROR_HANDLER:
            if self._overrides(deferred.blueprint, "register_error_handler"):
                self.report_finding(
                    statement.node,
                    "overrides-register-error-handler",
                    "this Blueprint subclass overrides register_error_handler, so the "
                    "error handler cannot be moved safely: register it with "
                    "`Blueprint.register_error_handler(self, code, f)` by hand",
                )
                return None
            assert code is not None
            return _line(_call(dotted(blueprint, "register_error_handler"), code, function))
        assert key is not None
        if self._overrides(deferred.blueprint, "endpoint"):
            views = cst.Subscript(
                dotted(blueprint, "view_functions"), [cst.SubscriptElement(cst.Index(key.deep_clone()))]
            )
            return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(views)], function.deep_clone())])
        return _line(_call(_call(dotted(blueprint, "endpoint"), key), function))

    def _portable(self, registration: _Registration, value: cst.BaseExpression | None) -> cst.BaseExpression | None:
        if value is None:
            return None
        point = self._position(registration.statement)
        inner = self._function_scope(registration.function)
        return portable(value, registration.deferred, lambda name: bound_before(self, name, point, inner))

    def _overrides(self, blueprint: Instance, method: str) -> bool:
        return self._resolver.overrides(blueprint, method)

    def _plan_move(
        self,
        registration: _Registration,
        movable: list[Statement],
        moved: list[cst.SimpleStatementLine],
        keep_function: bool,
    ) -> None:
        statement = registration.statement
        summary = "; ".join(_code(line) for line in moved)
        self.record_change(_anchor(statement), f"deferred {registration.method} hooks -> {summary}")
        if keep_function:
            self._plan.remove.update(item.node for item in movable)
            self._plan.replace[statement] = [_KEEP, *moved]
            return
        removed: tuple[cst.CSTNode, ...] = ()
        if registration.separate_def is not None:
            removed = (registration.separate_def,)
            self._plan.remove.add(registration.separate_def)
        skip = tuple(item.node for item in movable)
        self._plan.replace[statement] = list(_in_place_of(moved, statement, self._comments_in, removed, skip))

    def _plan_app_call(self, registration: _Registration, statements: list[Statement]) -> bool:
        """A `record_once` lambda doing one app-wide thing -> the public `*_app_*` call."""
        if registration.method != "record_once" or not isinstance(registration.function, cst.Lambda):
            return False
        (statement,) = statements
        blueprint = registration.deferred.blueprint.name
        function = self._portable(registration, statement.function)
        if function is None:
            return False
        # The call's arguments, and those of a second call on what it returns.
        arguments: tuple[cst.BaseExpression, ...]
        then: tuple[cst.BaseExpression, ...] = ()
        if statement.effect is Effect.APP_HOOK:
            assert statement.kind is not None
            call, arguments = statement.kind.app_call, (function,)  # bp.call(f)
        elif statement.effect in (Effect.APP_ERROR_HANDLER, Effect.LEGACY_APP_ERROR_HANDLER):
            code = self._portable(registration, statement.code)
            if code is None:
                return False
            call, arguments, then = "app_errorhandler", (code,), (function,)  # bp.call(code)(f)
        elif statement.effect is Effect.JINJA:
            assert isinstance(statement.code, cst.Name)
            name = self._portable(registration, statement.key)
            if name is None:
                return False
            call, arguments = JINJA_APP_CALLS[statement.code.value], (function, name)  # bp.call(f, name)
        else:
            return False
        if self._overrides(registration.deferred.blueprint, call):
            return False
        expression = _call(dotted(blueprint, call), *arguments)
        line = _line(_call(expression, *then) if then else expression)
        self.record_change(registration.statement, f"app-wide record_once lambda -> {_code(line)}")
        self._plan.replace[registration.statement] = list(
            _in_place_of([line], registration.statement, self._comments_in)
        )
        return True

    def _plan_legacy_error_handlers(self, statements: list[Statement], deferred: DeferredFunction) -> None:
        """`S.app._register_error_handler(None, c, f)` -> `S.app.register_error_handler(c, f)`."""
        for statement in statements:
            if statement.effect is not Effect.LEGACY_APP_ERROR_HANDLER:
                continue
            call = _call_of(statement.node)
            func = call.func
            assert isinstance(func, cst.Attribute)
            self._plan.calls[call] = without_arg(call, 0).with_changes(
                func=func.with_changes(attr=cst.Name("register_error_handler"))
            )
            self.record_change(
                statement.node, "S.app._register_error_handler(None, ...) -> S.app.register_error_handler(...)"
            )

    # Findings

    def _report_blocked(self, registration: _Registration, blocking: list[Statement]) -> None:
        lines = ", ".join(str(self._position(statement.node).line) for statement in blocking)
        anchor = _anchor(registration.statement)
        foreign = any(statement.effect is Effect.FOREIGN_HOOK for statement in blocking)
        reason = (
            "registers a hook keyed by a name that is not this blueprint's own"
            if foreign
            else f"line(s) {lines} cannot be converted automatically"
        )
        self.report_finding(
            anchor,
            "blocked",
            f"deferred function registers blueprint hooks in the 1.x way and {reason}; "
            "on Flask >= 2.0 such hooks fire only for a top-level blueprint registered "
            f"under its own name: register them with the public calls "
            f"(`{registration.deferred.blueprint.name}.before_request(f)`, ...) by hand",
        )

    def _report_unproven(self, registration: _Registration, statements: list[Statement]) -> None:
        """The 1.x idiom on a receiver nothing proves to be a blueprint."""
        if not any(statement.effect in _LEGACY_EFFECTS for statement in statements):
            return
        blueprint = registration.deferred.blueprint
        assert blueprint.node is not None
        self.report_finding(
            _anchor(registration.statement),
            "unproven-blueprint",
            f"{why_unproven(self, blueprint.node, 'flask.Blueprint')}; if it is one, this deferred "
            "function registers hooks or error handlers in the 1.x way, which Flask >= 2.0 "
            f"fires only for a top-level blueprint under its own name (or not at all): register "
            f"them with the public calls (`{blueprint.name}.before_request(f)`, "
            f"`{blueprint.name}.register_error_handler(code, f)`, ...) by hand",
        )

    def _report_every_registration(self, registration: _Registration) -> None:
        self.report_finding(
            _anchor(registration.statement),
            "record-appends",
            "`record` runs on every registration, so in 1.x registering this blueprint "
            "twice on one app added its hooks twice; if it is registered once per app, "
            f"register them with the public calls (`{registration.deferred.blueprint.name}"
            ".before_request(f)`, ...) instead, which Flask >= 2.0 applies once per "
            "registered name",
        )

    def _report_unportable(self, registration: _Registration, statement: Statement) -> None:
        self.report_finding(
            statement.node,
            "late-binding",
            "this hook is looked up when the blueprint is registered, but what it "
            "names is not bound before this point (or is rebound later, or depends on "
            "the setup state), so it cannot move: register it with the public call "
            f"(`{registration.deferred.blueprint.name}.before_request(f)`, ...) by hand "
            "where it is defined",
        )

    # Comments, positions and scopes

    def _comments_in(self, node: cst.CSTNode) -> list[cst.Comment]:
        """The comments in `node` (or it), in source order: found among the module's,
        each with the ids of the nodes it is in, rather than by walking the node."""
        if self._comments is None:
            self._comments = [
                (comment, {id(comment), *map(id, ancestors(self, comment))})
                for comment in self.nodes.of_type(cst.Comment)
            ]
        key = id(node)
        return [comment for comment, within in self._comments if key in within]

    def _position(self, node: cst.CSTNode) -> CodePosition:
        return self.get_metadata(PositionProvider, node).start

    def _function_scope(self, function: cst.Lambda | cst.FunctionDef) -> Scope | None:
        inner = function.body if isinstance(function, cst.Lambda) else function.body.body[0]
        return self.get_metadata(ScopeProvider, inner, None)


def _anchor(statement: cst.CSTNode) -> cst.CSTNode:
    """Where a finding about a registration points: a decorated def's decorator."""
    if isinstance(statement, cst.FunctionDef) and statement.decorators:
        return statement.decorators[0]
    return statement


def _call(func: cst.BaseExpression, *args: cst.BaseExpression) -> cst.Call:
    """`func(args)`, each argument a copy (the originals stay where they are)."""
    return cst.Call(func, [cst.Arg(arg.deep_clone()) for arg in args])


def _line(expression: cst.BaseExpression) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Expr(expression)])


def _call_of(line: cst.CSTNode) -> cst.Call:
    if isinstance(line, cst.SimpleStatementLine):
        small = line.body[0]
        assert isinstance(small, cst.Expr)
        line = small.value
    assert isinstance(line, cst.Call)
    return line


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node).strip()


def _in_place_of(
    lines: list[cst.SimpleStatementLine],
    source: cst.CSTNode,
    comments_in: Callable[[cst.CSTNode], list[cst.Comment]],
    removed: tuple[cst.CSTNode, ...] = (),
    skip: tuple[cst.CSTNode, ...] = (),
) -> list[cst.SimpleStatementLine]:
    """`lines` taking the place of the statement `source`: its blank lines and
    comments above, its trailing comment, and as comment lines every other comment
    in it and in the `removed` nodes, except those under `skip` (which travel with
    their own statements). `comments_in`: the comments in a node of the module."""
    leading: list[cst.EmptyLine] = list(getattr(source, "leading_lines", ()))
    trailing = source.trailing_whitespace if isinstance(source, cst.SimpleStatementLine) else None
    placed_nodes = (*leading, *([trailing] if trailing is not None else []), *skip)
    placed = {id(comment) for node in placed_nodes for comment in comments_in(node)}
    kept = [
        cst.EmptyLine(comment=comment)
        for node in (source, *removed)
        for comment in comments_in(node)
        if id(comment) not in placed
    ]
    result = [lines[0].with_changes(leading_lines=[*leading, *kept, *lines[0].leading_lines]), *lines[1:]]
    if trailing is not None and trailing.comment is not None:
        if result[-1].trailing_whitespace.comment is None:
            result[-1] = result[-1].with_changes(trailing_whitespace=trailing)
        else:
            result[0] = result[0].with_changes(
                leading_lines=[*result[0].leading_lines, cst.EmptyLine(comment=trailing.comment)]
            )
    return result
