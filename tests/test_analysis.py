import libcst as cst
from libcst._metadata_dependent import LazyValue
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._resolve import walk, walk_of_type
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
    assert analysis.parents(wrapper.module) == dict(wrapper.resolve(ParentNodeProvider))


def test_positions_are_computed_on_first_use_only(monkeypatch):
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    asked = []
    resolve_many = MetadataWrapper.resolve_many
    monkeypatch.setattr(
        MetadataWrapper,
        "resolve_many",
        lambda self, providers: asked.extend(providers) or resolve_many(self, providers),
    )
    resolved = analysis.resolve(wrapper, [PositionProvider, QualifiedNameProvider])
    assert PositionProvider not in asked and resolved[QualifiedNameProvider]
    statement = wrapper.module.body[2]
    assert resolved[PositionProvider][statement].start.line == 5
    assert PositionProvider in asked
    assert dict(resolved[PositionProvider]) == dict(wrapper.resolve(PositionProvider))


def test_qualified_names_are_libcst_s():
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    ours = analysis.resolve(wrapper, [QualifiedNameProvider])[QualifiedNameProvider]
    theirs = MetadataWrapper(wrapper.module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
    values = {node: value() if isinstance(value, LazyValue) else value for node, value in theirs.items()}
    assert all(ours[node] == names for node, names in values.items())
    assert {name.name for names in values.values() for name in names} >= {"flask.Blueprint", "Admin.register"}
    assert ours[cst.Name("new")] == set()


def test_the_parents_traversal_is_the_rules_walk_of_the_module():
    module = cst.parse_module(SOURCE)
    found = analysis.parents(module)
    assert list(walk(module)) == [module, *found]
    fresh = cst.parse_module(SOURCE)
    assert [type(node) for node in walk(fresh)] == [type(node) for node in walk(module)]


def test_nodes_of_a_type_come_in_walk_order():
    module = cst.parse_module(SOURCE)
    assert walk_of_type(module, cst.Name) == [node for node in walk(module) if type(node) is cst.Name]
    both = walk_of_type(module, cst.ClassDef, cst.FunctionDef)
    assert [type(node) for node in both] == [cst.ClassDef, cst.FunctionDef]


def test_scopes_are_libcst_s():
    module = cst.parse_module(SOURCE + "def hook():\n    pass\nuse = [hook for hook in ()]\n")
    ours = analysis.scopes(module)
    theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
    assert set(ours) == set(theirs)
    assert all(type(ours[node]) is type(theirs[node]) for node in theirs)
    for name in walk_of_type(module, cst.Name):
        if name in theirs:
            ours_bound = {(getattr(a, "node", None), len(a.references)) for a in ours[name][name.value]}
            theirs_bound = {(getattr(a, "node", None), len(a.references)) for a in theirs[name][name.value]}
            assert ours_bound == theirs_bound, name.value
