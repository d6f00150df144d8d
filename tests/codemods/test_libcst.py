"""The uses of libcst's internals give what libcst's own API gives."""

import libcst as cst
import libcst.matchers as m
from libcst.matchers import _decorators as decorators
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from codemods._base import Rule
from codemods._context import RuleContext
from codemods._libcst import MATCHER_ATTRIBUTES, positions_and_code, scopes
from codemods._nodes import NodeIndex
from tests.test_analysis import SOURCE


def test_scopes_are_libcst_s():
    module = cst.parse_module(SOURCE + "def hook():\n    pass\nuse = [hook for hook in ()]\n")
    ours = scopes(module)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
    assert set(ours) == set(theirs)
    assert all(type(ours[node]) is type(theirs[node]) for node in theirs)
    for name in NodeIndex.walk(module).of_type(cst.Name):
        if name in theirs:
            ours_bound = {(getattr(a, "node", None), len(a.references)) for a in ours[name][name.value]}
            theirs_bound = {(getattr(a, "node", None), len(a.references)) for a in theirs[name][name.value]}
            assert ours_bound == theirs_bound, name.value


def test_positions_and_code_are_libcst_s():
    module = cst.parse_module(SOURCE + "\r\nclass A:\r\n\tdef f(self):  # comment\r\n\t\treturn (1 +\r\n\t\t\t2)\r\n")
    positions, code = positions_and_code(module)
    assert code == module.code
    assert dict(positions) == dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))


def test_matcher_decorators_leave_one_of_the_attributes_looked_for():
    @m.visit(m.Name())
    def visited(self, node):
        pass

    @m.call_if_inside(m.Call())
    def inside(self, node):
        pass

    assert any(hasattr(visited, attribute) for attribute in MATCHER_ATTRIBUTES)
    assert any(hasattr(inside, attribute) for attribute in MATCHER_ATTRIBUTES)
    assert set(MATCHER_ATTRIBUTES) == {
        decorators.CONSTRUCTED_VISIT_MATCHER_ATTR,
        decorators.CONSTRUCTED_LEAVE_MATCHER_ATTR,
        decorators.VISIT_POSITIVE_MATCHER_ATTR,
        decorators.VISIT_NEGATIVE_MATCHER_ATTR,
    }


def test_a_rule_is_a_working_transformer_with_a_context_of_its_own():
    class Rename(Rule):
        ID, NAME, SUMMARY, TRIGGERS = "T7", "rename", "", ()

        def leave_Name(self, original_node, updated_node):
            return updated_node.with_changes(value="y")

    rule = Rename(RuleContext(filename="x.py"))
    assert rule.context.filename == "x.py"
    assert cst.parse_module("x = 1\n").visit(rule).code == "y = 1\n"
