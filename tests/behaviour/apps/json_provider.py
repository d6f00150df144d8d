"""JSON behaviour set through the 1.x config keys."""
from flask import Blueprint, Flask, jsonify

CALLS = []
REQUESTS = ["/api/"]
BLUEPRINT_REQUESTS = REQUESTS

api = Blueprint("api", __name__)


@api.after_request
def mimetype_seen(response):
    CALLS.append(response.mimetype)
    return response


@api.route("/")
def index():
    return jsonify({"zebra": 1, "apple": "\u00e9"})


def create_app(register):
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    app.config["JSON_AS_ASCII"] = False
    app.config["JSONIFY_MIMETYPE"] = "application/vnd.api+json"
    register(app, api, url_prefix="/api")
    return app
