"""The hand-made base of issue #3215's _FlaskCommon idea, in a module of its own."""
from .calls import CALLS


class _Common(object):
    def __init__(self, import_name):
        self.import_name = import_name
        self._before_request_funcs = {}
        self._after_request_funcs = {}

    def route(self, rule, **options):
        def decorator(f):
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f

        return decorator

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        raise NotImplementedError

    def before_request(self, f):
        self._before_request_funcs.setdefault(None, []).append(f)
        return f

    def after_request(self, f):
        self._after_request_funcs.setdefault(None, []).append(f)
        return f

    def note(self, text):
        CALLS.append("%s: %s" % (self.import_name, text))
