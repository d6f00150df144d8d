"""Every node of a module, outermost first, and by node type: what the rules search
instead of walking the module again each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import libcst as cst

from codemods._libcst import walk_nodes

NodeT = TypeVar("NodeT", bound=cst.CSTNode)


@dataclass(frozen=True)
class NodeIndex:
    nodes: Sequence[cst.CSTNode]  # the module first, then every node under it, outermost first
    by_type: Mapping[type, list[cst.CSTNode]]

    @classmethod
    def of(cls, nodes: Sequence[cst.CSTNode]) -> NodeIndex:
        by_type: dict[type, list[cst.CSTNode]] = {}
        for node in nodes:
            by_type.setdefault(type(node), []).append(node)
        return cls(nodes, by_type)

    @classmethod
    def walk(cls, module: cst.Module) -> NodeIndex:
        return cls.of(descendants(module))

    @overload
    def of_type(self, node_type: type[NodeT], /) -> list[NodeT]: ...

    @overload
    def of_type(self, *types: type[cst.CSTNode]) -> list[cst.CSTNode]: ...

    def of_type(self, *types: type[cst.CSTNode]) -> list[Any]:
        """The nodes of these exact types, outermost first."""
        if len(types) == 1:
            return self.by_type.get(types[0], [])
        return [node for node in self.nodes if type(node) in types]


def descendants(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node` and every node under it, outermost first, walked afresh."""
    return walk_nodes(node)


class NoFieldHooks:
    """For traversals of our own: libcst asks a visitor, at every field of every
    node, for a `visit_<Node>_<field>` method; none of them has one."""

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None
