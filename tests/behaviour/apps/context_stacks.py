"""An extension keeping its state on the app context through the 1.x stacks."""
from flask import Blueprint, Flask, _app_ctx_stack, _request_ctx_stack

CALLS = []
REQUESTS = ["/ext/", "/ext/twice"]
BLUEPRINT_REQUESTS = REQUESTS

ext_views = Blueprint("ext", __name__)


class Connections:
    """Opens one connection per app context, closes it at teardown."""

    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.teardown_appcontext(self.teardown)

    def teardown(self, exception):
        ctx = _app_ctx_stack.top
        if hasattr(ctx, "connection"):
            CALLS.append("closed " + ctx.connection)

    @property
    def connection(self):
        ctx = _app_ctx_stack.top
        if ctx is not None:
            if not hasattr(ctx, "connection"):
                CALLS.append("opened")
                ctx.connection = "conn-%s" % ctx.app.name
            return ctx.connection

    def outside(self):
        return _app_ctx_stack.top is None and _request_ctx_stack.top is None


connections = Connections()


@ext_views.route("/")
def index():
    return "%s %s" % (connections.connection, _request_ctx_stack.top.request.method)


@ext_views.route("/twice")
def twice():
    return connections.connection + connections.connection


def create_app(register):
    app = Flask("ext_app")
    connections.init_app(app)
    CALLS.append("outside" if connections.outside() else "inside")
    register(app, ext_views, url_prefix="/ext")
    return app
