"""A _PackageBoundObject base in one module, constructed from two others."""
from flask import Flask, render_template_string

from .calls import CALLS
from .plain import plain
from .themes import dark

REQUESTS = ["/dark", "/plain", "/paths"]
BLUEPRINT_REQUESTS = []
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app"]


def create_app(register):
    app = Flask(__name__)

    @app.route("/dark")
    def dark_page():
        return render_template_string(dark.source("page.html"), who="dark")

    @app.route("/plain")
    def plain_page():
        return render_template_string(plain.source("page.html"), who="plain")

    @app.route("/paths")
    def paths():
        return "%s|%s|%s|%s" % (dark.template_folder, plain.template_folder, dark.static_folder, plain.static_folder)

    return app
