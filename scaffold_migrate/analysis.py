"""The metadata every rule reads, resolved once per file and as cheaply as it can be.

Scopes come from libcst's provider, called without libcst's extra walk of the
module, and qualified names from those scopes, for the nodes a rule asks about
(libcst's provider prepares them for every node). Parents come from one read-only
walk of the nodes' fields (libcst's provider asks every node for its children,
which rebuilds each node, and costs several times as much). Positions are
computed on first use only: most nodes are never reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Callable

import libcst as cst
from libcst.metadata import (
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    ProviderT,
    QualifiedNameProvider,
    ScopeProvider,
)

from codemods._libcst import positions_and_code, scopes, walk
from codemods._nodes import NodeIndex


@dataclass(frozen=True)
class Analysis:
    """What the rules get of one module (Rule.prepare): the metadata they declared,
    as their get_metadata reads it, and the index of its nodes."""

    metadata: Mapping[ProviderT, Mapping[cst.CSTNode, object]]
    nodes: NodeIndex

    def module_code(self) -> str | None:
        """The module's code, when finding the positions generated it already."""
        positions = self.metadata.get(PositionProvider)
        return positions.code if isinstance(positions, _Positions) else None


def resolve(wrapper: MetadataWrapper, providers: Iterable[ProviderT]) -> Analysis:
    """What `wrapper.resolve_many(providers)` gives, and the module's nodes."""
    providers = set(providers)
    wanted = set(providers)
    resolved: dict[ProviderT, Mapping[cst.CSTNode, object]] = {}
    found_parents, nodes = parents(wrapper.module)
    if ParentNodeProvider in wanted:
        wanted.discard(ParentNodeProvider)
        resolved[ParentNodeProvider] = found_parents
    if PositionProvider in wanted:
        wanted.discard(PositionProvider)
        resolved[PositionProvider] = _Positions(wrapper.module)
    if wanted & {QualifiedNameProvider, ScopeProvider}:
        wanted -= {QualifiedNameProvider, ScopeProvider}
        resolved[ScopeProvider] = scopes(wrapper.module, nodes.nodes, found_parents)
        if QualifiedNameProvider in providers:
            resolved[QualifiedNameProvider] = _QualifiedNames(resolved[ScopeProvider])
    if wanted:
        resolved.update(wrapper.resolve_many(wanted))
    return Analysis(resolved, nodes)


def parents(module: cst.Module) -> tuple[dict[cst.CSTNode, cst.CSTNode], NodeIndex]:
    """Each node of the module but the module itself, to the node it is a child of;
    and, from the same traversal, the index of the module's nodes (outermost first)."""
    nodes, found = walk(module)
    return found, NodeIndex.of(nodes)


class _QualifiedNames(Mapping[cst.CSTNode, object]):
    """What libcst's QualifiedNameProvider gives a node, asked of its scope only for
    the nodes a rule looks up, rather than set up for every node."""

    def __init__(self, scopes: Mapping[cst.CSTNode, object]) -> None:
        self._scopes = scopes
        self._names: dict[cst.CSTNode, object] = {}

    def __getitem__(self, node: cst.CSTNode) -> object:
        """As libcst: no names for a node outside any scope, a new node included."""
        if node not in self._names:
            scope = self._scopes.get(node)
            self._names[node] = scope.get_qualified_names_for(node) if scope else set()  # type: ignore[attr-defined]
        return self._names[node]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._scopes)

    def __len__(self) -> int:
        return len(self._scopes)


class _OnFirstUse(Mapping[cst.CSTNode, object]):
    def __init__(self, compute: Callable[[], Mapping[cst.CSTNode, object]]) -> None:
        self._compute = compute
        self._mapping: Mapping[cst.CSTNode, object] | None = None

    @property
    def _resolved(self) -> Mapping[cst.CSTNode, object]:
        if self._mapping is None:
            self._mapping = self._compute()
        return self._mapping

    def __getitem__(self, node: cst.CSTNode) -> object:
        return self._resolved[node]

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._resolved)

    def __len__(self) -> int:
        return len(self._resolved)


class _Positions(_OnFirstUse):
    """Positions on first use, and the module's code generated on the way."""

    def __init__(self, module: cst.Module) -> None:
        self.code: str | None = None
        super().__init__(lambda: self._positions(module))

    def _positions(self, module: cst.Module) -> Mapping[cst.CSTNode, object]:
        positions, self.code = positions_and_code(module)
        return positions
