"""App-wide hooks deferred by a blueprint: record_once lambdas and a record one."""
from flask import Blueprint, Flask, abort, render_template_string

CALLS = []
REQUESTS = ["/shop/", "/other", "/shop/gone", "/shop/teapot"]
BLUEPRINT_REQUESTS = ["/shop/", "/shop/gone", "/shop/teapot"]

shop = Blueprint("shop", __name__)


def count_request():
    CALLS.append("app before")


def app_after(response):
    CALLS.append("app after")
    return response


def site_name():
    CALLS.append("site context")
    return {"site": "demo"}


def gone(error):
    CALLS.append("gone")
    return "gone for good", 410


def teapot(error):
    CALLS.append("teapot")
    return "short and stout", 418


def shout(text):
    return text.upper()


shop.record_once(lambda s: s.app.before_request_funcs.setdefault(None, []).append(count_request))
shop.record_once(lambda s: s.app.after_request_funcs.setdefault(None, []).append(app_after))
shop.record_once(lambda s: s.app.template_context_processors.setdefault(None, []).append(site_name))
shop.record_once(lambda s: s.app.errorhandler(410)(gone))
shop.record_once(lambda s: s.app._register_error_handler(None, 418, teapot))
shop.record_once(lambda s: s.app.jinja_env.filters.__setitem__("shout", shout))
shop.record(lambda s: s.app.jinja_env.globals.setdefault("motto", "buy more"))


@shop.route("/")
def index():
    return render_template_string("{{ site }}: {{ motto | shout }}")


@shop.route("/gone")
def gone_view():
    abort(410)


@shop.route("/teapot")
def teapot_view():
    abort(418)


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")

    @app.route("/other")
    def other():
        return render_template_string("{{ site }}")

    return app
