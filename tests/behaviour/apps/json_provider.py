"""JSON behaviour set through the 1.x config keys and a custom encoder."""
from datetime import date

from flask import Blueprint, Flask, jsonify
from flask.json import JSONEncoder

CALLS = []
REQUESTS = ["/api/", "/api/money"]
BLUEPRINT_REQUESTS = REQUESTS

api = Blueprint("api", __name__)


@api.after_request
def mimetype_seen(response):
    CALLS.append(response.mimetype)
    return response


@api.route("/")
def index():
    return jsonify({"zebra": 1, "apple": "\u00e9"})


class Money:
    def __init__(self, cents):
        self.cents = cents


class MoneyEncoder(JSONEncoder):
    def default(self, o):
        if isinstance(o, Money):
            return "%d.%02d" % divmod(o.cents, 100)
        return JSONEncoder.default(self, o)


@api.route("/money")
def money():
    return jsonify({"price": Money(1234), "day": date(2020, 1, 31)})


def create_app(register):
    app = Flask(__name__)
    app.json_encoder = MoneyEncoder
    app.config["JSON_SORT_KEYS"] = False
    app.config["JSON_AS_ASCII"] = False
    app.config["JSONIFY_MIMETYPE"] = "application/vnd.api+json"
    register(app, api, url_prefix="/api")
    return app
