import pytest

from tests.rule_cases import assert_rewrites, assert_unchanged, run_rule, standard_rule_tests

RULE = "SM003"

REWRITES = {
    "from-helpers": (
        """\
        from flask.helpers import _endpoint_from_view_func
        endpoint = _endpoint_from_view_func(view_func)
        """,
        """\
        endpoint = view_func.__name__
        """,
    ),
    "each-module-it-lived-in": (
        """\
        from flask.app import _endpoint_from_view_func as a
        from flask.blueprints import _endpoint_from_view_func as b
        from flask.scaffold import _endpoint_from_view_func as c
        from flask.sansio.scaffold import _endpoint_from_view_func as d
        names = [a(f1), b(f2), c(f3), d(f4)]
        """,
        """\
        names = [f1.__name__, f2.__name__, f3.__name__, f4.__name__]
        """,
    ),
    "module-attribute": (
        """\
        import flask.helpers
        name = flask.helpers._endpoint_from_view_func(view)
        url = flask.helpers.url_for
        """,
        """\
        import flask.helpers
        name = view.__name__
        url = flask.helpers.url_for
        """,
    ),
    "module-alias": (
        """\
        import flask.helpers as helpers
        name = helpers._endpoint_from_view_func(view)
        """,
        """\
        import flask.helpers as helpers
        name = view.__name__
        """,
    ),
    "keyword-argument": (
        """\
        from flask.helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(view_func=self.view)
        """,
        """\
        name = self.view.__name__
        """,
    ),
    "operator-argument-gets-parentheses": (
        """\
        from flask.helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(view or default)
        lookup = _endpoint_from_view_func(views[0])
        """,
        """\
        name = (view or default).__name__
        lookup = views[0].__name__
        """,
    ),
    "multi-line-call-keeps-comments": (
        """\
        from flask.helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(
            view  # the resource's view
        )
        """,
        """\
        name = (
            view  # the resource's view
        ).__name__
        """,
    ),
    "try-shim-collapses": (
        """\
        try:
            from flask.helpers import _endpoint_from_view_func
        except ImportError:  # Flask 2.x
            from flask.scaffold import _endpoint_from_view_func
        import os


        def endpoint_for(view):
            return _endpoint_from_view_func(view)
        """,
        """\
        import os


        def endpoint_for(view):
            return view.__name__
        """,
    ),
    "shim-with-other-names-keeps-them": (
        """\
        try:
            from flask.helpers import _endpoint_from_view_func, url_for
        except ImportError:
            from flask.scaffold import _endpoint_from_view_func
            from flask import url_for
        name = _endpoint_from_view_func(view)
        """,
        """\
        try:
            from flask.helpers import url_for
        except ImportError:
            from flask import url_for
        name = view.__name__
        """,
    ),
    "unused-import-removed": (
        """\
        from flask.helpers import _endpoint_from_view_func, url_for
        link = url_for("index")
        """,
        """\
        from flask.helpers import url_for
        link = url_for("index")
        """,
    ),
}

UNCHANGED = {
    "own-function-of-that-name": """\
        def _endpoint_from_view_func(view_func):
            return view_func.__qualname__
        name = _endpoint_from_view_func(view)
        """,
    "vendored-flask-copy": """\
        from myapp._vendor.flask.helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(view)
        """,
    "relative-import-inside-flask": """\
        from .helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(view)
        """,
    "quart": """\
        from quart.helpers import _endpoint_from_view_func
        name = _endpoint_from_view_func(view)
        """,
    "attribute-of-other-object": """\
        name = registry._endpoint_from_view_func(view)
        """,
    "only-in-a-string": """\
        doc = "use _endpoint_from_view_func(view) no more"
        """,
    "parameter-shadows-import-name": """\
        def register(_endpoint_from_view_func, view):
            return _endpoint_from_view_func(view)
        """,
    "monkeypatch-of-other-module": """\
        import mylib
        mylib._endpoint_from_view_func = lambda view: view.__name__
        """,
    "unrelated-code": """\
        import flask
        app = flask.Flask(__name__)
        """,
    "another-librarys-helper": """\
        from werkzeug.routing import _endpoint_from_view_func
        name = _endpoint_from_view_func(view)
        """,
    "star-import": """\
        from flask.helpers import *
        name = _endpoint_from_view_func(view)
        """,
}


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(
    RULE, REWRITES, UNCHANGED
)


def test_use_as_a_value_is_a_finding_and_keeps_the_import():
    source = """\
        from flask.helpers import _endpoint_from_view_func
        naming = _endpoint_from_view_func
        """
    result = assert_unchanged(RULE, source)
    [finding] = result.findings
    assert (finding.rule_id, finding.line, finding.column) == (RULE, 2, 10)
    assert "__name__" in finding.message


def test_leftover_use_keeps_the_shim():
    source = """\
        try:
            from flask.helpers import _endpoint_from_view_func
        except ImportError:
            from flask.scaffold import _endpoint_from_view_func
        name = _endpoint_from_view_func(view)
        strategies = {"default": _endpoint_from_view_func}
        """
    result = run_rule(RULE, source)
    assert "try:" in result.new_text and "view.__name__" in result.new_text
    assert [finding.line for finding in result.findings] == [6]


def test_removed_monkeypatch_reports_what_to_check():
    source = """\
        import flask.helpers, flask.scaffold
        flask.helpers._endpoint_from_view_func = flask.scaffold._endpoint_from_view_func
        """
    result = run_rule(RULE, source)
    assert result.new_text.strip() == ""
    [finding] = result.findings
    assert finding.line == 2 and "Flask-RESTful" in finding.message


def test_monkeypatch_removal_keeps_imports_still_used():
    result = assert_rewrites(
        RULE,
        """\
        import flask
        import flask.helpers
        import flask.scaffold
        flask.helpers._endpoint_from_view_func = flask.scaffold._endpoint_from_view_func
        app = flask.Flask(__name__)
        """,
        """\
        import flask
        import flask.helpers
        import flask.scaffold
        app = flask.Flask(__name__)
        """,
    )
    assert len(result.findings) == 1


@pytest.mark.parametrize("target", ["2.0", "2.3", "3.0", "3.1"])
def test_applies_to_every_target(target):
    assert_rewrites(
        RULE,
        "from flask.helpers import _endpoint_from_view_func\nx = _endpoint_from_view_func(f)\n",
        "x = f.__name__\n",
        target=target,
    )
