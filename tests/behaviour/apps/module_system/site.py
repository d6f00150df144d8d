"""The app-like site, on top of Flask."""
from flask import Flask, request

from module_system.common import _Common


class Site(_Common):
    def __init__(self, import_name):
        _Common.__init__(self, import_name)
        self.flask = Flask(import_name)
        self.modules = []
        self.flask.before_request(self._before)
        self.flask.after_request(self._after)

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        self.flask.add_url_rule(rule, endpoint, view_func, **options)

    def install(self, module, prefix):
        self.modules.append((module, prefix))
        for rule, endpoint, view_func, options in module.rules:
            self.flask.add_url_rule(prefix + rule, module.name + "." + endpoint, view_func, **options)

    def _visited(self):
        return [module for module, prefix in self.modules if request.path.startswith(prefix + "/")]

    def _before(self):
        for hook in self._before_request_funcs.get(None, ()):
            hook()
        for module in self._visited():
            module.run_before()

    def _after(self, response):
        for module in reversed(self._visited()):
            response = module.run_after(response)
        for hook in reversed(self._after_request_funcs.get(None, ())):
            response = hook(response)
        return response
