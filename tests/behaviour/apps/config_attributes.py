"""App attributes that mirrored config keys in Flask 1.x."""
from flask import Blueprint, Flask, current_app, session

CALLS = []
REQUESTS = ["/settings/", "/settings/flags"]
BLUEPRINT_REQUESTS = REQUESTS

settings = Blueprint("settings", __name__)


@settings.after_request
def cookie_seen(response):
    CALLS.append(response.headers.get("Set-Cookie", "").split("=")[0])
    return response


@settings.route("/")
def index():
    session["seen"] = True
    return current_app.session_cookie_name


@settings.route("/flags")
def flags():
    app = current_app
    return "%s %s %s" % (app.templates_auto_reload, app.propagate_exceptions, app.use_x_sendfile)


def create_app(register):
    app = Flask(__name__)
    app.secret_key = "not secret"
    app.session_cookie_name = "shop_session"
    app.use_x_sendfile = False
    app.debug = False
    register(app, settings, url_prefix="/settings")
    return app
