import libcst as cst
from libcst._metadata_dependent import LazyValue
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider

from codemods._libcst import positions_and_code
from codemods._nodes import NodeIndex, descendants
from scaffold_migrate import analysis

SOURCE = """
import flask
from flask import Blueprint as B

bp = B("x", __name__)


class Admin(flask.Blueprint):
    def register(self, app, options, first_registration=False):
        return [n for n in (lambda s: s.app)(app)]
"""


def test_parents_are_libcst_s():
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    assert analysis.parents(wrapper.module)[0] == dict(wrapper.resolve(ParentNodeProvider))


def test_positions_are_computed_on_first_use_only_with_the_module_s_code(monkeypatch):
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    asked = []
    monkeypatch.setattr(
        analysis, "positions_and_code", lambda module: asked.append(module) or positions_and_code(module)
    )
    found = analysis.resolve(wrapper, [PositionProvider, QualifiedNameProvider])
    resolved = found.metadata
    assert not asked and resolved[QualifiedNameProvider] and found.module_code() is None
    statement = wrapper.module.body[2]
    assert resolved[PositionProvider][statement].start.line == 5
    assert asked == [wrapper.module] and found.module_code() == wrapper.module.code
    assert dict(resolved[PositionProvider]) == dict(wrapper.resolve(PositionProvider))


def test_qualified_names_are_libcst_s():
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    ours = analysis.resolve(wrapper, [QualifiedNameProvider]).metadata[QualifiedNameProvider]
    theirs = MetadataWrapper(wrapper.module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
    values = {node: value() if isinstance(value, LazyValue) else value for node, value in theirs.items()}
    assert all(ours[node] == names for node, names in values.items())
    assert {name.name for names in values.values() for name in names} >= {"flask.Blueprint", "Admin.register"}
    assert ours[cst.Name("new")] == set()


def test_the_parents_traversal_gives_the_rules_node_index():
    module = cst.parse_module(SOURCE)
    found, nodes = analysis.parents(module)
    assert list(nodes.nodes) == descendants(module) == list(NodeIndex.walk(module).nodes)
    assert set(nodes.nodes) == {module, *found}


def test_nodes_of_a_type_come_in_walk_order():
    nodes = NodeIndex.walk(cst.parse_module(SOURCE))
    assert nodes.of_type(cst.Name) == [node for node in nodes.nodes if type(node) is cst.Name]
    both = nodes.of_type(cst.ClassDef, cst.FunctionDef)
    assert [type(node) for node in both] == [cst.ClassDef, cst.FunctionDef]
