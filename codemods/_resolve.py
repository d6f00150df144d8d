"""Resolving what an expression refers to, through imports and aliases."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from codemods._base import Rule


def qualified_names(rule: Rule, node: cst.CSTNode) -> frozenset[str]:
    """The dotted names `node` may refer to ("flask.helpers.x" for an imported x).

    Empty for nodes the scope analysis knows nothing about (new nodes included).
    """
    try:
        names = rule.get_metadata(QualifiedNameProvider, node, set())
    except KeyError:
        return frozenset()
    return frozenset(name.name for name in names)
