from tests.rule_cases import assert_unchanged, run_rule, standard_rule_tests

RULE = "SM005"

BASE = '''\
class _FlaskCommon(object):
    def __init__(self, import_name, template_folder=None):
        self.import_name = import_name
        self.template_folder = template_folder
        self._before_request_funcs = {}
        self._url_default_functions = dict()
        self.extra = {}

    def route(self, rule, **options):
        def decorator(f):
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, f, **options)
            return f
        return decorator

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        raise NotImplementedError

    def before_request(self, f):
        """Register f."""
        self._before_request_funcs.setdefault(None, []).append(f)
        return f

    def url_defaults(self, func):
        self._url_default_functions.setdefault(None, []).append(func)
        return func

    def describe(self):
        return len(self._before_request_funcs)
'''

REWRITES = {
    "full-shape-on-3-x": (
        "3.1",
        BASE
        + """

class App(_FlaskCommon):
    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        self.rules.append(rule)

    def hooks(self):
        return getattr(self, "_before_request_funcs"), self._url_default_functions
""",
        """\
from flask.sansio.scaffold import Scaffold

class _FlaskCommon(Scaffold):
    def __init__(self, import_name, template_folder=None):
        Scaffold.__init__(self, import_name=import_name, template_folder=template_folder)
        self.extra = {}

    def describe(self):
        return len(self.before_request_funcs)

    def _check_setup_finished(self, f_name):
        pass


class App(_FlaskCommon):
    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        self.rules.append(rule)

    def hooks(self):
        return getattr(self, "before_request_funcs"), self.url_default_functions
""",
    ),
    "setup-check-of-2-1": (
        "2.1",
        BASE,
        """\
from flask.scaffold import Scaffold

class _FlaskCommon(Scaffold):
    def __init__(self, import_name, template_folder=None):
        Scaffold.__init__(self, import_name=import_name, template_folder=template_folder)
        self.extra = {}

    def describe(self):
        return len(self.before_request_funcs)

    def _is_setup_finished(self):
        return False
""",
    ),
}

UNCHANGED = {
    "route-method-alone": """\
class Router(object):
    def __init__(self):
        self.routes = {}

    def route(self, path):
        return self.add_url_rule(path)
""",
    "before-request-plugin-system": """\
class Plugins(object):
    def __init__(self, import_name):
        self._before_request_funcs = {}

    def before_request(self, f):
        self._before_request_funcs.setdefault(None, []).append(f)
        return f
""",
    "real-add-url-rule": BASE.replace("raise NotImplementedError", "self.rules.append(rule)"),
    "derived-from-something": BASE.replace("class _FlaskCommon(object):", "class _FlaskCommon(Framework):"),
    "no-hook-dicts": """\
class Common(object):
    def __init__(self, import_name):
        self.import_name = import_name

    def route(self, rule, **options):
        return lambda f: self.add_url_rule(rule, None, f, **options)

    def add_url_rule(self, *args, **kwargs):
        raise NotImplementedError
""",
}


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(
    RULE, REWRITES, UNCHANGED
)


def test_methods_that_differ_from_scaffold_are_kept():
    source = BASE.replace(
        "self._before_request_funcs.setdefault(None, []).append(f)",
        "self._before_request_funcs.setdefault(None, []).insert(0, f)",
    )
    result = run_rule(RULE, source)
    assert "def before_request(self, f):" in result.new_text
    assert "self.before_request_funcs.setdefault(None, []).insert(0, f)" in result.new_text
    assert "def url_defaults" not in result.new_text


def test_hook_dict_named_in_a_string_blocks_with_a_finding():
    source = (
        BASE
        + """

def hooks_of(obj, kind):
    return obj.__dict__[kind]


hooks_of(app, "_before_request_funcs")
"""
    )
    result = assert_unchanged(RULE, source)
    [finding] = result.findings
    assert finding.line == 1 and "line 36" in finding.message


def test_subclass_without_add_url_rule_is_reported_when_routes_are_used():
    source = (
        BASE
        + """

class Module(_FlaskCommon):
    pass


mod = Module(__name__)


@mod.route("/")
def index():
    return "x"
"""
    )
    result = run_rule(RULE, source)
    assert [finding.line for finding in result.findings] == [32]
    assert "NotImplementedError" in result.findings[0].message
