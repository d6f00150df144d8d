"""A blueprint re-exported under another name, hooked through record functions in
a third module."""
from flask import Flask, current_app

from .bps import api_v1
from .calls import CALLS
from . import hooks  # noqa: F401

REQUESTS = ["/v1/", "/v1/teapot"]
BLUEPRINT_REQUESTS = REQUESTS
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app", "current_app"]


def create_app(register):
    app = Flask(__name__)
    register(app, api_v1, url_prefix="/v1")
    return app
