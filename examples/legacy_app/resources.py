"""A tiny resource registry in the style of Flask-RESTful 0.3.8."""

try:
    from flask.helpers import _endpoint_from_view_func
except ImportError:  # Flask 2.x moved it
    from flask.scaffold import _endpoint_from_view_func
from flask.helpers import locked_cached_property


class Registry(object):
    def __init__(self, app):
        self.app = app
        self.endpoints = []

    @locked_cached_property
    def prefix(self):
        return self.app.config.get("API_PREFIX", "")

    def add(self, rule, view_func, endpoint=None):
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        self.endpoints.append(endpoint)
        self.app.add_url_rule(self.prefix + rule, endpoint, view_func)
