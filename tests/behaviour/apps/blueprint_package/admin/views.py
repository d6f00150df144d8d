"""Hooks of the admin blueprint, in a module that never names Flask."""
from werkzeug.exceptions import abort

from ..calls import CALLS
from . import admin


def load_user():
    CALLS.append("admin before")


def not_found(error):
    CALLS.append("admin 404")
    return "admin missing", 404


def failed(error):
    CALLS.append("admin 500")
    return "admin failed", 500


admin.record_once(lambda s: s.app.before_request_funcs.setdefault(admin.name, []).append(load_user))
admin.record_once(lambda s: s.app._register_error_handler(admin.name, 404, not_found))


@admin.record_once
def handle_failures(state):
    state.app._register_error_handler(admin.name, 500, failed)


@admin.route("/")
def index():
    CALLS.append("admin index")
    return "admin index"


@admin.route("/gone")
def gone():
    abort(404)


@admin.route("/boom")
def boom():
    abort(500)
