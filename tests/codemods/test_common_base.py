import textwrap

from codemods.common_base import CommonBase
from tests.rule_cases import assert_unchanged, run_rule, standard_rule_tests

RULE = "SM005"


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(RULE)


def test_methods_that_differ_from_scaffold_are_kept():
    source = textwrap.dedent(CommonBase.EXAMPLE_BASE).replace(
        "self._before_request_funcs.setdefault(None, []).append(f)",
        "self._before_request_funcs.setdefault(None, []).insert(0, f)",
    )
    result = run_rule(RULE, source)
    assert "def before_request(self, f):" in result.new_text
    assert "self.before_request_funcs.setdefault(None, []).insert(0, f)" in result.new_text
    assert "def url_defaults" not in result.new_text


def test_hook_dict_named_in_a_string_blocks_with_a_finding():
    source = (
        textwrap.dedent(CommonBase.EXAMPLE_BASE)
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
        textwrap.dedent(CommonBase.EXAMPLE_BASE)
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
