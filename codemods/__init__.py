"""The rules' catalogue (their triggers, as data: codemods._catalogue) and the lookup
of a rule's class by id or name, which imports that rule's module alone
(codemods.registry imports them all).

Each rule also runs alone as a libcst codemod command (codemods.libcst_route)::

    python -m libcst.tool codemod -x codemods.libcst_route.EndpointHelper --no-format --target-version 3.1 src/
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from codemods._catalogue import CATALOGUE
from codemods._triggers import Triggers
from codemods.versions import FlaskVersion

if TYPE_CHECKING:
    from codemods._base import Rule

__all__ = ["CATALOGUE", "Triggers", "get_rule", "rule_triggers", "select"]


def rule_triggers(key: str) -> Triggers:
    """The catalogue entry of the rule whose id ("SM003") or name ("endpoint-helper") is `key`."""
    wanted = key.strip().lower()
    for entry in CATALOGUE:
        if wanted in (entry.id.lower(), entry.name):
            return entry
    known = ", ".join(f"{entry.id} ({entry.name})" for entry in CATALOGUE)
    raise KeyError(f"unknown rule {key!r}; known rules: {known}")


def get_rule(key: str) -> type[Rule]:
    """The class of the rule whose id or name is `key` (importing its module)."""
    entry = rule_triggers(key)
    rule: type[Rule] = getattr(importlib.import_module(entry.module), entry.class_name)
    return rule


def select(
    target: FlaskVersion,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> tuple[Triggers, ...]:
    """The rules to run, in registry order: those selected (all by default), less the
    ignored ones, less those that do not apply to `target`."""
    selected = {rule_triggers(key) for key in select} or set(CATALOGUE)
    ignored = {rule_triggers(key) for key in ignore}
    return tuple(entry for entry in CATALOGUE if entry in selected and entry not in ignored and target in entry.targets)
