"""Blueprint-like modules, reading the base's dicts in another module."""
from .common import _Common


class Module(_Common):
    def __init__(self, name, import_name):
        _Common.__init__(self, import_name)
        self.name = name
        self.rules = []

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        self.rules.append((rule, endpoint or view_func.__name__, view_func, options))

    def run_before(self):
        for hook in self._before_request_funcs.get(None, ()):
            hook()

    def run_after(self, response):
        for hook in reversed(getattr(self, "_after_request_funcs").get(None, ())):
            response = hook(response)
        return response
