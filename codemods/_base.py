"""The thin base every rule derives from: identity, applicability and what it reports."""

from __future__ import annotations

import argparse
from typing import ClassVar, NamedTuple

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider, ProviderT

from codemods._flask import ALL_TARGETS, NEWEST, FlaskVersion
from codemods._project import EMPTY, ProjectIndex


class RuleEvent(NamedTuple):
    """A change a rule made, or a finding it reports, at a position of its input."""

    line: int
    column: int
    message: str
    # For a change to an import: the name it binds. The change is void when that
    # import turns out unused and is removed after the rules ran.
    binding: str | None = None


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
    REQUIRED: ClassVar[tuple[bytes, ...]] = ()
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

    def __init__(
        self,
        context: CodemodContext,
        target_version: str | FlaskVersion = NEWEST,
        project: ProjectIndex = EMPTY,
    ) -> None:
        # libcst's codemod base would also gather matcher-decorated methods, which
        # the rules do not have: a noticeable cost for every file.
        Codemod.__init__(self, context)
        cst.CSTTransformer.__init__(self)
        if isinstance(target_version, str):
            target_version = FlaskVersion.parse(target_version)
        self.target = target_version
        self.project = project
        self.changes: list[RuleEvent] = []
        self.findings: list[RuleEvent] = []

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--target-version",
            default=str(NEWEST),
            help="Flask version to migrate to (default: %(default)s)",
        )

    @classmethod
    def might_apply(cls, source: bytes, connections: frozenset[str] = frozenset()) -> bool:
        """The byte-level prefilter: False when the rule cannot touch `source`.

        `connections` are the Flask classes whose project objects or classes the
        module binds (from the project index): REQUIRED words are not needed in such
        a module, nor trigger words where it binds one of CONNECTED_ROOTS."""
        if any(word in source for word in cls.SELF_EVIDENT):
            return True
        if not connections.isdisjoint(cls.CONNECTED_ROOTS):
            return True
        return any(word in source for word in cls.TRIGGERS) and (
            bool(connections) or all(word in source for word in cls.REQUIRED)
        )

    def record_change(self, node: cst.CSTNode, message: str, binding: str | None = None) -> None:
        self.changes.append(self._event(node, message)._replace(binding=binding))

    def report_finding(self, node: cst.CSTNode, message: str) -> None:
        event = self._event(node, message)
        self.findings.append(event)
        self.warn(f"{event.line}:{event.column}: {self.ID} {message}")

    def _event(self, node: cst.CSTNode, message: str) -> RuleEvent:
        start = self.get_metadata(PositionProvider, node).start
        return RuleEvent(start.line, start.column + 1, message)
