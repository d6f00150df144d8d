"""Every blueprint-local hook kind deferred the 1.x way, with each own-name spelling."""
from flask import Blueprint, Flask, g, render_template_string, url_for

CALLS = []
REQUESTS = ["/shop/items/42", "/shop/link", "/other"]
BLUEPRINT_REQUESTS = ["/shop/items/42", "/shop/link"]

shop = Blueprint("shop", __name__)


def open_shop():
    CALLS.append("before")


def stamp(response):
    CALLS.append("after")
    response.headers["X-Shop"] = "1"
    return response


def close_shop(error):
    CALLS.append("teardown")


def shop_context():
    CALLS.append("context")
    return {"greeting": "welcome"}


def pull_item(endpoint, values):
    CALLS.append("pull")
    if values and "item" in values:
        g.item = values.pop("item")


def default_item(endpoint, values):
    CALLS.append("defaults")
    values.setdefault("item", 7)


shop.record_once(lambda s: s.app.before_request_funcs.setdefault(shop.name, []).append(open_shop))
shop.record_once(lambda s: s.app.after_request_funcs.setdefault("shop", []).append(stamp))
shop.record_once(lambda s: s.app.teardown_request_funcs.setdefault(s.blueprint.name, []).append(close_shop))
shop.record_once(lambda s: s.app.template_context_processors.setdefault(shop.name, []).append(shop_context))
shop.record_once(lambda s: s.app.url_value_preprocessors.setdefault(shop.name, []).append(pull_item))
shop.record_once(lambda s: s.app.url_default_functions.setdefault(shop.name, []).append(default_item))


@shop.route("/items/<item>")
def item():
    return render_template_string("{{ greeting }} to item {{ g.item }}")


@shop.route("/link")
def link():
    return url_for(".item").rsplit("/", 1)[-1]


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")

    @app.route("/other")
    def other():
        return "not the shop"

    return app
