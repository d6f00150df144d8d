"""Deferred and decorator hooks of one kind interleaved: the order must survive."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/shop/"]
BLUEPRINT_REQUESTS = REQUESTS

shop = Blueprint("shop", __name__)


def first():
    CALLS.append("first")


def third():
    CALLS.append("third")


def after_one(response):
    CALLS.append("after one")
    return response


def after_three(response):
    CALLS.append("after three")
    return response


shop.record_once(lambda s: s.app.before_request_funcs.setdefault(shop.name, []).append(first))


@shop.before_request
def second():
    CALLS.append("second")


shop.record_once(lambda s: s.app.before_request_funcs.setdefault(shop.name, []).append(third))
shop.record_once(lambda s: s.app.after_request_funcs.setdefault(shop.name, []).append(after_one))


@shop.after_request
def after_two(response):
    CALLS.append("after two")
    return response


shop.record_once(lambda s: s.app.after_request_funcs.setdefault(shop.name, []).append(after_three))


@shop.route("/")
def index():
    CALLS.append("view")
    return "ordered"


def create_app(register):
    app = Flask(__name__)

    @app.before_request
    def app_first():
        CALLS.append("app before")

    register(app, shop, url_prefix="/shop")
    return app
