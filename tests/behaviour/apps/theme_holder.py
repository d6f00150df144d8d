"""A template/theme holder built on Flask 1.x's _PackageBoundObject."""
import os

from flask import Flask, render_template_string
from flask.helpers import _PackageBoundObject

CALLS = []
REQUESTS = ["/theme", "/paths"]
BLUEPRINT_REQUESTS = []


class Theme(_PackageBoundObject):
    """Templates of a theme, found next to the module that defines it."""

    def __init__(self, import_name, folder):
        _PackageBoundObject.__init__(self, import_name, folder)

    def source(self, name):
        CALLS.append("load " + name)
        return self.jinja_loader.get_source(None, name)[0]


theme = Theme(__name__, "theme_templates")


def create_app(register):
    app = Flask(__name__)

    @app.route("/theme")
    def page():
        return render_template_string(theme.source("page.html"), who="world")

    @app.route("/paths")
    def paths():
        return "%s|%s|%s|%s" % (
            theme.template_folder,
            os.path.basename(theme.root_path),
            theme.static_folder,
            theme.has_static_folder,
        )

    return app
