"""Which expressions of one module are proven flask.Flask apps, for the rules that
rewrite app API: instances, `current_app`, the setup state's app in a function
deferred on a proven blueprint, and the app Flask hands a session interface's methods."""

from __future__ import annotations

from functools import cached_property

import libcst as cst

from codemods._base import Rule
from codemods._flask import BLUEPRINT_CLASSES, CURRENT_APP, FLASK_CLASSES, SCAFFOLD_CLASSES
from codemods._resolve import (
    InstanceResolver,
    bindings,
    deferred_functions,
    enclosing_class,
    enclosing_function,
    imports_quart,
    qualified_names,
    why_unproven,
)

# Flask calls these methods of a session interface with the app as their first
# argument after self.
SESSION_INTERFACES = frozenset({"flask.sessions.SessionInterface", "flask.sessions.SecureCookieSessionInterface"})
SESSION_APP_METHODS = frozenset(
    {
        "open_session",
        "save_session",
        "make_null_session",
        "get_cookie_name",
        "get_cookie_domain",
        "get_cookie_path",
        "get_cookie_httponly",
        "get_cookie_secure",
        "get_cookie_samesite",
        "get_cookie_partitioned",
        "get_expiration_time",
        "should_set_cookie",
    }
)


class AppProof:
    """Built when a rule starts on a module (its metadata must be resolved)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    # Each made on first use: a rule may never need one for its module.
    @cached_property
    def lookalike(self) -> bool:
        return imports_quart(self.rule)

    @cached_property
    def deferred(self) -> list[tuple[cst.Lambda | cst.FunctionDef, cst.BaseExpression]]:
        return deferred_functions(self.rule)

    @cached_property
    def apps(self) -> InstanceResolver:
        return InstanceResolver(self.rule, FLASK_CLASSES)

    @cached_property
    def blueprints(self) -> InstanceResolver:
        return InstanceResolver(self.rule, BLUEPRINT_CLASSES)

    @cached_property
    def session_interfaces(self) -> InstanceResolver:
        return InstanceResolver(self.rule, SESSION_INTERFACES)

    @cached_property
    def scaffolds(self) -> InstanceResolver:
        return InstanceResolver(self.rule, FLASK_CLASSES | BLUEPRINT_CLASSES | SCAFFOLD_CLASSES)

    def is_app(self, expression: cst.BaseExpression) -> bool:
        """A proven flask.Flask: an instance, `current_app`, or the setup state's app
        in a function deferred on a proven blueprint (`state.app` is the app then)."""
        if self.apps.instance(expression) is not None:
            return True
        if self._is_current_app(expression) or self._is_session_app(expression):
            return True
        receiver = self.deferred_on(expression)
        return receiver is not None and self.blueprints.instance(receiver) is not None

    def _is_session_app(self, expression: cst.BaseExpression) -> bool:
        """The `app` parameter of a session interface's method that Flask calls with
        the app (`open_session(self, app, request)` in a SessionInterface subclass)."""
        if not isinstance(expression, cst.Name):
            return False
        found = bindings(self.rule, expression)
        param = getattr(found[1][0], "node", None) if found is not None and len(found[1]) == 1 else None
        if not isinstance(param, cst.Param):
            return False
        function = enclosing_function(self.rule, param)
        if function is None or function.name.value not in SESSION_APP_METHODS:
            return False
        params = function.params.params
        class_def = enclosing_class(self.rule, function)
        return len(params) >= 2 and params[1] is param and class_def in self.session_interfaces.subclasses

    def _is_current_app(self, expression: cst.BaseExpression) -> bool:
        """`current_app`, or a name bound once to it (`app = current_app`)."""
        if not qualified_names(self.rule, expression).isdisjoint(CURRENT_APP):
            return True
        if not isinstance(expression, cst.Name):
            return False
        found = bindings(self.rule, expression)
        if found is None or len(found[1]) != 1:
            return False
        value = self.apps.assigned_value(getattr(found[1][0], "node", None))
        return value is not None and not qualified_names(self.rule, value).isdisjoint(CURRENT_APP)

    def reports_unproven(self, receiver: cst.BaseExpression) -> bool:
        """Whether a 1.x idiom on a receiver nothing proves to be an app is a
        finding: not in a module of Quart's, not on something known to be another
        thing, not on `super()` in a subclass (its override is what is reported)."""
        return not (self.lookalike or self.apps.known_other(receiver) or self.super_in_subclass(receiver))

    def report_unproven(self, node: cst.CSTNode, receiver: cst.BaseExpression, kind: str, advice: str) -> None:
        """A finding of `kind` at `node` when nothing proves `receiver` is an app (and
        it is not known to be something else): why, then what to do if it is one."""
        if self.reports_unproven(receiver):
            why = why_unproven(self.rule, receiver, "flask.Flask")
            self.rule.report_finding(node, kind, f"{why}; if it is one, {advice}")

    def super_in_subclass(self, receiver: cst.BaseExpression) -> bool:
        """`super()` in a method of a Flask, Blueprint or Scaffold subclass."""
        if not (
            isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) and receiver.func.value == "super"
        ):
            return False
        function = enclosing_function(self.rule, receiver)
        return function is not None and enclosing_class(self.rule, function) in self.scaffolds.subclasses

    def deferred_on(self, expression: cst.BaseExpression) -> cst.BaseExpression | None:
        """For `S.app` where S is the parameter of a function given to
        `X.record`/`X.record_once`, X; None for anything else."""
        if not (
            isinstance(expression, cst.Attribute)
            and expression.attr.value == "app"
            and isinstance(expression.value, cst.Name)
        ):
            return None
        found = bindings(self.rule, expression.value)
        if found is None or len(found[1]) != 1:
            return None
        param = getattr(found[1][0], "node", None)
        return next((receiver for function, receiver in self.deferred if param in function.params.params[:1]), None)
