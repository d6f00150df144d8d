"""codemods/_catalogue.py, made from each rule's trigger attributes
(`python -m scaffold_migrate.rule_docs` writes it with the README's rule sections):
the data a run reads to choose which files to parse before it imports any rule."""

from __future__ import annotations

from pathlib import Path

from codemods._base import Rule
from codemods._candidates import CandidateCalls
from codemods.registry import RULES
from codemods.versions import targets_from

CATALOGUE = Path(__file__).resolve().parent.parent / "codemods" / "_catalogue.py"
HEADER = '''"""Every rule's triggers, made from its attributes by `python -m scaffold_migrate.rule_docs`
(a test fails while this file is stale): what a run reads to choose the files to parse
before it imports any rule (codemods._triggers)."""

from codemods._candidates import CandidateCalls
from codemods._triggers import Triggers
from codemods.versions import FlaskVersion, targets_from

CATALOGUE = (
'''


def catalogue_source() -> str:
    return HEADER + "".join(_entry(rule) for rule in RULES) + ")\n"


def _entry(rule: type[Rule]) -> str:
    triggers = rule.triggers()
    first = min(triggers.targets)
    if triggers.targets != targets_from(first):
        raise ValueError(f"{rule.ID}: its targets are not every release from {first} on")
    fields = {
        "id": repr(triggers.id),
        "name": repr(triggers.name),
        "module": repr(triggers.module),
        "class_name": repr(triggers.class_name),
        "targets": f"targets_from(FlaskVersion({first.major}, {first.minor}))",
        "triggers": _tuple(triggers.triggers),
        "trigger_patterns": _tuple(triggers.trigger_patterns),
        "required": _tuple(triggers.required),
        "one_of": _tuple(triggers.one_of),
        "self_evident": _tuple(triggers.self_evident),
        "connected_roots": f"frozenset({_tuple(tuple(sorted(triggers.connected_roots)))})",
        "vocabulary": _tuple(triggers.vocabulary),
        "focusable": repr(triggers.focusable),
        "candidates": _candidates(triggers.candidates),
    }
    lines = "".join(f"        {name}={value},\n" for name, value in fields.items())
    return f"    Triggers(\n{lines}    ),\n"


def _candidates(candidates: CandidateCalls | None) -> str:
    if candidates is None:
        return "None"
    names = _tuple(tuple(sorted(candidates.names)))
    keywords = _tuple(tuple(sorted(candidates.keywords)))
    return (
        f"CandidateCalls(names=frozenset({names}), keywords=frozenset({keywords}), "
        f"double_star={candidates.double_star!r}, positional_over={candidates.positional_over!r})"
    )


def _tuple(values: tuple[object, ...]) -> str:
    return "(" + "".join(f"{value!r}, " for value in values).rstrip(" ") + ")"


def write_catalogue() -> None:
    CATALOGUE.write_text(catalogue_source(), encoding="utf-8")
