"""Set-up helpers receiving the app and a blueprint as annotated parameters."""
from flask import Flask

from .bps import shop
from .calls import CALLS
from .errors import init_app
from .hooks import hook

REQUESTS = ["/shop/", "/shop/gone", "/nowhere"]
BLUEPRINT_REQUESTS = ["/shop/", "/shop/gone"]
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app"]


def create_app(register):
    app = Flask(__name__)
    hook(shop)
    init_app(app)
    register(app, shop, url_prefix="/shop")
    return app
