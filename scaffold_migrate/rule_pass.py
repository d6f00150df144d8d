"""Every rule in one traversal of one tree, on one shared analysis.

Each rule is a libcst transformer of its own; run one after the other, each would
need a fresh analysis of the tree the previous one produced, and a full traversal.
Here one transformer walks the parsed tree once and calls, at each node, the visit
and leave methods of every rule in rule order: a rule sees the original node (its
metadata key) and the node as the rules before it left it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, Optional, Union

import libcst as cst

from codemods._base import Rule, node_methods
from codemods._libcst import NODE_TYPES
from codemods._nodes import NoFieldHooks

_Visit = Callable[[cst.CSTNode], Optional[bool]]
_Leave = Callable[[cst.CSTNode, cst.CSTNode], Union[cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel]]


class RuleFailed(Exception):
    """A rule raised during the pass: the file is left alone, naming the rule."""

    def __init__(self, rule: Rule, error: Exception) -> None:
        super().__init__(f"{rule.ID} failed, file left alone: {type(error).__name__}: {error}")
        self.rule = rule


class RulePass(NoFieldHooks, cst.CSTTransformer):
    """One traversal that is every rule's traversal.

    A rule whose visit method returns False does not see that node's children, as
    in libcst, while the other rules go on into them. A node a rule replaces by a
    node of another type, removes or flattens is not offered to later rules' leave
    methods: they are written for the original type.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        super().__init__()
        self.rules = tuple(rules)
        self._visits: dict[str, list[tuple[int, _Visit]]] = {}
        self._leaves: dict[str, list[tuple[int, _Leave]]] = {}
        for index, rule in enumerate(self.rules):
            for kind, node_type, name in node_methods(type(rule)):
                table = self._visits if kind == "visit" else self._leaves
                table.setdefault(node_type, []).append((index, getattr(rule, name)))
        # For each rule, the node whose children it declined to visit, if any; and
        # for each such node, the rules that declined there.
        self._declined: list[cst.CSTNode | None] = [None] * len(self.rules)
        self._declined_at: dict[int, list[int]] = {}  # by id: the nodes live through the pass

    @property
    def quiet(self) -> frozenset[type]:
        """The node types no rule has a method for: the pass does nothing there."""
        return frozenset(
            node_type
            for node_type in NODE_TYPES
            if node_type.__name__ not in self._visits and node_type.__name__ not in self._leaves
        )

    def on_visit(self, node: cst.CSTNode) -> bool:
        for index, visit in self._visits.get(type(node).__name__, ()):
            if self._declined[index] is None:
                try:
                    declines = visit(node) is False
                except Exception as error:
                    raise RuleFailed(self.rules[index], error) from error
                if declines:
                    self._declined[index] = node
                    self._declined_at.setdefault(id(node), []).append(index)
        return True

    def on_leave(  # type: ignore[override]  # libcst types it with a type variable
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel:
        declined = self._declined
        result: cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel = updated_node
        for index, leave in self._leaves.get(type(original_node).__name__, ()):
            if declined[index] is not None and declined[index] is not original_node:
                continue
            if type(result) is not type(original_node):
                break
            try:
                result = leave(original_node, result)
            except Exception as error:
                raise RuleFailed(self.rules[index], error) from error
        if self._declined_at:
            for index in self._declined_at.pop(id(original_node), ()):
                declined[index] = None
        return result
