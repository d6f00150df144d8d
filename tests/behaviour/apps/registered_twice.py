"""A factory registering the same blueprint twice with the same options, which
Flask 1.x took as a no-op (the second registration was not the first)."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/shop/", "/other/"]
BLUEPRINT_REQUESTS = ["/other/"]

storefront = Blueprint("storefront", __name__)
other = Blueprint("other", __name__)


@storefront.route("/")
def index():
    CALLS.append("storefront index")
    return "storefront"


@other.route("/")
def other_index():
    CALLS.append("other index")
    return "other"


def create_app(register):
    app = Flask(__name__)
    app.register_blueprint(storefront, url_prefix="/shop")
    app.register_blueprint(storefront, url_prefix="/shop")
    register(app, other, url_prefix="/other")
    return app
