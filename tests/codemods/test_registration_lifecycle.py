from tests.rule_cases import standard_rule_tests

RULE = "SM014"

(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)
