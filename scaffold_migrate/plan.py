"""The run plan: what to run on each file (the target, the rules, the project
index), picklable so that worker processes can rebuild it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

from codemods import CATALOGUE, Triggers
from codemods._project import EMPTY, ProjectIndex
from codemods.versions import FlaskVersion


@dataclass(frozen=True)
class RunPlan:
    """What to run on each file: picklable, so workers can rebuild the rules."""

    target: FlaskVersion
    rule_ids: tuple[str, ...]
    add_todos: bool = False
    project: ProjectIndex = EMPTY

    @classmethod
    def for_rules(
        cls,
        target: FlaskVersion,
        rules: Iterable[Triggers],
        add_todos: bool = False,
        project: ProjectIndex = EMPTY,
    ) -> RunPlan:
        return cls(target, tuple(rule.id for rule in rules), add_todos, project)

    @cached_property
    def rules(self) -> tuple[Triggers, ...]:
        """The catalogue entries of the plan's rules (their classes are imported only
        for a file one of them might touch)."""
        return tuple(entry for rule_id in self.rule_ids for entry in CATALOGUE if entry.id == rule_id)

    def rules_for(self, source: bytes, path: str) -> list[Triggers]:
        """The rules that might touch the file. What the project connects the module
        to is asked (which may read other modules) only where a rule's trigger word
        occurs without its required words."""
        connections = self.project.run_connections(path)
        rules = [rule for rule in self.rules if rule.might_apply(source, connections)]
        if any(rule not in rules and rule.required and rule.triggered(source) for rule in self.rules):
            connections = self.project.connections(path)
            rules = [rule for rule in self.rules if rule.might_apply(source, connections)]
        return rules

    def vocabulary(self, rules: Iterable[Triggers]) -> tuple[bytes, ...]:
        """Every word one of these rules (those running on a file) acts on: what
        scaffold_migrate.focus keeps."""
        return _vocabulary(tuple(rules))


@cache
def _vocabulary(rules: tuple[Triggers, ...]) -> tuple[bytes, ...]:
    return tuple(sorted({word for rule in rules for word in (*rule.triggers, *rule.required, *rule.vocabulary)}))
