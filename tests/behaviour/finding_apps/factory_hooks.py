"""An app factory that hooks a module-level blueprint each time it builds an app
(moin's layout): on 1.x each later app ran the hook once more per request, from
Flask 2.3 the factory's second call raises AssertionError. A finding: which of
those the code meant is for its authors to say."""

from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/"]
BLUEPRINT_REQUESTS = REQUESTS
EXPECTED_FINDINGS = [("SM014", "factory-setup", 24)]

frontend = Blueprint("frontend", __name__)


@frontend.route("/")
def index():
    CALLS.append("index")
    return "index"


def create_app(register):
    app = Flask(__name__)
    frontend.before_request(lambda: CALLS.append("before_request"))
    app.register_blueprint(frontend)
    return app


default_app = create_app(None)
