"""What makes a rule read a file, as data that needs neither libcst nor the rule's
code: the byte-level prefilter a run applies to every file before it imports any rule
(codemods._catalogue holds one for each rule, made from the rules' attributes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from codemods._candidates import CandidateCalls
from codemods.versions import FlaskVersion


@dataclass(frozen=True)
class Triggers:
    """A rule's identity, targets and words (see codemods._base.Rule for each)."""

    id: str
    name: str
    module: str  # the module defining the rule's class
    class_name: str
    targets: frozenset[FlaskVersion]
    triggers: tuple[bytes, ...] = ()
    trigger_patterns: tuple[tuple[bytes, bytes], ...] = ()
    required: tuple[bytes, ...] = ()
    one_of: tuple[bytes, ...] = ()
    self_evident: tuple[bytes, ...] = ()
    connected_roots: frozenset[str] = frozenset()
    vocabulary: tuple[bytes, ...] = ()
    focusable: bool = True
    candidates: CandidateCalls | None = None

    @cached_property
    def _patterns(self) -> tuple[tuple[bytes, re.Pattern[bytes]], ...]:
        return tuple((word, re.compile(pattern)) for word, pattern in self.trigger_patterns)

    def might_apply(self, source: bytes, connections: frozenset[str] = frozenset()) -> bool:
        """False when the rule cannot touch `source`.

        `connections` are the Flask classes whose project objects or classes the
        module binds (from the project index): required words are not needed in such
        a module, nor trigger words where it binds one of the connected roots."""
        if self.one_of and not any(word in source for word in self.one_of):
            return False
        if any(word in source for word in self.self_evident):
            return True
        if not connections.isdisjoint(self.connected_roots):
            return True
        return self.triggered(source) and (bool(connections) or all(word in source for word in self.required))

    def could_apply(self, source: bytes) -> bool:
        """False when no connection of the module to the project's Flask objects could
        make the rule touch `source` (phase one skips such files for good)."""
        if self.one_of and not any(word in source for word in self.one_of):
            return False
        return any(word in source for word in self.self_evident) or self.triggered(source)

    def triggered(self, source: bytes) -> bool:
        """Whether a trigger word (or pattern) of the rule occurs in `source`."""
        return any(word in source for word in self.triggers) or any(
            word in source and pattern.search(source) for word, pattern in self._patterns
        )

    @property
    def words(self) -> tuple[bytes, ...]:
        """The words whose absence from a file rules the rule out there, whatever
        the project connects the file to (unless it is one of connected_roots)."""
        return (*self.triggers, *(word for word, _ in self.trigger_patterns), *self.self_evident)


def imported_from(modules: bytes, names: bytes) -> bytes:
    """A pattern for the names read from the modules (or their submodules): imported
    from them (`from flask import (Markup, ...)`, or a list that a backslash carries
    on), read off them (`flask.Markup`), or, where a module is imported under another
    name, anywhere. `flask_admin` is not `flask`, and an import list without
    parentheses ends with its line."""
    module = rb"(?:" + modules + rb")(?:\.[\w.]*)?"
    name = rb"(?:" + names + rb")\b"
    imported_names = rb"(?:\([^)]*|(?:[^\n;\\]|\\[\s\S])*)"
    return (
        rb"\bfrom\s+"
        + module
        + rb"\s+import\s*"
        + imported_names
        + rb"\b"
        + name
        + rb"|\b(?:"
        + modules
        + rb")\s*\.\s*"
        + name
        + rb"|\bimport\s+"
        + module
        + rb"\s+as\s"
    )
