"""Every use of libcst's internals, in one place, each pinned by a test to what
libcst's own API gives (tests/codemods/test_libcst.py, tests/test_analysis.py).
pyproject.toml bounds the libcst versions they were checked against."""

from __future__ import annotations

from collections.abc import Mapping

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
