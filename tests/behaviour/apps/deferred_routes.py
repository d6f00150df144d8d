"""An extension adding its routes to the blueprint while the blueprint registers,
as flask-restx 0.3.0 does through a record callback."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/api/items", "/api/users"]
BLUEPRINT_REQUESTS = REQUESTS


def items():
    CALLS.append("items")
    return "items"


def users():
    CALLS.append("users")
    return "users"


class Api:
    def __init__(self, blueprint: Blueprint):
        self.resources = []
        blueprint.record(self._deferred_blueprint_init)

    def add_resource(self, view, rule):
        self.resources.append((rule, view))

    def _deferred_blueprint_init(self, state):
        for rule, view in self.resources:
            state.blueprint.add_url_rule(rule, view.__name__, view)


api_blueprint = Blueprint("api", __name__)
api = Api(api_blueprint)
api.add_resource(items, "/items")
api.add_resource(users, "/users")


def create_app(register):
    app = Flask(__name__)
    register(app, api_blueprint, url_prefix="/api")
    return app
