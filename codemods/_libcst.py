"""Every use of libcst's internals, in one place, each pinned by a test to what
libcst's own API gives (tests/codemods/test_libcst.py, tests/test_analysis.py).
pyproject.toml bounds the libcst versions they were checked against."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

import libcst as cst
from libcst.metadata import ExpressionContextProvider, PositionProvider, ScopeProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

# What libcst's matcher decorators (m.visit, m.leave, m.call_if_inside, ...) set on a
# method: the rule pass dispatches without matchers, so a rule may not use them.
# Spelt out: importing libcst.matchers costs more than most runs (a test holds these
# to libcst.matchers._decorators).
MATCHER_ATTRIBUTES = ("_visit_matcher", "_leave_matcher", "_call_if_inside_matcher", "_call_if_not_inside_matcher")


def scopes(module: cst.Module) -> Mapping[cst.CSTNode, object]:
    """libcst's scope of each node. libcst's resolution walks the whole module a
    further time only to reach the providers' one method, visit_Module, which here
    is called directly (expression contexts first, which the scopes depend on)."""
    contexts = ExpressionContextProvider()
    contexts.visit_Module(module)
    provider = ScopeProvider()
    provider.metadata = {ExpressionContextProvider: contexts._computed}
    provider.visit_Module(module)
    return provider._computed


def positions_and_code(module: cst.Module) -> tuple[Mapping[cst.CSTNode, object], str]:
    """libcst's position of each node, and the module's code (`module.code`), from the
    one code generation pass libcst's PositionProvider makes to find the positions."""
    provider = PositionProvider()
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
    )
    module._codegen(state)
    return provider._computed, "".join(state.tokens)


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node.children`, in libcst's order, read from the node's fields rather than by
    rebuilding the node, which is how libcst finds them (and how any visitor walks):
    a read-only walk this way costs a third of libcst's."""
    fields = _fields(type(node), node)
    if fields.others is not None and any(_holds_nodes(value) for value in fields.others(node)):
        return list(node.children)  # a field libcst visits only when it is set
    children: list[cst.CSTNode] = []
    for value in fields.visited(node):
        if type(value) is tuple or type(value) is list:
            children.extend(value)
        elif value is not None and value is not cst.MaybeSentinel.DEFAULT:
            children.append(value)
    return children


def walk(root: cst.CSTNode) -> tuple[list[cst.CSTNode], dict[cst.CSTNode, cst.CSTNode]]:
    """`root` and every node under it in the order a libcst visitor meets them, and
    each of them but `root` to its parent."""
    nodes: list[cst.CSTNode] = []
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    pending = [root]
    while pending:
        node = pending.pop()
        nodes.append(node)
        children = child_nodes(node)
        for child in children:
            parents[child] = node
        children.reverse()
        pending += children
    return nodes, parents


@dataclass(frozen=True)
class _Fields:
    """A node type's fields as libcst visits them: `visited` gives the values of those
    it visits on the node it learnt them from, in order; `others` the values of the
    rest (None when there is none)."""

    visited: Callable[[cst.CSTNode], tuple[Any, ...]]
    others: Callable[[cst.CSTNode], tuple[Any, ...]] | None


_FIELDS: dict[type, _Fields] = {}
_UNSET: tuple[object, ...] = (None, (), [], cst.MaybeSentinel.DEFAULT)


def _fields(node_type: type, node: cst.CSTNode) -> _Fields:
    """Each type's `_visit_and_replace_children` visits its fields in one order;
    rebuilding one node of the type once, without going below it, shows which. A
    few types visit a field only when it is set (an f-string's format spec), which
    `others`, the fields unset on that node and not visited, lets a later node show."""
    fields = _FIELDS.get(node_type)
    if fields is None:
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        visited = tuple(dict.fromkeys(recorder.fields))
        others = tuple(
            field.name
            for field in dataclasses.fields(node)
            if field.name not in visited and getattr(node, field.name) in _UNSET
        )
        fields = _FIELDS[node_type] = _Fields(_getter(visited), _getter(others) if others else None)
    return fields


def _getter(names: tuple[str, ...]) -> Callable[[cst.CSTNode], tuple[Any, ...]]:
    if len(names) == 1:
        (name,) = names
        return lambda node: (getattr(node, name),)
    return operator.attrgetter(*names) if names else lambda node: ()


def _holds_nodes(value: object) -> bool:
    if type(value) is tuple or type(value) is list:
        return any(isinstance(item, cst.CSTNode) for item in value)
    return isinstance(value, cst.CSTNode)


class _FieldRecorder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        return None

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        self.fields.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None
