"""SM002 register-signature: `Blueprint.register` lost its `first_registration`."""

from __future__ import annotations

from typing import cast

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._flask import BLUEPRINT_CLASSES
from codemods._libcst import child_nodes
from codemods._resolve import InstanceResolver, enclosing_class, imports_quart, why_unproven
from codemods._syntax import dotted, is_docstring, without_arg

_DROPPABLE = (cst.Name, cst.SimpleString, cst.Integer)


class RegisterSignature(Rule):
    ID = "SM002"
    NAME = "register-signature"
    SUMMARY = (
        "`register(self, app, options, first_registration)` overrides, their base calls "
        "and `blueprint.register(app, options, first)` call sites lose the removed argument"
    )
    WHAT_IT_DOES = """
        Removes the `first_registration` argument from `Blueprint.register` overrides, their
        base calls and hand-written `register_blueprint` call sites.

        - `register` overrides (four positional parameters) of flask.Blueprint subclasses
          lose the parameter; their base calls (`super().register`, `super(Cls,
          self).register`, `Blueprint.register(self, ...)`, `Parent.register(self, ...)` for
          any parent, positional or `first_registration=`) lose the argument when it is a
          name or a constant. Where the body still reads it, it is computed first, exactly as
          Flask 2.x computes it before recording the blueprint.
        - In a hand-written `register_blueprint` method, `blueprint.register(self, options,
          first)` (the blueprint being a parameter) loses its third argument.
        - Subclasses count through any number of modules: an override in a subclass of a
          project Blueprint subclass defined elsewhere is migrated like one of Blueprint.
        """
    WHY = """
        Flask 2.0.0 changed `Blueprint.register(app, options, first_registration=False)` to
        `register(app, options)`: an override forwarding the third argument fails with
        `TypeError: register() takes 3 positional arguments but 4 were given` (alerta,
        pgAdmin4, Flask-Sockets 0.2.1, the Flask-Admin blueprint recipe), and one that keeps
        the parameter silently always sees False.
        """
    EXAMPLES = ("guard-keeps-its-meaning",)
    LEAVES_ALONE = """
        Overrides and calls forwarding `*args, **kwargs`, `make_setup_state` (unchanged in
        2.x), classes known not to derive from flask.Blueprint, module-level functions named
        `register`, and modules importing Quart. A `first_registration` override on a class
        whose bases do not resolve (a library's class, an import the index cannot follow) is
        a finding.
        """
    FIX_SAFETY = """
        The computed `first_registration` is Flask 2.x's own test, made before the base
        call records the blueprint, so a guarded block runs exactly when it ran on 1.x.
        A base call whose third argument is an expression with effects, an override that
        never calls the base `register`, and a base call guarded by `except TypeError` are
        findings rather than rewrites.
        """
    TRIGGERS = ()
    # an override of `register` or `register_blueprint` (a method: it has parameters),
    # not `def register_views(` nor a view `def register():`
    TRIGGER_PATTERNS = {b"def register": rb"def register(?:_blueprint)?\s*\(\s*[\w*]"}
    REQUIRED = (b"flask",)
    SELF_EVIDENT = (b"first_registration",)
    FINDINGS = {
        "no-base-call": (
            "a register override never calls the base register(): on 2.x the blueprint never reaches "
            "app.blueprints; call `super().register(app, options)`"
        ),
        "swallowed-type-error": (
            "an except clause around the base register() call would hide Flask 2.0's TypeError: check"
            " both branches do the same and remove the shim"
        ),
        "unproven-base": (
            "a `first_registration` override on a class whose bases do not resolve: if it is a "
            "Blueprint subclass, drop the parameter and compute it where it is read"
        ),
        "argument-with-side-effects": (
            "the third argument of a register() call is not a plain name or constant: drop it by hand"
        ),
        "re-implemented-bookkeeping": (
            "a register_blueprint re-implements 1.x bookkeeping that Blueprint.register does itself "
            "since 2.0: remove it"
        ),
    }
    VOCABULARY = (b"register", b"first_registration")
    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, QualifiedNameProvider, ParentNodeProvider)

    # The rule's cases, as data: the tests (tests/rule_cases.py) run each.
    REWRITES = {
        "super-call": (
            """\
            from flask import Blueprint


            class AdminBlueprint(Blueprint):
                def register(self, app, options, first_registration=False):
                    app.logger.info("admin registered")
                    super().register(app, options, first_registration)
            """,
            """\
            from flask import Blueprint


            class AdminBlueprint(Blueprint):
                def register(self, app, options):
                    app.logger.info("admin registered")
                    super().register(app, options)
            """,
        ),
        "old-style-super-and-keyword": (
            """\
            import flask


            class Tracked(flask.Blueprint):
                def register(self, app, options, first_registration=False):
                    super(Tracked, self).register(app, options, first_registration=first_registration)
            """,
            """\
            import flask


            class Tracked(flask.Blueprint):
                def register(self, app, options):
                    super(Tracked, self).register(app, options)
            """,
        ),
        "explicit-base-call": (
            """\
            from flask.blueprints import Blueprint


            class Tracked(Blueprint):
                def register(self, app, options, first_registration=False):
                    Blueprint.register(self, app, options, first_registration)
            """,
            """\
            from flask.blueprints import Blueprint


            class Tracked(Blueprint):
                def register(self, app, options):
                    Blueprint.register(self, app, options)
            """,
        ),
        "skipping-a-level-of-the-mro": (
            """\
            from flask import Blueprint


            class Base(Blueprint):
                def register(self, app, options, first_registration=False):
                    super().register(app, options, first_registration)


            class Special(Base):
                def register(self, app, options, first=False):
                    Blueprint.register(self, app, options, first)
            """,
            """\
            from flask import Blueprint


            class Base(Blueprint):
                def register(self, app, options):
                    super().register(app, options)


            class Special(Base):
                def register(self, app, options):
                    Blueprint.register(self, app, options)
            """,
        ),
        "parent-imported-from-elsewhere": (
            """\
            from flask import Blueprint
            from myapp.blueprints import AuditedBlueprint


            class Admin(AuditedBlueprint, Blueprint):
                def register(self, app, options, first_registration=False):
                    AuditedBlueprint.register(self, app, options, first_registration)
            """,
            """\
            from flask import Blueprint
            from myapp.blueprints import AuditedBlueprint


            class Admin(AuditedBlueprint, Blueprint):
                def register(self, app, options):
                    AuditedBlueprint.register(self, app, options)
            """,
        ),
        "guard-keeps-its-meaning": (
            """\
            from flask import Blueprint


            class Counting(Blueprint):
                def register(self, app, options, first_registration=False):
                    \"\"\"Count first registrations.\"\"\"
                    if first_registration:
                        app.extensions.setdefault("counted", []).append(self.name)
                    super().register(app, options, first_registration)
            """,
            """\
            from flask import Blueprint


            class Counting(Blueprint):
                def register(self, app, options):
                    \"\"\"Count first registrations.\"\"\"
                    first_registration = not any(bp is self for bp in app.blueprints.values())
                    if first_registration:
                        app.extensions.setdefault("counted", []).append(self.name)
                    super().register(app, options)
            """,
        ),
        "hand-written-register-blueprint": (
            """\
            from flask import Flask


            class AuditedFlask(Flask):
                def register_blueprint(self, blueprint, **options):
                    self.audit(blueprint)
                    blueprint.register(self, options, True)
            """,
            """\
            from flask import Flask


            class AuditedFlask(Flask):
                def register_blueprint(self, blueprint, **options):
                    self.audit(blueprint)
                    blueprint.register(self, options)
            """,
        ),
    }

    NO_OPS = {
        "plugin-class-of-the-module-with-the-same-signature": """\
            class Plugin(object):
                pass


            class Loader(Plugin):
                def register(self, app, options, first_registration=False):
                    pass
            """,
        "quart-blueprint-subclass": """\
            from quart import Blueprint


            class Admin(Blueprint):
                def register(self, app, options, first_registration=False):
                    super().register(app, options, first_registration)
            """,
        "forwards-args-and-kwargs": """\
            from flask import Blueprint


            class Tracked(Blueprint):
                def register(self, *args, **kwargs):
                    super().register(*args, **kwargs)
            """,
        "already-migrated": """\
            from flask import Blueprint


            class Tracked(Blueprint):
                def register(self, app, options):
                    super().register(app, options)
            """,
        "make-setup-state-did-not-change": """\
            from flask import Blueprint


            class Tracked(Blueprint):
                def make_setup_state(self, app, options, first_registration=False):
                    return super().make_setup_state(app, options, first_registration)
            """,
        "not-a-blueprint": """\
            import flask


            class Plugin(object):
                def register(self, app, options, first_registration=False):
                    super().register(app, options, first_registration)
            """,
        "quart-app": """\
            import flask
            from quart import Quart


            class App(Quart):
                def register_blueprint(self, blueprint, **options):
                    blueprint.register(self, options, True)
            """,
        "register-of-something-else": """\
            from flask import Flask


            class App(Flask):
                def register_blueprint(self, blueprint, **options):
                    self.registry.register(self, options, True)
            """,
        "module-level-function": """\
            from flask import Blueprint


            def register(self, app, options, first_registration=False):
                pass
            """,
    }

    FINDING_CASES = {
        "unproven-base-from-another-module": (
            """\
            from .base import ProjectBlueprint


            class Admin(ProjectBlueprint):
                def register(self, app, options, first_registration=False):
                    super().register(app, options, first_registration)
            """,
            5,
            "cannot prove `ProjectBlueprint` is a flask.Blueprint subclass: it is imported as `.base.ProjectBlueprint`",
        ),
        "unproven-base-of-a-library": (
            """\
            import flask_smorest


            class Api(flask_smorest.Blueprint):
                def register(self, app, options, first_registration=False):
                    flask_smorest.Blueprint.register(self, app, options, first_registration)
            """,
            5,
            "`flask_smorest.Blueprint` is from outside the project, and not known to be one",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        self._resolver = InstanceResolver(self, BLUEPRINT_CLASSES)
        self._lookalike = imports_quart(self)
        self._calls: dict[cst.Call, cst.Call] = {}
        self._overrides: dict[cst.FunctionDef, str] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._lookalike:
            return
        class_def = enclosing_class(self, node)
        if class_def is None:
            return
        if node.name.value == "register" and class_def in self._resolver.subclasses:
            self._plan_override(node, class_def)
        elif node.name.value == "register" and _has_first_registration(node):
            self._report_unproven_override(node, class_def)
        elif node.name.value == "register_blueprint":
            self._plan_register_blueprint(node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self._calls.get(original_node, updated_node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        name = self._overrides.get(original_node)
        if name is None:
            return updated_node
        params = updated_node.params.params
        kept = [*params[:2], params[2].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        updated_node = updated_node.with_changes(params=updated_node.params.with_changes(params=kept))
        if _reads(updated_node.body, name):
            updated_node = _compute_first_registration(updated_node, name)
        return updated_node

    def _plan_override(self, function: cst.FunctionDef, class_def: cst.ClassDef) -> None:
        params = function.params
        if (
            len(params.params) != 4
            or params.posonly_params
            or params.kwonly_params
            or not isinstance(params.star_arg, cst.MaybeSentinel)
            or params.star_kwarg is not None
        ):
            return
        self_name = params.params[0].name.value
        first = params.params[3].name.value
        base_calls = [call for call in _calls_in(function) if self._is_base_register(call, self_name, class_def)]
        for call in base_calls:
            self._plan_base_call(call, self_name, first)
        self._overrides[function] = first
        self.record_change(function, f"dropped `{first}` from the register override")
        if not base_calls:
            self.report_finding(
                function,
                "no-base-call",
                "this register override never calls the base register(): on Flask >= 2.0 "
                "the blueprint then never reaches app.blueprints and its hooks and error "
                "handlers (kept on the blueprint since 2.0) are never merged into the app; "
                "call `super().register(app, options)`",
            )
        for call in base_calls:
            handler = self._swallowing_handler(call)
            if handler is not None:
                self.report_finding(
                    handler,
                    "swallowed-type-error",
                    "this except clause around the base register() call would hide the "
                    "TypeError Flask >= 2.0 raises for the removed first_registration "
                    "argument: check that both branches now do the same and remove the shim",
                )

    def _report_unproven_override(self, function: cst.FunctionDef, class_def: cst.ClassDef) -> None:
        """A 1.x register override in a class nothing proves is a Blueprint."""
        unproven = [
            base.value
            for base in class_def.bases
            if not base.keyword and not self._resolver.known_other_class(base.value)
        ]
        if not unproven:
            return
        self.report_finding(
            function,
            "unproven-base",
            f"{why_unproven(self, unproven[0], 'flask.Blueprint subclass')}; if it is one, "
            "Flask >= 2.0 calls `register(app, options)`: drop `first_registration` from "
            "this override and its base call, and compute it as "
            "`not any(bp is self for bp in app.blueprints.values())` where it is read",
        )

    def _is_base_register(self, call: cst.Call, self_name: str, class_def: cst.ClassDef) -> bool:
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "register"):
            return False
        receiver = func.value
        if isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) and receiver.func.value == "super":
            return True
        first_arg = call.args[0].value if call.args else None
        named_base = isinstance(receiver, cst.Name) and any(
            isinstance(base.value, cst.Name) and base.value.value == receiver.value for base in class_def.bases
        )
        return (
            isinstance(first_arg, cst.Name)
            and first_arg.value == self_name
            and (named_base or self._resolver.is_class(receiver))
        )

    def _plan_base_call(self, call: cst.Call, self_name: str, first: str) -> None:
        explicit = not (isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Call))
        index = 3 if explicit else 2
        if any(arg.star for arg in call.args):
            return
        keyword = [
            i
            for i, arg in enumerate(call.args)
            if arg.keyword is not None and arg.keyword.value == "first_registration"
        ]
        positional = [arg for arg in call.args if arg.keyword is None]
        if keyword:
            drop = keyword[0]
        elif len(positional) == index + 1 and len(call.args) == index + 1:
            drop = index
        else:
            return
        if not isinstance(call.args[drop].value, _DROPPABLE):
            self.report_finding(
                call,
                "argument-with-side-effects",
                "drop the third argument of this register() call by hand (it has side effects)",
            )
            return
        self._calls[call] = without_arg(call, drop)

    def _swallowing_handler(self, call: cst.Call) -> cst.ExceptHandler | None:
        node: cst.CSTNode | None = call
        while node is not None and not isinstance(node, cst.FunctionDef):
            parent = self.get_metadata(ParentNodeProvider, node, None)
            if isinstance(parent, cst.Try) and node is parent.body:
                for handler in parent.handlers:
                    if handler.type is None or _names_type_error(handler.type):
                        return handler
            node = parent
        return None

    def _plan_register_blueprint(self, function: cst.FunctionDef) -> None:
        """`blueprint.register(self, options, first_registration)` in a hand-written
        register_blueprint (Flask-Sockets and app subclasses)."""
        params = {param.name.value for param in function.params.params[1:]}
        changed = False
        for call in _calls_in(function):
            func = call.func
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value == "register"
                and isinstance(func.value, cst.Name)
                and func.value.value in params
                and len(call.args) == 3
                and all(arg.keyword is None and not arg.star for arg in call.args)
            ):
                if isinstance(call.args[2].value, _DROPPABLE):
                    self._calls[call] = without_arg(call, 2)
                    self.record_change(call, "dropped the first_registration argument of blueprint.register()")
                    changed = True
                else:
                    self.report_finding(
                        call, "argument-with-side-effects", "drop the third argument of this register() call by hand"
                    )
        if changed and _keeps_books(function):
            self.report_finding(
                function,
                "re-implemented-bookkeeping",
                "this register_blueprint re-implements 1.x bookkeeping (app.blueprints, "
                "_blueprint_order, name checks) that Blueprint.register does itself since "
                "Flask 2.0: a blueprint already in app.blueprints counts as registered "
                "before (its hooks are not applied; ValueError from 2.1): remove it and "
                "let blueprint.register(app, options) record the blueprint",
            )


def _calls_in(node: cst.CSTNode) -> list[cst.Call]:
    """The calls under `node`, outside the functions, classes and lambdas under it."""
    calls: list[cst.Call] = []
    for child in child_nodes(node):
        kind = type(child)  # exact types: isinstance on libcst's abstract classes costs a call into abc
        if kind in _NESTED_SCOPES:
            continue
        if kind is cst.Call:
            calls.append(cast(cst.Call, child))
        calls.extend(_calls_in(child))
    return calls


_NESTED_SCOPES = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda})


def _reads(node: cst.CSTNode, name: str) -> bool:
    if isinstance(node, cst.Name):
        return node.value == name
    return any(_reads(child, name) for child in child_nodes(node))


def _compute_first_registration(function: cst.FunctionDef, name: str) -> cst.FunctionDef:
    params = function.params.params
    line = _not_yet_registered(name, params[0].name.value, params[1].name.value)
    body = list(function.body.body)
    at = 1 if body and is_docstring(body[0]) else 0
    body.insert(at, line)
    return function.with_changes(body=function.body.with_changes(body=body))


def _not_yet_registered(name: str, blueprint: str, app: str) -> cst.SimpleStatementLine:
    """`<name> = not any(bp is <blueprint> for bp in <app>.blueprints.values())`."""
    registered = cst.GeneratorExp(
        cst.Comparison(cst.Name("bp"), [cst.ComparisonTarget(cst.Is(), cst.Name(blueprint))]),
        cst.CompFor(
            cst.Name("bp"),
            cst.Call(dotted(app, "blueprints", "values")),
        ),
        lpar=[],  # the call's own parentheses are the generator's
        rpar=[],
    )
    value = cst.UnaryOperation(cst.Not(), cst.Call(cst.Name("any"), [cst.Arg(registered)]))
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)])


def _names_type_error(expression: cst.BaseExpression) -> bool:
    if isinstance(expression, cst.Name):
        return expression.value in ("TypeError", "Exception", "BaseException")
    if isinstance(expression, cst.Tuple):
        return any(_names_type_error(element.value) for element in expression.elements)
    return False


def _keeps_books(node: cst.CSTNode) -> bool:
    """Whether the code touches app.blueprints or _blueprint_order itself."""
    if isinstance(node, cst.Attribute) and node.attr.value in ("blueprints", "_blueprint_order"):
        return True
    return any(_keeps_books(child) for child in child_nodes(node))


def _has_first_registration(function: cst.FunctionDef) -> bool:
    """`def register(self, app, options, first_registration=...)`: the 1.x override."""
    params = function.params.params
    return len(params) == 4 and params[3].name.value == "first_registration"
