"""A blueprint registered a second time under another url_prefix, an alias serving
its views again: Flask 1.x gave both its name, 2.1+ wants the alias to have its own.
Migrated as a project of its own: whether the alias may be named depends on every
file of the project (relative URLs built, the endpoint of a request read)."""
from flask import Blueprint, Flask, abort, url_for

CALLS = []
REQUESTS = ["/shop/", "/v1/", "/v1/gone", "/shop/link", "/v1/link", "/other/"]
BLUEPRINT_REQUESTS = ["/other/"]

catalog = Blueprint("catalog", __name__)
other = Blueprint("other", __name__)


@catalog.before_request
def count():
    CALLS.append("catalog before_request")


@catalog.errorhandler(410)
def gone(error):
    CALLS.append("catalog 410 handler")
    return "gone from the catalog", 410


@catalog.route("/")
def index():
    CALLS.append("catalog index")
    return "the catalog"


@catalog.route("/gone")
def withdrawn():
    abort(410)


@catalog.route("/link")
def link():
    return url_for("catalog.index")


@other.route("/")
def other_index():
    CALLS.append("other index")
    return "other"


def create_app(register):
    app = Flask(__name__)
    app.register_blueprint(catalog, url_prefix="/shop")
    app.register_blueprint(catalog, url_prefix="/v1")
    register(app, other, url_prefix="/other")
    return app
