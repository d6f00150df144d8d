"""A project laid out the 1.x way: the app factory here, the admin blueprint created
in admin/__init__.py and hooked in admin/views.py through `from . import admin`."""
from flask import Flask

from .calls import CALLS

REQUESTS = ["/admin/", "/admin/gone", "/admin/boom"]
BLUEPRINT_REQUESTS = REQUESTS
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app"]


def create_app(register):
    from .admin import admin

    app = Flask(__name__)
    register(app, admin, url_prefix="/admin")
    return app
