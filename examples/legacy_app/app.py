"""Application factory of the legacy example."""

from flask import Flask

from admin import admin
from resources import Registry


def create_app():
    app = Flask(__name__)
    registry = Registry(app)
    registry.add("/health", health)
    app.register_blueprint(admin, url_prefix="/admin")
    return app


def health():
    return "ok"
