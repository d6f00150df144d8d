"""The JSON encoder classes SM012 can turn into JSON providers: a class of the module
deriving from `flask.json.JSONEncoder` whose only job is `default(self, o)`, handed
to an app by `app.json_encoder = Encoder` and used nowhere else in the project."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ScopeProvider

from codemods._apps import AppProof
from codemods._base import Rule
from codemods._nodes import descendants
from codemods._resolve import flask_api_names
from codemods._syntax import is_docstring

JSON_ENCODER = frozenset({"flask.json.JSONEncoder"})


@dataclass
class EncoderPlan:
    """What turns one encoder into a provider."""

    class_def: cst.ClassDef
    base: cst.Arg
    assign: cst.Assign  # app.json_encoder = Encoder
    app: cst.BaseExpression
    fallbacks: set[cst.Call] = field(default_factory=set)  # JSONEncoder.default(self, o)


def encoder_plans(rule: Rule, proof: AppProof) -> list[EncoderPlan]:
    plans = []
    for class_def in rule.nodes.of_type(cst.ClassDef):
        plan = _plan(rule, proof, class_def)
        if plan is not None:
            plans.append(plan)
    return plans


def _plan(rule: Rule, proof: AppProof, class_def: cst.ClassDef) -> EncoderPlan | None:
    if len(class_def.bases) != 1 or class_def.keywords or class_def.decorators:
        return None
    base = class_def.bases[0]
    if not flask_api_names(rule, base.value, JSON_ENCODER):
        return None
    if not isinstance(rule.get_metadata(ScopeProvider, class_def, None), cst.metadata.GlobalScope):
        return None
    statements = [statement for statement in class_def.body.body if not is_docstring(statement)]
    if len(statements) != 1 or not isinstance(statements[0], cst.FunctionDef):
        return None
    default = statements[0]
    params = default.params
    if default.name.value != "default" or default.decorators or len(params.params) != 2:
        return None
    if not isinstance(params.star_arg, cst.MaybeSentinel) or params.kwonly_params or params.star_kwarg:
        return None
    fallbacks = _fallbacks(default, base.value)
    if fallbacks is None:
        return None
    assign = _sole_assignment(rule, proof, class_def)
    if assign is None or rule.project.mentions(class_def.name.value, rule.context.filename or ""):
        return None
    target = assign.targets[0].target
    assert isinstance(target, cst.Attribute)
    return EncoderPlan(class_def, base, assign, target.value, fallbacks)


def _fallbacks(default: cst.FunctionDef, base: cst.BaseExpression) -> set[cst.Call] | None:
    """The `Base.default(self, o)` calls to turn into `super().default(o)`; None when
    `self` is used in any other way (the provider's attributes are not the encoder's)."""
    self_name = default.params.params[0].name.value
    calls: set[cst.Call] = set()
    allowed: set[cst.CSTNode] = set()
    for node in descendants(default.body):
        if (
            not isinstance(node, cst.Call)
            or not isinstance(node.func, cst.Attribute)
            or node.func.attr.value != "default"
        ):
            continue
        owner = node.func.value
        if cst.Module([]).code_for_node(owner) == cst.Module([]).code_for_node(base) and len(node.args) == 2:
            first = node.args[0].value
            if isinstance(first, cst.Name) and first.value == self_name:
                calls.add(node)
                allowed.add(first)
        elif isinstance(owner, cst.Call) and isinstance(owner.func, cst.Name) and owner.func.value == "super":
            allowed.update(arg.value for arg in owner.args)
    for node in descendants(default.body):
        if isinstance(node, cst.Name) and node.value == self_name and node not in allowed:
            return None
    return calls


def _sole_assignment(rule: Rule, proof: AppProof, class_def: cst.ClassDef) -> cst.Assign | None:
    """The one use of the class: `APP.json_encoder = Class` on a proven app."""
    scope = rule.get_metadata(ScopeProvider, class_def, None)
    if scope is None:
        return None
    assignments = list(scope.assignments[class_def.name.value])
    if len(assignments) != 1 or len(assignments[0].references) != 1:
        return None
    (reference,) = assignments[0].references
    for assign in rule.nodes.of_type(cst.Assign):
        target = assign.targets[0].target
        if (
            len(assign.targets) == 1
            and assign.value is reference.node
            and isinstance(target, cst.Attribute)
            and target.attr.value == "json_encoder"
            and proof.is_app(target.value)
        ):
            return assign
    return None
