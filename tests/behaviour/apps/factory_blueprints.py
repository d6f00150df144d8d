"""Blueprints made by a factory function, each with the hook it is given."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/north/", "/south/"]
BLUEPRINT_REQUESTS = REQUESTS


def make_blueprint(name, check):
    bp = Blueprint(name, __name__)
    bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(check))

    @bp.route("/")
    def index():
        return name + " home"

    return bp


def north_check():
    CALLS.append("north check")


def south_check():
    CALLS.append("south check")


def create_app(register):
    app = Flask(__name__)
    register(app, make_blueprint("north", north_check), url_prefix="/north")
    register(app, make_blueprint("south", south_check), url_prefix="/south")
    return app
