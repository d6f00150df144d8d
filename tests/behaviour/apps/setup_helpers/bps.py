from flask import Blueprint, abort

from .calls import CALLS

shop = Blueprint("shop", __name__)


@shop.route("/")
def index():
    CALLS.append("shop index")
    return "shop"


@shop.route("/gone")
def gone():
    abort(404)
