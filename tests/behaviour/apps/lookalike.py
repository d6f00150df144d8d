"""A plugin registry with its own Blueprint class and record_once: not Flask's."""
import flask

CALLS = []
REQUESTS = ["/plugins/"]
BLUEPRINT_REQUESTS = []


class Blueprint(object):
    """This app's plugin registry, modelled on Flask 1.x's blueprints."""

    def __init__(self, name):
        self.name = name
        self.deferred = []

    def record_once(self, function):
        self.deferred.append(function)

    def install(self, state):
        for function in self.deferred:
            function(state)


class State(object):
    def __init__(self, app):
        self.app = app


def note():
    CALLS.append("plugin note")


plugins = Blueprint("plugins")
plugins.record_once(lambda s: s.app.before_request_funcs.setdefault(plugins.name, []).append(note))

views = flask.Blueprint("plugins", __name__)


@views.route("/")
def index():
    return "plugins"


def create_app(register):
    app = flask.Flask(__name__)
    register(app, views, url_prefix="/plugins")
    plugins.install(State(app))
    return app
