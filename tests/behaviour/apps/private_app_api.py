"""Private Flask 1.x app API: _register_error_handler, _blueprint_order, _find_error_handler."""
from flask import Blueprint, Flask, abort, current_app
from werkzeug.exceptions import NotFound

CALLS = []
REQUESTS = ["/admin/", "/admin/secret", "/order", "/missing", "/which"]
BLUEPRINT_REQUESTS = ["/admin/", "/admin/secret"]

admin = Blueprint("admin", __name__)


def forbidden(error):
    CALLS.append("admin forbidden")
    return "admin says no", 403


def not_found(error):
    CALLS.append("app not found")
    return "nothing here", 404


app = Flask(__name__)
app._register_error_handler(None, 404, not_found)
app._register_error_handler(admin.name, 403, forbidden)


@admin.route("/")
def index():
    return "admin"


@admin.route("/secret")
def secret():
    abort(403)


@app.route("/order")
def order():
    return ",".join(bp.name for bp in app._blueprint_order)


@app.route("/which")
def which():
    handler = current_app._find_error_handler(NotFound())
    return handler.__name__ if handler else "none"


def create_app(register):
    register(app, admin, url_prefix="/admin")
    return app
