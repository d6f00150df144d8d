import pytest

from tests.rule_cases import run_rule, standard_rule_tests

RULE = "SM006"


(
    test_rewrites,
    test_leaves_alone,
    test_reports_what_it_cannot_do,
    test_at_least_as_many_no_ops_as_rewrites,
) = standard_rule_tests(RULE)


@pytest.mark.parametrize(
    "source, text",
    [
        ("from flask.helpers import _matching_loader_thinks_module_is_package\n", "importlib.util.find_spec"),
        ("from flask.scaffold import send_from_directory\n", "no replacement"),
    ],
)
def test_names_with_no_home_are_findings(source, text):
    result = run_rule(RULE, source, target="3.1")
    assert not result.changed
    [finding] = result.findings
    assert finding.line == 1 and text in finding.message
