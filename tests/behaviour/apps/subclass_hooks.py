"""A Blueprint subclass that defines its own hook decorators in the 1.x style."""
from flask import Blueprint, Flask, abort

CALLS = []
REQUESTS = ["/admin/", "/admin/secret"]
BLUEPRINT_REQUESTS = REQUESTS


class TracingBlueprint(Blueprint):
    """Traces the hooks it is given."""

    def before_request(self, f):
        def traced():
            CALLS.append("trace " + f.__name__)
            return f()

        self.record_once(lambda s: s.app.before_request_funcs.setdefault(self.name, []).append(traced))
        return f

    def after_request(self, f):
        self.record_once(lambda s: s.app.after_request_funcs.setdefault(self.name, []).append(f))
        return f

    def errorhandler(self, code):
        def decorator(f):
            self.record_once(lambda s: s.app._register_error_handler(self.name, code, f))
            return f

        return decorator


admin = TracingBlueprint("admin", __name__)


@admin.before_request
def check():
    CALLS.append("check")


@admin.after_request
def sign(response):
    CALLS.append("sign")
    return response


@admin.errorhandler(403)
def forbidden(error):
    CALLS.append("forbidden")
    return "go away", 403


@admin.route("/")
def index():
    return "admin home"


@admin.route("/secret")
def secret():
    abort(403)


def create_app(register):
    app = Flask(__name__)
    register(app, admin, url_prefix="/admin")
    return app
