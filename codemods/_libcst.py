"""Every use of libcst's internals, in one place, each pinned by a test to what
libcst's own API gives (tests/codemods/test_libcst.py, tests/test_analysis.py).
pyproject.toml bounds the libcst versions they were checked against."""

from __future__ import annotations

import dataclasses
import operator
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Callable, cast

import libcst as cst
from libcst._nodes import expression as cst_expression
from libcst._nodes.internal import CodegenState
from libcst.metadata import (
    CodePosition,
    CodeRange,
    ExpressionContext,
    ExpressionContextProvider,
    ScopeProvider,
    scope_provider,
)
from libcst.metadata.position_provider import NEWLINE_RE
from libcst.metadata.scope_provider import ScopeVisitor

# What libcst's matcher decorators (m.visit, m.leave, m.call_if_inside, ...) set on a
# method: the rule pass dispatches without matchers, so a rule may not use them.
# Spelt out: importing libcst.matchers costs more than most runs (a test holds these
# to libcst.matchers._decorators).
MATCHER_ATTRIBUTES = ("_visit_matcher", "_leave_matcher", "_call_if_inside_matcher", "_call_if_not_inside_matcher")

# The types of the leaves (nodes that never have children) that are most of a
# module's nodes; and every node type.
LEAVES = frozenset((cst.SimpleWhitespace, cst.Newline, cst.Comment))
NODE_TYPES = frozenset(
    value for value in vars(cst).values() if isinstance(value, type) and issubclass(value, cst.CSTNode)
)


def scopes(
    module: cst.Module, nodes: Sequence[cst.CSTNode], parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> Mapping[cst.CSTNode, object]:
    """libcst's scope of each node, given the module's nodes in walk order and their
    parents (walk's). libcst's resolution walks the whole module a further time only
    to reach the providers' one method, visit_Module, which here is called directly,
    with visits that read the nodes rather than rebuild them; the expression contexts
    it depends on are worked out from the parents."""
    with _reading_visits():
        provider = ScopeProvider()
        provider.metadata = {ExpressionContextProvider: expression_contexts(nodes, parents)}
        provider.visit_Module(module)
    return provider._computed


_LOAD, _STORE, _DEL = ExpressionContext.LOAD, ExpressionContext.STORE, ExpressionContext.DEL
# The nodes ExpressionContextProvider gives a context.
_WITH_CONTEXT = frozenset((cst.Name, cst.Attribute, cst.Subscript, cst.Tuple, cst.List, cst.StarredElement))


def expression_contexts(
    nodes: Sequence[cst.CSTNode], parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> dict[cst.CSTNode, ExpressionContext]:
    """What ExpressionContextProvider gives each node, from `nodes` in walk order (the
    module first, a parent before its children) and their parents: the context its
    visitor (ExpressionContextVisitor) has when it reaches a node, as the node's parent
    decides it; a node the visitor never reaches has none."""
    reached: dict[int, ExpressionContext | None] = {id(nodes[0]): _LOAD}  # by id: a node's hash is a Python call
    found: dict[cst.CSTNode, ExpressionContext] = {}
    visited: dict[int, dict[int, ExpressionContext]] = {}  # a parent's id -> its visited children's contexts
    for node in nodes[1:]:
        if type(node) in LEAVES:  # most nodes: no context, and no children to pass one on to
            continue
        parent = parents[node]
        context = reached[id(parent)]
        if context is not None:
            fields = _VISITED_FIELDS.get(type(parent))
            if fields is not None:
                children = visited.get(id(parent))
                if children is None:
                    children = visited[id(parent)] = _visited_children(parent, context, fields)
                context = children.get(id(node))
            if context is not None and type(node) in _WITH_CONTEXT:
                found[node] = context
        reached[id(node)] = context
    return found


def _visited_children(
    parent: cst.CSTNode, context: ExpressionContext, fields: Mapping[str, ExpressionContext | None]
) -> dict[int, ExpressionContext]:
    """The context each child of a parent whose fields ExpressionContextVisitor
    visits itself is visited in, by the child's id (a child of a field it does not
    visit is not there; a node in two fields has the first one's)."""
    children: dict[int, ExpressionContext] = {}
    for name, visited_in in fields.items():
        for child in _nodes_in(getattr(parent, name)):
            children.setdefault(id(child), context if visited_in is None else visited_in)
    return children


# For a parent whose visit ExpressionContextVisitor overrides: the fields it visits,
# each in its context (None: the parent's); it visits no other field.
_VISITED_FIELDS: dict[type, dict[str, ExpressionContext | None]] = {
    cst.Name: {},
    cst.Attribute: {"value": _LOAD},
    cst.Subscript: {"value": _LOAD, "slice": _LOAD},
    cst.Assign: {"targets": _STORE, "value": None},
    cst.AnnAssign: {"target": _STORE, "annotation": None, "value": None},
    cst.AugAssign: {"target": _STORE, "value": None},
    cst.NamedExpr: {"target": _STORE, "value": None},
    cst.AsName: {"name": _STORE},
    cst.CompFor: {"target": _STORE, "iter": None, "ifs": None, "inner_for_in": None},
    cst.For: {"target": _STORE, "iter": None, "body": None, "orelse": None},
    cst.Del: {"target": _DEL},
    cst.ClassDef: {"name": _STORE, "body": None, "bases": None, "keywords": None, "decorators": None},
    cst.FunctionDef: {"name": _STORE, "params": None, "body": None, "decorators": None, "returns": None},
    cst.Param: {"name": _STORE, "annotation": None, "default": None},
}


# The visitors of libcst's scope analysis, which only read the nodes they visit.
_READING_VISITORS = (ScopeVisitor,)
_VISITS_PATCHED = threading.Lock()


class _TypeSet(type):
    """The type of a stand-in for a tuple of classes in isinstance: one look-up of the
    object's type. isinstance against libcst's node classes, which are abstract, calls
    into abc once for each class of the tuple the object's type is not."""

    classes: tuple[type, ...]
    known: dict[type, bool]

    def __instancecheck__(cls, instance: object) -> bool:
        kind = type(instance)
        found = cls.known.get(kind)
        if found is None:
            found = cls.known[kind] = issubclass(kind, cls.classes)
        return found


def _type_set(classes: tuple[type, ...]) -> type:
    return _TypeSet("TypeSet", (), {"classes": classes, "known": {}})


# What ScopeVisitor.on_leave asks of every node it leaves: whether it binds a name
# (_leaving_scope asks it of a stand-in, one type look-up).
_ASSIGNMENT_LIKE_NODES: tuple[type, ...] = scope_provider._ASSIGNMENT_LIKE_NODES
_ASSIGNMENT_LIKE = _type_set(_ASSIGNMENT_LIKE_NODES)


@contextmanager
def _patched(lock: threading.Lock, *patches: tuple[object, str, object]) -> Iterator[None]:
    """libcst's attributes set to the patches' values (owner, name, value) while the
    block runs, under `lock`, and as they were again after."""
    with lock:
        saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
        for owner, name, value in patches:
            setattr(owner, name, value)
        try:
            yield
        finally:
            for owner, name, value in saved:
                setattr(owner, name, value)


_VALIDATION_PATCHED = threading.Lock()


def parse_module(source: bytes) -> cst.Module:
    """`cst.parse_module(source)`, without each node's validation as the parser builds
    it (what libcst's CSTNode.__post_init__ does, and says parsing could do without):
    the parser builds nodes only from what it parsed, and the source compiled
    already. Only while no other thread runs, which could build nodes meanwhile."""
    if threading.active_count() > 1:
        return cst.parse_module(source)
    with _patched(_VALIDATION_PATCHED, (cst.CSTNode, "__post_init__", _built_by_the_parser)):
        return cst.parse_module(source)


def _built_by_the_parser(node: cst.CSTNode) -> None:
    return None


def _reading_visits() -> AbstractContextManager[None]:
    """libcst's CSTNode.visit rebuilds each node it visits, and for a CSTVisitor throws
    the new node away. Meanwhile the scope analysis's visitors' visits read the
    node's fields instead, calling the visitor's methods in the same order (and
    ScopeVisitor's leave is _leaving_scope's)."""
    return _patched(_VISITS_PATCHED, (cst.CSTNode, "visit", _visit))


_LIBCST_VISIT = cst.CSTNode.visit


def _visit(node: cst.CSTNode, visitor: Any) -> Any:
    if type(visitor) in _READING_VISITORS:
        return _read(node, visitor)
    return _LIBCST_VISIT(node, visitor)


def _read(node: cst.CSTNode, visitor: cst.CSTVisitor) -> cst.CSTNode:
    """What `node.visit(visitor)` does for a CSTVisitor, without rebuilding `node`."""
    calls = _calls_of(type(visitor))
    if calls.visit(visitor, node):
        fields = _fields(type(node), node)
        if fields.sets_others(node):
            node._visit_and_replace_children(visitor)
        else:
            hooked = calls.field_hooks is None or type(node).__name__ in calls.field_hooks
            passes = calls.passes
            for name, value in zip(fields.names, fields.visited(node)):
                if hooked:
                    visitor.on_visit_attribute(node, name)
                for child in _nodes_in(value):
                    if type(child) in passes:
                        calls.note(visitor, child)
                    else:
                        child.visit(visitor)
                if hooked:
                    visitor.on_leave_attribute(node, name)
    calls.leave(visitor, node)
    return node


@dataclass(frozen=True)
class _Calls:
    """How libcst calls a visitor class's methods at a node: `visit` and `leave` as
    its on_visit and on_leave do, with the method for each node type looked up once,
    and the node types that have a method for a field (None: any may). The leaves of
    the types in `passes` are not visited: all a visit of one does is what `note`
    does."""

    visit: Callable[[cst.CSTVisitor, cst.CSTNode], bool]
    leave: Callable[[cst.CSTVisitor, cst.CSTNode], None]
    field_hooks: frozenset[str] | None
    passes: frozenset[type]
    note: Callable[[cst.CSTVisitor, cst.CSTNode], None]


_CALLS: dict[type, _Calls] = {}
_FIELD_HOOK = re.compile(r"(?:visit|leave)_([A-Za-z0-9]+)_\w+")


def _calls_of(visitor_type: type[cst.CSTVisitor]) -> _Calls:
    calls = _CALLS.get(visitor_type)
    if calls is None:
        own_visit = _own(visitor_type, "on_visit") is not None
        own_leave = _own(visitor_type, "on_leave") is not None
        own_field_calls = _own(visitor_type, "on_visit_attribute") or _own(visitor_type, "on_leave_attribute")
        field_hooks = {
            found.group(1)
            for name in dir(visitor_type)
            if (found := _FIELD_HOOK.fullmatch(name)) and _own(visitor_type, name) is not None
        }
        passes: frozenset[type] = frozenset()
        if not own_visit and (not own_leave or visitor_type is ScopeVisitor):
            passes = frozenset(
                leaf
                for leaf in LEAVES
                if _own(visitor_type, f"visit_{leaf.__name__}") is None
                and _own(visitor_type, f"leave_{leaf.__name__}") is None
            )
        if visitor_type is ScopeVisitor:
            leave = _leaving_scope(_method_caller(visitor_type, "leave_", False))
        else:
            leave = visitor_type.on_leave if own_leave else _method_caller(visitor_type, "leave_", False)
        calls = _CALLS[visitor_type] = _Calls(
            visitor_type.on_visit if own_visit else _method_caller(visitor_type, "visit_", True),
            leave,
            None if own_field_calls else frozenset(field_hooks),
            passes,
            _note_scope if visitor_type is ScopeVisitor else _note_nothing,
        )
    return calls


def _note_nothing(visitor: Any, node: cst.CSTNode) -> None:
    return None


def _note_scope(visitor: Any, node: cst.CSTNode) -> None:
    """What ScopeVisitor.on_leave does at a leaf that binds nothing and has no leave
    method of the visitor's: note the scope it is in."""
    visitor.provider.set_metadata(node, visitor.scope)


def _leaving_scope(leave: Callable[[Any, cst.CSTNode], None]) -> Callable[[Any, cst.CSTNode], None]:
    """ScopeVisitor.on_leave (tests/codemods/test_libcst.py reads libcst's to hold it
    so), with `leave`, the node type's leave method looked up once per type, in place
    of CSTVisitor.on_leave's look-up by name at every node."""

    def on_leave(visitor: Any, node: cst.CSTNode) -> None:
        visitor.provider.set_metadata(node, visitor.scope)
        if isinstance(node, _ASSIGNMENT_LIKE):
            visitor.scope._assignment_count += 1
        leave(visitor, node)

    return on_leave


def _own(visitor_type: type, name: str) -> Callable[[Any, cst.CSTNode], Any] | None:
    """The class's method of that name, unless it is libcst's no-op for every node."""
    method = getattr(visitor_type, name, None)
    return None if method is getattr(cst.CSTVisitor, name, None) else method


def _method_caller(visitor_type: type, prefix: str, returns_children: bool) -> Callable[[Any, cst.CSTNode], Any]:
    """libcst's on_visit (whether to visit the children) or on_leave for the class."""
    methods: dict[type, Callable[[Any, cst.CSTNode], Any] | None] = {}

    def call(visitor: Any, node: cst.CSTNode) -> Any:
        node_type = type(node)
        if node_type not in methods:
            methods[node_type] = _own(visitor_type, prefix + node_type.__name__)
        method = methods[node_type]
        result = method(visitor, node) if method is not None else None
        return result is not False if returns_children else None

    return call


def transform(module: cst.Module, transformer: cst.CSTTransformer, quiet: frozenset[type] = frozenset()) -> cst.Module:
    """What `module.visit(transformer)` gives, for a transformer whose field hooks do
    nothing (they are not called), nor its on_visit and on_leave at a node of the
    types in `quiet` (not called there either; a white space, newline or comment of
    such a type is not visited at all). libcst rebuilds every node it visits; here a
    node is rebuilt only when the transformer changed something below it, so what
    nothing changed is the module's own nodes. The rebuilding is libcst's, so
    removals and flattened sequences come out as libcst makes them."""
    result = _transformed(module, transformer, quiet, quiet & LEAVES)
    if isinstance(result, cst.RemovalSentinel):
        return module.with_changes(body=(), header=(), footer=())
    return cast(cst.Module, result)


def _transformed(
    node: cst.CSTNode, transformer: cst.CSTTransformer, quiet: frozenset[type], passes: frozenset[type]
) -> object:
    is_quiet = type(node) in quiet
    updated = node
    if is_quiet or transformer.on_visit(node):
        fields = _fields(type(node), node)
        if fields.sets_others(node):
            updated = node._visit_and_replace_children(transformer)
        else:
            results: dict[cst.CSTNode, object] = {}
            for value in fields.visited(node):
                for child in _nodes_in(value):
                    if type(child) not in passes:
                        result = _transformed(child, transformer, quiet, passes)
                        if result is not child:
                            results[child] = result
            if results:
                updated = node._visit_and_replace_children(_Replay(results))
    if is_quiet:
        return updated
    result = transformer.on_leave(node, updated)
    if result is not updated and not isinstance(result, (cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel)):
        raise cst.CSTValidationError(
            f"Expected a node of type CSTNode or a RemovalSentinel, but got a return value of {type(result).__name__}"
        )
    return result


class _Replay(cst.CSTTransformer):
    """Gives each child the transformer's result for it, without going below it."""

    def __init__(self, results: dict[cst.CSTNode, object]) -> None:
        super().__init__()
        self._results = results

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> Any:
        return self._results.get(original_node, original_node)

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


def positions_and_code(module: cst.Module) -> tuple[Mapping[cst.CSTNode, CodeRange], str]:
    """libcst's position of each node (PositionProvider's), and the module's code
    (`module.code`), from one code generation pass. The pass notes where each node's
    tokens begin and end, as libcst's provider does, but as token counts: lines and
    columns are worked out for the nodes asked about, not for every node."""
    state = _TokenCountingState(default_indent=module.default_indent, default_newline=module.default_newline)
    with _patched(_COUNTING_PATCHED, (cst.CSTNode, "_codegen", _counted_codegen)):
        _generate(module, state)
    tokens = state.tokens
    return _Positions(module, state.spans, tokens), "".join(tokens[: len(tokens) - state.popped])


class _TokenCountingState(CodegenState):
    """libcst's PositionProvidingCodegenState, counting tokens instead of tracking
    lines and columns. A popped trailing newline stays among the tokens, counted as
    it is there, and is left out of the code. Spans are kept by the node's id: a
    node's own hash is a Python call."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.spans: dict[int, tuple[int, int]] = {}
        self.popped = 0

    def pop_trailing_newline(self) -> None:
        if len(self.tokens) > self.popped:
            self.popped += 1

    def record_syntactic_position(  # type: ignore[override]
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> _SyntacticPosition:
        return _SyntacticPosition(self, node, start_node, end_node)


_COUNTING_PATCHED = threading.Lock()
_LIBCST_CODEGEN = cst.CSTNode._codegen


def _counted_codegen(node: cst.CSTNode, state: CodegenState, **kwargs: Any) -> None:
    """libcst's CSTNode._codegen, noting the node's span for a token-counting state
    itself (a syntactic position noted already is the node's), instead of through
    the state's before_codegen and after_codegen: two calls fewer for every node.
    Any other state's code generation meanwhile is libcst's."""
    if type(state) is not _TokenCountingState:
        _LIBCST_CODEGEN(node, state, **kwargs)
        return
    start = len(state.tokens)
    node._codegen_impl(state, **kwargs)
    state.spans.setdefault(id(node), (start, len(state.tokens)))


class _SyntacticPosition:
    """libcst's syntactic position of a node, noted as token counts when its block
    ends (an object, not a generator: code generation enters one per node)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(
        self,
        state: _TokenCountingState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = len(self.state.tokens)

    def __exit__(self, *exc_info: object) -> None:
        state = self.state
        spans = state.spans
        start = self.start if self.start_node is None else spans[id(self.start_node)][0]
        end = len(state.tokens) if self.end_node is None else spans[id(self.end_node)][1]
        spans[id(self.node)] = (start, end)


_Parenthesizable = cst_expression._BaseParenthesizedNode
_CODEGEN_PATCHED = threading.Lock()


def _generate(module: cst.Module, state: CodegenState) -> None:
    """`module._codegen(state)`, with what each expression's code generation enters
    first (libcst's `_parenthesize`, a generator) made an object; code generated
    elsewhere meanwhile gets the same tokens from it."""
    with _patched(_CODEGEN_PATCHED, (_Parenthesizable, "_parenthesize", _parenthesize)):
        module._codegen(state)


def _parenthesize(node: Any, state: CodegenState) -> AbstractContextManager[None]:
    """What libcst's `_parenthesize` enters: the node's parentheses around its
    syntactic position (libcst validates that a node has both or neither)."""
    if not node.lpar:
        if type(node) in WHOLLY_PARENTHESIZED and type(state) is _TokenCountingState:
            return _NO_POSITION  # its span, which _counted_codegen notes, is its syntactic position
        return state.record_syntactic_position(node)
    return _Parenthesized(node, state)


# The commonest expressions, whose code generation is all inside `_parenthesize`
# (tests/codemods/test_libcst.py reads libcst's to hold it so): without parentheses,
# a node's syntactic position is its whole span.
WHOLLY_PARENTHESIZED = frozenset({cst.Name, cst.Attribute, cst.Call, cst.SimpleString, cst.Integer})


class _Parenthesized:
    __slots__ = ("node", "state", "position")

    def __init__(self, node: Any, state: CodegenState) -> None:
        self.node, self.state = node, state

    def __enter__(self) -> None:
        for lpar in self.node.lpar:
            lpar._codegen(self.state)
        self.position = self.state.record_syntactic_position(self.node)
        self.position.__enter__()

    def __exit__(self, *exc_info: Any) -> None:
        self.position.__exit__(*exc_info)
        if exc_info[0] is None:
            for rpar in self.node.rpar:
                rpar._codegen(self.state)


def module_code(module: cst.Module) -> str:
    """`module.code`, without a generator entered for every node's position, which
    nothing reads there."""
    state = _PlainCodegenState(default_indent=module.default_indent, default_newline=module.default_newline)
    _generate(module, state)
    return "".join(state.tokens)


class _PlainCodegenState(CodegenState):
    def record_syntactic_position(  # type: ignore[override]
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> AbstractContextManager[None]:
        return _NO_POSITION


_NO_POSITION = nullcontext()


class _Positions(Mapping[cst.CSTNode, CodeRange]):
    """Each node's CodeRange, from the token counts where it begins and ends (kept
    by the node's id: the module keeps its nodes alive)."""

    def __init__(self, module: cst.Module, spans: dict[int, tuple[int, int]], tokens: list[str]) -> None:
        self._module = module
        self._spans = spans
        self._tokens = tokens
        self._offsets: list[int] | None = None  # of each token, and of the end
        self._line_starts: list[int] = []
        self._ranges: dict[int, CodeRange] = {}

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        key = id(node)
        found = self._ranges.get(key)
        if found is None:
            start, end = self._spans[key]
            found = self._ranges[key] = CodeRange(self._position(start), self._position(end))
        return found

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(walk_nodes(self._module))

    def __len__(self) -> int:
        return len(self._spans)

    def _position(self, token: int) -> CodePosition:
        """The line and column before the token (or after the last one)."""
        if self._offsets is None:
            self._offsets, self._line_starts = _offsets_and_line_starts(self._tokens)
        offset = self._offsets[token]
        line = bisect_right(self._line_starts, offset)
        return CodePosition(line, offset - self._line_starts[line - 1])


def _offsets_and_line_starts(tokens: list[str]) -> tuple[list[int], list[int]]:
    """Where each token begins in the code, and each line, counted as libcst's provider
    counts them: token by token, so a CR ending one token and an LF beginning the
    next are two line ends."""
    offsets = list(accumulate(map(len, tokens), initial=0))
    code = "".join(tokens)
    line_starts = [0]
    boundaries = set(offsets) if "\r" in code else set()
    for found in NEWLINE_RE.finditer(code):
        if found.group() == "\r\n" and found.start() + 1 in boundaries:
            line_starts.append(found.start() + 1)
        line_starts.append(found.end())
    return offsets, line_starts


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node.children`, in libcst's order, read from the node's fields rather than by
    rebuilding the node, which is how libcst finds them (and how any visitor walks):
    a read-only walk this way costs a third of libcst's."""
    fields = _fields(type(node), node)
    if fields.sets_others(node):
        return list(node.children)
    children: list[cst.CSTNode] = []
    for value in fields.visited(node):  # _nodes_in, inlined: the walks' hottest loop
        if type(value) is tuple or type(value) is list:
            children.extend(value)
        elif value is not None and value is not cst.MaybeSentinel.DEFAULT:
            children.append(value)
    return children


def _nodes_in(value: Any) -> Sequence[cst.CSTNode]:
    """The nodes a field libcst visits holds: a sequence of them, one, or none (None or
    MaybeSentinel.DEFAULT)."""
    if type(value) is tuple or type(value) is list:
        return value
    return () if value is None or value is cst.MaybeSentinel.DEFAULT else (value,)


def walk(root: cst.CSTNode) -> tuple[list[cst.CSTNode], dict[cst.CSTNode, cst.CSTNode]]:
    """`root` and every node under it in the order a libcst visitor meets them, and
    each of them but `root` to its parent."""
    parents: dict[cst.CSTNode, cst.CSTNode] = {}
    return walk_nodes(root, parents), parents


def walk_nodes(root: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode] | None = None) -> list[cst.CSTNode]:
    """`root` and every node under it in the order a libcst visitor meets them; with
    `parents`, each of them but `root` to its parent, into it."""
    nodes: list[cst.CSTNode] = []
    pending = [root]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if type(node) in LEAVES:
            continue
        children = child_nodes(node)
        if parents is not None:
            for child in children:
                parents[child] = node
        children.reverse()
        pending += children
    return nodes


@dataclass(frozen=True)
class _Fields:
    """A node type's fields as libcst visits them: the `names` of those it visits on
    the node they were learnt from, in order, and `visited` their values; `others`
    the values of the fields that were unset there and not visited."""

    names: tuple[str, ...]
    visited: Callable[[cst.CSTNode], tuple[Any, ...]]
    others: Callable[[cst.CSTNode], tuple[Any, ...]] | None

    def sets_others(self, node: cst.CSTNode) -> bool:
        """Whether libcst visits more of this node: a field it visits only when set."""
        return self.others is not None and any(_holds_nodes(value) for value in self.others(node))


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
        fields = _FIELDS[node_type] = _Fields(visited, _getter(visited), _getter(others) if others else None)
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
