from tests.rule_cases import assert_unchanged, run_rule, standard_rule_tests

RULE = "SM004"


test_rewrites, test_leaves_alone, _, test_at_least_as_many_no_ops_as_rewrites = standard_rule_tests(RULE)


def test_what_sansio_scaffold_lacks_is_a_finding_on_3_x():
    source = """\
        from flask.helpers import _PackageBoundObject


        class Theme(_PackageBoundObject):
            def css(self):
                return self.open_resource("static/theme.css").read()

            def command(self):
                return self.cli
        """
    result = run_rule(RULE, source, target="3.1")
    assert [finding.line for finding in result.findings] == [6, 9]
    assert not run_rule(RULE, source, target="2.3").findings


def test_a_module_that_binds_scaffold_otherwise_is_a_finding():
    source = """\
        from flask.helpers import _PackageBoundObject
        from mylib import Scaffold


        class Theme(_PackageBoundObject):
            pass
        """
    result = assert_unchanged(RULE, source)
    assert [finding.line for finding in result.findings] == [5]
