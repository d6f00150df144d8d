"""Error handlers by code and by exception class, blueprint-local and app-wide."""
from flask import Blueprint, Flask, abort

CALLS = []
REQUESTS = ["/shop/items/5", "/shop/items/0", "/shop/items/1", "/shop/items/2", "/shop/items/3"]
BLUEPRINT_REQUESTS = REQUESTS


class OutOfStock(Exception):
    pass


shop = Blueprint("shop", __name__)


def not_found(error):
    CALLS.append("shop 404")
    return "no such item", 404


def out_of_stock(error):
    CALLS.append("out of stock")
    return "sold out", 409


def server_error(error):
    CALLS.append("app 500")
    return "something broke", 500


def key_error(error):
    CALLS.append("app KeyError")
    return "missing key", 400


shop.record_once(lambda s: s.app._register_error_handler(shop.name, 404, not_found))
shop.record(lambda s: s.app._register_error_handler("shop", OutOfStock, out_of_stock))
shop.record_once(lambda s: s.app._register_error_handler(None, 500, server_error))
shop.record(lambda s: s.app._register_error_handler(None, KeyError, key_error))


@shop.route("/items/<int:number>")
def item(number):
    if number == 0:
        abort(404)
    if number == 1:
        raise OutOfStock()
    if number == 2:
        raise KeyError("x")
    if number == 3:
        raise RuntimeError("boom")
    return "item %d" % number


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")
    return app
