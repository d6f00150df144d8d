"""The thin base every rule derives from: identity, applicability and what it reports."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import ClassVar, NamedTuple

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment, PositionProvider, ProviderT, ScopeProvider

from codemods._candidates import CandidateCalls
from codemods._context import Addition, Removal, RuleContext
from codemods._libcst import MATCHER_ATTRIBUTES
from codemods._nodes import NodeIndex, descendants
from codemods._project import EMPTY, ProjectIndex
from codemods._syntax import absolute_module
from codemods._triggers import Triggers
from codemods.versions import ALL_TARGETS, NEWEST, FlaskVersion

CASE_TARGET = "3.1"


def case_with_target(case: str | tuple[object, ...]) -> tuple[object, ...]:
    """A declared case as (target, ...): its own leading target, or CASE_TARGET."""
    parts = case if isinstance(case, tuple) else (case,)
    first = parts[0]
    return parts if isinstance(first, str) and first[:1].isdigit() else (CASE_TARGET, *parts)


class RuleEvent(NamedTuple):
    """A change a rule made, or a finding it reports, at a position of its input."""

    line: int
    column: int
    message: str
    # For a change to an import: the name it binds. The change is void when that
    # import turns out unused and is removed after the rules ran.
    binding: str | None = None
    # For a finding: its kind, one of the rule's FINDINGS ("late-binding").
    kind: str = ""
    end_line: int = 0  # the last line of the node


class Rule(cst.CSTTransformer):
    """A libcst transformer with a stable id, trigger words and the targets it applies
    to (codemods.libcst_route runs each alone as a libcst codemod command).

    Subclasses set the class attributes below, record what they rewrite with
    `record_change` and what they cannot rewrite safely with `report_finding`.
    """

    ID: ClassVar[str]
    NAME: ClassVar[str]
    SUMMARY: ClassVar[str]
    # Byte strings of which at least one must occur in a file for the rule to matter,
    # and byte strings that must all occur as well (unless the project index says
    # the module binds Flask objects of the project).
    TRIGGERS: ClassVar[tuple[bytes, ...]]
    # Trigger words that count only where a regular expression matches around them,
    # where the plain word occurs in too many files: {b".env": rb"\.env\b"} (not
    # `os.environ`). The word is looked for first: searching for it costs less.
    TRIGGER_PATTERNS: ClassVar[dict[bytes, bytes]] = {}
    REQUIRED: ClassVar[tuple[bytes, ...]] = ()
    # Words of which one must occur, whatever the project connects the module to
    # (where the triggers are common words: `Markup` is Flask's only next to flask).
    ONE_OF: ClassVar[tuple[bytes, ...]] = ()
    # Words of an idiom unmistakable enough to be read (and reported, if nothing
    # proves its receiver) in any module, whatever else it says.
    SELF_EVIDENT: ClassVar[tuple[bytes, ...]] = ()
    # Flask classes such that a module binding a project object or class of one
    # (say a subclass of a project `_PackageBoundObject` subclass) is read whatever
    # words it has.
    CONNECTED_ROOTS: ClassVar[frozenset[str]] = frozenset()
    # Further words of the Flask API the rule acts on: code without any of them, and
    # without its triggers, is parsed only as far as the rule needs it (see
    # scaffold_migrate.focus). A rule whose decisions can depend on any part of a
    # module (its strings, say) sets FOCUSABLE = False.
    VOCABULARY: ClassVar[tuple[bytes, ...]] = ()
    # The calls, one of which every file the rule changes or reports holds, whatever
    # the project connects it to: a file with trigger words but none of them is not
    # parsed when no other rule reads it (checked on CPython's ast, before libcst).
    CANDIDATES: ClassVar[CandidateCalls | None] = None
    # The kinds of finding the rule reports, each with what it means and what to do.
    FINDINGS: ClassVar[dict[str, str]] = {}
    # The rule's documentation, in Markdown (the README's rule sections and
    # `explain` are made from it, with the cases named in EXAMPLES as the example).
    WHAT_IT_DOES: ClassVar[str] = ""
    WHY: ClassVar[str] = ""
    LEAVES_ALONE: ClassVar[str] = ""
    FIX_SAFETY: ClassVar[str] = ""
    EXAMPLES: ClassVar[tuple[str, ...]] = ()
    # The rule's cases, as data (tests/rule_cases.py runs each): named rewrites
    # `(before, after)`, no-ops `source`, and finding cases `(source, line, text)`,
    # each optionally led by its target version ("2.3", ...; CASE_TARGET if not).
    REWRITES: ClassVar[dict[str, tuple[str, ...]]] = {}
    NO_OPS: ClassVar[dict[str, str | tuple[str, ...]]] = {}
    FINDING_CASES: ClassVar[dict[str, tuple[object, ...]]] = {}
    FOCUSABLE: ClassVar[bool] = True
    TARGETS: ClassVar[frozenset[FlaskVersion]] = ALL_TARGETS
    METADATA_DEPENDENCIES: ClassVar[tuple[ProviderT, ...]] = (PositionProvider,)

    DESCRIPTION: ClassVar[str]  # as libcst's codemod commands describe themselves

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.DESCRIPTION = f"{cls.ID} {cls.NAME}: {cls.SUMMARY}"
        node_methods(cls)  # a method the rule pass would not call fails here

    def __init__(
        self,
        context: RuleContext,
        target_version: str | FlaskVersion = NEWEST,
        project: ProjectIndex = EMPTY,
    ) -> None:
        super().__init__()
        self.context = context
        if isinstance(target_version, str):
            target_version = FlaskVersion.parse(target_version)
        self.target = target_version
        self.project = project
        self.nodes = NodeIndex((), {})
        self.changes: list[RuleEvent] = []
        self.findings: list[RuleEvent] = []

    def prepare(self, metadata: Mapping[ProviderT, Mapping[cst.CSTNode, object]], nodes: NodeIndex) -> None:
        """What the engine hands a rule before its pass over a module: the metadata
        the rule declared (as get_metadata reads it), resolved once for every rule,
        and the index of the module's nodes. The target and the project index came
        with the constructor."""
        self.metadata = metadata  # libcst's get_metadata reads this mapping
        self.nodes = nodes

    @property
    def module(self) -> cst.Module:
        """The module being read (as a libcst codemod's `module`)."""
        assert self.context.module is not None
        return self.context.module

    def warn(self, message: str) -> None:
        self.context.warnings.append(message)

    def add_needed_import(self, module: str, obj: str) -> None:
        """`from module import obj`, added after the pass unless already there."""
        self.context.additions.append(Addition(module, obj))

    def remove_unused_import(self, module: str, obj: str | None = None, asname: str | None = None) -> None:
        """That import, removed after the pass if nothing uses what it binds."""
        self.context.removals.append(Removal(module, obj, asname))

    def remove_unused_import_by_node(self, node: cst.CSTNode) -> None:
        """The imports binding the names `node` reads, removed after the pass if
        nothing else uses them (as libcst's RemoveImportsVisitor schedules them)."""
        scopes = self.metadata[ScopeProvider]
        for name in descendants(node):
            if not isinstance(name, (cst.Name, cst.Attribute)):
                continue
            dotted = get_full_name_for_node(name)
            scope = scopes.get(name)
            while dotted is not None and scope is not None:
                for assignment in scope.assignments[name] or ():  # type: ignore[attr-defined]
                    statement = assignment.node if isinstance(assignment, Assignment) else None
                    if isinstance(statement, (cst.Import, cst.ImportFrom)):
                        self._remove_binding(statement, dotted)
                scope = None if scope is scope.parent else scope.parent  # type: ignore[attr-defined]

    def _remove_binding(self, statement: cst.Import | cst.ImportFrom, dotted: str) -> None:
        names = statement.names
        if isinstance(names, cst.ImportStar):
            return
        module = absolute_module(statement) if isinstance(statement, cst.ImportFrom) else None
        if isinstance(statement, cst.ImportFrom) and module is None:
            return  # relative: as libcst, which needs the package, leaves it
        for alias in names:
            bound = alias.evaluated_alias or alias.evaluated_name
            if dotted != bound and not dotted.startswith(f"{bound}."):
                continue
            if module is None:
                self.remove_unused_import(alias.evaluated_name, None, alias.evaluated_alias)
            else:
                self.remove_unused_import(module, alias.evaluated_name, alias.evaluated_alias)

    @classmethod
    def triggers(cls) -> Triggers:
        """What makes the rule read a file, as data (codemods._catalogue holds it for
        runs that import no rule)."""
        return _triggers_of(cls)

    def record_change(self, node: cst.CSTNode, message: str, binding: str | None = None) -> None:
        self.changes.append(self._event(node, message)._replace(binding=binding))

    def report_finding(self, node: cst.CSTNode, kind: str, message: str) -> None:
        """Report work to do by hand, of one of the kinds the rule declares in
        FINDINGS (its stable code is "SM001/late-binding")."""
        if kind not in self.FINDINGS:
            raise KeyError(f"{self.ID} reports an undeclared finding kind {kind!r}")
        event = self._event(node, message)._replace(kind=kind)
        self.findings.append(event)
        self.warn(f"{event.line}:{event.column}: {self.ID}/{kind} {message}")

    def _event(self, node: cst.CSTNode, message: str) -> RuleEvent:
        position = self.get_metadata(PositionProvider, node)
        return RuleEvent(position.start.line, position.start.column + 1, message, end_line=position.end.line)


@cache
def _triggers_of(rule: type[Rule]) -> Triggers:
    return Triggers(
        id=rule.ID,
        name=rule.NAME,
        module=rule.__module__,
        class_name=rule.__name__,
        targets=rule.TARGETS,
        triggers=tuple(rule.TRIGGERS),
        trigger_patterns=tuple(rule.TRIGGER_PATTERNS.items()),
        required=tuple(rule.REQUIRED),
        one_of=tuple(rule.ONE_OF),
        self_evident=tuple(rule.SELF_EVIDENT),
        connected_roots=frozenset(rule.CONNECTED_ROOTS),
        vocabulary=tuple(rule.VOCABULARY),
        focusable=rule.FOCUSABLE,
        candidates=rule.CANDIDATES,
    )


@cache
def node_methods(rule_class: type) -> tuple[tuple[str, str, str], ...]:
    """("visit" or "leave", node type, method name) for each node method the rule
    defines: all the rule pass calls. The rule's node methods (libcst's base classes define one that does nothing
    for every node type and field). A method the rule pass would not call (a
    field-level method, a matcher-decorated one, its own on_visit or on_leave) is
    refused here, when the rule class is made, rather than ignored."""
    found = []
    for name in dir(rule_class):
        value = getattr(rule_class, name, None)
        if any(hasattr(value, attribute) for attribute in MATCHER_ATTRIBUTES):
            raise TypeError(f"{rule_class.__name__}.{name}: rules dispatch without libcst's matchers")
        if name in ("on_visit", "on_leave") and value is not getattr(Rule, name, value):
            raise TypeError(f"{rule_class.__name__}.{name}: the rule pass calls node methods only")
        kind, _, node_type = name.partition("_")
        if value is getattr(cst.CSTTransformer, name, None) or kind not in ("visit", "leave"):
            continue
        if node_type[:1].isupper():
            if "_" in node_type:
                raise TypeError(f"{rule_class.__name__}.{name}: the rule pass has no field-level methods")
            found.append((kind, node_type, name))
    return tuple(found)
