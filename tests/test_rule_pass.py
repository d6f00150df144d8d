import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from codemods._libcst import transform
from scaffold_migrate.rule_pass import RuleFailed, RulePass


class Renames:
    """Renames every Name `a` to `b`, and declines to look inside calls."""

    ID = "T1"

    def __init__(self):
        self.seen = []

    def visit_Call(self, node):
        return False

    def visit_Name(self, node):
        self.seen.append(node.value)

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value="b") if updated_node.value == "a" else updated_node


class Suffixes:
    """Appends `_x` to every Name as the rule before left it, and turns `drop` into a
    number, which later rules' Name methods must not see."""

    ID = "T2"

    def __init__(self):
        self.seen = []

    def visit_Name(self, node):
        self.seen.append(node.value)

    def leave_Name(self, original_node, updated_node):
        if updated_node.value == "drop":
            return cst.Integer("0")
        return updated_node.with_changes(value=updated_node.value + "_x")


class Fails:
    ID = "T3"

    def leave_Name(self, original_node, updated_node):
        raise ValueError("boom")


def run(source, *rules):
    rule_pass = RulePass(rules)
    return transform(cst.parse_module(source), rule_pass, rule_pass.quiet).code


def test_later_rules_see_the_node_as_earlier_rules_left_it():
    assert run("a + c\n", Renames(), Suffixes()) == "b_x + c_x\n"


def test_a_rule_that_declines_a_node_does_not_see_its_children_but_the_others_do():
    renames, suffixes = Renames(), Suffixes()
    assert run("f(a)\na\n", renames, suffixes) == "f_x(a_x)\nb_x\n"
    assert renames.seen == ["a"] and suffixes.seen == ["f", "a", "a"]


def test_a_node_replaced_by_another_type_is_not_offered_to_later_rules():
    assert run("drop\n", Suffixes(), Renames()) == "0\n"


class Comments:
    ID = "T4"

    def leave_Comment(self, original_node, updated_node):
        return updated_node.with_changes(value="# seen")


def test_the_pass_leaves_out_the_nodes_no_rule_has_a_method_for():
    quiet = RulePass([Renames()]).quiet
    assert {cst.SimpleWhitespace, cst.Newline, cst.Comment, cst.Module} <= quiet
    assert not {cst.Name, cst.Call} & quiet
    assert cst.Comment not in RulePass([Renames(), Comments()]).quiet
    assert run("a  # note\n", Renames(), Comments()) == "b  # seen\n"


def test_a_failing_rule_is_named():
    with pytest.raises(RuleFailed, match="T3 failed, file left alone: ValueError: boom"):
        run("a\n", Renames(), Fails())


def test_a_field_level_method_is_refused_rather_than_ignored():
    class FieldLevel:
        ID = "T4"

        def visit_Call_func(self, node):
            pass

    with pytest.raises(TypeError, match="visit_Call_func"):
        RulePass([FieldLevel()])


def test_only_the_methods_a_rule_defines_are_called():
    from codemods.endpoint_helper import EndpointHelper

    rule_pass = RulePass([EndpointHelper(CodemodContext())])
    assert set(rule_pass._visits) == {"Module", "Call", "ImportFrom", "Import", "Name", "Attribute", "Assign"}


def test_a_rule_with_a_method_the_pass_would_not_call_is_refused_when_defined():
    import libcst.matchers as m

    from codemods._base import Rule

    with pytest.raises(TypeError, match="without libcst's matchers"):

        class Matching(Rule):
            ID, NAME, SUMMARY, TRIGGERS = "T5", "matching", "", ()

            @m.visit(m.Name("a"))
            def rename(self, node):
                pass

    with pytest.raises(TypeError, match="field-level"):

        class FieldLevel(Rule):
            ID, NAME, SUMMARY, TRIGGERS = "T6", "field-level", "", ()

            def visit_Call_func(self, node):
                pass
