from codemods.private_app_api import PrivateAppApi
from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM007"


(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


def test_before_first_request_is_fine_before_2_3():
    source = PrivateAppApi.FINDING_CASES["before-first-request"][0]
    assert not run_rule(RULE, source, target="2.2").findings
