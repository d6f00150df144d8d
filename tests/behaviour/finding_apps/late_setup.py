"""Setup calls on a blueprint after its registration: on 1.x (and 2.0) they never
reached the app it was registered on (the late route is a 404, the late hook never
runs); from Flask 2.3 they raise AssertionError. Moving them before the registration
would make them work, which is not what the code did: findings."""
from flask import Blueprint, Flask

CALLS = []
REQUESTS = ["/", "/late"]
BLUEPRINT_REQUESTS = REQUESTS
EXPECTED_FINDINGS = [("SM014", "after-registration", 28), ("SM014", "after-registration", 29)]

pages = Blueprint("pages", __name__)


@pages.route("/")
def index():
    CALLS.append("index")
    return "index"


def late_hook():
    CALLS.append("late hook")


def create_app(register):
    app = Flask(__name__)
    app.register_blueprint(pages)
    pages.before_request(late_hook)
    pages.add_url_rule("/late", "late", lambda: "late")
    return app
