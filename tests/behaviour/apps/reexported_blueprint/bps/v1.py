from flask import Blueprint, abort, current_app

from ..calls import CALLS

api = Blueprint("v1", __name__)


@api.route("/")
def index():
    CALLS.append("v1 index")
    return "v1 config=%s" % current_app.config.get("V1")


@api.route("/teapot")
def teapot():
    abort(418)
