"""Helpers and flags Flask 1.x had: json_available, signals_available,
total_seconds, Config.from_json, __version__."""
import json
import os
from datetime import timedelta

from flask import Blueprint, Flask, __version__, current_app, json_available, signals_available
from flask.helpers import total_seconds

CALLS = []
REQUESTS = ["/helpers/"]
BLUEPRINT_REQUESTS = REQUESTS
SETTINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "settings.json")

helpers = Blueprint("helpers", __name__)


@helpers.route("/")
def index():
    CALLS.append(json.dumps([bool(json_available), type(signals_available).__name__, __version__.count(".") >= 1]))
    lifetime = total_seconds(current_app.permanent_session_lifetime)
    half_a_second_ago = timedelta(seconds=-0.5)
    late = total_seconds(half_a_second_ago)
    return "%s %s %s %s" % (lifetime, late, current_app.config["GREETING"], current_app.config["ITEMS"])


def create_app(register):
    app = Flask(__name__)
    app.config.from_json(SETTINGS)
    register(app, helpers, url_prefix="/helpers")
    return app
