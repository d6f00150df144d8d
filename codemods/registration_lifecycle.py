"""SM014 registration-lifecycle: when setup methods run, and how often blueprints register."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

import libcst as cst
from libcst.metadata import GlobalScope, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._flask import (
    APP_SETUP_METHODS,
    BLUEPRINT_SETUP_METHODS,
    LEGACY_APP_SETUP_METHODS,
    SHARED_TEST_APP,
    TEST_CLIENT_REQUESTS,
)
from codemods._libcst import child_nodes
from codemods._nodes import descendants
from codemods._resolve import bindings, deferred_functions, deferred_with_state, string_value, why_unproven
from codemods._shared_apps import shared_app_setups
from codemods._syntax import with_keyword
from codemods.versions import FlaskVersion

SETUP_CHECKED = FlaskVersion(2, 2)  # a warning in 2.2, AssertionError from 2.3
NAME_CHECKED = FlaskVersion(2, 1)  # the same name registered twice: ValueError
SETUP_METHODS = BLUEPRINT_SETUP_METHODS | APP_SETUP_METHODS
ALIAS_OPTIONS = frozenset({"url_prefix", "subdomain", "url_defaults"})
# What a blueprint's own setup may do without its name entering a second registration.
ALIAS_SETUP_METHODS = BLUEPRINT_SETUP_METHODS - {"record", "record_once", "register_blueprint"}
# Why a registration under other options was not given a name of its own.
UNNAMED_ALIAS = {
    "options": "only a plain blueprint with a literal name, registered again with a literal url_prefix or "
    "subdomain, is named by the tool",
    "override": "its class overrides `register`, which runs again: one that registers other blueprints "
    "registers them twice, and a name= of its own would not help them (register them once, or nest them)",
    "used": "the module uses the blueprint for more than its routes and hooks, which could then see the new name",
    "taken": "the name it would take is already used in the project",
    "spelt": "a string spells the blueprint's name (a hook or handler keyed by it?), which the alias would not match",
    "read": "relative url_for, a request's endpoint or blueprint, or a template folder of its own in the project "
    "could tell the alias's name from the blueprint's",
}
# What reads the name a request's blueprint was registered under: relative url_for
# and the request's endpoint and blueprint (an aliased `request` may), and a template
# folder of its own (templates elsewhere than in `templates` folders, which are read).
_NAME_READERS = re.compile(
    rb"""url_for\(\s*[rRuU]?['"]\.|\brequest\.(?:endpoint|blueprints?|url_rule)\b|\brequest\s+as\s|"""
    rb"""\btemplate_folder\s*="""
)
_CODE = cst.Module([]).code_for_node
LEGACY_SETUP_WORDS = tuple(f".{method}".encode() for method in sorted(LEGACY_APP_SETUP_METHODS))
# A call of one of them (`X.m(`) or a bare decorator (`@X.m`): the forms the rule
# follows; an attribute read (`view.endpoint`) is neither.
LEGACY_SETUP_NAMES = rb"(?:" + b"|".join(word[1:] for word in LEGACY_SETUP_WORDS) + rb")\b"
LEGACY_SETUP_CALL = (
    rb"(?:\.\s*" + LEGACY_SETUP_NAMES + rb"(?:[\s\\]|#[^\n]*)*\(|@[^\n]*\.\s*" + LEGACY_SETUP_NAMES + rb")"
)


class RegistrationLifecycle(Rule):
    ID = "SM014"
    NAME = "registration-lifecycle"
    SUMMARY = (
        "`state.blueprint.add_url_rule(...)` in a deferred function -> `state.add_url_rule(...)`; a repeated "
        "registration that did nothing new, guarded, and one under another url_prefix given its own `name=`; "
        "setup calls "
        "after registration or a first request, in factories and deferred functions, and repeated "
        "registrations are findings"
    )
    WHAT_IT_DOES = """
        Looks at when setup methods run, in the straight-line code of a module or a function,
        on proven blueprints and apps:

        - In a function deferred on a blueprint (`bp.record(f)`, `@bp.record_once`),
          `state.blueprint.add_url_rule(rule, endpoint, view)` becomes
          `state.add_url_rule(rule, endpoint, view)`: what 1.x ran, in the same registration
          (the rule 1.x recorded was run by the loop over the deferred functions).
        - A blueprint registered again on the same app with the same arguments, where
          that did nothing new on 1.x (a flask.Blueprint without `record` callbacks, named
          in no other file: the second registration only added its URL rules again), is
          guarded as Flask 2.1 checks it: `if bp.name not in app.blueprints:`.
        - A blueprint registered again under another literal `url_prefix` or `subdomain`
          (an alias serving its views twice) gets a `name=` of its own (`shop_v1`), where
          nothing in the project could tell that name from the blueprint's: the
          blueprint is as above, its module uses it only for routes, hooks and
          registrations, no other string spells its name, and no file or template of
          the project builds a relative URL (`url_for(".x")`), reads a request's
          endpoint or blueprint, or sets a template folder of its own.
        - Everything else it detects is a finding naming the lines involved: setup calls
          after a registration or a test client's request in the same code, in the
          factory that registers a module-level blueprint, in a blueprint's deferred
          functions, in tests on an app a module- or session-scoped fixture (the test
          module's own or a `conftest.py`'s above it) or `setUpClass` shares, and a
          blueprint registered twice under one name (in the same code, or in a loop
          whose `name=` does not change).
        """
    WHY = """
        Flask 2.0 made every hook and route method a setup method, and releases after it
        tightened the check: a setup method on a blueprint after it was registered warns in
        2.2 and raises from 2.3 (`AssertionError: The setup method 'before_request' can no
        longer be called on the blueprint 'admin'. It has already been registered at least
        once, ...`), as does one on an app after its first request (in every mode from 2.2).
        Since 2.0, hooks a blueprint's deferred function adds to that blueprint are silently
        dropped (the blueprint merged its hooks into the app before running them). The same
        blueprint registered twice under one name raises from 2.1: `ValueError: The name
        'admin' is already registered for this blueprint. Use 'name=' to provide a unique
        name.`
        """
    EXAMPLES = ("deferred-add-url-rule", "alias-under-another-prefix")
    LEAVES_ALONE = """
        Setup calls before the first registration, on other blueprints, or on receivers
        nothing proves; registrations under distinct `name=`s; and a blueprint's deferred
        code that does not set the blueprint up.
        """
    FIX_SAFETY = """
        `state.add_url_rule` is what the blueprint's own `add_url_rule` recorded in 1.x and
        the loop over deferred functions then ran. The guarded registration skips what
        1.x's second registration did: its URL rules a second time, identical to the
        first (matching and building find the first either way). A named alias keeps
        what 1.x did: Flask merges the blueprint's hooks, error handlers and URL
        processors under the alias's name too, building `url_for("shop.x")` still finds
        the first registration's rule, and what would see the new name (relative URLs,
        a request's endpoint or blueprint, keys spelt by hand, its CLI group) is
        nowhere in the project; an extension reading a request's endpoint is not
        seen. The findings are not rewritten: on 1.x a setup call after registration
        reached only later registrations, so moving it before the registration would
        change what the app does, and a hook a factory adds to a module-level blueprint
        ran once more per request in each app it built after the first, so moving it to
        module level would too; which one the code meant is for its authors to say.
        """
    TRIGGERS = ()
    # A registration is followed on a plain name (`app.register_blueprint`), not on
    # `self.app`.
    # A test client assigned (`client = app.test_client()`, what the rule follows), a
    # shared fixture or setUpClass count only beside a call of one of 1.x's setup
    # methods (the route shortcuts `app.get(...)` came with 2.0).
    TRIGGER_PATTERNS = {
        b".register_blueprint": rb"(?<![\w.])[A-Za-z_]\w*[\s)]*\.\s*register_blueprint\b",
        b".record": rb"\.record(?:_once)?\b",
        b"test_client": rb"\A(?=[\s\S]*?=[^\n=]*\.test_client\()(?=[\s\S]*?" + LEGACY_SETUP_CALL + rb")",
        **dict.fromkeys((b"scope=", b"setUpClass"), LEGACY_SETUP_CALL),
    }
    REQUIRED = (b"flask",)
    VOCABULARY = (b".record", *LEGACY_SETUP_WORDS)  # a test's setup calls on a shared app: no trigger word
    CONNECTED_ROOTS = frozenset({SHARED_TEST_APP})
    FINDINGS = {
        "after-registration": (
            "a setup method on a blueprint after its registration on an app: on 1.x it reached only later "
            "registrations, from Flask 2.3 it raises AssertionError; move it before the registration or drop it"
        ),
        "factory-setup": (
            "a setup method on a module-level blueprint inside the function that registers it: it runs again "
            "for every app the function builds, and the second raises AssertionError from Flask 2.3; move it "
            "to module level"
        ),
        "setup-in-deferred": (
            "a setup method on the blueprint inside one of its deferred functions: since Flask 2.0 hooks added "
            "there are dropped, and from 2.3 it raises AssertionError; set the blueprint up before it is "
            "registered (or use the setup state's add_url_rule)"
        ),
        "registered-twice": (
            "the same blueprint registered twice on one app under one name: ValueError from Flask 2.1; give "
            "the second registration its own name= (its endpoints, and relative url_for('.x'), then use it)"
        ),
        "shared-app-setup": (
            "a setup method in a test on an app other tests share (a module- or session-scoped fixture, "
            "setUpClass): AssertionError from Flask 2.2 once a test before it made a request; set the app up "
            "in its factory, or give each test its own app"
        ),
        "after-first-request": (
            "a setup method on an app after it served a request: AssertionError from Flask 2.2; set the app up "
            "before it handles requests (a fresh app per test)"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "deferred-add-url-rule": (
            """\
            from flask import Blueprint

            api = Blueprint("api", __name__)


            @api.record
            def add_resources(state):
                for rule, view in state.options.get("resources", ()):
                    state.blueprint.add_url_rule(rule, view.__name__, view)
            """,
            """\
            from flask import Blueprint

            api = Blueprint("api", __name__)


            @api.record
            def add_resources(state):
                for rule, view in state.options.get("resources", ()):
                    state.add_url_rule(rule, view.__name__, view)
            """,
        ),
        "method-of-an-extension": (
            """\
            from flask import Blueprint


            class Api:
                def __init__(self, blueprint: Blueprint):
                    blueprint.record(self._deferred_init)

                def _deferred_init(self, state):
                    state.blueprint.add_url_rule("/items", "items", self.items)
            """,
            """\
            from flask import Blueprint


            class Api:
                def __init__(self, blueprint: Blueprint):
                    blueprint.record(self._deferred_init)

                def _deferred_init(self, state):
                    state.add_url_rule("/items", "items", self.items)
            """,
        ),
        "repeated-registration-guarded": (
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)


            def create_app():
                app = Flask(__name__)
                app.register_blueprint(bp, url_prefix="/shop")
                app.register_blueprint(bp, url_prefix="/shop")
                return app
            """,
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)


            def create_app():
                app = Flask(__name__)
                app.register_blueprint(bp, url_prefix="/shop")
                if bp.name not in app.blueprints:
                    app.register_blueprint(bp, url_prefix="/shop")
                return app
            """,
        ),
        "alias-under-another-prefix": (
            """\
            from flask import Blueprint, Flask

            shop = Blueprint("shop", __name__)


            @shop.route("/items")
            def items():
                return "items"


            app = Flask(__name__)
            app.register_blueprint(shop)
            app.register_blueprint(shop, url_prefix="/v1")
            """,
            """\
            from flask import Blueprint, Flask

            shop = Blueprint("shop", __name__)


            @shop.route("/items")
            def items():
                return "items"


            app = Flask(__name__)
            app.register_blueprint(shop)
            app.register_blueprint(shop, url_prefix="/v1", name="shop_v1")
            """,
        ),
        "lambda-on-a-blueprint": (
            """\
            from flask import Blueprint

            bp = Blueprint("bp", __name__)
            bp.record_once(lambda s: s.blueprint.add_url_rule("/ping", "ping", ping))
            """,
            """\
            from flask import Blueprint

            bp = Blueprint("bp", __name__)
            bp.record_once(lambda s: s.add_url_rule("/ping", "ping", ping))
            """,
        ),
    }
    NO_OPS = {
        "setup-call-decorating-a-deferred-function": """\
            from flask import Blueprint

            bp = Blueprint("bp", __name__)


            @bp.record_once
            @bp.app_template_filter("shout")
            def setup(state):
                state.app.config.setdefault("SHOUT", True)
            """,
        "repeated-registration-of-a-blueprint-with-record-callbacks": """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            bp.record(lambda state: state.app.extensions.setdefault("seen", []).append(1))
            app = Flask(__name__)
            app.register_blueprint(bp, url_prefix="/v1", name="one")
            app.register_blueprint(bp, url_prefix="/v1", name="two")
            """,
        "setup-before-registration": """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            bp.before_request(load)
            app = Flask(__name__)
            app.register_blueprint(bp)
            """,
        "another-blueprint-after-registration": """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            other = Blueprint("other", __name__)
            app = Flask(__name__)
            app.register_blueprint(bp)
            other.before_request(load)
            """,
        "distinct-names": """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            app = Flask(__name__)
            app.register_blueprint(bp)
            app.register_blueprint(bp, name="bp_again", url_prefix="/again")
            """,
        "unproven-receiver": """\
            import flask

            def wire(app, bp):
                app.register_blueprint(bp)
                bp.before_request(load)
            """,
        "factory-hooking-its-own-blueprint": """\
            from flask import Blueprint, Flask

            def create_app():
                app = Flask(__name__)
                bp = Blueprint("bp", __name__)
                bp.before_request(load)
                app.register_blueprint(bp)
                return app
            """,
        "quart-blueprint": """\
            from quart import Blueprint

            bp = Blueprint("bp", __name__)
            bp.record_once(lambda s: s.blueprint.add_url_rule("/ping", "ping", ping))
            """,
        "another-blueprint-under-another-prefix": """\
            from flask import Blueprint, Flask

            shop = Blueprint("shop", __name__)
            admin = Blueprint("admin", __name__)
            app = Flask(__name__)
            app.register_blueprint(shop)
            app.register_blueprint(admin, url_prefix="/v1")
            """,
        "registered-in-a-loop-under-names-of-its-own": """\
            from flask import Blueprint, Flask

            api = Blueprint("api", __name__)
            app = Flask(__name__)
            for version in ("v1", "v2"):
                app.register_blueprint(api, url_prefix="/" + version, name="api_" + version)
            """,
        "blueprints-registered-in-a-loop": """\
            from flask import Blueprint, Flask

            api = Blueprint("api", __name__)
            admin = Blueprint("admin", __name__)
            app = Flask(__name__)
            for blueprint in (api, admin):
                app.register_blueprint(blueprint)
            """,
        "function-scoped-fixture": """\
            import pytest
            from flask import Flask


            @pytest.fixture
            def app():
                return Flask(__name__)


            def test_route(app):
                app.add_url_rule("/", "index", lambda: "index")
            """,
        "requests-in-a-test-on-a-module-scoped-client": """\
            import pytest
            from flask import Flask


            @pytest.fixture(scope="module")
            def client():
                return Flask(__name__).test_client()


            def test_index(client):
                assert client.get("/").status_code == 404
            """,
        "app-set-up-before-requests": """\
            from flask import Flask

            app = Flask(__name__)
            client = app.test_client()
            app.add_url_rule("/", "index", index)
            client.get("/")
            """,
    }
    FINDING_CASES = {
        "route-after-registration": (
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            app = Flask(__name__)
            app.register_blueprint(bp)


            @bp.route("/late")
            def late():
                return "late"
            """,
            8,
            "line 5",
        ),
        "factory-hooking-a-module-level-blueprint": (
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)


            def create_app():
                app = Flask(__name__)
                bp.before_request(load)
                app.register_blueprint(bp)
                return app
            """,
            8,
            "every app",
        ),
        "hook-in-a-deferred-function": (
            """\
            from flask import Blueprint

            bp = Blueprint("bp", __name__)


            @bp.record_once
            def setup(state):
                state.blueprint.before_request(load)
            """,
            8,
            "dropped",
        ),
        "method-deferred-on-an-unproven-receiver": (
            """\
            import flask


            class Api:
                def __init__(self, blueprint):
                    blueprint.record(self._deferred_init)

                def _deferred_init(self, state):
                    state.blueprint.add_url_rule("/items", "items", self.items)
            """,
            9,
            "parameter",
        ),
        "route-in-a-test-on-a-module-scoped-app": (
            """\
            import pytest
            from flask import Flask


            @pytest.fixture(scope="module")
            def app():
                return Flask(__name__)


            def test_late_route(app):
                app.add_url_rule("/late", "late", lambda: "late")
                assert app.test_client().get("/late").status_code == 200
            """,
            11,
            "module-scoped fixture `app`",
        ),
        "hook-in-a-test-on-a-module-scoped-app": (
            """\
            import pytest
            from flask import Flask


            @pytest.fixture(scope="module")
            def app():
                return Flask(__name__)


            def test_hook(app):
                app.before_request(lambda: None)
            """,
            11,
            "module-scoped fixture `app`",
        ),
        "hook-in-a-test-on-an-app-made-in-set-up-class": (
            """\
            import unittest

            import flask


            class ViewsTest(unittest.TestCase):
                @classmethod
                def setUpClass(cls):
                    cls.app = flask.Flask(__name__)

                def test_hook(self):
                    self.app.before_request(lambda: None)
            """,
            12,
            "setUpClass",
        ),
        "registered-twice": (
            """\
            from flask import Blueprint, Flask, url_for

            bp = Blueprint("bp", __name__)
            bp.add_url_rule("/", "index", lambda: url_for(".index"))
            app = Flask(__name__)
            app.register_blueprint(bp)
            app.register_blueprint(bp, url_prefix="/v1")
            """,
            7,
            "line 6",
        ),
        "alias-of-a-blueprint-whose-name-a-hook-spells": (
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)
            app = Flask(__name__)
            app.register_blueprint(bp)
            app.register_blueprint(bp, url_prefix="/v1")
            app.before_request_funcs.setdefault("bp", []).append(check)
            """,
            6,
            "line 5",
        ),
        "alias-of-a-blueprint-whose-name-a-function-body-spells": (
            """\
            from flask import Blueprint, Flask

            bp = Blueprint("bp", __name__)


            def section():
                return "bp"


            app = Flask(__name__)
            app.register_blueprint(bp)
            app.register_blueprint(bp, url_prefix="/v1")
            """,
            12,
            "spells the blueprint's name",
        ),
        "registered-in-a-loop": (
            """\
            from flask import Blueprint, Flask

            api = Blueprint("api", __name__)
            app = Flask(__name__)
            for prefix in ("/v1", "/v2"):
                app.register_blueprint(api, url_prefix=prefix)
            """,
            6,
            "in a loop",
        ),
        "registered-twice-on-an-unproven-app": (
            """\
            from flask import Blueprint

            shop = Blueprint("shop", __name__)


            def wire(app):
                app.register_blueprint(shop)
                app.register_blueprint(shop, url_prefix="/v1")
            """,
            8,
            "parameter of wire",
        ),
        "route-after-a-request": (
            """\
            from flask import Flask

            app = Flask(__name__)
            client = app.test_client()
            client.get("/")
            app.add_url_rule("/late", "late", late)
            """,
            6,
            "line 5",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._proof = AppProof(self)
        self._deferred_add_url_rule: set[cst.Call] = set()
        self._guarded: dict[cst.SimpleStatementLine, tuple[str, str]] = {}  # -> (blueprint, app)
        self._aliases: dict[cst.Call, str] = {}  # a registration under other options -> its name=
        self._check_body(node.body, None)
        for function in self.nodes.of_type(cst.FunctionDef):
            if isinstance(function.body, cst.IndentedBlock):
                self._check_body(function.body.body, function)
        self._check_deferred()
        if self.target >= NAME_CHECKED:
            self._check_loops()
        if self.target >= SETUP_CHECKED:
            for call, method, shared in shared_app_setups(self):
                self.report_finding(
                    call,
                    "shared-app-setup",
                    f"`{method}` in a test, on an app shared through {shared}: after an earlier test's request, "
                    "Flask 2.2+ raises AssertionError; set the app up in its factory, or give each test an app",
                )

    def _check_body(self, statements: Sequence[cst.BaseStatement], function: cst.FunctionDef | None) -> None:
        registered: dict[tuple[str, str, str | None], cst.Call] = {}  # (app, blueprint, name=) -> first call
        registered_blueprints: dict[str, int] = {}
        clients: dict[str, str] = {}  # client name -> its app
        served: dict[str, int] = {}  # app -> the line of its first request
        module_blueprints = self._module_blueprints_registered_in(statements) if function is not None else set()
        for statement in statements:
            for receiver, method, call, where in _setup_calls(statement):
                if method not in SETUP_METHODS:
                    continue
                name = receiver.value
                if method == "register_blueprint" and call is not None and not self._proof.lookalike:
                    proven = self._proof.is_app(receiver)
                    self._registration(statement, call, name, registered, registered_blueprints, proven)
                    if proven:
                        continue
                if self._proof.blueprints.instance(receiver) is not None and method in BLUEPRINT_SETUP_METHODS:
                    if name in registered_blueprints and self.target >= SETUP_CHECKED:
                        self.report_finding(
                            where,
                            "after-registration",
                            f"`{name}.{method}` runs after `{name}` was registered on line "
                            f"{registered_blueprints[name]}: {self.FINDINGS['after-registration']}",
                        )
                    elif name in module_blueprints and self.target >= SETUP_CHECKED:
                        self.report_finding(
                            where, "factory-setup", f"`{name}.{method}`: {self.FINDINGS['factory-setup']}"
                        )
                elif name in served and method in APP_SETUP_METHODS and self.target >= SETUP_CHECKED:
                    self.report_finding(
                        where,
                        "after-first-request",
                        f"`{name}.{method}` runs after `{name}` served a request on line {served[name]}: "
                        f"{self.FINDINGS['after-first-request']}",
                    )
            for client, app in _test_clients(statement):
                if self._proof.is_app(app):
                    clients[client] = _CODE(app)
            if clients:  # walking every statement costs: only once a test client exists
                for client in _requests_of(statement, clients):
                    served.setdefault(clients[client], self._line(statement))

    def _check_loops(self) -> None:
        """A loop registering one blueprint on one app: the second time round, under
        the same name unless `name=` changes with the loop."""
        for loop in (*self.nodes.of_type(cst.For), *self.nodes.of_type(cst.While)):
            if not isinstance(loop.body, cst.IndentedBlock):
                continue
            bound = [loop.target] if isinstance(loop, cst.For) else []
            bound += [n.target for n in descendants(loop.body) if isinstance(n, (cst.AssignTarget, cst.AugAssign))]
            varying = {n.value for target in bound for n in descendants(target) if isinstance(n, cst.Name)}
            for statement in loop.body.body:
                for receiver, method, call, _where in _setup_calls(statement):
                    if method != "register_blueprint" or call is None or not call.args:
                        continue
                    blueprint = call.args[0].value
                    named = [arg.value for arg in call.args if _keyword(arg) == "name"]
                    if (
                        not isinstance(blueprint, cst.Name)
                        or blueprint.value in varying
                        or receiver.value in varying
                        or any(isinstance(n, cst.Name) and n.value in varying for v in named for n in descendants(v))
                        or self._proof.blueprints.instance(blueprint) is None
                        or not self._proof.is_app(receiver)
                    ):
                        continue
                    self.report_finding(
                        call,
                        "registered-twice",
                        f"`{blueprint.value}` is registered on `{receiver.value}` in a loop, each time under the same "
                        f"name: {self.FINDINGS['registered-twice']}",
                    )

    def _registration(
        self,
        statement: cst.BaseStatement,
        call: cst.Call,
        app: str,
        registered: dict[tuple[str, str, str | None], cst.Call],
        registered_blueprints: dict[str, int],
        proven: bool,
    ) -> None:
        """A registration of a proven blueprint on `app` (which nothing may prove an
        app: a repeated registration is then only reported)."""
        if not call.args or not isinstance(call.args[0].value, cst.Name):
            return
        blueprint = call.args[0].value
        if self._proof.blueprints.instance(blueprint) is None:
            return
        named = next(
            (string_value(arg.value) or _CODE(arg.value) for arg in call.args if _keyword(arg) == "name"), None
        )
        key = (app, blueprint.value, named)
        first = registered.get(key)
        if first is not None and self.target >= NAME_CHECKED:
            same = [_CODE(arg) for arg in first.args] == [_CODE(arg) for arg in call.args]
            if not proven:
                assert isinstance(call.func, cst.Attribute)  # `APP.register_blueprint(...)`: _setup_calls
                alias, unnamed = None, why_unproven(self, call.func.value, "flask.Flask")
            elif self._overrides_register(blueprint):
                alias, unnamed = None, UNNAMED_ALIAS["override"]
            elif same:
                alias, unnamed = None, ""
            else:
                alias, unnamed = self._alias_name(blueprint, call, {n for _, _, n in registered})
            if (
                proven
                and same
                and isinstance(statement, cst.SimpleStatementLine)
                and self._registers_nothing_new(blueprint)
            ):
                self._guarded[statement] = (blueprint.value, app)
            elif alias is not None:
                self._aliases[call] = alias
            else:
                self.report_finding(
                    call,
                    "registered-twice",
                    f"`{blueprint.value}` is registered on `{app}` again (first on line "
                    f"{self._line(first)}) under the same name: {self.FINDINGS['registered-twice']}"
                    + (f" (not named here: {unnamed})" if unnamed else ""),
                )
        registered.setdefault(key, call)
        if proven:
            registered_blueprints.setdefault(blueprint.value, self._line(statement))

    def _registers_nothing_new(self, blueprint: cst.Name) -> bool:
        """Whether registering the blueprint again with the same options did nothing
        on 1.x but add its URL rules again: a flask.Blueprint (no subclass of its own
        register), with no `record` callbacks (they ran again) in this module, and
        named in no other file of the project (which could add some)."""
        instance = self._proof.blueprints.instance(blueprint)
        if instance is None or instance.local_class is not None or instance.project_class is not None:
            return False
        if any(_same_name(receiver, blueprint) for _function, receiver in deferred_functions(self)):
            return False
        return not self.project.mentions(blueprint.value, self.context.filename or "")

    def _alias_name(self, blueprint: cst.Name, call: cst.Call, taken: Collection[str | None]) -> tuple[str | None, str]:
        """The `name=` for a registration of the blueprint under other options (an
        alias serving its views a second time), where nothing could tell the alias's
        name from the blueprint's (else None, and why not). On 1.x the
        alias's endpoints were the blueprint's; with its own name only these differ
        under it: relative `url_for`, the request's endpoint and blueprint, hooks or
        handlers keyed by the name by hand and the blueprint's own CLI group. So: a
        plain blueprint registering nothing new (see `_registers_nothing_new`), used
        in its module only as the receiver of its routes and hooks, whose name no
        other string of the project spells, in a project none of whose files or
        templates reads those or uses its own template folder."""
        options = call.args[1:]
        if any(_keyword(arg) not in ALIAS_OPTIONS for arg in options) or not self._registers_nothing_new(blueprint):
            return None, UNNAMED_ALIAS["options"]
        instance = self._proof.blueprints.instance(blueprint)
        prefix = next(
            (string_value(arg.value) for arg in options if _keyword(arg) in ("url_prefix", "subdomain")), None
        )
        if instance is None or not instance.constructed_name or "." in instance.constructed_name or not prefix:
            return None, UNNAMED_ALIAS["options"]
        if not self._only_set_up(blueprint):
            return None, UNNAMED_ALIAS["used"]
        alias = f"{instance.constructed_name}_{re.sub(r'[^0-9A-Za-z_]+', '_', prefix).strip('_')}"
        word = re.compile(rb"\b" + re.escape(alias.encode()) + rb"\b")
        spelt = re.compile(rb"""['"]""" + re.escape(instance.constructed_name.encode()) + rb"""['"]""")
        # The whole file as read: bodies focus set aside (strings spelling the name) too.
        source = self.context.source if self.context.source is not None else self.module.code.encode()
        elsewhere = self.project.found_in_files(
            {"taken": word, "spelt": spelt, "read": _NAME_READERS}, self.context.filename or "", in_templates=("read",)
        )
        if alias.endswith("_") or alias in taken or word.search(source) or "taken" in elsewhere:
            return None, UNNAMED_ALIAS["taken"]
        if len(spelt.findall(source)) > 1 or "spelt" in elsewhere:
            return None, UNNAMED_ALIAS["spelt"]
        if _NAME_READERS.search(source) or "read" in elsewhere:
            return None, UNNAMED_ALIAS["read"]
        return alias, ""

    def _overrides_register(self, blueprint: cst.Name) -> bool:
        instance = self._proof.blueprints.instance(blueprint)
        return instance is not None and self._proof.blueprints.overrides(instance, "register")

    def _only_set_up(self, blueprint: cst.Name) -> bool:
        """Whether every use of the blueprint's name in the module sets it up (routes,
        hooks, handlers) or registers it."""
        found = bindings(self, blueprint)
        if found is None:
            return False
        for assignment in found[1]:
            for access in getattr(assignment, "references", ()):
                parent = self.get_metadata(ParentNodeProvider, access.node, None)
                if isinstance(parent, cst.Attribute) and parent.attr.value in ALIAS_SETUP_METHODS:
                    continue
                argument = parent if isinstance(parent, cst.Arg) else None
                registration = self.get_metadata(ParentNodeProvider, argument, None) if argument else None
                if not (
                    isinstance(registration, cst.Call)
                    and registration.args[0] is argument
                    and isinstance(registration.func, cst.Attribute)
                    and registration.func.attr.value == "register_blueprint"
                ):
                    return False
        return True

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        guard = self._guarded.get(original_node)
        if guard is None:
            return updated_node
        blueprint, app = guard
        self.record_change(original_node, f"a repeated registration of {blueprint} guarded as Flask 2.1 checks it")
        body = cst.IndentedBlock(body=[updated_node.with_changes(leading_lines=[])])
        return cst.If(
            test=cst.parse_expression(f"{blueprint}.name not in {app}.blueprints"),
            body=body,
            leading_lines=updated_node.leading_lines,
        )

    def _module_blueprints_registered_in(self, statements: Sequence[cst.BaseStatement]) -> set[str]:
        """Blueprints bound at module level that these statements register on an app."""
        found = set()
        for statement in statements:
            for receiver, method, call, _where in _setup_calls(statement):
                if method != "register_blueprint" or call is None or not call.args:
                    continue
                blueprint = call.args[0].value
                if (
                    isinstance(blueprint, cst.Name)
                    and self._at_module_level(blueprint)
                    and self._proof.blueprints.instance(blueprint) is not None
                    and self._proof.is_app(receiver)
                ):
                    found.add(blueprint.value)
        return found

    def _at_module_level(self, name: cst.Name) -> bool:
        found = bindings(self, name)
        return found is not None and all(
            isinstance(self.get_metadata(ScopeProvider, getattr(assignment, "node", name), None), GlobalScope)
            for assignment in found[1]
        )

    def _check_deferred(self) -> None:
        for function, receiver, state in deferred_with_state(self):
            proven = self._proof.blueprints.instance(receiver) is not None
            if not proven and (self._proof.lookalike or self._proof.blueprints.known_other(receiver)):
                continue
            for call in self._calls_in(function):
                func = call.func
                if not isinstance(func, cst.Attribute) or func.attr.value not in BLUEPRINT_SETUP_METHODS:
                    continue
                on_blueprint = _is_state_blueprint(func.value, state) or _same_name(func.value, receiver)
                if not on_blueprint:
                    continue
                if not proven:
                    why = why_unproven(self, receiver, "flask.Blueprint")
                    self.report_finding(
                        call,
                        "setup-in-deferred",
                        f"{why}; if it is one, `{_CODE(func)}` in its deferred function is a setup method on a "
                        "registered blueprint (use the setup state's add_url_rule)",
                    )
                elif func.attr.value == "add_url_rule" and _is_state_blueprint(func.value, state):
                    self._deferred_add_url_rule.add(call)
                else:
                    self.report_finding(
                        call,
                        "setup-in-deferred",
                        f"`{_CODE(func)}` in a function deferred on `{_CODE(receiver)}`: "
                        f"{self.FINDINGS['setup-in-deferred']}",
                    )

    def _calls_in(self, function: cst.Lambda | cst.FunctionDef) -> Iterator[cst.Call]:
        """The calls the function's code makes, in source order (not its decorators')."""
        decorators = getattr(function, "decorators", ())
        for part in child_nodes(function):
            if not any(part is decorator for decorator in decorators):
                yield from (node for node in descendants(part) if type(node) is cst.Call)

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        alias = self._aliases.get(original_node)
        if alias is not None:
            self.record_change(original_node, f"a registration under other options named {alias!r}, as 2.1 requires")
            return with_keyword(updated_node, "name", cst.SimpleString(f'"{alias}"'))
        if original_node not in self._deferred_add_url_rule:
            return updated_node
        func = updated_node.func
        assert isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute)
        self.record_change(original_node, "state.blueprint.add_url_rule(...) -> state.add_url_rule(...)")
        return updated_node.with_changes(func=func.with_changes(value=func.value.value))


def _setup_calls(statement: cst.BaseStatement) -> Iterator[tuple[cst.Name, str, cst.Call | None, cst.CSTNode]]:
    """(receiver, method, the call or None for a bare decorator, where it is) for the
    method calls a statement makes at its top: `X.m(...)` alone on a line, and
    `@X.m(...)` / `@X.m`."""
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                found = _method_of(small.value.func)
                if found is not None:
                    yield (*found, small.value, small)
    elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        for decorator in statement.decorators:
            expression = decorator.decorator
            call = expression if isinstance(expression, cst.Call) else None
            found = _method_of(call.func if call is not None else expression)
            if found is not None:
                yield (*found, call, decorator)


def _method_of(func: cst.BaseExpression) -> tuple[cst.Name, str] | None:
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return func.value, func.attr.value
    return None


def _test_clients(statement: cst.BaseStatement) -> Iterator[tuple[str, cst.BaseExpression]]:
    """`client = APP.test_client()`: (client, APP)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return
    for small in statement.body:
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and isinstance(small.value, cst.Call)
            and isinstance(small.value.func, cst.Attribute)
            and small.value.func.attr.value == "test_client"
        ):
            yield small.targets[0].target.value, small.value.func.value


def _requests_of(statement: cst.BaseStatement, clients: dict[str, str]) -> Iterator[str]:
    """The clients a statement sends a request through (`client.get(...)` anywhere in it)."""
    for node in descendants(statement):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            owner = node.func.value
            if isinstance(owner, cst.Name) and owner.value in clients and node.func.attr.value in TEST_CLIENT_REQUESTS:
                yield owner.value


def _keyword(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None


def _is_state_blueprint(expression: cst.BaseExpression, state: str) -> bool:
    return (
        isinstance(expression, cst.Attribute)
        and expression.attr.value == "blueprint"
        and isinstance(expression.value, cst.Name)
        and expression.value.value == state
    )


def _same_name(expression: cst.BaseExpression, receiver: cst.BaseExpression) -> bool:
    return isinstance(expression, cst.Name) and isinstance(receiver, cst.Name) and expression.value == receiver.value
