import pytest

from tests.rule_cases import assert_rewrites, assert_unchanged, run_rule, standard_rule_tests

RULE = "SM003"


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(RULE)


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
