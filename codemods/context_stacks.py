"""SM010 context-stacks: `_app_ctx_stack.top` and `_request_ctx_stack.top`, gone in 3.0."""

from __future__ import annotations

from typing import NamedTuple

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._base import Rule
from codemods._bindings import free_for, import_reads, imported_names, parenthesized_for, without_aliases
from codemods._resolve import flask_api_names
from codemods._syntax import absolute_module
from codemods.versions import FlaskVersion, targets_from


class Stack(NamedTuple):
    """A context stack, and what Flask 2.2+ offers for its `top`."""

    proxy: str  # in flask.globals: the current context, or unbound
    has: str  # in flask: whether there is one

    def top(self) -> cst.BaseExpression:
        return cst.parse_expression(f"{self.proxy}._get_current_object() if {self.has}() else None")


_APP = Stack("app_ctx", "has_app_context")
_REQUEST = Stack("request_ctx", "has_request_context")
STACKS = {
    "flask._app_ctx_stack": _APP,
    "flask.globals._app_ctx_stack": _APP,
    "flask._request_ctx_stack": _REQUEST,
    "flask.globals._request_ctx_stack": _REQUEST,
}
_TOP = "top"
_ADVICE = (
    "keep extension state on `g`, or read the current context as "
    "`app_ctx._get_current_object() if has_app_context() else None` (flask.globals.app_ctx, "
    "request_ctx from Flask 2.2)"
)


class _Read(NamedTuple):
    """A `STACK.top` read to rewrite: as the current context, or, inside `is None` /
    `is not None`, as the test for one."""

    stack: Stack
    test: cst.Comparison | None


class ContextStacks(Rule):
    ID = "SM010"
    NAME = "context-stacks"
    SUMMARY = (
        "`_app_ctx_stack.top` / `_request_ctx_stack.top` -> the `app_ctx` / `request_ctx` proxies guarded by "
        "`has_app_context()` / `has_request_context()` (2.2+); other uses of the stacks are findings"
    )
    WHAT_IT_DOES = """
        Rewrites reads of the context stacks' `top`, the form extensions used, into what
        Flask 2.2 offers instead, on Flask's own stacks (imported from `flask` or
        `flask.globals`, or read as `flask._app_ctx_stack`):

        - `STACK.top is None` / `is not None` -> `not has_app_context()` / `has_app_context()`
          (`has_request_context()` for `_request_ctx_stack`).
        - Any other read of `STACK.top` -> `app_ctx._get_current_object() if has_app_context()
          else None` (`request_ctx` for the request stack), importing `app_ctx` from
          `flask.globals` and `has_app_context` from `flask`.
        - The stack's import goes with its last use; so does the shim Flask's extension
          guide once showed, `try: from flask import _app_ctx_stack as stack` / `except
          ImportError: from flask import _request_ctx_stack as stack`, whose `stack` is the
          app context stack on every Flask from 0.9 to 2.3.
        """
    WHY = """
        Flask 2.2.0 replaced the context stacks by context variables and deprecated
        `_app_ctx_stack` and `_request_ctx_stack`; 3.0.0 removed them: `ImportError: cannot
        import name '_app_ctx_stack' from 'flask'`. Extensions read `STACK.top` to find the
        current context (None outside one) and kept their state on it.
        """
    EXAMPLES = ("extension-state-on-the-app-context",)
    LEAVES_ALONE = """
        Targets before 2.2 (the stacks work there, and the proxies do not exist yet),
        stacks of the project's own or of a vendored Flask copy, and names that merely
        end in `_ctx_stack`.
        """
    FIX_SAFETY = """
        `STACK.top` was exactly the current context or None, which is what the conditional
        expression gives (the proxy itself would raise outside a context, so it is not used
        bare). Attributes the extension sets on that context object stay on the same object.
        Uses other than reading `top` (`push`, `pop`, `_local`, assigning `top`), stacks
        bound more than once in another way (`_app_ctx_stack or _request_ctx_stack`) and a
        module binding the proxy names to something else are findings; so is any use on a 3.x target where the
        rule could not rewrite it.
        """
    TRIGGERS = (b"_ctx_stack",)
    TARGETS = targets_from(FlaskVersion(2, 2))
    FINDINGS = {
        "other-use": "a use of a context stack other than reading its top: " + _ADVICE,
        "bound-twice": (
            "a context stack bound more than once (a try/except import?): which one a read sees is unknown; " + _ADVICE
        ),
        "name-taken": (
            "the module binds app_ctx, request_ctx, has_app_context or has_request_context to something "
            "else: rewrite the stack's top by hand"
        ),
    }
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ScopeProvider, ParentNodeProvider)

    REWRITES = {
        "extension-state-on-the-app-context": (
            """\
            from flask import _app_ctx_stack


            class Database:
                def teardown(self, exception):
                    ctx = _app_ctx_stack.top
                    if hasattr(ctx, "db"):
                        ctx.db.close()

                @property
                def connection(self):
                    if _app_ctx_stack.top is not None:
                        return _app_ctx_stack.top.db
            """,
            """\
            from flask import has_app_context
            from flask.globals import app_ctx


            class Database:
                def teardown(self, exception):
                    ctx = app_ctx._get_current_object() if has_app_context() else None
                    if hasattr(ctx, "db"):
                        ctx.db.close()

                @property
                def connection(self):
                    if has_app_context():
                        return (app_ctx._get_current_object() if has_app_context() else None).db
            """,
        ),
        "request-stack-from-the-module": (
            """\
            import flask

            def current_request_context():
                if flask._request_ctx_stack.top is None:
                    return "outside"
                return flask._request_ctx_stack.top
            """,
            """\
            import flask
            from flask import has_request_context
            from flask.globals import request_ctx

            def current_request_context():
                if not has_request_context():
                    return "outside"
                return request_ctx._get_current_object() if has_request_context() else None
            """,
        ),
        "helper-imported-further-down": (
            """\
            try:
                import eventlet
            except ImportError:
                eventlet = None

            from flask import _request_ctx_stack, has_request_context

            ctx = _request_ctx_stack.top
            """,
            """\
            from flask.globals import request_ctx

            try:
                import eventlet
            except ImportError:
                eventlet = None

            from flask import has_request_context

            ctx = request_ctx._get_current_object() if has_request_context() else None
            """,
        ),
        "extension-guide-shim": (
            """\
            try:
                from flask import _app_ctx_stack as stack
            except ImportError:
                from flask import _request_ctx_stack as stack


            class Extension:
                def connection(self):
                    ctx = stack.top
                    if ctx is not None:
                        return ctx.connection
            """,
            """\
            from flask import has_app_context
            from flask.globals import app_ctx


            class Extension:
                def connection(self):
                    ctx = app_ctx._get_current_object() if has_app_context() else None
                    if ctx is not None:
                        return ctx.connection
            """,
        ),
    }
    NO_OPS = {
        "before-2-2": ("2.1", "from flask import _app_ctx_stack\nctx = _app_ctx_stack.top\n"),
        "own-stack": "from myapp.stacks import _app_ctx_stack\nimport flask\nctx = _app_ctx_stack.top\n",
        "vendored-flask": "from myapp._vendor.flask import _request_ctx_stack\nctx = _request_ctx_stack.top\n",
        "look-alike-name": "import flask\nmy_ctx_stack = []\nwork_ctx_stack.top\n",
    }
    FINDING_CASES = {
        "push": (
            """\
            from flask import _app_ctx_stack

            _app_ctx_stack.push(ctx)
            """,
            3,
            "other than by reading its top",
        ),
        "try-import-used-otherwise": (
            """\
            try:
                from flask import _app_ctx_stack as stack
            except ImportError:
                from flask import _request_ctx_stack as stack

            stack.push(ctx)
            """,
            6,
            "other than by reading its top",
        ),
        "proxy-name-taken": (
            """\
            from flask import _app_ctx_stack

            app_ctx = None
            ctx = _app_ctx_stack.top
            """,
            4,
            "app_ctx",
        ),
    }

    def visit_Module(self, node: cst.Module) -> None:
        scope = self.get_metadata(ScopeProvider, node, None)
        self._global_names = {
            name: bool(scope is not None and scope.assignments[name])
            for name in (_APP.proxy, _APP.has, _REQUEST.proxy, _REQUEST.has)
        }
        self._reads: dict[cst.Attribute, _Read] = {}
        self._dropped: set[cst.ImportAlias] = set()
        self._bound_twice: set[str] = set()
        self._shims: set[cst.Try] = set()
        for shim in self.nodes.of_type(cst.Try):
            self._stack_shim(shim)
        for statement in self.nodes.of_type(cst.ImportFrom):
            self._imported_stacks(statement)
        for attribute in self.nodes.of_type(cst.Attribute):
            for dotted in flask_api_names(self, attribute, STACKS.keys()):
                self._plan_read(attribute, STACKS[dotted])

    def _stack_shim(self, shim: cst.Try) -> None:
        """`try: from flask import _app_ctx_stack as stack / except ImportError: from
        flask import _request_ctx_stack as stack`, the shim Flask's extension guide
        once showed: on every Flask from 0.9 to 2.3 the first import is the one that
        runs, so `stack` is the app context stack. The shim goes once every read of
        `stack` is rewritten."""
        imports = _shim_imports(shim)
        if imports is None:
            return
        local = imports[0].names[0].evaluated_alias or imports[0].names[0].evaluated_name  # type: ignore[index]
        scope = self.get_metadata(ScopeProvider, shim, None)
        assignments = list(scope.assignments[local]) if scope is not None else []
        if {getattr(assignment, "node", None) for assignment in assignments} != set(imports):
            return
        reads = {access.node for assignment in assignments for access in assignment.references}
        self._bound_twice.add(local)  # no finding for the pair: it is handled here
        if all([self._plan_read(read, _APP) for read in reads]):  # a read it cannot rewrite is a finding
            self._shims.add(shim)

    def leave_Try(self, original_node: cst.Try, updated_node: cst.Try) -> cst.Try | cst.RemovalSentinel:
        if original_node not in self._shims:
            return updated_node
        self.record_change(original_node, "removed a try/except import shim of the context stacks")
        return cst.RemovalSentinel.REMOVE

    def _imported_stacks(self, statement: cst.ImportFrom) -> None:
        for alias, dotted in imported_names(self, statement):
            stack = STACKS.get(dotted)
            if stack is None:
                continue
            reads = import_reads(self, statement, alias)
            if reads is None:
                local = alias.evaluated_alias or alias.evaluated_name
                if local not in self._bound_twice:  # one finding for a try/except pair
                    self._bound_twice.add(local)
                    self.report_finding(statement, "bound-twice", f"`{local}` is bound more than once: {_ADVICE}")
                continue
            if all([self._plan_read(read, stack) for read in reads]):
                self._dropped.add(alias)

    def _plan_read(self, stack_node: cst.CSTNode, stack: Stack) -> bool:
        """Whether the stack read at `stack_node` is rewritten (else a finding)."""
        attribute = self.get_metadata(ParentNodeProvider, stack_node, None)
        if not (
            isinstance(attribute, cst.Attribute) and attribute.value is stack_node and attribute.attr.value == _TOP
        ):
            message = f"a context stack used other than by reading its top: {_ADVICE}"
            self.report_finding(stack_node, "other-use", message)
            return False
        parent = self.get_metadata(ParentNodeProvider, attribute, None)
        if isinstance(parent, (cst.AssignTarget, cst.Del)) or (
            isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is attribute
        ):
            self.report_finding(stack_node, "other-use", f"the stack's top is assigned: {_ADVICE}")
            return False
        test = parent if isinstance(parent, cst.Comparison) and _is_none_test(parent, attribute) else None
        names = (stack.has,) if test is not None else (stack.has, stack.proxy)
        taken = [name for name in names if not free_for(self, attribute, name, ("flask", "flask.globals"))]
        if taken:
            self.report_finding(stack_node, "name-taken", f"`{taken[0]}` is bound to something else here: {_ADVICE}")
            return False
        self._reads[attribute] = _Read(stack, test)
        return True

    def _import(self, module: str, name: str) -> None:
        """`from module import name`, unless the module imports the name already
        (anywhere at module level: the clean-up adds only to its leading imports)."""
        if not self._global_names.get(name):
            self.add_needed_import(module, name)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        read = self._reads.get(original_node)
        if read is None or read.test is not None:
            return updated_node
        self._import("flask.globals", read.stack.proxy)
        self._import("flask", read.stack.has)
        self.record_change(original_node, f"the stack's top -> {read.stack.proxy} if {read.stack.has}()")
        top = read.stack.top().with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        return parenthesized_for(self.get_metadata(ParentNodeProvider, original_node, None), top)

    def leave_Comparison(self, original_node: cst.Comparison, updated_node: cst.Comparison) -> cst.BaseExpression:
        read = self._reads.get(original_node.left)  # type: ignore[call-overload]
        if read is None or read.test is not original_node:
            return updated_node
        self._import("flask", read.stack.has)
        is_not = isinstance(original_node.comparisons[0].operator, cst.IsNot)
        self.record_change(original_node, f"the stack's top tested for None -> {read.stack.has}()")
        test = cst.parse_expression(f"{read.stack.has}()" if is_not else f"not {read.stack.has}()")
        return test.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        return without_aliases(self, original_node, updated_node, self._dropped)


def _shim_imports(shim: cst.Try) -> tuple[cst.ImportFrom, ...] | None:
    """The two imports of a try/except shim importing the app context stack, or
    failing that the request context stack, from flask under one name."""
    if shim.orelse is not None or shim.finalbody is not None or len(shim.handlers) != 1:
        return None
    handler = shim.handlers[0]
    if not (isinstance(handler.type, cst.Name) and handler.type.value in ("ImportError", "ModuleNotFoundError")):
        return None
    first, second = _sole_import(shim.body), _sole_import(handler.body)
    if first is None or second is None:
        return None
    names = [(imported.names[0].evaluated_name, imported.names[0].evaluated_alias) for imported in (first, second)]  # type: ignore[index]
    if names[0][0] != "_app_ctx_stack" or names[1][0] != "_request_ctx_stack":
        return None
    local = {alias or name for name, alias in names}
    return (first, second) if len(local) == 1 else None


def _sole_import(block: cst.BaseSuite) -> cst.ImportFrom | None:
    """The block's only statement, when it is `from flask import X [as Y]`."""
    statements = block.body if isinstance(block, cst.IndentedBlock) else ()
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return None
    (small,) = statements[0].body if len(statements[0].body) == 1 else (None,)
    if not isinstance(small, cst.ImportFrom) or absolute_module(small) != "flask":
        return None
    if isinstance(small.names, cst.ImportStar) or len(small.names) != 1:
        return None
    return small


def _is_none_test(comparison: cst.Comparison, left: cst.BaseExpression) -> bool:
    """`left is None` or `left is not None`, alone."""
    if comparison.left is not left or len(comparison.comparisons) != 1:
        return False
    target = comparison.comparisons[0]
    return (
        isinstance(target.operator, (cst.Is, cst.IsNot))
        and isinstance(target.comparator, cst.Name)
        and target.comparator.value == "None"
    )
