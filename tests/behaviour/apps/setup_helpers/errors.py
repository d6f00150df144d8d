from flask import Flask

from .calls import CALLS


def not_found(error):
    CALLS.append("app 404")
    return "nothing here", 404


def init_app(app: Flask):
    app._register_error_handler(None, 404, not_found)
