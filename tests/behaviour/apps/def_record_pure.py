"""Deferred functions written with def: decorated, registered by name, and `record`."""
from flask import Blueprint, Flask, abort

CALLS = []
REQUESTS = ["/shop/", "/shop/missing", "/shop/legacy"]
BLUEPRINT_REQUESTS = ["/shop/", "/shop/missing"]

shop = Blueprint("shop", __name__)


def open_shop():
    CALLS.append("open")


def not_found(error):
    CALLS.append("not found")
    return "no such page", 404


def stamp(response):
    CALLS.append("stamp")
    return response


def legacy():
    CALLS.append("legacy view")
    return "legacy"


@shop.record_once
def setup_hooks(state):
    """Install the shop's hooks."""
    # the shop opens before each of its requests
    state.app.before_request_funcs.setdefault(shop.name, []).append(open_shop)
    state.app._register_error_handler(shop.name, 404, not_found)


def _setup_more(state):
    state.app.after_request_funcs.setdefault(state.blueprint.name, []).append(stamp)


shop.record_once(_setup_more)


@shop.record
def endpoints(state):
    state.app.view_functions["shop.legacy"] = legacy


shop.record_once(lambda s: s.add_url_rule("/legacy", "legacy"))


@shop.route("/")
def index():
    return "shop"


@shop.route("/missing")
def missing():
    abort(404)


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")
    return app
