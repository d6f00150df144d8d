import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider, QualifiedNameProvider

from scaffold_migrate import analysis

SOURCE = '''
import flask
from flask import Blueprint as B

bp = B("x", __name__)


class Admin(flask.Blueprint):
    def register(self, app, options, first_registration=False):
        return [n for n in (lambda s: s.app)(app)]
'''


def test_parents_are_libcst_s():
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    assert analysis.parents(wrapper.module) == dict(wrapper.resolve(ParentNodeProvider))


def test_positions_are_computed_on_first_use_only(monkeypatch):
    wrapper = MetadataWrapper(cst.parse_module(SOURCE))
    asked = []
    resolve_many = MetadataWrapper.resolve_many
    monkeypatch.setattr(MetadataWrapper, "resolve_many", lambda self, providers: asked.extend(providers) or resolve_many(self, providers))
    resolved = analysis.resolve(wrapper, [PositionProvider, QualifiedNameProvider])
    assert QualifiedNameProvider in asked and PositionProvider not in asked
    statement = wrapper.module.body[2]
    assert resolved[PositionProvider][statement].start.line == 5
    assert PositionProvider in asked
    assert dict(resolved[PositionProvider]) == dict(wrapper.resolve(PositionProvider))
