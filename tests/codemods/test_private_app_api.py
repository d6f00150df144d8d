from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM007"

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

UNCHANGED = {
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

FINDINGS = {
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


(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE, REWRITES, UNCHANGED, FINDINGS)


def test_before_first_request_is_fine_before_2_3():
    source = FINDINGS["before-first-request"][0]
    assert not run_rule(RULE, source, target="2.2").findings
