"""A _FlaskCommon-style module system (pallets/flask #3215): an app-like Site and a
blueprint-like Module share a hand-made base keeping hooks keyed by None."""
from flask import Flask

CALLS = []
REQUESTS = ["/", "/news/", "/news/latest"]
BLUEPRINT_REQUESTS = []


class _Common(object):
    """What the site and its modules share."""

    def __init__(self, import_name):
        self.import_name = import_name
        self._before_request_funcs = {}
        self._after_request_funcs = {}
        self._error_handler_spec = {}

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
        """Run `f` on every response."""
        self._after_request_funcs.setdefault(None, []).append(f)
        return f

    def note(self, text):
        CALLS.append("%s: %s" % (self.import_name, text))


class Module(_Common):
    def __init__(self, name, import_name):
        _Common.__init__(self, import_name)
        self.name = name
        self.rules = []

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        self.rules.append((rule, endpoint or view_func.__name__, view_func, options))


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

    def _owners(self, path):
        return [self] + [module for module, prefix in self.modules if path.startswith(prefix + "/")]

    def _before(self):
        from flask import request

        for owner in self._owners(request.path):
            for hook in owner._before_request_funcs.get(None, ()):
                hook()

    def _after(self, response):
        from flask import request

        for owner in reversed(self._owners(request.path)):
            for hook in reversed(owner._after_request_funcs.get(None, ())):
                response = hook(response)
        return response


news = Module("news", __name__)


@news.before_request
def load_news():
    news.note("before")


@news.after_request
def sign_news(response):
    news.note("after")
    return response


@news.route("/")
def news_index():
    return "all the news"


@news.route("/latest", endpoint="newest")
def latest():
    return "the latest news"


def create_app(register):
    site = Site(__name__)

    @site.before_request
    def count():
        site.note("site before")

    @site.route("/")
    def home():
        return "home"

    site.install(news, "/news")
    return site.flask
