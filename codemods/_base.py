"""The thin base every rule derives from: identity, applicability and what it reports."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from functools import cache
from typing import ClassVar, NamedTuple

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider, ProviderT

from codemods._libcst import MATCHER_ATTRIBUTES, init_codemod
from codemods._nodes import NodeIndex
from codemods._project import EMPTY, ProjectIndex
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


class Rule(VisitorBasedCodemodCommand):
    """A libcst codemod with a stable id, trigger words and the targets it applies to.

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

    # The rules use no matcher decorators: plain transformer dispatch skips the
    # matcher checks libcst's codemod base makes on every node (most of a visit's cost).
    on_visit = cst.CSTTransformer.on_visit
    on_leave = cst.CSTTransformer.on_leave  # type: ignore[assignment]  # libcst's bases disagree on its type
    on_visit_attribute = cst.CSTTransformer.on_visit_attribute
    on_leave_attribute = cst.CSTTransformer.on_leave_attribute

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.DESCRIPTION = f"{cls.ID} {cls.NAME}: {cls.SUMMARY}"
        node_methods(cls)  # a method the rule pass would not call fails here

    def __init__(
        self,
        context: CodemodContext,
        target_version: str | FlaskVersion = NEWEST,
        project: ProjectIndex = EMPTY,
    ) -> None:
        init_codemod(self, context)
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

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """Run alone as a libcst codemod (python -m libcst.tool codemod): libcst
        resolved the metadata; the node index is made here."""
        self.nodes = NodeIndex.walk(tree)
        return super().transform_module_impl(tree)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--target-version",
            default=str(NEWEST),
            help="Flask version to migrate to (default: %(default)s)",
        )

    @classmethod
    def triggers(cls) -> Triggers:
        """What makes the rule read a file, as data (codemods._catalogue holds it for
        runs that import no rule)."""
        return _triggers_of(cls)

    @classmethod
    def might_apply(cls, source: bytes, connections: frozenset[str] = frozenset()) -> bool:
        return cls.triggers().might_apply(source, connections)

    @classmethod
    def could_apply(cls, source: bytes) -> bool:
        return cls.triggers().could_apply(source)

    @classmethod
    def triggered(cls, source: bytes) -> bool:
        return cls.triggers().triggered(source)

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
