"""A blueprint class whose register override brings its sub-blueprints along, and
an app that registers one of them twice (a mirror): on 1.x the second registration
registered the sub-blueprint again too; from Flask 2.1 both raise ValueError (the
same name twice), and naming the mirror would not help the sub-blueprint."""

from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/site/", "/site/wiki/", "/mirror/", "/mirror/wiki/"]
BLUEPRINT_REQUESTS = REQUESTS
EXPECTED_FINDINGS = [("SM014", "registered-twice", 41)]


class ModuleBlueprint(Blueprint):
    def __init__(self, name, import_name, children=()):
        Blueprint.__init__(self, name, import_name)
        self.children = children

    def register(self, app, options, first_registration=False):
        Blueprint.register(self, app, options, first_registration)
        for child in self.children:
            app.register_blueprint(child, url_prefix=options["url_prefix"] + "/" + child.name)


wiki = Blueprint("wiki", __name__)
site = ModuleBlueprint("site", __name__, children=[wiki])


@wiki.route("/")
def wiki_index():
    CALLS.append("wiki")
    return "wiki"


site.add_url_rule("/", "index", lambda: "site")


def create_app(register):
    app = Flask(__name__)
    app.register_blueprint(site, url_prefix="/site")
    app.register_blueprint(site, url_prefix="/mirror")
    return app
