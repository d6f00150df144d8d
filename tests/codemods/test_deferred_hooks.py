from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM001"

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
        shop.record_once(lambda state: state.app.after_request_funcs.setdefault(state.blueprint.name, []).append(f2))
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
        bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(lambda: calls.append("x")))
        """,
        """\
        from flask import Blueprint

        bp = Blueprint("shop", __name__)
        bp.before_request(lambda: calls.append("x"))
        """,
    ),
}

UNCHANGED = {
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

FINDINGS = {
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


(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE, REWRITES, UNCHANGED, FINDINGS)


def test_blocked_function_still_gets_the_removed_api_fixed():
    source = """\
        from flask import Blueprint

        bp = Blueprint("shop", __name__)


        @bp.record_once
        def setup(state):
            state.app._register_error_handler(None, 500, oops)
            state.app.before_request_funcs.setdefault(bp.name, []).append(f)
            print("registered")
        """
    result = run_rule(RULE, source)
    assert "state.app.register_error_handler(500, oops)" in result.new_text
    assert "setdefault(bp.name" in result.new_text
    assert [finding.line for finding in result.findings] == [6]
