"""The uses of libcst's internals give what libcst's own API gives."""

import ast
import inspect
import textwrap
import threading
from pathlib import Path

import libcst as cst
import libcst.matchers as m
import pytest
from libcst.matchers import _decorators as decorators
from libcst.metadata import (
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
    ScopeProvider,
    scope_provider,
)
from libcst.metadata.scope_provider import ScopeVisitor

from codemods import _libcst
from codemods._base import Rule
from codemods._context import RuleContext
from codemods._libcst import MATCHER_ATTRIBUTES, child_nodes, module_code, positions_and_code, scopes, walk
from codemods._nodes import NodeIndex
from tests.test_analysis import SOURCE

SCOPES = """
class A(B, metaclass=M):
    x = [y for y in range(3) if y]
    def f(self, a=x, *, b: int = 2) -> None:
        global g
        g = lambda q: q + a
        def inner():
            nonlocal a
            a = f"{a:>{b}}"
        return inner
"""


CONTEXTS = """
a, (b, *c) = d[e:f, g] = h.i = j
k: L[m] = n
o += p
del q, r.s, t[u]
for v, w.x in y: z
else: aa
[bb for cc, dd.ee in ff if gg for hh in ii]
with jj as (kk, ll), mm as nn.oo: pass
try: pp
except QQ as rr: pass
import ss.tt as uu, vv
from ww import xx as yy
if (zz := aaa) and (lambda bbb, *ccc, ddd=eee, **fff: ggg): pass
@hhh(iii)
class Jjj(Kkk, metaclass=Lll):
    mmm: int
    def nnn(self, ooo: Ppp = qqq, /, *rrr: Sss, ttt=(uuu), **vvv) -> Www: return (xxx).yyy
print(f"{zzz!r:>{aaaa}}", *bbbb, **cccc)
"""


def scope_sources():
    return [SOURCE, SCOPES, CONDITIONAL_FIELDS, CONTEXTS, Path("codemods/deferred_hooks.py").read_text()]


def test_expression_contexts_are_libcst_s():
    for source in scope_sources():
        module = cst.parse_module(source)
        theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider)
        assert _libcst.expression_contexts(*walk(module)) == dict(theirs)


def test_scopes_are_libcst_s():
    libcst_visit = cst.CSTNode.visit
    for source in scope_sources():
        module = cst.parse_module(source)
        ours = scopes(module, *walk(module))
        theirs = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
        assert set(ours) == set(theirs)
        assert all(_scope(ours[node]) == _scope(theirs[node]) for node in theirs)
        for name in NodeIndex.walk(module).of_type(cst.Name):
            if name in theirs:
                assert _bindings(ours[name], name.value) == _bindings(theirs[name], name.value), name.value
    assert cst.CSTNode.visit is libcst_visit  # libcst's own again
    assert scope_provider._ASSIGNMENT_LIKE_NODES is _libcst._ASSIGNMENT_LIKE_NODES


class _NotANode:
    pass


def test_the_stand_in_for_the_assignment_like_nodes_answers_as_isinstance_does():
    classes = scope_provider._ASSIGNMENT_LIKE_NODES
    kinds = [kind for kind in _libcst.NODE_TYPES if not inspect.isabstract(kind)]
    instances = [*(object.__new__(kind) for kind in kinds), _NotANode(), 1]
    assert [isinstance(x, _libcst._ASSIGNMENT_LIKE) for x in instances] == [isinstance(x, classes) for x in instances]
    assert any(isinstance(x, classes) for x in instances) and not all(isinstance(x, classes) for x in instances)


class _RecordsCalls(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, cst.CSTNode]] = []

    def visit_Name(self, node):
        self.calls.append(("visit", node))

    def visit_Call(self, node):
        self.calls.append(("visit", node))
        return node.func.value != "skip"

    def leave_Call(self, node):
        self.calls.append(("leave", node))

    def visit_Call_args(self, node):
        self.calls.append(("args", node))

    def leave_ClassDef_bases(self, node):
        self.calls.append(("bases", node))


def test_reading_visits_call_a_visitor_as_libcst_s_visits_do(monkeypatch):
    module = cst.parse_module(SCOPES + CONDITIONAL_FIELDS + "skip(f(x))\nf(g(y), z)\n")
    theirs, ours = _RecordsCalls(), _RecordsCalls()
    module.visit(theirs)
    monkeypatch.setattr(_libcst, "_READING_VISITORS", (_RecordsCalls,))
    with _libcst._reading_visits():
        module.visit(ours)
    assert ours.calls == theirs.calls
    assert {kind for kind, _ in ours.calls} == {"visit", "leave", "args", "bases"}


class _Edits(cst.CSTTransformer):
    """Removes, flattens and replaces, in sequences, bodies and optional fields."""

    def leave_Arg(self, original_node, updated_node):
        return cst.RemoveFromParent() if original_node.keyword is not None else updated_node

    def leave_Expr(self, original_node, updated_node):
        return cst.RemoveFromParent() if m.matches(original_node.value, m.Name("gone")) else updated_node

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if m.matches(original_node, m.SimpleStatementLine([m.Expr(m.Name("twice"))])):
            return cst.FlattenSentinel([updated_node, updated_node])
        return updated_node

    def leave_ImportAlias(self, original_node, updated_node):
        return updated_node.with_changes(asname=None)

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value="renamed") if original_node.value == "old" else updated_node


def test_transform_gives_what_libcst_s_visit_gives_rebuilding_only_what_changed():
    source = (
        SCOPES
        + CONDITIONAL_FIELDS
        + ("import os as o\nf(a, b=1)\ndef g():\n    gone\nif x:\n    twice\n    old(f'{a:{old}}')\nkept = [1, 2]\n")
    )
    module = cst.parse_module(source)
    ours = _libcst.transform(module, _Edits())
    theirs = module.visit(_Edits())
    assert ours.code == theirs.code != module.code
    assert ours.deep_equals(theirs)
    quiet = frozenset(t for t in _libcst.NODE_TYPES if f"leave_{t.__name__}" not in vars(_Edits))
    assert _libcst.transform(module, _Edits(), quiet).deep_equals(theirs)
    assert ours.body[-1] is module.body[-1]
    unchanged = cst.parse_module(SOURCE)
    assert _libcst.transform(unchanged, cst.CSTTransformer()) is unchanged


def _scope(scope):
    return type(scope), getattr(scope, "node", None), type(scope.parent), getattr(scope.parent, "node", None)


def _bindings(scope, name):
    assignments = {(getattr(a, "node", None), len(a.references)) for a in scope[name]}
    accesses = {(access.node, len(access.referents)) for access in scope.accesses[name]}
    return assignments, accesses


def test_positions_and_code_are_libcst_s():
    sources = [
        SOURCE + "\r\nclass A:\r\n\tdef f(self):  # comment\r\n\t\treturn (1 +\r\n\t\t\t2)\r\n",
        "x = (1,\r 2)  # no newline at the end",
        Path("codemods/deferred_hooks.py").read_text(),
    ]
    split_line_end = cst.Module(  # CR ending one token, LF beginning the next: two line ends
        body=[
            cst.SimpleStatementLine(
                [cst.Expr(cst.Name("x"))], trailing_whitespace=cst.TrailingWhitespace(newline=cst.Newline("\r"))
            ),
            cst.SimpleStatementLine(
                [cst.Expr(cst.Name("y"))], leading_lines=[cst.EmptyLine(newline=cst.Newline("\n"))]
            ),
        ]
    )
    libcst_parenthesize = _libcst._Parenthesizable._parenthesize
    libcst_codegen = cst.CSTNode._codegen
    for module in [*map(cst.parse_module, sources), split_line_end]:
        positions, code = positions_and_code(module)
        assert code == module.code == module_code(module)
        assert dict(positions) == dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
    assert _libcst._Parenthesizable._parenthesize is libcst_parenthesize  # put back after each generation
    assert cst.CSTNode._codegen is libcst_codegen


@pytest.mark.parametrize("node_type", sorted(_libcst.WHOLLY_PARENTHESIZED, key=lambda node_type: node_type.__name__))
def test_a_wholly_parenthesized_node_generates_its_code_inside_its_parentheses(node_type):
    (function,) = ast.parse(textwrap.dedent(inspect.getsource(node_type._codegen_impl))).body
    (block,) = function.body
    assert isinstance(block, ast.With) and ast.unparse(block.items[0].context_expr) == "self._parenthesize(state)"


def test_parse_module_is_libcst_s_without_validating_the_nodes_it_builds(monkeypatch):
    source = Path("codemods/deferred_hooks.py").read_bytes()
    validated: list[cst.CSTNode] = []
    libcst_validate = cst.Name._validate
    monkeypatch.setattr(cst.Name, "_validate", lambda node: validated.append(node) or libcst_validate(node))
    parsed = _libcst.parse_module(source)
    assert not validated
    assert parsed.deep_equals(cst.parse_module(source)) and parsed.code == source.decode()
    assert validated  # libcst's parse validates
    with pytest.raises(cst.CSTValidationError):  # and what is built after, as before
        cst.Name("not a name")


def test_parse_module_validates_while_another_thread_runs(monkeypatch):
    validated: list[cst.CSTNode] = []
    libcst_validate = cst.Name._validate
    monkeypatch.setattr(cst.Name, "_validate", lambda node: validated.append(node) or libcst_validate(node))
    running, stop = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (running.set(), stop.wait()))
    other.start()
    try:
        running.wait()
        _libcst.parse_module(b"x = y\n")
    finally:
        stop.set()
        other.join()
    assert len(validated) == 2


class _VisitOrder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.nodes.append(node)
        return True


# Fields libcst visits only when set come after a node of the type without them.
CONDITIONAL_FIELDS = """
f"{a}" f"{a:>{width}}" f"{b!r:{c}}"
from os import *
from os import (path, sep)
"""


def test_the_walk_meets_the_nodes_a_libcst_visitor_meets_with_their_parents(monkeypatch):
    monkeypatch.setattr(_libcst, "_FIELDS", {})  # learnt afresh, from the nodes below
    sources = [CONDITIONAL_FIELDS, *(Path(path).read_text() for path in ("codemods/deferred_hooks.py", __file__))]
    for source in sources:
        module = cst.parse_module(source)
        order = _VisitOrder()
        module.visit(order)
        nodes, parents = walk(module)
        assert nodes == order.nodes
        assert parents == dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider))
        assert all(child_nodes(node) == list(node.children) for node in nodes)


def test_matcher_decorators_leave_one_of_the_attributes_looked_for():
    @m.visit(m.Name())
    def visited(self, node):
        pass

    @m.call_if_inside(m.Call())
    def inside(self, node):
        pass

    assert any(hasattr(visited, attribute) for attribute in MATCHER_ATTRIBUTES)
    assert any(hasattr(inside, attribute) for attribute in MATCHER_ATTRIBUTES)
    assert set(MATCHER_ATTRIBUTES) == {
        decorators.CONSTRUCTED_VISIT_MATCHER_ATTR,
        decorators.CONSTRUCTED_LEAVE_MATCHER_ATTR,
        decorators.VISIT_POSITIVE_MATCHER_ATTR,
        decorators.VISIT_NEGATIVE_MATCHER_ATTR,
    }


def test_a_rule_is_a_working_transformer_with_a_context_of_its_own():
    class Rename(Rule):
        ID, NAME, SUMMARY, TRIGGERS = "T7", "rename", "", ()

        def leave_Name(self, original_node, updated_node):
            return updated_node.with_changes(value="y")

    rule = Rename(RuleContext(filename="x.py"))
    assert rule.context.filename == "x.py"
    assert cst.parse_module("x = 1\n").visit(rule).code == "y = 1\n"


def test_the_scope_visitor_leaves_a_node_as_the_reading_visits_do():
    (function,) = ast.parse(textwrap.dedent(inspect.getsource(ScopeVisitor.on_leave))).body
    assert [ast.unparse(statement) for statement in function.body] == [
        "self.provider.set_metadata(original_node, self.scope)",
        "if isinstance(original_node, _ASSIGNMENT_LIKE_NODES):\n    self.scope._assignment_count += 1",
        "super().on_leave(original_node)",
    ]
