from tests.rule_cases import standard_rule_tests

RULE = "SM016"

# A rule that only reports: no rewrite cases to run.
_, test_leaves_alone, test_reports_what_it_cannot_do, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(
    RULE
)
