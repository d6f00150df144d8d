"""A deferred def mixing app state (config, a template filter) with local hooks."""
from flask import Blueprint, Flask, current_app, render_template_string

CALLS = []
REQUESTS = ["/shop/"]
BLUEPRINT_REQUESTS = REQUESTS

shop = Blueprint("shop", __name__)


def open_shop():
    CALLS.append("open")


def stamp(response):
    CALLS.append("stamp")
    return response


def money(value):
    CALLS.append("money")
    return "%.2f %s" % (value, current_app.config["CURRENCY"])


@shop.record_once
def setup(state):
    state.app.config.setdefault("CURRENCY", "EUR")
    state.app.before_request_funcs.setdefault(shop.name, []).append(open_shop)
    state.app.jinja_env.filters["money"] = money
    state.app.after_request_funcs.setdefault(shop.name, []).append(stamp)


@shop.route("/")
def index():
    return render_template_string("{{ 5 | money }}")


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")
    return app
