"""Setup-state code that looks up a blueprint's endpoint by building its name,
as Flask-RESTful-style extensions did."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/shop/", "/shop/alias"]
BLUEPRINT_REQUESTS = REQUESTS

shop = Blueprint("shop", __name__)


@shop.route("/")
def index():
    CALLS.append("index")
    return "shop index"


@shop.record
def alias_views(state):
    endpoint = "%s.%s" % (state.blueprint.name, "index")
    state.app.add_url_rule((state.url_prefix or "") + "/alias", endpoint, state.app.view_functions[endpoint])


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")
    return app
