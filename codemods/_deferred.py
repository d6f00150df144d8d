"""Reading 1.x deferred setup code: what each statement of a `record`/`record_once`
function does to the app, and whether it can run somewhere else unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Callable

import libcst as cst

from codemods._flask import APP_STATE_ATTRIBUTES, HOOK_KINDS, JINJA_APP_CALLS, HookKind
from codemods._libcst import child_nodes
from codemods._resolve import Instance, string_value

# Setup-state attributes that deferred code may use and that mean the same in 3.1.
_STATE_ATTRIBUTES = frozenset({"add_url_rule", "url_prefix", "subdomain", "options", "url_defaults"})


class Effect(Enum):
    LOCAL_HOOK = "local hook"  # S.app.<hooks>.setdefault(<own name>, []).append(f)
    LOCAL_ERROR_HANDLER = "local error handler"  # S.app._register_error_handler(<own>, c, f)
    VIEW_FUNCTION = "view function"  # S.app.view_functions[key] = f
    APP_HOOK = "app hook"  # S.app.<hooks>.setdefault(None, []).append(f)
    APP_ERROR_HANDLER = "app error handler"  # S.app.register_error_handler(c, f) and kin
    LEGACY_APP_ERROR_HANDLER = "legacy app error handler"  # S.app._register_error_handler(None, c, f)
    JINJA = "template function"  # S.app.jinja_env.filters[name] = f
    APP_STATE = "app state"  # config, url_map, jinja_env, S.add_url_rule, ...
    NOTHING = "nothing"  # a docstring or pass
    FOREIGN_HOOK = "foreign hook"  # a hook keyed by another blueprint's name
    UNKNOWN = "unknown"


MOVABLE = frozenset({Effect.LOCAL_HOOK, Effect.LOCAL_ERROR_HANDLER, Effect.VIEW_FUNCTION})
STAYING = frozenset(
    {
        Effect.APP_HOOK,
        Effect.APP_ERROR_HANDLER,
        Effect.LEGACY_APP_ERROR_HANDLER,
        Effect.JINJA,
        Effect.APP_STATE,
        Effect.NOTHING,
    }
)
# Running these twice is running them once: `record` (every registration) and
# `record_once` (the first) cannot be told apart.
IDEMPOTENT = frozenset({Effect.LOCAL_ERROR_HANDLER, Effect.VIEW_FUNCTION})


@dataclass(frozen=True)
class Statement:
    """What one statement (or a lambda's body) of deferred code does."""

    node: cst.CSTNode
    effect: Effect
    kind: HookKind | None = None
    key: cst.BaseExpression | None = None  # hook key, endpoint or template name
    code: cst.BaseExpression | None = None  # error code or exception class
    function: cst.BaseExpression | None = None  # the function registered


@dataclass(frozen=True)
class DeferredFunction:
    """A lambda or def passed to `record`/`record_once`, with its state parameter."""

    state: str
    blueprint: Instance


def classify(node: cst.CSTNode, deferred: DeferredFunction) -> Statement:
    """The effect of one statement of a def body, or of a lambda's body expression."""
    if isinstance(node, cst.SimpleStatementLine):
        if len(node.body) != 1:
            return Statement(node, Effect.UNKNOWN)
        return _classify_small(node, node.body[0], deferred)
    if isinstance(node, cst.BaseExpression):
        return _classify_expression(node, node, deferred)
    return Statement(node, Effect.UNKNOWN)


def _classify_small(
    line: cst.SimpleStatementLine, small: cst.BaseSmallStatement, deferred: DeferredFunction
) -> Statement:
    if isinstance(small, cst.Pass) or (
        isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return Statement(line, Effect.NOTHING)
    if isinstance(small, cst.Expr):
        return _classify_expression(line, small.value, deferred)
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        assigned = _classify_item_assignment(line, small.targets[0].target, small.value, deferred)
        if assigned is not None:
            return assigned
    return _app_state_or_unknown(line, small, deferred.state)


def _classify_item_assignment(
    line: cst.SimpleStatementLine,
    target: cst.BaseAssignTargetExpression,
    value: cst.BaseExpression,
    deferred: DeferredFunction,
) -> Statement | None:
    """`S.app.view_functions[key] = f` and `S.app.jinja_env.filters[name] = f`."""
    if not isinstance(target, cst.Subscript) or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    if not isinstance(index, cst.Index) or index.star is not None:
        return None
    if app_attribute(target.value, deferred.state) == "view_functions":
        return Statement(line, Effect.VIEW_FUNCTION, key=index.value, function=value)
    container = target.value
    if (
        isinstance(container, cst.Attribute)
        and container.attr.value in JINJA_APP_CALLS
        and app_attribute(container.value, deferred.state) == "jinja_env"
    ):
        return Statement(line, Effect.JINJA, key=index.value, function=value, code=container.attr)
    return None


def _classify_expression(node: cst.CSTNode, expression: cst.BaseExpression, deferred: DeferredFunction) -> Statement:
    state = deferred.state
    hook = _hook_append(expression, state)
    if hook is not None:
        kind, key, function = hook
        return Statement(node, _hook_effect(key, deferred), kind=kind, key=key, function=function)
    if isinstance(expression, cst.Call) and _plain_args(expression):
        args = [arg.value for arg in expression.args]
        called = app_attribute(expression.func, state)
        if called == "_register_error_handler" and len(args) == 3:
            effect = _hook_effect(args[0], deferred)
            effect = {
                Effect.APP_HOOK: Effect.LEGACY_APP_ERROR_HANDLER,
                Effect.LOCAL_HOOK: Effect.LOCAL_ERROR_HANDLER,
            }.get(effect, effect)
            return Statement(node, effect, key=args[0], code=args[1], function=args[2])
        if called == "register_error_handler" and len(args) == 2:
            return Statement(node, Effect.APP_ERROR_HANDLER, code=args[0], function=args[1])
        inner = expression.func
        if (
            len(args) == 1
            and isinstance(inner, cst.Call)
            and _plain_args(inner)
            and len(inner.args) == 1
            and app_attribute(inner.func, state) == "errorhandler"
        ):
            return Statement(node, Effect.APP_ERROR_HANDLER, code=inner.args[0].value, function=args[0])
    return _app_state_or_unknown(node, expression, state)


def _hook_effect(key: cst.BaseExpression, deferred: DeferredFunction) -> Effect:
    if isinstance(key, cst.Name) and key.value == "None":
        return Effect.APP_HOOK
    if is_own_name(key, deferred):
        return Effect.LOCAL_HOOK
    return Effect.FOREIGN_HOOK


def is_own_name(key: cst.BaseExpression, deferred: DeferredFunction) -> bool:
    """`BP.name`, `S.blueprint.name`, or the literal the blueprint was created with."""
    if isinstance(key, cst.Attribute) and key.attr.value == "name":
        return is_name(key.value, deferred.blueprint.name) or is_state_blueprint(key.value, deferred.state)
    literal = string_value(key)
    return literal is not None and literal == deferred.blueprint.constructed_name


def _hook_append(
    expression: cst.BaseExpression, state: str
) -> tuple[HookKind, cst.BaseExpression, cst.BaseExpression] | None:
    """(kind, key, f) for `S.app.<hooks>.setdefault(key, []).append(f)`."""
    if not (
        isinstance(expression, cst.Call)
        and isinstance(expression.func, cst.Attribute)
        and expression.func.attr.value == "append"
        and len(expression.args) == 1
        and _plain_args(expression)
    ):
        return None
    setdefault = expression.func.value
    if not (
        isinstance(setdefault, cst.Call)
        and isinstance(setdefault.func, cst.Attribute)
        and setdefault.func.attr.value == "setdefault"
        and len(setdefault.args) == 2
        and _plain_args(setdefault)
        and isinstance(setdefault.args[1].value, cst.List)
        and not setdefault.args[1].value.elements
    ):
        return None
    attribute = app_attribute(setdefault.func.value, state)
    if attribute not in HOOK_KINDS:
        return None
    return HOOK_KINDS[attribute], setdefault.args[0].value, expression.args[0].value


def _app_state_or_unknown(node: cst.CSTNode, statement: cst.CSTNode, state: str) -> Statement:
    """App state when every use of the state parameter is `S.app.<app state>` or a
    setup-state attribute that still means the same."""
    uses = list(_state_uses(statement, state))
    allowed = all(
        app_attribute(use, state) in APP_STATE_ATTRIBUTES
        or (isinstance(use, cst.Attribute) and is_name(use.value, state) and use.attr.value in _STATE_ATTRIBUTES)
        for use in uses
    )
    return Statement(node, Effect.APP_STATE if uses and allowed else Effect.UNKNOWN)


def _state_uses(node: cst.CSTNode, state: str) -> Iterator[cst.BaseExpression]:
    """The outermost `S.x.y` attribute chains (or bare `S`) under `node`, read left to right."""
    if isinstance(node, cst.Attribute):
        head = node
        while isinstance(head, cst.Attribute):
            if is_name(head.value, state):
                yield _widest_use(node, head, state)
                return
            head = head.value  # type: ignore[assignment]
    if isinstance(node, cst.Name) and is_name(node, state):
        yield node
        return
    for child in child_nodes(node):
        yield from _state_uses(child, state)


def _widest_use(chain: cst.Attribute, head: cst.Attribute, state: str) -> cst.BaseExpression:
    """For `S.app.config.get`, the `S.app.config` part that names what is touched."""
    node: cst.BaseExpression = chain
    while isinstance(node, cst.Attribute) and not (
        is_name(node.value, state)
        or (
            isinstance(node.value, cst.Attribute)
            and is_name(node.value.value, state)
            and node.value.attr.value == "app"
        )
    ):
        node = node.value
    return node


def app_attribute(node: cst.CSTNode, state: str) -> str | None:
    """ "x" for `S.app.x`."""
    if (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Attribute)
        and node.value.attr.value == "app"
        and is_name(node.value.value, state)
    ):
        return node.attr.value
    return None


def is_state_blueprint(node: cst.CSTNode, state: str) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value == "blueprint" and is_name(node.value, state)


def is_name(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _plain_args(call: cst.Call) -> bool:
    return all(not arg.star and arg.keyword is None for arg in call.args)


Portable = Callable[[cst.Name], bool]


def portable(expression: cst.BaseExpression, deferred: DeferredFunction, stable: Portable) -> cst.BaseExpression | None:
    """`expression` as it can be evaluated outside the deferred function, where the
    blueprint is `BP` (`S.blueprint` becomes BP), or None when moving it could change
    what it evaluates to (the state, a call, a name bound later)."""
    state, blueprint = deferred.state, deferred.blueprint.name
    if isinstance(expression, (cst.SimpleString, cst.Integer, cst.Float)):
        return expression
    if isinstance(expression, cst.Name):
        if expression.value in ("None", "True", "False") or (expression.value != state and stable(expression)):
            return expression
        return None
    if isinstance(expression, cst.Attribute) and expression.attr.value == "name":
        if is_state_blueprint(expression.value, state):
            return expression.with_changes(value=cst.Name(blueprint))
        if is_name(expression.value, blueprint):
            return expression
        return None
    if isinstance(expression, cst.Lambda):
        return None if any(True for _ in _state_uses(expression.body, state)) else expression
    parts: list[tuple[str, cst.BaseExpression]] = []
    if isinstance(expression, (cst.BinaryOperation, cst.ConcatenatedString)):
        parts = [("left", expression.left), ("right", expression.right)]
    elif isinstance(expression, cst.FormattedString):
        return _portable_fstring(expression, deferred, stable)
    else:
        return None
    changes: dict[str, cst.BaseExpression | cst.BaseString] = {}
    for field, part in parts:
        moved = portable(part, deferred, stable)
        if moved is None:
            return None
        changes[field] = moved
    return expression.with_changes(**changes)


def _portable_fstring(
    expression: cst.FormattedString, deferred: DeferredFunction, stable: Portable
) -> cst.FormattedString | None:
    parts: list[cst.BaseFormattedStringContent] = []
    for part in expression.parts:
        if isinstance(part, cst.FormattedStringExpression):
            if part.format_spec:
                return None
            moved = portable(part.expression, deferred, stable)
            if moved is None:
                return None
            part = part.with_changes(expression=moved)
        parts.append(part)
    return expression.with_changes(parts=parts)
