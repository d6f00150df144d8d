"""A Blueprint subclass chain across three modules, each level overriding
register(self, app, options, first_registration=False)."""
from flask import Flask

from .calls import CALLS
from .leaf import shop

REQUESTS = ["/shop/"]
BLUEPRINT_REQUESTS = REQUESTS
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app"]


def create_app(register):
    app = Flask(__name__)
    register(app, shop, url_prefix="/shop")
    return app
