from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM001"


(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


def test_blocked_function_still_gets_the_removed_api_fixed():
    source = """\
        from flask import Blueprint

        bp = Blueprint("shop", __name__)


        @bp.record_once
        def setup(state):
            state.app._register_error_handler(None, 500, oops)
            state.app.before_request_funcs.setdefault(bp.name, []).append(f)
            print("registered")
        """
    result = run_rule(RULE, source)
    assert "state.app.register_error_handler(500, oops)" in result.new_text
    assert "setdefault(bp.name" in result.new_text
    assert [finding.line for finding in result.findings] == [6]
