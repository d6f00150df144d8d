"""SM015 endpoint-names: endpoints built by hand from the blueprint's name in setup-state code."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import BLUEPRINT_CLASSES
from codemods._resolve import InstanceResolver, deferred_with_state, string_value
from codemods._syntax import methods

SETUP_STATE_CLASSES = frozenset({"flask.blueprints.BlueprintSetupState", "flask.sansio.blueprints.BlueprintSetupState"})
_CODE = cst.Module([]).code_for_node
_SAFE_IN_FSTRING = frozenset('"\\{}')


class EndpointNames(Rule):
    ID = "SM015"
    NAME = "endpoint-names"
    SUMMARY = (
        "`'%s.%s' % (state.blueprint.name, endpoint)` and its `+`, `format` and f-string spellings in setup-state "
        'code -> the endpoint Flask builds: `f"{state.name_prefix}.{state.name}.{endpoint}".lstrip(".")`'
    )
    WHAT_IT_DOES = """
        In setup-state code (a function deferred on a blueprint, whose parameter is the
        setup state, and the methods of `BlueprintSetupState` subclasses, where `self` is),
        an endpoint built from the blueprint's own name, `'%s.%s' % (S.blueprint.name, e)`,
        `S.blueprint.name + '.' + e`, `'{}.{}'.format(S.blueprint.name, e)` or
        `f'{S.blueprint.name}.{e}'`, becomes what `BlueprintSetupState.add_url_rule` itself
        registers: `f"{S.name_prefix}.{S.name}.{e}".lstrip(".")`.
        """
    WHY = """
        Flask 2.0 added nested blueprints and `register_blueprint(bp, name=...)`, and 2.0.1
        gave the setup state `name` (the name it is registered under) and `name_prefix` (its
        parents'). An endpoint built from `blueprint.name` is right only for a top-level
        blueprint registered under its own name; nested or renamed, `url_for` and view
        lookups of Flask-RESTful- and flask-restx-style code miss it (`BuildError`).
        """
    EXAMPLES = ("percent-format-in-a-deferred-function",)
    LEAVES_ALONE = """
        Code outside setup states (an extension object's own `self.blueprint.name`, which
        does not know where the blueprint is registered), names of other blueprints, and
        strings that are not endpoints (`'%s-%s'`).
        """
    FIX_SAFETY = """
        For a top-level blueprint registered under its own name the new expression is the
        old string, character for character; nested or renamed, it is the endpoint Flask
        registered. `name_prefix` exists from Flask 2.0.1 (target 2.0 means its newest
        patch release).
        """
    TRIGGERS = (b"blueprint.name",)
    REQUIRED = (b"flask",)
    FINDINGS = {}
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "percent-format-in-a-deferred-function": (
            """\
            from flask import Blueprint

            bp = Blueprint("api", __name__)


            @bp.record
            def register_views(state):
                endpoint = "%s.%s" % (state.blueprint.name, items.__name__)
                state.app.view_functions[endpoint] = items
            """,
            """\
            from flask import Blueprint

            bp = Blueprint("api", __name__)


            @bp.record
            def register_views(state):
                endpoint = f"{state.name_prefix}.{state.name}.{items.__name__}".lstrip(".")
                state.app.view_functions[endpoint] = items
            """,
        ),
        "setup-state-subclass": (
            """\
            from flask.blueprints import BlueprintSetupState


            class State(BlueprintSetupState):
                def full_endpoint(self, endpoint):
                    return self.blueprint.name + "." + endpoint

                def other(self, endpoint):
                    return "{0}.{1}".format(self.blueprint.name, endpoint)

                def third(self, view):
                    return f"{self.blueprint.name}.{view.__name__}"
            """,
            """\
            from flask.blueprints import BlueprintSetupState


            class State(BlueprintSetupState):
                def full_endpoint(self, endpoint):
                    return f"{self.name_prefix}.{self.name}.{endpoint}".lstrip(".")

                def other(self, endpoint):
                    return f"{self.name_prefix}.{self.name}.{endpoint}".lstrip(".")

                def third(self, view):
                    return f"{self.name_prefix}.{self.name}.{view.__name__}".lstrip(".")
            """,
        ),
    }
    NO_OPS = {
        "extension-object": """\
            import flask


            class Api:
                def endpoint(self, name):
                    return "%s.%s" % (self.blueprint.name, name)
            """,
        "other-separator": """\
            from flask import Blueprint

            bp = Blueprint("api", __name__)
            bp.record(lambda state: log("%s-%s" % (state.blueprint.name, "x")))
            """,
        "quart-blueprint": """\
            from quart import Blueprint

            bp = Blueprint("api", __name__)
            bp.record(lambda state: log("%s.%s" % (state.blueprint.name, "x")))
            """,
        "already-current": """\
            from flask import Blueprint

            bp = Blueprint("api", __name__)
            bp.record(lambda s: log(f"{s.name_prefix}.{s.name}.x".lstrip(".")))
            """,
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._states: set[tuple[cst.CSTNode, str]] = set()  # (function, the setup state's name)
        blueprints = InstanceResolver(self, BLUEPRINT_CLASSES)
        for function, receiver, state in deferred_with_state(self):
            if blueprints.instance(receiver) is not None:
                self._states.add((function, state))
        for class_def in InstanceResolver(self, SETUP_STATE_CLASSES).subclasses:
            for method in methods(class_def).values():
                self._states.add((method, "self"))
        self._spans = [(self._span(function), state) for function, state in self._states]

    def _span(self, node: cst.CSTNode) -> tuple[tuple[int, int], tuple[int, int]]:
        position = self.get_metadata(PositionProvider, node)
        return (position.start.line, position.start.column), (position.end.line, position.end.column)

    def _state_at(self, node: cst.CSTNode) -> str | None:
        """The setup state's name in the setup-state code around `node`, if any."""
        (start, end) = self._span(node)
        return next((state for (low, high), state in self._spans if low <= start and end <= high), None)

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        if isinstance(original_node.operator, cst.Modulo):
            if string_value(original_node.left) != "%s.%s" or not isinstance(original_node.right, cst.Tuple):
                return updated_node
            elements = original_node.right.elements
            if len(elements) != 2 or any(element.__class__ is not cst.Element for element in elements):
                return updated_node
            return self._endpoint(original_node, updated_node, elements[0].value, elements[1].value)
        if isinstance(original_node.operator, cst.Add) and isinstance(original_node.left, cst.BinaryOperation):
            inner = original_node.left
            if isinstance(inner.operator, cst.Add) and string_value(inner.right) == ".":
                return self._endpoint(original_node, updated_node, inner.left, original_node.right)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "format"):
            return updated_node
        if string_value(func.value) not in ("{}.{}", "{0}.{1}") or len(original_node.args) != 2:
            return updated_node
        if any(arg.keyword is not None or arg.star for arg in original_node.args):
            return updated_node
        return self._endpoint(original_node, updated_node, original_node.args[0].value, original_node.args[1].value)

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.BaseExpression:
        parts = original_node.parts
        if not (
            len(parts) == 3
            and isinstance(parts[0], cst.FormattedStringExpression)
            and isinstance(parts[1], cst.FormattedStringText)
            and parts[1].value == "."
            and isinstance(parts[2], cst.FormattedStringExpression)
            and parts[0].format_spec is None
            and parts[2].format_spec is None
            and parts[0].conversion is None
            and parts[2].conversion is None
        ):
            return updated_node
        return self._endpoint(original_node, updated_node, parts[0].expression, parts[2].expression)

    def _endpoint(
        self,
        original: cst.BaseExpression,
        updated: cst.BaseExpression,
        name: cst.BaseExpression,
        endpoint: cst.BaseExpression,
    ) -> cst.BaseExpression:
        state = self._state_at(original)
        if state is None or _CODE(name) != f"{state}.blueprint.name":
            return updated
        code = _CODE(endpoint)
        if _SAFE_IN_FSTRING.isdisjoint(code) and "\n" not in code:
            built = f'f"{{{state}.name_prefix}}.{{{state}.name}}.{{{code}}}".lstrip(".")'
        else:
            built = f'("%s.%s.%s" % ({state}.name_prefix, {state}.name, {code})).lstrip(".")'
        self.record_change(original, "an endpoint built from blueprint.name -> name_prefix and name")
        return cst.parse_expression(built).with_changes(lpar=updated.lpar, rpar=updated.rpar)
